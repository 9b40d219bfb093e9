"""Large-text mode (长辈模式) in Chromium: the header switch by keyboard, remembered in localStorage (no
cookie) and applied before the first paint; 1.3 times the text, 44 px touch targets, no sideways scroll
at 360 px or at 200 % zoom, axe-clean in both modes; stronger contrast under prefers-contrast: more."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import LANGUAGES, SAMPLE_PAGES
from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

KEY = "fangcheng.large-text"
PAGES = {**SAMPLE_PAGES, "timeline": "timeline/", "404": "404.html"}
LABELS = {"zh": "长辈模式", "en": "Large text"}

# Every visible link, button and form control in the header, the tabs, the content and the footer that
# is smaller than 44 x 44 CSS pixels (a checkbox counts by its label, which toggles it). Links inside the
# schematic SVG maps are left out: each map has the same links as a list beside it (WCAG 2.5.8's
# "equivalent" exception).
SMALL_TARGETS = """() => {
  const small = [];
  const selector = '.md-header a, .md-header button, .md-header label.md-icon, .md-tabs a, .md-content a, '
    + '.md-content button, .md-content input, .md-footer a';
  for (const element of document.querySelectorAll(selector)) {
    if (element.closest('svg') || element.closest('.fc-visually-hidden')) continue;
    if (getComputedStyle(element).visibility === 'hidden') continue;
    const target = element.matches('input[type=checkbox], input[type=radio]')
      ? (element.closest('label') || element)
      : element;
    const box = target.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.width < 44 || box.height < 44) {
      small.push([element.tagName, element.className, element.textContent.trim().slice(0, 30), box.width, box.height]);
    }
  }
  return small;
}"""


def _context(browser: Browser, width: int, large: bool, **options: object) -> BrowserContext:
    context = browser.new_context(viewport={"width": width, "height": 800}, **options)
    if large:
        context.add_init_script(f"localStorage.setItem('{KEY}', 'on')")
    return context


def _root_px(page: Page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def test_keyboard_toggles_the_mode_and_the_device_remembers_it(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url + "en/shops/laobian-dumplings/", wait_until="networkidle")
    normal = _root_px(page)
    switch = page.get_by_role("button", name="Large text")
    assert switch.get_attribute("aria-pressed") == "false"
    for _ in range(30):  # Tab from the top of the page until the switch has the focus
        page.keyboard.press("Tab")
        if switch.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("the large-text switch cannot be reached with Tab")
    assert switch.evaluate("e => e.matches(':focus-visible') && getComputedStyle(e).outlineStyle !== 'none'")
    page.keyboard.press("Enter")
    assert switch.get_attribute("aria-pressed") == "true"
    assert _root_px(page) >= 1.3 * normal
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == "on"
    page.reload(wait_until="networkidle")
    switch = page.get_by_role("button", name="Large text")
    assert switch.get_attribute("aria-pressed") == "true" and _root_px(page) >= 1.3 * normal
    switch.focus()
    page.keyboard.press("Space")
    assert switch.get_attribute("aria-pressed") == "false" and _root_px(page) == normal
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    page.goto(base_url + "shops/", wait_until="networkidle")  # a Chinese page: the same switch, its own label
    assert page.get_by_role("button", name="长辈模式").get_attribute("aria-pressed") == "false"
    assert context.cookies() == []
    context.close()


def test_the_mode_is_on_before_the_first_paint(browser: Browser, base_url: str) -> None:
    context = _context(browser, 360, large=True)
    # When <body> is first inserted (before anything can paint), <html> must already carry the class.
    context.add_init_script("""new MutationObserver((records, observer) => {
      if (document.body) { window.__fcAtBody = document.documentElement.className; observer.disconnect(); }
    }).observe(document, {childList: true, subtree: true});""")
    page = context.new_page()
    page.goto(base_url + "streets/zhongjie/", wait_until="networkidle")
    assert "fc-large" in page.evaluate("window.__fcAtBody")
    assert page.get_by_role("button", name="长辈模式").get_attribute("aria-pressed") == "true"
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_large_text_targets_and_width(browser: Browser, base_url: str, lang: str, width: int) -> None:
    context = _context(browser, width, large=True)
    page = context.new_page()
    for name, path in PAGES.items():
        page.goto(base_url + LANGUAGES[lang] + path, wait_until="networkidle")
        assert "fc-large" in page.evaluate("document.documentElement.className"), name
        assert _root_px(page) >= 1.3 * 20 - 0.01, name  # Material's 125 % of 16 px, times 1.3
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        assert page.evaluate(SMALL_TARGETS) == [], name
        # The header still shows the controls and the site's short name, whole (tests/test_visitor_site.py).
        assert page.get_by_role("button", name=LABELS[lang]).is_visible(), name
        shown, needed = page.locator(".md-header__topic .md-ellipsis").first.evaluate(
            "e => [e.clientWidth, e.scrollWidth]"
        )
        assert 0 < needed <= shown, name
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_accessibility_violations_in_either_mode(
    browser: Browser, base_url: str, lang: str, large: bool, width: int
) -> None:
    context = _context(browser, width, large=large)
    page = context.new_page()
    for name, path in PAGES.items():
        page.goto(base_url + LANGUAGES[lang] + path, wait_until="networkidle")
        results = Axe().run(page)
        assert results.violations_count == 0, (name, results.generate_report())
    context.close()


def test_follows_the_browsers_zoom(browser: Browser, base_url: str) -> None:
    """200 % zoom of a 1280 px window is a 640 CSS px viewport at twice the pixel density."""
    for large in (False, True):
        context = _context(browser, 640, large=large, device_scale_factor=2)
        page = context.new_page()
        for lang in LANGUAGES:
            for name in ("home", "browse", "shop", "street", "timeline"):
                page.goto(base_url + LANGUAGES[lang] + PAGES[name], wait_until="networkidle")
                assert page.evaluate("document.documentElement.scrollWidth") <= 640, (large, name)
                if large:
                    assert page.evaluate(SMALL_TARGETS) == [], name
        context.close()


def test_prefers_contrast_more_applies_the_contrast_part(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    muted = "getComputedStyle(document.querySelector('.fc-fact dt')).color"
    page.goto(base_url + "en/shops/laobian-dumplings/", wait_until="networkidle")
    assert page.evaluate(muted) == "rgb(85, 85, 85)"
    normal = _root_px(page)
    page.emulate_media(contrast="more")
    assert page.evaluate(muted) == "rgb(38, 38, 38)"
    assert _root_px(page) == normal  # the text size stays the reader's choice
    assert Axe().run(page).violations_count == 0
    context.close()


def test_without_javascript_the_switch_and_copy_link_are_hidden(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "en/shops/laobian-dumplings/")
    assert page.locator("[data-fc-mode]").count() == 1 and not page.locator("[data-fc-mode]").is_visible()
    assert page.locator("[data-fc-copy]").count() == 1 and not page.locator("[data-fc-copy]").is_visible()
    context.close()
