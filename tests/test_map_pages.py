"""The maps, filters and timeline on the built site, in Chromium: axe at 360 px and 1280 px on the home,
browse, timeline and street pages in both languages, no request to another origin, no sideways
scroll; the map's pins by keyboard; the filters by keyboard (address, counts, announced result);
the filter script on 3,000 cards."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, built_and_served, copy_project
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

# Points for the test only (the sample content gives locations only where a source does): shops
# along Zhongjie, west to east.
POINTS = {
    "laobian-dumplings": (41.79868, 123.4535),
    "majia-shaomai": (41.79871, 123.4552),
    "li-liangui": (41.79860, 123.4571),
    "baofayuan": (41.79877, 123.4590),
    "cuihua-gold": (41.79866, 123.4611),
    "tianyitang": (41.79880, 123.4666),
}
PAGES = {"home": "", "browse": "shops/", "timeline": "timeline/", "street": "streets/zhongjie/"}
WIDTHS = (360, 1280)


@pytest.fixture(scope="module")
def map_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with locations added to six shops, built and served on loopback."""
    project = copy_project(tmp_path_factory.mktemp("map-project"))
    for entry_id, (lat, lon) in POINTS.items():
        path = project / "content" / "shops" / f"{entry_id}.yml"
        text = path.read_text(encoding="utf-8")
        if not re.search(r"^location:", text, re.M):
            path.write_text(text.rstrip("\n") + f"\nlocation: {{lat: {lat}, lon: {lon}}}\n", encoding="utf-8")
    with built_and_served(project, env={"FANGCHENG_SEARCH": "off"}) as url:
        yield url


def address(base: str, lang: str, which: str) -> str:
    return base + ("" if lang == "zh" else f"{lang}/") + PAGES[which]


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def sized(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 800}, device_scale_factor=1)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("which", list(PAGES))
def test_pages_pass_axe_stay_on_their_origin_and_fit_the_screen(
    sized: Page, map_url: str, which: str, lang: str
) -> None:
    requests: list[str] = []
    sized.on("request", lambda request: requests.append(request.url))
    sized.goto(address(map_url, lang, which))
    sized.wait_for_load_state("networkidle")
    if which != "timeline":
        expect(sized.locator("figure.fc-map svg")).to_be_visible()
    if which == "browse":
        expect(sized.locator("#fc-filters")).to_be_visible()
    results = Axe().run(sized)
    assert results.violations_count == 0, results.generate_report()
    assert sized.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    origin = urlsplit(map_url).netloc
    assert [
        url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != origin
    ] == []


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(("lang", "name"), [("zh", "老边饺子馆"), ("en", "Laobian Dumplings")])
def test_the_street_maps_pins_are_reached_and_followed_by_keyboard(
    page: Page, map_url: str, lang: str, name: str
) -> None:
    page.goto(address(map_url, lang, "street"))
    tab_to(page, "figure.fc-map .fc-map__skip")  # the skip link comes first, and shows when focused
    expect(page.locator("figure.fc-map .fc-map__skip")).to_be_visible()
    tab_to(page, "svg a.fc-map__pin")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused  # every pin has an accessible name
    pins = page.locator("svg a.fc-map__pin")
    assert name in [pins.nth(i).get_attribute("aria-label") for i in range(pins.count())]
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/shops/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text(label)


def test_the_home_maps_pins_link_the_entries(page: Page, map_url: str) -> None:
    page.goto(address(map_url, "en", "home"))
    pins = page.locator("#fc-home-map a.fc-map__pin")
    assert pins.count() >= 2
    assert page.locator("#fc-home-map-list a").count() >= pins.count()  # the same entries as text
    tab_to(page, "#fc-home-map a.fc-map__pin, #fc-home-map a.fc-map__cluster")


def visible_cards(page: Page) -> int:
    return page.locator("#cards > li:visible").count()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filters_by_keyboard_update_the_address_the_counts_and_the_announcement(
    page: Page, map_url: str, lang: str
) -> None:
    page.goto(address(map_url, lang, "browse"))
    status = page.locator("#fc-count")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    total = visible_cards(page)
    assert total == 11
    tab_to(page, "#fc-filters input[name=category][value=restaurant]")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"shops/\?category=restaurant$"))
    expect(status).to_have_text("Showing 5 of 11 entries" if lang == "en" else "显示 5 条，共 11 条")
    assert visible_cards(page) == 5
    # The level counts now count restaurants only; the other categories' counts are unchanged (an "or").
    national = page.locator("#fc-filters input[value=national] ~ .fc-filters__count [data-fc-count]")
    tea = page.locator("#fc-filters input[value=tea] ~ .fc-filters__count [data-fc-count]")
    restaurants_national = page.locator('#cards > li[data-category="restaurant"][data-level~="national"]').count()
    expect(national).to_have_text(str(restaurants_national))
    expect(tea).to_have_text("1")
    tab_to(page, "#fc-filters input[name=level][value=national]")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"shops/\?category=restaurant&level=national$"))
    assert visible_cards(page) == restaurants_national
    shown = "Showing {} of 11 entries" if lang == "en" else "显示 {} 条，共 11 条"
    expect(status).to_have_text(shown.format(restaurants_national))
    # A shared address opens with the same choice; "clear" shows everything again.
    page.goto(page.url)
    expect(page.locator("#fc-filters input[value=restaurant]")).to_be_checked()
    expect(page.locator("#fc-filters input[value=national]")).to_be_checked()
    expect(status).to_have_text(shown.format(restaurants_national))
    tab_to(page, "#fc-filters button[type=reset]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"shops/$"))
    assert visible_cards(page) == 11
    expect(status).to_have_text("11 entries" if lang == "en" else "共 11 条")


def test_without_javascript_every_card_shows_and_the_form_stays_hidden(browser: Browser, map_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(address(map_url, "en", "browse") + "?category=tea")
    assert visible_cards(page) == 11
    expect(page.locator("#fc-filters")).to_be_hidden()
    context.close()


SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "fangcheng-browse.js"


def test_the_filter_script_on_3000_cards_touches_only_the_cards_that_change(page: Page) -> None:
    categories = ("restaurant", "tea", "crafts")
    cards = "".join(
        f'<li data-category="{categories[i % 3]}" data-level="{"national" if i % 2 else "municipal"}">{i}</li>'
        for i in range(3000)
    )
    options = "".join(
        f'<label><input type="checkbox" name="category" value="{c}"> {c} (<span data-fc-count>1000</span>)</label>'
        for c in categories
    )
    options += "".join(
        f'<label><input type="checkbox" name="level" value="{lv}"> {lv} (<span data-fc-count>1500</span>)</label>'
        for lv in ("national", "municipal")
    )
    page.set_content(
        f'<form data-fc-filters hidden>{options}<button type="reset">clear</button></form>'
        '<p id="fc-count" role="status" aria-live="polite" data-fc-template="{shown} of {count}">3000 entries</p>'
        f'<ul id="cards">{cards}</ul>'
    )
    page.add_script_tag(path=str(SCRIPT))
    page.evaluate("""() => { window.changes = 0; new MutationObserver(list => { window.changes += list.length; })
        .observe(document.getElementById('cards'),
                 {attributes: true, subtree: true, attributeFilter: ['hidden']}); }""")
    page.check("input[value=tea]")
    assert page.evaluate("new Promise(r => setTimeout(() => r(window.changes), 0))") == 2000
    assert page.inner_text("#fc-count") == "1000 of 3000"
    page.check("input[value=crafts]")
    assert (
        page.evaluate("new Promise(r => setTimeout(() => r(window.changes), 0))") == 3000
    )  # only the 1,000 crafts cards changed
    assert page.inner_text("#fc-count") == "2000 of 3000"
    page.check("input[value=national]")
    assert page.inner_text("#fc-count") == "1000 of 3000"
    counts = page.eval_on_selector_all("[data-fc-count]", "spans => spans.map(s => s.textContent)")
    assert counts == ["500", "500", "500", "1000", "1000"]  # each option with the other filters as they are
