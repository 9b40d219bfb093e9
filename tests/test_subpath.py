"""The site published under a sub-path (https://example.org/fangcheng/), as GitHub Pages serves a project."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import LANGUAGES, PAGES, _QuietHandler, copy_project, run_build
from playwright.sync_api import Page

pytestmark = pytest.mark.browser
PREFIX = "/fangcheng/"


@pytest.fixture(scope="module")
def sub_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site built with SITE_URL=<loopback>/fangcheng/ and served there (the server root is one level up)."""
    project = copy_project(tmp_path_factory.mktemp("subpath-project"))
    web_root = project / "www"
    web_root.mkdir()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(web_root))
    )
    url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    result = run_build(project, "--site-dir", str(web_root / "fangcheng"), env={"SITE_URL": url})
    assert result.returncode == 0, result.stdout + result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_every_request_stays_under_the_sub_path_and_succeeds(page: Page, sub_url: str, name: str, lang: str) -> None:
    failed: list[str] = []
    outside: list[str] = []
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "response",
        lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlsplit(request.url).scheme.startswith("http") and not urlsplit(request.url).path.startswith(PREFIX)
            else None
        ),
    )
    response = page.goto(sub_url + LANGUAGES[lang] + PAGES[name], wait_until="networkidle")
    assert response is not None and response.ok
    assert failed == [] and outside == []
    assert not [url for url in requests if url.endswith("sitemap.xml")], "Material fetched a sitemap"
    # no <link rel=alternate> for Material's script to look up; the language menu links each translation
    assert page.eval_on_selector_all("link[rel=alternate]", "links => links.length") == 0
    menu = page.eval_on_selector_all("a.md-select__link[hreflang]", "links => links.map(a => [a.hreflang, a.href])")
    # Plaque pages are printables without the theme's header, so without a language menu.
    assert [lang for lang, _ in menu] == ([] if name.startswith("plaque") else list(LANGUAGES))
    assert all(href == sub_url + LANGUAGES[lang] + PAGES[name].split("?")[0] for lang, href in menu), menu
    # Resolved by hand: an SVG link's (the map's) .href is not a string.
    hrefs = page.eval_on_selector_all(
        "a[href]", "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"
    )
    for href in hrefs:
        parts = urlsplit(href)
        if parts.hostname == "127.0.0.1":
            assert parts.path.startswith(PREFIX), href


def test_search_and_language_switch_under_the_sub_path(page: Page, sub_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})  # the header's box (a phone has only its button)
    page.goto(sub_url + "en/shops/baofayuan/")
    box = page.get_by_role("searchbox", name="Search this site")
    box.fill("shaomai")
    box.press("Enter")
    page.wait_for_url(sub_url + "en/search/?q=shaomai")
    page.wait_for_selector(".fc-result__link")
    first = page.locator(".fc-result__link").first
    assert first.inner_text() == "Ma Family Shaomai"
    first.click()
    page.wait_for_url(sub_url + "en/shops/majia-shaomai/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(sub_url + "shops/majia-shaomai/")
    assert page.get_by_role("heading", level=1).inner_text() == "马家烧麦"
