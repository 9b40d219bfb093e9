"""Sharing an entry: the "copy link" button copies the canonical address and says so to screen readers;
Open Graph and JSON-LD show the first picture's 1200 px JPEG with its size and alt text."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import check_properties, copy_project, run_build
from PIL import Image
from playwright.sync_api import Browser

from fangcheng.media import MediaProcessor


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "message"), [("zh", "链接已复制"), ("en", "Link copied")])
def test_copy_link_puts_the_canonical_address_on_the_clipboard(
    browser: Browser, base_url: str, lang: str, message: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    prefix = "" if lang == "zh" else "en/"
    page.goto(base_url + prefix + "shops/laobian-dumplings/#facts", wait_until="networkidle")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == base_url + prefix + "shops/laobian-dumplings/"
    status = page.locator(".fc-share__status")
    assert status.get_attribute("role") == "status" and status.inner_text() == ""  # a polite live region from the start
    page.get_by_role("button", name={"zh": "复制链接", "en": "Copy link"}[lang]).click()
    page.wait_for_function("document.querySelector('.fc-share__status').textContent !== ''")
    assert status.inner_text() == message
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    context.close()


@pytest.mark.browser
def test_copy_link_falls_back_without_the_clipboard_api(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page = context.new_page()
    page.goto(base_url + "en/streets/zhongjie/", wait_until="networkidle")
    page.evaluate(
        "document.execCommand = (command) => { "
        "window.__copied = command === 'copy' && document.activeElement.value; return true; }"
    )
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("document.querySelector('.fc-share__status').textContent !== ''")
    assert page.evaluate("window.__copied") == base_url + "en/streets/zhongjie/"
    assert page.locator(".fc-share__status").inner_text() == "Link copied"
    context.close()


def test_only_entry_pages_have_the_copy_link_button(sample_site: Path) -> None:
    assert "data-fc-copy" in (sample_site / "en/shops/laobian-dumplings/index.html").read_text(encoding="utf-8")
    for page in ("index.html", "shops/index.html", "timeline/index.html", "404.html"):
        assert "data-fc-copy" not in (sample_site / page).read_text(encoding="utf-8"), page


@pytest.mark.parametrize(("size", "expected"), [((2400, 1800), (1200, 900)), ((800, 500), (800, 500))])
def test_link_preview_derivative_is_a_1200_px_jpeg_or_the_original_size(
    tmp_path: Path, size: tuple[int, int], expected: tuple[int, int]
) -> None:
    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    Image.new("RGB", size, (140, 28, 19)).save(content / "media/front.png")
    processed = MediaProcessor(content, tmp_path / "cache").process("media/front.png")
    assert (processed.social.width, processed.social.height, processed.social.mime) == (*expected, "image/jpeg")
    processor = MediaProcessor(content, tmp_path / "cache")  # a later build: from the cache
    processor.process("media/front.png")
    processor.publish(tmp_path / "site")
    with Image.open(tmp_path / "site" / processed.social.path) as published:
        assert published.format == "JPEG" and published.size == expected


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("property") or values.get("name")):
            self.meta[values.get("property") or values.get("name") or ""] = values.get("content") or ""
        self._in_jsonld = tag == "script" and values.get("type") == "application/ld+json"
        if self._in_jsonld:
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld[-1] += data


def test_open_graph_and_json_ld_show_the_first_pictures_1200_px_jpeg(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    media = project / "content/media/shops"
    media.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (2000, 1500), (140, 28, 19)).save(media / "laobian-front.jpg", quality=90)
    Image.new("RGB", (1600, 1600), (20, 28, 140)).save(media / "laobian-inside.jpg", quality=90)
    entry = project / "content/shops/laobian-dumplings.yml"
    entry.write_text(
        entry.read_text(encoding="utf-8")
        + """
images:
  - file: media/shops/laobian-front.jpg
    alt: {zh: 老边饺子馆门面 "<b>", en: Shopfront of Laobian Dumplings "<b>"}
    credit: {zh: 测试, en: Test}
  - file: media/shops/laobian-inside.jpg
    alt: {zh: 店内, en: Inside}
    credit: {zh: 测试, en: Test}
""",
        encoding="utf-8",
    )
    result = run_build(project, env={"SITE_URL": "https://example.org/fangcheng/"})
    assert result.returncode == 0, result.stdout + result.stderr
    for lang, prefix, alt in (
        ("zh", "", '老边饺子馆门面 "<b>"'),
        ("en", "en/", 'Shopfront of Laobian Dumplings "<b>"'),
    ):
        html = (project / "site" / prefix / "shops/laobian-dumplings/index.html").read_text(encoding="utf-8")
        assert '"<b>"' not in html.split("</head>")[0]  # the alt text is escaped in the head
        head = _Head()
        head.feed(html)
        url = head.meta["og:image"]
        assert url.startswith("https://example.org/fangcheng/media/laobian-front-") and url.endswith("-1200.jpg")
        assert (head.meta["og:image:width"], head.meta["og:image:height"], head.meta["og:image:type"]) == (
            "1200",
            "900",
            "image/jpeg",
        )
        assert head.meta["og:image:alt"] == alt and head.meta["twitter:image:alt"] == alt
        assert head.meta["twitter:card"] == "summary_large_image"
        with Image.open(project / "site" / url.removeprefix("https://example.org/fangcheng/")) as published:
            assert published.format == "JPEG" and published.size == (1200, 900)
        (block,) = head.jsonld
        data = json.loads(block)
        check_properties(data, lang)
        first, second = data["image"]
        assert first == {
            "@type": "ImageObject",
            "contentUrl": url,
            "url": url,
            "width": 1200,
            "height": 900,
            "caption": alt,
        }
        assert (second["width"], second["height"], second["caption"]) == (
            1200,
            1200,
            "店内" if lang == "zh" else "Inside",
        )
