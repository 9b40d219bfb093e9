"""The site as a tourist meets it (issue 22): the identity (the CJK-aware type reaching body text, headings
that read at arm's length, the site's short name whole in a phone's header), a home page that says what
this is and what to do in its first screen, cards with their kind's emblem or their picture and credit,
nothing meant for staff in the way (no plaque link on entry pages, the plaques from a staff page; the
footer's publisher and licence from configuration; sample entries not published by a production build),
the Open data page on a phone, and English that reads as one text.

Headless Chromium (Debian's), the sample site served on loopback; `pictured_url` adds a sample shop with a
picture and opening hours, `production_url` builds without the sample entries, as a production build does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from conftest import LANGUAGES, ROOT, built_and_served, copy_project, schema_line
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page

from fangcheng.opendata import Licence
from fangcheng.plugin_config import footer_of, plugin_options

pytestmark = pytest.mark.browser

KEY = "fangcheng.large-text"
SHORT_NAMES = {"zh": "方城", "en": "Fangcheng"}
KINDS = ("shops", "streets", "parks", "members")


def _context(browser: Browser, width: int, height: int = 800, large: bool = False) -> BrowserContext:
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    if large:
        context.add_init_script(f"localStorage.setItem('{KEY}', 'on')")
    return context


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = _context(browser, 360, 780)
    yield context.new_page()
    context.close()


def _luminance(rgb: str) -> float:
    channels = [int(value) / 255 for value in re.findall(r"\d+(?:\.\d+)?", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _platform_fonts(page: Page, selector: str) -> list[str]:
    """The fonts Chromium really drew the text of ``selector``'s first element with (DevTools' CSS domain)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [font["familyName"] for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


# --- 1. identity --------------------------------------------------------------------------------


CJK_FACES = ["PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_body_text_is_set_in_the_cjk_aware_font_stack(page: Page, base_url: str, lang: str) -> None:
    """Material sets --md-text-font-family on <body>: the stack must reach body text, not stop at :root."""
    page.goto(base_url + LANGUAGES[lang] + "shops/laobian-dumplings/", wait_until="networkidle")
    family = page.locator(".fc-entry__summary").evaluate("e => getComputedStyle(e).fontFamily")
    faces = [face.strip().strip('"') for face in family.split(",")]
    assert faces[faces.index("PingFang SC") : faces.index("PingFang SC") + 5] == CJK_FACES, family
    if lang == "zh":
        assert faces[0] == "PingFang SC", family  # Chinese pages: the CJK faces first
    else:
        assert faces[0] == "system-ui" and faces.index("PingFang SC") < faces.index("sans-serif"), family
    # What Chromium drew: the Chinese name with this machine's CJK face (fonts-noto-cjk) in both languages,
    # never a fallback the browser picked after Helvetica and Arial.
    chinese = ".fc-entry__name" if lang == "zh" else '.fc-entry__other-name[lang="zh"]'
    assert _platform_fonts(page, chinese) == ["Noto Sans CJK SC"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headings_read_at_arms_length(page: Page, base_url: str, lang: str) -> None:
    """h1 was weight 300 in 54 % black (4.8:1): now bold, near black, 7:1 or more on white."""
    for path in ("", "shops/", "shops/laobian-dumplings/", "timeline/"):
        page.goto(base_url + LANGUAGES[lang] + path)
        for level in ("h1", "h2"):
            heading = page.locator(f".md-content {level}").first
            weight, colour = heading.evaluate("e => [getComputedStyle(e).fontWeight, getComputedStyle(e).color]")
            assert int(weight) >= 600, (path, level, weight)
            assert (1.05) / (_luminance(colour) + 0.05) >= 7, (path, level, colour)
        body = page.locator(".md-typeset p").first.evaluate("e => getComputedStyle(e).color")
        assert 1.05 / (_luminance(body) + 0.05) >= 7, (path, body)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_phone_header_shows_the_short_name_whole(browser: Browser, base_url: str, lang: str, large: bool) -> None:
    """It was cut to "方城 · 沈阳中街与…" ("Fangche…" in large-text mode)."""
    for width in (360, 1280):
        context = _context(browser, width, large=large)
        page = context.new_page()
        for path in ("", "shops/laobian-dumplings/", "data/"):
            page.goto(base_url + LANGUAGES[lang] + path, wait_until="networkidle")
            name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
            shown, needed = name.evaluate("e => [e.clientWidth, e.scrollWidth]")
            assert shown >= needed, (width, path, shown, needed)  # no ellipsis
            text = name.inner_text().strip()
            assert text == SHORT_NAMES[lang], (path, text)
        context.close()


# --- 2. the home page ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_pages_first_screen_says_what_this_is_and_what_to_do(phone: Page, base_url: str, lang: str) -> None:
    phone.goto(base_url + LANGUAGES[lang], wait_until="networkidle")
    screen = 780

    def inside(locator) -> bool:  # type: ignore[no-untyped-def]
        box = locator.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= screen

    assert inside(phone.locator(".md-content h1")) and inside(phone.locator(".md-content .fc-lead"))
    assert (
        phone.locator(".md-content h1").inner_text()
        == {"zh": "沈阳中街与老字号", "en": "Zhongjie and Shenyang's time-honoured shops"}[lang]
    )
    actions = phone.locator(".fc-actions a.fc-action")
    assert 3 <= actions.count() <= 4
    for index in range(actions.count()):
        action = actions.nth(index)
        box = action.bounding_box()
        assert box is not None and inside(action), (index, box)
        assert box["height"] >= 56 and box["width"] >= 150, (index, box)  # large targets for a thumb
        assert action.locator("svg.fc-emblem").count() == 1
    labels = [actions.nth(i).locator(".fc-action__label").inner_text() for i in range(actions.count())]
    assert (
        labels[:2]
        == {"zh": ["找老字号", "逛中街"], "en": ["Find a time-honoured shop", "Walk Zhongjie Pedestrian Street"]}[lang]
    )
    assert labels[-1] == {"zh": "地图", "en": "Map"}[lang]  # the sample content has no opening hours: no "open now"
    for index in range(actions.count()):  # every target leads somewhere
        href = actions.nth(index).get_attribute("href") or ""
        if href.startswith("#"):
            assert phone.locator(href).count() == 1, href
        else:
            response = phone.request.get(urljoin(phone.url, href))
            assert response.ok, href
    # Then the featured entries as cards, the map, and getting there (the street's metro).
    assert phone.locator(".fc-featured .fc-card").count() == 6
    assert phone.locator("#map svg").count() >= 1
    assert {"zh": "地铁 1 号线中街站", "en": "Metro Line 1, Zhongjie station"}[lang] in phone.locator(
        ".fc-getting-there"
    ).inner_text()


# --- 3. cards ------------------------------------------------------------------------------------


def test_cards_without_pictures_carry_their_kinds_emblem_the_same_in_every_language(page: Page, base_url: str) -> None:
    drawings: dict[str, set[str]] = {}
    for kind in KINDS:
        for lang in LANGUAGES:
            page.goto(base_url + LANGUAGES[lang] + kind + "/")
            cards = page.locator(".fc-cards > li.fc-card")
            assert cards.count() >= 1
            assert page.locator(".fc-card__placeholder").count() == 0  # no first character as an avatar
            for index in range(cards.count()):
                card = cards.nth(index)
                emblem = card.locator(".fc-card__emblem")
                assert emblem.inner_text().strip() == ""  # a drawing, not a letter
                assert emblem.locator("use").get_attribute("href") == f"#fc-emblem-{kind}"
                assert emblem.locator("svg").get_attribute("aria-hidden") == "true"
                box = emblem.locator("svg").bounding_box()
                assert box is not None and box["width"] >= 40, (kind, lang, box)
            symbol = page.locator(f"symbol#fc-emblem-{kind}")
            assert symbol.locator("path, rect, circle").count() >= 2
            drawings.setdefault(kind, set()).add(symbol.inner_html())
    assert all(len(markup) == 1 for markup in drawings.values()), "each kind's emblem is the same in every language"
    assert len({next(iter(markup)) for markup in drawings.values()}) == len(KINDS), "one drawing per kind"


PICTURED_SHOP = (
    schema_line("shops")
    + """
name: {zh: 示例老店, en: Sample Old Shop}
summary: {zh: 示例条目：照片和营业时间均为虚构。, en: "Sample entry: its picture and hours are made up."}
sample: true
founded: 1900
street: zhongjie
images:
  - file: media/sample-old-shop.jpg
    alt: {zh: 示例老店的门面, en: The front of the sample old shop}
    credit: {zh: 示例摄影, en: Sample photographer}
hours:
  - days: [mon, tue, wed, thu, fri, sat, sun]
    opens: "09:00"
    closes: "21:00"
"""
)


@pytest.fixture(scope="module")
def pictured_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site plus a sample shop with a picture (credited) and opening hours."""
    project = copy_project(tmp_path_factory.mktemp("pictured-project"))
    (project / "content" / "media").mkdir(exist_ok=True)
    Image.new("RGB", (1200, 800), (140, 28, 19)).save(project / "content" / "media" / "sample-old-shop.jpg")
    (project / "content" / "shops" / "sample-old-shop.yml").write_text(PICTURED_SHOP, encoding="utf-8")
    with built_and_served(project) as url:
        yield url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_card_with_a_picture_shows_it_with_its_credit(page: Page, pictured_url: str, lang: str) -> None:
    credit = {"zh": "示例摄影", "en": "Sample photographer"}[lang]
    name = {"zh": "示例老店", "en": "Sample Old Shop"}[lang]
    for path in ("shops/", ""):  # the browse page, and the home page's featured cards (a picture comes first)
        page.goto(pictured_url + LANGUAGES[lang] + path, wait_until="networkidle")
        card = page.locator(".fc-cards li.fc-card", has=page.get_by_role("link", name=name, exact=True)).first
        assert (
            card.locator("img").get_attribute("alt")
            == {"zh": "示例老店的门面", "en": "The front of the sample old shop"}[lang]
        )
        assert card.locator(".fc-card__emblem").count() == 0
        assert credit in card.locator(".fc-card__credit").inner_text()
    assert page.locator(".fc-featured li.fc-card").first.locator("img").count() == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_now_is_a_large_target_where_shops_give_their_hours(page: Page, pictured_url: str, lang: str) -> None:
    # The build's timetable covers six weeks from the build date (SOURCE_DATE_EPOCH, 15 November 2023): with
    # the clock inside them the badge says open or closed (outside them it stays hidden).
    page.clock.set_fixed_time("2023-11-15T04:00:00Z")  # 12:00 in Shanghai
    page.goto(pictured_url + LANGUAGES[lang], wait_until="networkidle")
    action = page.locator("a.fc-action", has_text={"zh": "现在营业", "en": "Open now"}[lang])
    assert action.get_attribute("href") == "#open-now"
    section = page.locator("#open-now")
    assert section.get_by_role("link", name={"zh": "示例老店", "en": "Sample Old Shop"}[lang]).count() == 1
    badge = section.locator(".fc-hours-badge")
    assert (
        badge.is_visible()
        and badge.inner_text() == {"zh": "正在营业 · 21:00 关门", "en": "Open now · closes 21:00"}[lang]
    )


# --- 6. nothing meant for staff in the visitor's way --------------------------------------------


def test_entry_pages_have_no_plaque_link(sample_site: Path) -> None:
    for kind in KINDS:
        for page in sample_site.glob(f"**/{kind}/*/index.html"):
            if "plaques" in page.relative_to(sample_site).parts:
                continue
            html = page.read_text(encoding="utf-8")
            assert "plaques/" not in html and "fc-plaque-link" not in html, page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_reach_every_plaque_from_the_open_data_page(page: Page, base_url: str, lang: str) -> None:
    page.goto(base_url + LANGUAGES[lang] + "data/")
    page.locator("#staff + p a").click()
    page.wait_for_url(base_url + LANGUAGES[lang] + "plaques/")
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == {"zh": "门牌二维码（工作人员用）", "en": "Plaques with QR codes (for staff)"}[lang]
    )
    links = page.locator("main a")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    for kind in KINDS:
        assert f"{kind}/" in hrefs  # each kind's "print all" page
    assert "shops/laobian-dumplings/" in hrefs
    for href in hrefs:
        response = page.request.get(urljoin(page.url, href))
        assert response.ok, href
    body = page.locator("body").inner_text()
    assert "None" not in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_staff_list_of_plaques_has_targets_a_finger_can_hit(phone: Page, base_url: str, lang: str) -> None:
    """WCAG 2.2's target size (24 px), which Lighthouse checks: the list's links were 22.4 px apart, centre to
    centre."""
    phone.goto(base_url + LANGUAGES[lang] + "plaques/")
    boxes = [
        box
        for box in phone.locator("main li a").evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())")
    ]
    assert len(boxes) > 10
    for above, below in zip(boxes, boxes[1:], strict=False):
        if below["top"] > above["top"]:  # the next item of the same list
            assert below["top"] + below["height"] / 2 - (above["top"] + above["height"] / 2) >= 24, (above, below)
        assert above["height"] >= 24, above


def test_plaque_pages_show_no_none_and_no_chinese_quotes_in_english(sample_site: Path) -> None:
    """The plaque page asked for margins “None” (Chrome's name for no margins): the page sets its own."""
    for path in ("plaques/shops/laobian-dumplings/index.html", "plaques/shops/index.html", "plaques/index.html"):
        for prefix in ("", "en/"):
            html = (sample_site / prefix / path).read_text(encoding="utf-8")
            text = re.sub(r"<[^>]+>", " ", html)
            assert not re.search(r"\bNone\b", text), (prefix, path)
            if prefix:
                assert "“" not in text and "”" not in text, path


FOOTER_PAGES = ("", "shops/", "shops/laobian-dumplings/", "timeline/", "data/", "404.html")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_footer_names_the_publisher_and_the_licence_from_configuration(
    page: Page, base_url: str, lang: str
) -> None:
    options = _fangcheng_options()
    publisher = options["publisher"]["name"][lang]
    licence = options["licence"]
    for path in FOOTER_PAGES:
        page.goto(base_url + LANGUAGES[lang] + path)
        footer = page.locator("footer.md-footer")
        text = footer.inner_text()
        assert publisher in footer.locator(".fc-footer__publisher").inner_text(), path
        link = footer.locator('a[rel="license"]')
        assert link.get_attribute("href") == licence["path"] and link.inner_text() == licence["title"][lang]
        assert "Made with" not in text and "Material for MkDocs" not in text, path
        open_data = footer.get_by_role("link", name={"zh": "开放数据", "en": "Open data"}[lang])
        assert urljoin(page.url, open_data.get_attribute("href") or "") == base_url + LANGUAGES[lang] + "data/"


def _fangcheng_options() -> dict:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_LenientLoader)
    return next(item["fangcheng"] for item in config["plugins"] if isinstance(item, dict) and "fangcheng" in item)


class _LenientLoader(yaml.SafeLoader):
    """mkdocs.yml's !ENV tags read as their default."""


_LenientLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def test_the_footers_facts_come_from_the_plugins_options() -> None:
    config = ROOT / "mkdocs.yml"
    licence = Licence("CC-BY-4.0", (("zh", "知识共享"), ("en", "Creative Commons")), "https://example.org/l")
    options = plugin_options(
        {"publisher": {"name": {"zh": "某局", "en": "A Bureau"}, "url": "https://example.org/"}}, config
    )
    footer = footer_of(options, licence, "en", "zh")
    assert (footer.publisher, footer.publisher_url, footer.licence, footer.licence_url) == (
        "A Bureau",
        "https://example.org/",
        "Creative Commons",
        "https://example.org/l",
    )
    assert footer_of(options, licence, "ja", "zh").publisher == "某局"  # no Japanese name: the default language's
    bare = footer_of(plugin_options({}, config), None, "en", "zh")
    assert (bare.publisher, bare.licence) == (None, None)  # nothing set: no line, never an invented publisher
    assert footer_of(plugin_options({"publisher": {"name": "Bureau"}}, config), None, "zh", "zh").publisher == "Bureau"


@pytest.fixture(scope="module")
def production_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample site built as production builds it: without the sample entries."""
    project = copy_project(tmp_path_factory.mktemp("production-project"))
    with built_and_served(project, env={"FANGCHENG_SAMPLES": "0"}) as url:
        yield url, project / "site"


def test_a_production_build_does_not_publish_sample_entries(production_url: tuple[str, Path]) -> None:
    _, site = production_url
    samples = [path.stem for path in (ROOT / "content" / "members").glob("sample-*.yml")]
    assert samples
    for sample in samples:
        for prefix in ("", "en/"):
            assert not (site / prefix / "members" / sample).exists()
            assert not (site / prefix / "plaques" / "members" / sample).exists()
        for name in ("sitemap.xml", "data/catalogue.json", "data/members.csv", "plaques/index.html"):
            assert sample not in (site / name).read_text(encoding="utf-8-sig"), name
    assert "示例" not in (site / "members/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_that_listed_the_samples_read_well_without_them(
    page: Page, production_url: tuple[str, Path], lang: str
) -> None:
    url, _ = production_url
    page.goto(url + LANGUAGES[lang] + "members/")
    assert page.locator(".fc-cards > li").count() == 1  # the alliance itself
    intro = page.locator(".fc-browse__intro").inner_text()
    assert not re.search(r"sample|示例", intro, re.IGNORECASE), intro
    for path in ("members/fangcheng-digital-alliance/", "parks/zhongyangli/", "parks/jiuhaoyuan/"):
        page.goto(url + LANGUAGES[lang] + path)
        article = page.locator("article").inner_text()
        assert not re.search(r"sample|示例", article, re.IGNORECASE), (path, article)
        for heading in page.locator("article h2").all():  # no heading left with nothing under it
            assert heading.evaluate("h => !!h.nextElementSibling"), (path, heading.inner_text())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_timeline_opens_without_the_editors_rule(page: Page, base_url: str, lang: str) -> None:
    page.goto(base_url + LANGUAGES[lang] + "timeline/")
    rule = {"zh": "归入该时期", "en": "belongs to that period"}[lang]
    assert rule not in page.locator("article").inner_text()
    guide = " ".join((ROOT / "content" / "README.md").read_text(encoding="utf-8").split())
    assert rule in guide  # the rule lives in the guide


# --- 7. the Open data page on a phone --------------------------------------------------------------

# Every Latin word (file names included) on the page, and whether it sits on one line: a word broken
# inside itself ("cata/logu/e.js/on", "Si/ze") has its rectangles on two lines or more. A hyphen is where
# a line may break ("time-/honoured"), as in print.
BROKEN_WORDS = """(root) => {
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[A-Za-z0-9][A-Za-z0-9._]*[A-Za-z0-9]/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

# Every element of the list of files (each item, name, description, size …) that is wider than its box
# or sticks out past the screen's right edge.
OVERFLOWING = """(root) => {
  const over = [];
  for (const element of [root, ...root.querySelectorAll('*')]) {
    const box = element.getBoundingClientRect();
    if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible')
      over.push([element.className || element.tagName, element.clientWidth, element.scrollWidth]);
    if (box.right > document.documentElement.clientWidth + 0.5)
      over.push([element.className || element.tagName, box.right]);
  }
  return over;
}"""


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_open_data_page_fits_a_phone(browser: Browser, base_url: str, lang: str, large: bool) -> None:
    context = _context(browser, 360, 780, large=large)
    page = context.new_page()
    page.goto(base_url + LANGUAGES[lang] + "data/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    files = page.locator(".fc-data")
    assert page.locator(".fc-data__file").count() == 7  # catalogue.json, four CSV files, GeoJSON, data package
    assert files.evaluate(OVERFLOWING) == []
    assert page.locator("article").evaluate(BROKEN_WORDS) == []
    for item in page.locator(".fc-data__file").all():
        name = item.locator("code")
        assert len({round(r["top"]) for r in name.evaluate("e => [...e.getClientRects()].map(r => r.toJSON())")}) == 1
    context.close()


# --- 8. claims on the home page match the site -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_pages_claims_match_what_the_site_shows(page: Page, base_url: str, lang: str) -> None:
    """It promised "from the Qing dynasty to today" while the timeline showed one period."""
    page.goto(base_url + LANGUAGES[lang] + "timeline/")
    periods_shown = " ".join(h.inner_text() for h in page.locator("section.fc-period h2").all())
    strings = yaml.safe_load((ROOT / "overrides" / "locales" / f"{lang}.yml").read_text(encoding="utf-8"))
    page.goto(base_url + LANGUAGES[lang] + "shops/")
    shops = page.locator(".fc-cards > li.fc-card").count()
    page.goto(base_url + LANGUAGES[lang])
    # What the home page says of the timeline: the periods it names are on it, and "to today" only if the
    # timeline reaches the People's Republic.
    claims = " ".join(
        link.evaluate("a => (a.closest('p, li') || a).innerText")
        for link in page.locator('article a[href*="timeline/"]').all()
    )
    assert claims
    for name in strings["period"].values():
        if name in claims:
            assert name in periods_shown, name
    if re.search(r"\btoday\b|今天|至今", claims):
        assert strings["period"]["prc"] in periods_shown, claims
    note = page.locator(".fc-action--shops .fc-action__note").inner_text()
    assert int(re.sub(r"\D", "", note)) == shops
    for link in page.locator("article a[href]").all():  # every link on it leads to a page
        href = link.get_attribute("href") or ""
        if not href.startswith("#"):
            assert page.request.get(urljoin(page.url, href)).ok, href
