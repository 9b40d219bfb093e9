"""End-to-end: the built sample site in headless Chromium (Debian's /usr/bin/chromium).

These tests never skip: without Chromium they fail with the command that installs it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import LANGUAGES, PAGES
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_only_from_its_own_origin(page: Page, base_url: str, name: str, lang: str) -> None:
    origin = urlsplit(base_url).netloc
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(base_url + LANGUAGES[lang] + PAGES[name], wait_until="networkidle")
    assert response is not None and response.ok
    foreign = [url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != origin]
    assert foreign == []
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", [*PAGES, "404"])
def test_no_accessibility_violations(page: Page, base_url: str, name: str, lang: str) -> None:
    path = "404.html" if name == "404" else PAGES[name]
    page.goto(base_url + LANGUAGES[lang] + path, wait_until="networkidle")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_home_to_browse_to_entry(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/")
    page.get_by_role("article").get_by_role("link", name="Find a time-honoured shop").click()
    page.wait_for_url(base_url + "en/shops/")
    assert page.get_by_role("heading", level=1).inner_text() == "Time-honoured shops"
    card = page.locator(".fc-card", has=page.get_by_role("link", name="Laobian Dumplings"))
    assert "老边饺子馆" in card.inner_text() and "1829" in card.inner_text()
    card.get_by_role("link", name="Laobian Dumplings").click()
    page.wait_for_url(base_url + "en/shops/laobian-dumplings/")
    assert page.get_by_role("heading", level=1).inner_text() == "Laobian Dumplings"
    page.get_by_role("link", name="Zhongjie Pedestrian Street").click()
    page.wait_for_url(base_url + "en/streets/zhongjie/")
    assert page.get_by_role("link", name="Laobian Dumplings").is_visible()


def test_language_switch_round_trip(page: Page, base_url: str) -> None:
    page.goto(base_url + "shops/laobian-dumplings/")
    assert page.get_by_role("heading", level=1).inner_text() == "老边饺子馆"
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(base_url + "en/shops/laobian-dumplings/")
    assert page.get_by_role("heading", level=1).inner_text() == "Laobian Dumplings"
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(base_url + "shops/laobian-dumplings/")
    assert page.get_by_role("heading", level=1).inner_text() == "老边饺子馆"


@pytest.mark.parametrize("name", ["browse", "shop", "street"])
def test_fits_a_360_px_phone(browser: Browser, base_url: str, name: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base_url + "en/" + PAGES[name], wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_unknown_address_shows_the_404_page(page: Page, base_url: str) -> None:
    page.goto(base_url + "404.html")
    assert page.get_by_role("heading", level=1).inner_text() == "找不到这个页面"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header_shows_the_site_name_and_hides_the_search_label(browser: Browser, base_url: str, lang: str) -> None:
    label = {"zh": "搜索本站", "en": "Search this site"}[lang]
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 740})
        page = context.new_page()
        for name in ("home", "browse", "shop", "member"):
            page.goto(base_url + LANGUAGES[lang] + PAGES[name])
            shown, full = page.locator(".md-header__topic .md-ellipsis").first.evaluate(
                "e => [e.clientWidth, e.scrollWidth]"
            )
            # The site's name gets most of a phone's header (it was cut to "方城…", 70 px, beside the box),
            # and all of it shows on a wide screen.
            assert shown >= (min(full, 160) if width == 360 else full), (width, name, shown, full)
            # The search box's label is for screen readers only: no 10 px text in the header.
            box = page.locator(".md-header label", has_text=label).bounding_box()
            assert box is not None and box["width"] <= 1 and box["height"] <= 1, (width, name)
            assert page.get_by_role("button", name={"zh": "搜索", "en": "Search"}[lang]).is_visible()
        context.close()
