"""The schematic map in Chromium: a standalone page with the site's stylesheets and the map, at 360 px
and 1280 px, in Chinese and English: axe, keyboard use, focus rings, legibility, no sideways scroll."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path

import material
import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import EN, ROOT, ZH
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page, expect

from fangcheng.svgmap import Landmark, MapStrings, Pin, Polyline, draw_map, map_list, text_width

pytestmark = pytest.mark.browser

STYLESHEETS = ROOT / "overrides" / "assets" / "stylesheets"
# Material's own stylesheet, as the site loads it before ours (its figure is fit-content and centred).
MATERIAL_CSS = sorted(Path(material.__file__).parent.glob("templates/assets/stylesheets/main.*.min.css"))[0]
# Shops on Zhongjie (positions here are made up for the test), west to east.
SHOPS = [
    ("laobian", "老边饺子馆", "Laobian Dumplings", 41.79868, 123.4535),
    ("majia", "马家烧麦", "Ma Family Shaomai", 41.79871, 123.4552),
    ("lilianggui", "李连贵熏肉大饼", "Li Liangui Smoked Meat Pancakes", 41.79860, 123.4571),
    ("baofayuan", "宝发园", "Baofayuan", 41.79877, 123.4590),
    ("cuihua", "萃华金店", "Cuihua Gold", 41.79866, 123.4611),
    ("hengdeli", "亨得利钟表", "Hengdeli Watches", 41.79872, 123.4629),
    ("tianyide", "天益德", "Tianyide", 41.79855, 123.4648),
    ("pharmacy", "天益堂药房", "Tianyitang Pharmacy", 41.79880, 123.4666),
    ("tea", "中街茶庄", "Zhongjie Tea House", 41.79869, 123.4684),
    ("hats", "中街帽店", "Zhongjie Hat Shop", 41.79866, 123.4687),  # next door: a crowded corner
]
LANDMARKS = [
    ("怀远门", "Huaiyuan Gate", 41.7990, 123.4525, None),
    ("中街牌楼", "Zhongjie Arch", 41.7983, 123.4600, "streets/zhongjie.html"),
]
STRINGS = {"zh": ZH, "en": EN}
WIDTHS = (360, 1280)


def pins(lang: str) -> list[Pin]:
    return [Pin(lat, lon, zh if lang == "zh" else en, f"shops/{key}.html") for key, zh, en, lat, lon in SHOPS]


def landmarks(lang: str) -> list[Landmark]:
    return [Landmark(lat, lon, zh if lang == "zh" else en, href) for zh, en, lat, lon, href in LANDMARKS]


def page_html(lang: str, the_pins: list[Pin], strings: MapStrings, the_landmarks: list[Landmark]) -> str:
    sheets = (MATERIAL_CSS, STYLESHEETS / "fangcheng.css", STYLESHEETS / "fangcheng-map.css")
    css = "".join(sheet.read_text(encoding="utf-8") for sheet in sheets)
    street = Polyline(((41.7987, 123.4520), (41.7987, 123.4600), (41.7986, 123.4700)))
    figure = draw_map(the_pins, strings=strings, lang=lang, lines=[street], landmarks=the_landmarks)
    listing = map_list(the_pins, strings=strings, lang=lang, landmarks=the_landmarks)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{strings.title}</title>"
        f"<style>body {{ margin: 0; }} main {{ padding: 0 16px; }} {css}</style></head>"
        f'<body><main><article class="md-typeset"><h1>{strings.title}</h1>{figure}{listing}</article>'
        "</main></body></html>"
    )


@pytest.fixture(scope="module")
def map_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """file:// addresses of the map page per language, and of a crowded one (3,000 pins); every link's
    target exists."""
    folder = tmp_path_factory.mktemp("svgmap")
    for key, *_ in SHOPS:
        (folder / "shops").mkdir(exist_ok=True)
        (folder / "shops" / f"{key}.html").write_text(f"<!doctype html><title>{key}</title>", encoding="utf-8")
    (folder / "streets").mkdir()
    (folder / "streets" / "zhongjie.html").write_text("<!doctype html><title>zhongjie</title>", encoding="utf-8")
    pages = {}
    for lang in STRINGS:
        path = folder / f"map.{lang}.html"
        path.write_text(page_html(lang, pins(lang), STRINGS[lang], landmarks(lang)), encoding="utf-8")
        pages[lang] = path.as_uri()
    rng = random.Random(4)
    crowd = [
        Pin(
            41.7987 + rng.uniform(-0.0015, 0.0015),
            rng.uniform(123.452, 123.470),
            f"老字号{i}",
            f"shops/laobian.html?{i}",
        )
        for i in range(3000)
    ]
    path = folder / "map.crowded.html"
    path.write_text(page_html("zh", crowd, ZH, landmarks("zh")), encoding="utf-8")
    pages["crowded"] = path.as_uri()
    return pages


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 800}, device_scale_factor=1)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("which", ["zh", "en", "crowded"])
def test_no_accessibility_violations_and_no_sideways_scroll(
    sized_page: Page, map_pages: dict[str, str], which: str
) -> None:
    requests: list[str] = []
    sized_page.on("request", lambda request: requests.append(request.url))
    sized_page.goto(map_pages[which])
    results = Axe().run(sized_page)
    assert results.violations_count == 0, results.generate_report()
    assert sized_page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert [url for url in requests if not url.startswith("file://")] == []


@pytest.mark.parametrize("which", ["zh", "en", "crowded"])
@pytest.mark.parametrize(("width", "smallest", "largest"), [(360, 11, 13), (1280, 13, 21)])
def test_labels_are_legible_on_a_phone_and_not_huge_on_a_desktop(
    browser: Browser, map_pages: dict[str, str], which: str, width: int, smallest: float, largest: float
) -> None:
    """At 360 px the drawing is scaled down, and its 13 px labels still show at 11 px or more; on a
    wide screen it grows only up to 560 px (Material's own rule for SVG in text would let it fill the column)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(map_pages[which])
    shown = page.evaluate("""() => {
        const svg = document.querySelector('.fc-map__svg');
        return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
            * parseFloat(svg.getAttribute('font-size'));
    }""")
    assert smallest <= shown <= largest, shown
    context.close()


@pytest.mark.parametrize("lang", STRINGS)
def test_labels_are_no_wider_in_the_real_font_than_the_layout_reserved(
    sized_page: Page, map_pages: dict[str, str], lang: str
) -> None:
    """The layout never lets estimated label boxes overlap (test_svgmap); here Chromium, with the
    site's font stack, draws every label within its estimated width."""
    sized_page.goto(map_pages[lang])
    drawn = sized_page.evaluate("""() => [...document.querySelectorAll('.fc-map__svg a > text, .fc-map__svg g > text')]
        .filter(t => !t.closest('[aria-hidden]') && t.getAttribute('font-weight') !== 'bold')
        .map(t => [t.textContent, t.getComputedTextLength()])""")
    assert len(drawn) >= 5
    for text, width in drawn:
        assert width <= text_width(text), (text, width, text_width(text))


def _ring_pixels(before: bytes, after: bytes, box: dict[str, float]) -> tuple[int, int]:
    """Pixels that changed clearly between two screenshots: (inside ``box`` give or take 8 px, outside).
    Faint differences (anti-aliasing of a repainted area) do not count."""
    difference = ImageChops.difference(
        Image.open(io.BytesIO(before)).convert("L"), Image.open(io.BytesIO(after)).convert("L")
    )
    data = difference.load()
    x0, y0, x1, y1 = box["x"] - 8, box["y"] - 8, box["x"] + box["width"] + 8, box["y"] + box["height"] + 8
    inside = outside = 0
    for y in range(difference.height):
        for x in range(difference.width):
            if data[x, y] > 64:
                if x0 <= x <= x1 and y0 <= y <= y1:
                    inside += 1
                else:
                    outside += 1
    return inside, outside


@pytest.mark.parametrize("lang", STRINGS)
def test_keyboard_reaches_every_pin_with_its_name_and_a_visible_focus_ring(
    sized_page: Page, map_pages: dict[str, str], lang: str
) -> None:
    page = sized_page
    page.goto(map_pages[lang])
    links = page.locator(".fc-map__svg a")
    names = [links.nth(i).get_attribute("aria-label") for i in range(links.count())]
    shop_names = {pin.label for pin in pins(lang)}
    assert len(names) >= 6 and set(names) & shop_names
    assert "Zhongjie Arch" in names or "中街牌楼" in names  # the linked landmark; the other is text
    unfocused = page.screenshot(full_page=True)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=STRINGS[lang].skip, exact=True)
    expect(skip).to_be_focused()
    assert skip.bounding_box()["width"] > 20  # it shows while focused

    for name in names:
        page.keyboard.press("Tab")
        link = page.get_by_role("link", name=name, exact=True).first
        expect(link).to_be_focused()
        assert page.evaluate("document.activeElement.namespaceURI") == "http://www.w3.org/2000/svg"
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement); "
            "return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        assert style[0] != "none" and style[1] >= 2, (name, style)
        box = link.bounding_box()
        inside, outside = _ring_pixels(unfocused, page.screenshot(full_page=True), box)
        # A ring of at least 2 px drawn round this link (a 20 px square's ring is 160 px), nothing elsewhere.
        assert inside >= 80 and outside <= inside // 20, (name, inside, outside, box)
    page.keyboard.press("Tab")  # past the map: the first link of the list
    assert page.evaluate("document.activeElement.closest('.fc-map__list') !== null")


def test_a_cluster_counts_its_entries_and_leads_to_the_list(browser: Browser, map_pages: dict[str, str]) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(map_pages["crowded"])
    clusters = page.locator(".fc-map__svg a.fc-map__cluster")
    assert 5 <= clusters.count() <= 120
    counts = page.evaluate("[...document.querySelectorAll('.fc-map__cluster text')].map(t => Number(t.textContent))")
    singles = page.locator(".fc-map__svg a.fc-map__pin").count()
    assert sum(counts) + singles == 3000
    clusters.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#fc-map-list'")
    context.close()


def test_enter_on_a_pin_opens_its_page(page: Page, map_pages: dict[str, str]) -> None:
    page.goto(map_pages["en"])
    page.get_by_role("link", name="Laobian Dumplings").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/shops/laobian.html")
