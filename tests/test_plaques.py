"""Plaques: QR codes of every published entry's absolute address, decoded from what Chromium shows, plaque
pages that print on one A5 sheet each, the print-all page per kind, and entry pages printed without the site's
chrome."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import zxingcpp
from conftest import copy_project, run_build
from PIL import Image
from playwright.sync_api import Browser, Page

from fangcheng.plaques import plaque_path, qr_svg, short_url
from fangcheng.render import Renderer, RenderSettings, render_site, write_plaques

SITE_URL = "https://example.org/fangcheng/"
LONG_NAME = "<script>alert(1)</script>" + "老字号很长的名字" * 21  # hostile markup, 193 characters (the limit is 200)
KINDS = ("shops", "streets", "parks", "members")


# --- one build with a sub-path site_url, a hostile long name and a draft ------------------------------


@pytest.fixture(scope="module")
def plaque_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("plaques"))
    laobian = (project / "content/shops/laobian-dumplings.yml").read_text(encoding="utf-8")
    hostile = laobian.replace("zh: 老边饺子馆", f"zh: {LONG_NAME}", 1).replace(
        "en: Laobian Dumplings", "en: " + ("A Very Long English Name Of A Shop " * 5).strip(), 1
    )
    (project / "content/shops/long-name.yml").write_text(hostile, encoding="utf-8")
    draft = laobian.replace("zh: 老边饺子馆", "zh: 草稿饺子", 1) + "status: draft\n"
    (project / "content/shops/draft-shop.yml").write_text(draft, encoding="utf-8")
    result = run_build(project, env={"SITE_URL": SITE_URL, "FANGCHENG_SEARCH": "off"})
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def entries(site: Path, kind: str) -> list[str]:
    """The ids of the entry pages of ``kind`` the build wrote (Chinese side)."""
    return sorted(p.parent.name for p in (site / kind).glob("*/index.html"))


def plaque_pages(site: Path) -> list[tuple[str, str, str]]:
    """(language prefix, kind, id) of every published entry's plaque page."""
    return [(lang, kind, entry) for lang in ("", "en/") for kind in KINDS for entry in entries(site, kind)]


def test_every_published_entry_has_a_plaque_page_in_each_language(plaque_site: Path) -> None:
    for lang, kind, entry in plaque_pages(plaque_site):
        html = (plaque_site / lang / "plaques" / kind / entry / "index.html").read_text(encoding="utf-8")
        url = f"{SITE_URL}{lang}{kind}/{entry}/"
        assert f"<desc>{url}</desc>" in html
        assert f'<p class="fc-plaque__url">{url.removeprefix("https://")}</p>' in html
        assert '<meta name="robots" content="noindex">' in html
        assert "data-pagefind-body" not in html
        entry_page = (plaque_site / lang / kind / entry / "index.html").read_text(encoding="utf-8")
        assert "plaques/" not in entry_page  # staff reach it from /plaques/, not from the visitor's page
        staff = (plaque_site / lang / "plaques" / "index.html").read_text(encoding="utf-8")
        assert f'href="{kind}/{entry}/"' in staff
    assert len(plaque_pages(plaque_site)) == 2 * 20  # the sample's 19 entries and the long name, not the draft


def test_drafts_never_get_a_plaque(plaque_site: Path) -> None:
    assert not (plaque_site / "plaques/shops/draft-shop").exists()
    assert not (plaque_site / "shops/draft-shop").exists()
    assert "draft-shop" not in (plaque_site / "plaques/shops/index.html").read_text(encoding="utf-8")


def test_hostile_names_are_escaped_on_the_plaque(plaque_site: Path) -> None:
    html = (plaque_site / "plaques/shops/long-name/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_plaques_stay_out_of_the_sitemap(plaque_site: Path) -> None:
    assert "plaques" not in (plaque_site / "sitemap.xml").read_text(encoding="utf-8")


# --- the QR code and the print layout, in Chromium --------------------------------------------------------


def pdf_pages(page: Page) -> int:
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def decode(page: Page) -> list[str]:
    """The QR codes Chromium shows on the page, read by zxing-cpp from a screenshot of the code."""
    shot = page.locator(".fc-plaque__code svg").first.screenshot()
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))]


@pytest.mark.browser
def test_every_plaque_decodes_to_its_entry_and_prints_on_one_sheet(browser: Browser, plaque_site: Path) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 1000})
    page = context.new_page()
    checked = 0
    for lang, kind, entry in plaque_pages(plaque_site):
        page.goto((plaque_site / lang / "plaques" / kind / entry / "index.html").as_uri())
        assert decode(page) == [f"{SITE_URL}{lang}{kind}/{entry}/"], (lang, kind, entry)
        assert pdf_pages(page) == 1, (lang, kind, entry)
        checked += 1
    assert checked == len(plaque_pages(plaque_site))
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/"])
def test_print_all_page_prints_one_sheet_per_entry(browser: Browser, plaque_site: Path, lang: str) -> None:
    page = browser.new_page()
    for kind in KINDS:
        page.goto((plaque_site / lang / "plaques" / kind / "index.html").as_uri())
        assert page.locator(".fc-plaque").count() == len(entries(plaque_site, kind))
        assert pdf_pages(page) == len(entries(plaque_site, kind)), kind
    page.close()


@pytest.mark.browser
def test_an_entry_page_prints_without_the_sites_chrome_and_with_source_addresses(
    browser: Browser, base_url: str
) -> None:
    page = browser.new_page()
    page.goto(base_url + "en/shops/laobian-dumplings/", wait_until="networkidle")
    chrome = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".md-search"]
    assert all(page.locator(selector).first.is_visible() for selector in (".md-header", ".md-footer"))
    page.emulate_media(media="print")
    for selector in chrome:
        assert not page.locator(selector).first.is_visible(), selector
    source = page.locator(".fc-sources a").first
    after = source.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == '" (" attr(href) ")"' or source.get_attribute("href") in after
    assert page.get_by_role("heading", level=1).is_visible()
    page.close()


# --- units ------------------------------------------------------------------------------------------------


def test_qr_svg_is_deterministic_named_and_escaped() -> None:
    first = qr_svg("https://example.org/x/", 'name <b>&"', "https://example.org/x/")
    assert first == qr_svg("https://example.org/x/", 'name <b>&"', "https://example.org/x/")
    assert str(first).startswith('<svg role="img" ') and "<title>name &lt;b&gt;&amp;&#34;</title>" in first


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/x/",
        "https://fangcheng.example.gov.cn/sub/path/en/shops/laobian-dumplings-since-1829/",
        "http://127.0.0.1:8000/%E4%B8%AD%E8%A1%97/?q=1&r=2",
    ],
)
def test_the_drawn_qr_code_reads_back_as_its_url_with_a_quiet_zone(url: str) -> None:
    """The SVG is drawn here from zxing-cpp's modules: rasterized, it must decode to the URL, with four white
    modules all round."""
    svg = str(qr_svg(url, "t", "d"))
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    pixels = image.load()
    for x, y, run in re.findall(r"M(\d+) (\d+)\.5h(\d+)", svg):
        assert int(x) >= 4 and int(x) + int(run) <= size - 4 and 4 <= int(y) < size - 4  # the quiet zone stays white
        for px in range(int(x) * scale, (int(x) + int(run)) * scale):
            for py in range(int(y) * scale, (int(y) + 1) * scale):
                pixels[px, py] = 0
    (found,) = zxingcpp.read_barcodes(image)
    assert found.text == url and found.format == zxingcpp.BarcodeFormat.QRCode and found.ec_level == "M"


def test_short_url_and_paths() -> None:
    assert short_url("https://example.org/fangcheng/en/shops/x/") == "example.org/fangcheng/en/shops/x/"
    assert plaque_path("en", "zh", "shops", "x") == "/en/plaques/shops/x/"
    assert plaque_path("zh", "zh", "shops") == "/plaques/shops/"


def test_a_plaque_of_an_entry_turned_draft_is_removed_and_drafts_get_none_in_the_preview(site, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    settings = RenderSettings(
        docs_dir=site.root / "docs",
        templates_dir=root / "overrides/fangcheng",
        locales_dir=root / "overrides/locales",
        site_url=SITE_URL,
    )
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\nfounded: 1829\n")
    write_plaques(Renderer(site.validate(), settings), tmp_path / "built")
    plaque = tmp_path / "built/en/plaques/shops/laobian/index.html"
    assert "Founded 1829" in plaque.read_text(encoding="utf-8")
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\nstatus: draft\n")
    preview = Renderer(site.validate(), RenderSettings(**{**settings.__dict__, "include_drafts": True}))
    write_plaques(preview, tmp_path / "previewed")
    assert not (tmp_path / "previewed/en/plaques/shops/laobian").exists()
    assert (tmp_path / "previewed/en/plaques/shops/index.html").is_file()
    render_site(preview.catalogue, RenderSettings(**{**settings.__dict__, "include_drafts": True}))
    entry = (site.root / "docs/shops/laobian.en.md").read_text(encoding="utf-8")  # the preview shows the draft
    assert "fc-plaque-link" not in entry and "plaques/" not in entry
