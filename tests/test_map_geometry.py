"""Every map of the built sites, read back from its SVG: the north arrow and the scale bar cover no pin, no
landmark, no street and no label; labels overlap neither each other nor marks; everything stays inside the
drawing. The sample site and the synthetic one of 1,500 shops (clustered pins, a street with a path, its
landmarks). In Chromium, with the real fonts: the same for the drawn boxes, and the note under the map covers
nothing of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LANGUAGES
from map_geometry import maps_in, read_map
from playwright.sync_api import Browser

from fangcheng.svgmap import intersects


def maps_of(site: Path) -> dict[str, list]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "fc-map__svg" in html:
            found[path.relative_to(site).as_posix()] = maps_in(html)
    return found


def check(site: Path) -> dict[str, list]:
    found = maps_of(site)
    problems = {f"{page} #{i}": read_map(svg).problems() for page, svgs in found.items() for i, svg in enumerate(svgs)}
    assert {where: found for where, found in problems.items() if found} == {}
    return found


def test_every_map_of_the_sample_site(sample_site: Path) -> None:
    found = check(sample_site)
    assert {"index.html", "en/index.html", "streets/zhongjie/index.html", "en/streets/zhongjie/index.html"} <= set(
        found
    )
    street = read_map(found["en/streets/zhongjie/index.html"][0])
    # Zhongjie has a point and no path: a labelled point; its landmarks carry their names.
    assert "street [Zhongjie Pedestrian Street]" in [what for what, _ in street.marks]
    assert {"Mukden Palace", "Zhongjie Metro Station"} <= {text for text, _ in street.labels}


def test_every_map_of_a_large_site(large_site: tuple[Path, str]) -> None:
    site, _ = large_site
    found = check(site)
    assert {"shops/index.html", "en/shops/index.html", "index.html", "streets/zhongjie/index.html"} <= set(found)
    for page in ("shops/index.html", "index.html"):
        drawn = read_map(found[page][0])
        marks = [what for what, _ in drawn.marks]
        assert sum(what.startswith("cluster") for what in marks) >= 20  # many pins, clustered
        labels = {text for text, _ in drawn.labels}
        assert {"沈阳故宫", "地铁中街站"} <= labels, labels  # the landmarks, named
        assert "中街" in labels  # the street's line, named
        assert sum(1 for svg in found[page] for _ in svg.iter("{http://www.w3.org/2000/svg}polyline")) == 2


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_in_the_browser_nothing_covers_a_mark_or_a_label(
    browser: Browser, base_url: str, large_site: tuple[Path, str], width: int
) -> None:
    """The drawn boxes (real glyphs) of the north arrow and the scale bar against every mark and label, and
    the note under the map against the drawing's content."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    addresses = [base_url + root + path for root in LANGUAGES.values() for path in ("", "streets/zhongjie/")]
    addresses += [large_site[1] + path for path in ("shops/", "en/", "streets/zhongjie/")]
    for address in addresses:
        page.goto(address)
        boxes = page.evaluate("""() => [...document.querySelectorAll('figure.fc-map')].map(figure => {
            const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
            const all = s => [...figure.querySelectorAll(s)];
            return {
                furniture: all('.fc-map__north, .fc-map__scale').map(box),
                marks: all('.fc-map__pin > circle, .fc-map__cluster > circle, .fc-map__landmark > path, '
                           + '.fc-map__street > circle').map(box),
                labels: all('.fc-map__pin > text, .fc-map__landmark > text, .fc-map__street > text, '
                            + '.fc-map__street-name > text').map(box),
                note: box(figure.querySelector('.fc-map__note')),
                drawing: box(figure.querySelector('svg')),
            };
        })""")
        assert boxes, address
        for figure in boxes:
            assert len(figure["furniture"]) == 2 and figure["marks"]
            for furniture in figure["furniture"]:
                for other in figure["marks"] + figure["labels"]:
                    assert not intersects(tuple(furniture), tuple(other)), (address, furniture, other)
            assert not intersects(tuple(figure["note"]), tuple(figure["drawing"])), address
    context.close()
