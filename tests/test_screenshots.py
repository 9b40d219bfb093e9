"""Screenshots of every page kind, for a person to look at: 360 and 1280 px wide, both languages, normal
and large text, the whole page, written to test-artifacts/screenshots/ (FANGCHENG_SCREENSHOTS to change it;
git-ignored; CI keeps the folder and .ci/run names it). Each page must load, stay on its width and show its
heading; looking at the pictures is the reviewer's part (issue 22, point 10)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import LANGUAGES, ROOT, SAMPLE_PAGES
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("FANGCHENG_SCREENSHOTS") or ROOT / "test-artifacts" / "screenshots")
KEY = "fangcheng.large-text"
PAGE_KINDS = {
    **{name: path for name, path in SAMPLE_PAGES.items()},
    "timeline": "timeline/",
    "open-data": "data/",
    "staff-plaques": "plaques/",
    "plaque": "plaques/shops/laobian-dumplings/",
    "print-all": "plaques/streets/",
    "404": "404.html",
}
WIDTHS = {360: 780, 1280: 800}


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_is_photographed(browser: Browser, base_url: str, kind: str) -> None:
    for large in (False, True):
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            if large:
                context.add_init_script(f"localStorage.setItem('{KEY}', 'on')")
            page = context.new_page()
            for lang, prefix in LANGUAGES.items():
                response = page.goto(base_url + prefix + PAGE_KINDS[kind], wait_until="networkidle")
                assert response is not None and (response.ok or kind == "404"), (kind, lang)
                page.evaluate("document.fonts.ready")
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (kind, lang, width, large)
                assert page.locator("h1").first.is_visible(), (kind, lang, width, large)
                name = f"{kind}-{width}{'-large' if large else ''}.png"
                path = SHOTS / lang / name
                path.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=path, full_page=True, animations="disabled")  # as seen once settled
                assert path.stat().st_size > 1000
            context.close()
