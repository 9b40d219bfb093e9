"""Whole builds: URLs, languages, drafts, 404s, sitemap, images, reproducibility and atomicity."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from conftest import ROOT, copy_project, large_project, run_build, tree_digest
from PIL import Image

from fangcheng.catalogue import load_catalogue
from fangcheng.plugin_config import load_site_config

CATALOGUE = load_catalogue(ROOT / "content", load_site_config(ROOT / "mkdocs.yml"), cwd=ROOT)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang")
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((tag, name, values[name] or ""))
        if values.get("srcset"):
            for candidate in (values["srcset"] or "").split(","):
                self.links.append((tag, "srcset", candidate.strip().split(" ")[0]))


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_published_entry_has_a_page_in_both_languages(sample_site: Path) -> None:
    for kind, records in CATALOGUE.records.items():
        assert (sample_site / kind / "index.html").is_file()
        assert (sample_site / "en" / kind / "index.html").is_file()
        for entry_id, record in records.items():
            zh, en = sample_site / kind / entry_id / "index.html", sample_site / "en" / kind / entry_id / "index.html"
            assert zh.is_file() == en.is_file() == (record.status == "published"), entry_id
            if zh.is_file():
                assert parse(zh).html_lang == "zh" and parse(en).html_lang == "en"
    assert parse(sample_site / "index.html").html_lang == "zh"
    assert parse(sample_site / "en" / "index.html").html_lang == "en"


def test_entries_stay_out_of_the_nav(sample_site: Path) -> None:
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    outside_the_content = re.sub(r"<article.*?</article>", "", home, flags=re.DOTALL)  # the featured cards link entries
    assert "laobian-dumplings" not in outside_the_content
    assert 'href="shops/"' in outside_the_content


def test_tabs_and_sidebar_of_every_entry_page_lead_to_its_languages_sections(sample_site: Path) -> None:
    """Entry pages share one rendering of the tabs and sidebar per kind and language (fc_shared):
    each must still lead, from where it stands, to the home and browse pages of its own language."""
    sections = ["", "shops/", "streets/", "parks/", "members/"]
    checked = 0
    for kind in ("shops", "streets", "parks", "members"):
        for root in ("/", "/en/"):
            for page in sample_site.glob(f"{root.strip('/')}/{kind}/*/index.html".lstrip("/")):
                url = "/" + page.parent.relative_to(sample_site).as_posix() + "/"
                html = page.read_text(encoding="utf-8")
                for css in ("md-tabs__link", "md-nav__link"):
                    hrefs = re.findall(rf'<a href="([^"]*)" class="{css}[" ]', html)
                    assert [urlsplit(urljoin(url, h)).path for h in hrefs[:5]] == [root + s for s in sections], (
                        url,
                        css,
                    )
                checked += 1
    assert checked == 2 * sum(
        1 for records in CATALOGUE.records.values() for r in records.values() if r.status == "published"
    )


def test_every_pages_tabs_and_drawer_name_every_section_in_its_language(sample_site: Path) -> None:
    """Material draws the tabs and the drawer from the nav: every section's title must be known (not "None")
    on every page of the site, entry pages and the timeline included."""
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nwatch:")[0].split("\nnav:")[1])
    sections = len(nav)
    checked = 0
    for page in sample_site.rglob("index.html"):
        relative = page.relative_to(sample_site).as_posix()
        if relative.startswith(("plaques/", "en/plaques/", "pagefind/")):
            continue  # whole documents without the theme
        html = page.read_text(encoding="utf-8")
        for css in ("md-tabs__link", "md-nav__link"):
            titles = [
                " ".join(re.sub(r"<[^>]+>", " ", title).split())
                for title in re.findall(rf'<a href="[^"]*" class="{css}[^"]*"[^>]*>(.*?)</a>', html, re.S)
            ]
            assert len(titles) >= sections, (relative, css, titles)
            assert all(title and title != "None" for title in titles), (relative, css, titles)
        expected = ("Time-honoured shops", "Timeline") if relative.startswith("en/") else ("老字号", "年表")
        assert all(title in html for title in expected), relative
        checked += 1
    assert checked > 50


def test_every_internal_link_resolves(sample_site: Path) -> None:
    missing = []
    for page in sample_site.rglob("*.html"):
        if page.name == "404.html":
            continue
        base = "/" + page.relative_to(sample_site).as_posix()
        for tag, attribute, value in parse(page).links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("#", "//")) or not parts.path:
                continue
            target = urlsplit(urljoin(base, parts.path)).path.lstrip("/")
            path = sample_site / target
            if target.endswith("/") or target == "":
                path = path / "index.html"
            if not path.exists():
                missing.append(f"{base}: {tag} {attribute}={value}")
    assert missing == []


def test_nothing_loads_from_another_origin(sample_site: Path) -> None:
    offenders = []
    for page in sample_site.rglob("*.html"):
        for tag, attribute, value in parse(page).links:
            loads = tag in ("script", "img", "source", "iframe") or (tag == "link" and attribute == "href")
            if loads and urlsplit(value).scheme in ("http", "https") and not value.startswith("http://127.0.0.1:8000/"):
                offenders.append(f"{page}: {tag} {value}")
    css = "".join(p.read_text(encoding="utf-8") for p in sample_site.rglob("*.css"))
    assert offenders == []
    assert "fonts.googleapis" not in css and "@import url(http" not in css
    assert not list(sample_site.rglob("*.woff2")) or all("material" in str(p) for p in sample_site.rglob("*.woff2"))


def test_head_has_canonical_open_graph_and_json_ld_and_no_alternate_link(sample_site: Path) -> None:
    """hreflang alternates are in the sitemap: Material's script would fetch sitemap.xml next to a
    page-level <link rel="alternate"> (fangcheng.compat.material_selects_alternate_links)."""
    page = (sample_site / "en" / "shops" / "laobian-dumplings" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/shops/laobian-dumplings/">' in page
    assert 'rel="alternate"' not in page and 'addEventListener("DOMContentLoaded"' not in page
    assert '<meta property="og:title" content="Laobian Dumplings">' in page
    assert '<meta property="og:locale" content="en_US">' in page
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    import json

    document = json.loads(data)
    assert document["@type"] == "Restaurant" and document["foundingDate"] == "1829"
    assert document["containedInPlace"]["name"] == "Zhongjie Pedestrian Street"


def test_sitemap_lists_language_alternates(sample_site: Path) -> None:
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>http://127.0.0.1:8000/shops/laobian-dumplings/</loc>" in sitemap
    for lang, url in (("zh", ""), ("en", "en/"), ("x-default", "")):
        link = f'<xhtml:link rel="alternate" hreflang="{lang}" href="http://127.0.0.1:8000/{url}shops/laobian-dumplings/"/>'
        assert link in sitemap


def test_a_404_page_in_each_language(sample_site: Path) -> None:
    zh, en = sample_site / "404.html", sample_site / "en" / "404.html"
    assert parse(zh).html_lang == "zh" and "找不到这个页面" in zh.read_text(encoding="utf-8")
    assert parse(en).html_lang == "en" and "Page not found" in en.read_text(encoding="utf-8")
    for page in (zh, en):  # the language menu leads to each language's home, not to the last page built
        menu = re.findall(
            r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"', page.read_text(encoding="utf-8")
        )
        assert menu == [("/", "zh"), ("/en/", "en")], page


def test_two_builds_are_byte_identical(tmp_path: Path, sample_site: Path) -> None:
    project = copy_project(tmp_path / "again")
    assert run_build(project).returncode == 0
    assert tree_digest(project / "site") == tree_digest(sample_site)


def test_failed_validation_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run_build(project).returncode == 0
    before = tree_digest(project / "site")
    (project / "content" / "shops" / "baofayuan.yml").write_text(
        "name: {zh: 宝发园}\nfounded: 3000\n", encoding="utf-8"
    )
    result = run_build(project)
    assert result.returncode == 1
    assert "content/shops/baofayuan.yml:2:10: error year-out-of-range" in result.stdout
    assert "site/ is unchanged" in result.stderr
    assert tree_digest(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".cache"]
    assert not list((project / ".cache").glob("build-*"))


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run_build(project).returncode == 0
    before = tree_digest(project / "site")
    template = project / "overrides" / "fangcheng" / "entry.html"
    template.write_text(template.read_text(encoding="utf-8") + "{{ no_such_helper() }}", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


def test_a_changed_theme_template_shows_in_the_next_build_in_every_language(tmp_path: Path) -> None:
    """The theme's compiled templates are kept under .cache/ from one build to the next: a change to one is
    compiled again."""
    project = copy_project(tmp_path / "p")
    assert run_build(project).returncode == 0
    assert list((project / ".cache" / "templates").iterdir())
    main = project / "overrides" / "main.html"
    with main.open("a", encoding="utf-8") as theme:
        theme.write('{% block announce %}<p class="fc-test-notice">{{ config.theme.language }}</p>{% endblock %}\n')
    assert run_build(project).returncode == 0
    for page, lang in (("index.html", "zh"), ("en/index.html", "en"), ("shops/laobian-dumplings/index.html", "zh")):
        assert f'<p class="fc-test-notice">{lang}</p>' in (project / "site" / page).read_text(encoding="utf-8")


def test_drafts_are_built_only_in_the_preview(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    draft = project / "content" / "shops" / "tianyitang.yml"
    draft.write_text(draft.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    assert run_build(project).returncode == 0
    assert not (project / "site" / "shops" / "tianyitang").exists()
    assert "tianyitang" not in (project / "site" / "shops" / "index.html").read_text(encoding="utf-8")
    assert run_build(project, env={"FANGCHENG_PREVIEW": "1"}).returncode == 0
    page = (project / "site" / "en" / "shops" / "tianyitang" / "index.html").read_text(encoding="utf-8")
    assert "fc-notice--draft" in page and '<meta name="robots" content="noindex">' in page


def test_images_become_resized_derivatives(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    media = project / "content" / "media" / "shops"
    media.mkdir(parents=True)
    Image.new("RGB", (2400, 1600), (140, 28, 19)).save(media / "baofayuan-front.jpg", quality=95)
    shop = project / "content" / "shops" / "baofayuan.yml"
    shop.write_text(
        shop.read_text(encoding="utf-8")
        + (
            "images:\n  - file: media/shops/baofayuan-front.jpg\n"
            "    alt: {zh: 宝发园门面, en: Shopfront of Baofayuan}\n"
            "    credit: {zh: 测试图片, en: Test picture}\n"
        ),
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not list(site.rglob("baofayuan-front.jpg")), "the original must not be published"
    derivatives = sorted(p.name for p in (site / "media").iterdir())
    assert [name.rsplit("-", 1)[1] for name in derivatives] == [
        "1200.jpg",
        "1600.webp",
        "480.webp",
        "960.jpg",
        "960.webp",
    ]  # 1200.jpg: link previews
    assert all((site / "media" / name).stat().st_size < 200_000 for name in derivatives)
    page = (site / "en" / "shops" / "baofayuan" / "index.html").read_text(encoding="utf-8")
    img = re.search(r"<img [^>]*>", page.split('class="fc-figure"')[1]).group(0)
    assert 'width="960" height="640"' in img and 'alt="Shopfront of Baofayuan"' in img
    assert 'type="image/webp"' in page and "480w" in page and "1600w" in page
    assert "Credit: Test picture" in page
    browse = (site / "shops" / "index.html").read_text(encoding="utf-8")
    assert 'loading="lazy"' in browse and 'alt="宝发园门面"' in browse
    assert (
        '"image":[{"@type":"ImageObject","caption":"Shopfront of Baofayuan","contentUrl":"http://127.0.0.1:8000/media/'
        in page
    )


def test_a_third_language_is_configuration_plus_a_strings_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "        - locale: en\n",
            "        - locale: ja\n          name: 日本語\n          build: true\n        - locale: en\n",
        ),
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = project / "site" / "ja" / "shops" / "laobian-dumplings" / "index.html"
    assert parse(page).html_lang == "ja"
    text = page.read_text(encoding="utf-8")
    assert "創業" in text and '<span lang="zh" class="fc-fallback">老边饺子馆</span>' in text
    assert "中国語で表示しています" in text
    assert 'href="./" hreflang="ja" class="md-select__link"' in text  # the language menu
    assert 'href="../../../en/shops/laobian-dumplings/" hreflang="en" class="md-select__link"' in text
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        '<xhtml:link rel="alternate" hreflang="ja" href="http://127.0.0.1:8000/ja/shops/laobian-dumplings/"/>'
        in sitemap
    )
    assert (project / "site" / "ja" / "404.html").is_file()


def test_a_large_site_builds_the_same_twice_from_scratch(tmp_path: Path) -> None:
    first, second = large_project(tmp_path / "a"), large_project(tmp_path / "b")
    assert run_build(first).returncode == 0
    assert run_build(second).returncode == 0
    assert tree_digest(first / "site") == tree_digest(second / "site")
    assert (first / "site" / "en" / "shops" / "shop-00200" / "index.html").is_file()
