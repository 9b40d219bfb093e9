"""Nothing from YAML reaches a page raw: hostile text in every text field of every kind (tests/hostile.py),
built, then every file of site/ read and every kind of page opened in Chromium.

Also: a long unbroken token never widens a page beyond a 360 px phone.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LANGUAGES, built_and_served, copy_project, read_head
from hostile import ENTRY_ID, PAYLOAD, RAW_MARKERS, hostile_data, write_hostile_entries
from playwright.sync_api import Browser

from fangcheng.model import KINDS

TEXT_SUFFIXES = {".html", ".xml", ".json", ".geojson", ".js", ".txt", ".css", ".md", ".webmanifest"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The sample content plus a hostile entry of every kind, built and served on loopback."""
    project = copy_project(tmp_path_factory.mktemp("hostile-project"))
    write_hostile_entries(project)
    with built_and_served(project) as url:
        yield project / "site", url


def _pagefind_json(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return json.loads(data[len(b"pagefind_dcd") :]) if path.suffix == ".pf_fragment" else None


def test_no_raw_markup_from_yaml_in_any_file_of_the_site(hostile_site: tuple[Path, str]) -> None:
    site, _ = hostile_site
    checked, leaks = 0, []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        if path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8").lower()
            checked += 1
            leaks += [f"{path.relative_to(site)}: {marker}" for marker in RAW_MARKERS if marker.lower() in text]
        elif path.suffix == ".gz":
            text = gzip.decompress(path.read_bytes()).decode("utf-8").lower()
            leaks += [f"{path.relative_to(site)}: {marker}" for marker in RAW_MARKERS if marker.lower() in text]
        elif path.suffix == ".pf_fragment":
            # Pagefind keeps a page's text as plain JSON strings (its script, and ours, show them as
            # text: the browser test below proves it). Here: they are intact JSON with the whole payload.
            fragment = _pagefind_json(path)
            if f"/{ENTRY_ID}/" in fragment["url"]:
                assert PAYLOAD.split(" <svg")[0] in fragment["meta"]["title"]
    assert checked > 100 and leaks == []
    hostile_pages = [site / LANGUAGES[lang] / kind / ENTRY_ID / "index.html" for lang in LANGUAGES for kind in KINDS]
    assert all(page.is_file() for page in hostile_pages)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_hostile_text_reads_back_exactly_in_title_meta_and_json_ld(
    hostile_site: tuple[Path, str], kind: str, lang: str
) -> None:
    site, _ = hostile_site
    reader = read_head(site / LANGUAGES[lang] / kind / ENTRY_ID / "index.html")
    data = hostile_data(KINDS[kind])
    name, summary = data["name"][lang], data["summary"][lang]
    assert reader.title.startswith(f"{name} - ")
    assert reader.meta["og:title"] == [name]
    assert reader.meta["description"] == [summary] and reader.meta["og:description"] == [summary]
    (jsonld,) = [json.loads(block) for block in reader.jsonld]
    assert jsonld["name"] == name and jsonld["description"] == summary


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_script_from_yaml_runs_on_any_kind_of_page(
    browser: Browser, hostile_site: tuple[Path, str], lang: str
) -> None:
    _, url = hostile_site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    paths = ["", "404.html", *(f"{kind}/" for kind in KINDS), *(f"{kind}/{ENTRY_ID}/" for kind in KINDS)]
    try:
        for path in paths:
            page.goto(url + LANGUAGES[lang] + path, wait_until="networkidle")
            assert page.locator("img[src=x], svg[onload]").count() == 0, path
        page.goto(url + LANGUAGES[lang] + "search/?q=onerror", wait_until="networkidle")
        page.locator(".fc-result").first.wait_for()
        assert "<img src=x onerror=alert(1)>" in page.locator(".fc-results").inner_text()  # shown as text
        assert page.locator("img[src=x], svg[onload]").count() == 0
        entry = f"{url}{LANGUAGES[lang]}shops/{ENTRY_ID}/"
        page.goto(entry, wait_until="networkidle")
        assert page.title().startswith(hostile_data(KINDS["shops"])["name"][lang] + " - ")
        assert page.locator("h1").first.inner_text().startswith('"><img src=x onerror=alert(1)>')
    finally:
        context.close()
    assert dialogs == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_long_unbroken_token_does_not_widen_a_phone_screen(
    browser: Browser, hostile_site: tuple[Path, str], lang: str
) -> None:
    _, url = hostile_site
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    wide = []
    try:
        for path in (*(f"{kind}/" for kind in KINDS), *(f"{kind}/{ENTRY_ID}/" for kind in KINDS), "search/?q=unbroken"):
            page.goto(url + LANGUAGES[lang] + path, wait_until="networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                wide.append(f"{path}: {width}px")
    finally:
        context.close()
    assert wide == []
