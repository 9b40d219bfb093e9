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
        expect(sized.locator("#fc-filters")).to_be_hidden()  # behind the button
        sized.locator("[data-fc-filter-toggle]").click()
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
    tab_to(page, "[data-fc-filter-toggle]")
    page.keyboard.press("Enter")  # opens the filters
    expect(page.locator("[data-fc-filter-toggle]")).to_have_attribute("aria-expanded", "true")
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
    page.locator("[data-fc-filter-toggle]").click()
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
    expect(page.locator("[data-fc-filter-toggle]")).to_be_hidden()  # no button that would do nothing
    context.close()


SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "fangcheng-browse.js"


def test_the_filter_script_filters_3000_cards_from_the_json_sixty_at_a_time(page: Page) -> None:
    """A list of more pages than one: the page holds 60 cards; the first change loads every card of the kind
    (data-fc-all) and shows the matches 60 at a time; clearing brings back the page's own cards and its links."""
    categories = ("restaurant", "tea", "crafts")

    def card(i: int) -> str:
        level = "national" if i % 2 else "municipal"
        return f'<li data-category="{categories[i % 3]}" data-level="{level}"><a href="shop-{i}/">Shop {i}</a></li>'

    options = "".join(
        f'<label><input type="checkbox" name="category" value="{c}"> {c} (<span data-fc-count>1000</span>)</label>'
        for c in categories
    )
    options += "".join(
        f'<label><input type="checkbox" name="level" value="{lv}"> {lv} (<span data-fc-count>1500</span>)</label>'
        for lv in ("national", "municipal")
    )
    html = (
        '<!doctype html><html class="fc-js"><body><button type="button" data-fc-filter-toggle aria-expanded="false">'
        "Filters<span data-fc-active hidden><span data-fc-active-number></span>"
        '<span data-fc-active-words data-fc-template=" ({count} chosen)"></span></span></button>'
        f'<form data-fc-filters hidden>{options}<button type="reset">clear</button></form>'
        '<p id="fc-count" role="status" aria-live="polite" data-fc-total="3000" data-fc-loading="Loading"'
        ' data-fc-template="{shown} of {count}">3000 entries</p>'
        f'<ul id="cards" data-fc-all="../../cards.json">{"".join(card(i) for i in range(120, 180))}</ul>'
        '<nav data-fc-pages><a href="../3/">3</a></nav>'
        '<p data-fc-more hidden><button type="button" data-fc-more-template="Show {count} more"></button></p>'
        "</body></html>"
    )
    every = {"count": 3000, "html": "".join(card(i) for i in range(3000))}
    page.route("http://fc.test/shops/page/3/", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.route("http://fc.test/shops/cards.json", lambda route: route.fulfill(json=every))
    page.goto("http://fc.test/shops/page/3/")
    page.add_script_tag(path=str(SCRIPT))
    assert page.locator("#cards > li").count() == 60
    page.click("[data-fc-filter-toggle]")
    page.check("input[value=tea]")
    expect(page.locator("#fc-count")).to_have_text("1000 of 3000")
    assert page.locator("#cards > li").count() == 60
    assert page.eval_on_selector_all("#cards > li", "cards => cards.every(c => c.dataset.category === 'tea')")
    # The JSON's links are relative to the first page; on this one they point where they did there.
    assert page.get_attribute("#cards > li:first-child a", "href") == "http://fc.test/shops/shop-1/"
    expect(page.locator("[data-fc-pages]")).to_be_hidden()
    more = page.locator("[data-fc-more] button")
    expect(more).to_have_text("Show 60 more")
    more.click()
    assert page.locator("#cards > li").count() == 120
    expect(page.locator("#cards > li:nth-child(61) a")).to_be_focused()  # the first card just shown
    page.check("input[value=national]")
    expect(page.locator("#fc-count")).to_have_text("500 of 3000")
    counts = page.eval_on_selector_all("[data-fc-count]", "spans => spans.map(s => s.textContent)")
    assert counts == ["500", "500", "500", "500", "500"]  # each option with the other filters as they are
    expect(page.locator("[data-fc-active-number]")).to_have_text("2")
    expect(page).to_have_url("http://fc.test/shops/page/3/?category=tea&level=national")
    page.click("button[type=reset]")
    expect(page.locator("#fc-count")).to_have_text("3000 entries")
    assert page.locator("#cards > li").count() == 60 and page.get_attribute("#cards > li a", "href") == "shop-120/"
    expect(page.locator("[data-fc-pages]")).to_be_visible()
    expect(page.locator("[data-fc-active]")).to_be_hidden()
