"""Browse pages on a phone, in Chromium: the first card in the first screen, nothing moving after the load,
the filters behind one button that counts the options chosen; and on the synthetic site of 1,500 shops,
at most 60 cards a page with plain numbered pages, filters over every shop of the kind from any page, and
the choice kept in the address."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LANGUAGES, LARGE_SHOPS
from playwright.sync_api import Browser, Page, expect

from fangcheng.render import CARDS_PER_PAGE

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
# Layout shifts after the load, summed (Chromium's layout-shift entries, as Lighthouse's CLS counts them).
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 1000);
})"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    yield context.new_page()
    context.close()


def first_card_box(page: Page) -> dict[str, float]:
    box = page.locator("#cards > li").first.bounding_box()
    assert box
    return box


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_first_card_is_in_the_first_screen_and_nothing_moves(phone: Page, base_url: str, lang: str) -> None:
    phone.goto(f"{base_url}{LANGUAGES[lang]}shops/")
    box = first_card_box(phone)
    assert box["y"] + box["height"] <= PHONE["height"], box  # the whole first card
    assert phone.evaluate(LAYOUT_SHIFT) < 0.01
    expect(phone.locator("[data-fc-filter-toggle]")).to_be_in_viewport()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_first_card_of_a_large_list_is_in_the_first_screen(
    phone: Page, large_site: tuple[Path, str], lang: str
) -> None:
    phone.goto(f"{large_site[1]}{LANGUAGES[lang]}shops/")
    box = first_card_box(phone)
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert phone.evaluate(LAYOUT_SHIFT) < 0.01


@pytest.mark.parametrize(("lang", "words"), [("zh", "（已选 2 项）"), ("en", " (2 chosen)")])
def test_one_button_opens_the_filters_and_counts_the_options_chosen(
    phone: Page, base_url: str, lang: str, words: str
) -> None:
    phone.goto(f"{base_url}{LANGUAGES[lang]}shops/")
    toggle = phone.locator("[data-fc-filter-toggle]")
    form = phone.locator("#fc-filters")
    expect(form).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(phone.locator("[data-fc-active]")).to_be_hidden()  # nothing chosen: no number
    toggle.click()
    expect(form).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    form.locator("input[value=restaurant]").check()
    form.locator("input[value=national]").check()
    expect(phone.locator("[data-fc-active-number]")).to_have_text("2")
    expect(toggle).to_have_accessible_name(re.compile(re.escape(words) + "$"))
    # "Show results" closes the filters and goes back to the button, whose number stays.
    form.locator("button[type=submit]").click()
    expect(form).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(phone.locator("[data-fc-active-number]")).to_have_text("2")
    first = phone.locator("#cards > li").first
    assert first.get_attribute("data-category") == "restaurant" and "national" in (
        first.get_attribute("data-level") or ""
    )
    box = first_card_box(phone)
    assert box["y"] < PHONE["height"]  # the results come first, under the bar
    toggle.click()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Escape")  # closes them too
    expect(form).to_be_hidden()
    expect(toggle).to_be_focused()


def test_a_large_list_has_plain_numbered_pages_of_at_most_60_cards(large_site: tuple[Path, str]) -> None:
    site, _ = large_site
    pages = -(-LARGE_SHOPS // CARDS_PER_PAGE)
    for root in LANGUAGES.values():
        folder = site / root / "shops"
        files = [folder / "index.html"] + [folder / "page" / str(n) / "index.html" for n in range(2, pages + 1)]
        assert not (folder / "page" / str(pages + 1)).exists()
        links: list[str] = []
        for number, path in enumerate(files, start=1):
            html = path.read_text(encoding="utf-8")
            cards = re.findall(r'<h2 class="fc-card__name"><a href="(?:\.\./\.\./)?([^"]+)"', html)
            assert len(cards) <= CARDS_PER_PAGE and html.count('<li class="fc-card') == len(cards)
            links += cards
            assert 'aria-current="page" aria-label="' in html
            if number < pages:
                assert 'rel="next"' in html
        assert len(links) == len(set(links)) == LARGE_SHOPS  # every shop once
        size = len(files[0].read_bytes())
        assert size < 150_000, size  # a small page (every card in it took 865 KB)
        data = json.loads((folder / "cards.json").read_text(encoding="utf-8"))
        assert data["count"] == LARGE_SHOPS


def test_without_javascript_the_numbered_pages_lead_through_the_list(
    browser: Browser, large_site: tuple[Path, str]
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(large_site[1] + "en/shops/")
    expect(page.locator("[data-fc-filter-toggle]")).to_be_hidden()
    assert page.locator("#cards > li").count() == CARDS_PER_PAGE
    page.get_by_role("link", name="Page 2", exact=True).click()
    page.wait_for_url("**/en/shops/page/2/")
    assert page.locator("#cards > li").count() == CARDS_PER_PAGE
    page.get_by_role("link", name="Next ›").click()
    page.wait_for_url("**/en/shops/page/3/")
    page.get_by_role("link", name="‹ Previous").click()
    page.wait_for_url("**/en/shops/page/2/")
    first = page.locator("#cards > li a").first
    name = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(name)
    context.close()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_filters_cover_every_shop_from_any_page_and_the_address_keeps_the_choice(
    phone: Page, large_site: tuple[Path, str], lang: str
) -> None:
    site, url = large_site
    data = json.loads((site / LANGUAGES[lang] / "shops" / "cards.json").read_text(encoding="utf-8"))
    teas = len(re.findall(r'<li class="fc-card[^"]*" data-category="tea"', data["html"]))
    assert CARDS_PER_PAGE < teas < LARGE_SHOPS
    phone.goto(f"{url}{LANGUAGES[lang]}shops/page/3/")
    phone.locator("[data-fc-filter-toggle]").click()
    option = phone.locator("#fc-filters input[value=tea]")
    count = phone.locator("#fc-filters input[value=tea] ~ .fc-filters__count [data-fc-count]")
    expect(count).to_have_text(str(teas))  # counted over every shop of the kind, not this page's
    option.check()
    status = phone.locator("#fc-count")
    shown = "Showing {} of {} entries" if lang == "en" else "显示 {} 条，共 {} 条"
    expect(status).to_have_text(shown.format(teas, LARGE_SHOPS))
    expect(phone).to_have_url(re.compile(r"shops/page/3/\?category=tea$"))
    cards = phone.locator("#cards > li")
    assert cards.count() == CARDS_PER_PAGE
    assert phone.eval_on_selector_all("#cards > li", "cards => cards.every(c => c.dataset.category === 'tea')")
    expect(phone.locator("[data-fc-pages]")).to_be_hidden()
    phone.locator("[data-fc-more] button").click()
    assert cards.count() == min(teas, 2 * CARDS_PER_PAGE)
    # A shared address opens with the same choice, here and on the first page.
    for address in (phone.url, f"{url}{LANGUAGES[lang]}shops/?category=tea"):
        phone.goto(address)
        expect(status).to_have_text(shown.format(teas, LARGE_SHOPS))
        expect(phone.locator("[data-fc-active-number]")).to_have_text("1")
        phone.locator("[data-fc-filter-toggle]").click()
        expect(option).to_be_checked()
    # A result leads to its shop (its link was made for the first page, and works from any page).
    first = cards.first.locator("a").first
    name = first.inner_text()
    first.click()
    expect(phone.locator("h1")).to_have_text(name)
