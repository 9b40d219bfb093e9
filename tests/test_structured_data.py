"""What crawlers and link previews read: page titles, Open Graph tags and schema.org JSON-LD."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, ContentFolder, check_properties, read_head

from fangcheng.render import RenderSettings, render_site

# Open Graph's object types (https://ogp.me/#types): there is no "place" or "business".
OG_TYPES = {
    "website",
    "article",
    "book",
    "profile",
    "music.song",
    "music.album",
    "music.playlist",
    "music.radio_station",
    "video.movie",
    "video.episode",
    "video.tv_show",
    "video.other",
}
OG_LOCALES = {"zh": "zh_CN", "en": "en_US"}


def _pages(site: Path) -> list[Path]:
    # Plaque pages are printables outside the theme (noindex, not shared): tests/test_plaques.py checks them.
    skipped = {"pagefind", "assets", "plaques"}
    return sorted(p for p in site.rglob("*.html") if not skipped & set(p.relative_to(site).parts))


def _site_names() -> dict[str, str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    languages = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]
    return {item["locale"]: item.get("site_name", config["site_name"]) for item in languages}


def _lang(site: Path, page: Path) -> str:
    return "en" if page.relative_to(site).parts[0] == "en" else "zh"


def test_every_page_has_valid_open_graph_tags_with_the_other_language(sample_site: Path) -> None:
    pages = _pages(sample_site)
    assert len(pages) > 40
    for page in pages:
        meta, lang = read_head(page).meta, _lang(sample_site, page)
        if page.name == "404.html":
            continue  # no page object: MkDocs renders it from the theme alone
        assert meta["og:type"] == ["website"] and meta["og:type"][0] in OG_TYPES, page
        assert meta["og:locale"] == [OG_LOCALES[lang]], page
        assert meta["og:locale:alternate"] == [v for k, v in OG_LOCALES.items() if k != lang], page
        assert meta["og:title"][0] and meta["og:description"][0], page
        assert meta["description"] == meta["og:description"], page


@pytest.mark.parametrize("lang, prefix", [("zh", ""), ("en", "en/")])
def test_home_and_search_pages_describe_the_site(sample_site: Path, lang: str, prefix: str) -> None:
    for path in ("index.html", "search/index.html"):
        meta = read_head(sample_site / prefix / path).meta
        assert len(meta["og:description"]) == 1 and len(meta["og:description"][0]) > 20


@pytest.mark.parametrize("lang, prefix", [("zh", ""), ("en", "en/")])
def test_titles_name_the_page_then_the_site_once(sample_site: Path, lang: str, prefix: str) -> None:
    site_name = _site_names()[lang]
    home = read_head(sample_site / prefix / "index.html")
    site_title = yaml.safe_load((ROOT / "overrides" / "locales" / f"{lang}.yml").read_text("utf-8"))["site_title"]
    assert site_title.startswith(site_name)  # the header's short name, then what the site is
    assert home.title == site_title and home.meta["og:title"] == [site_title]
    shop = read_head(sample_site / prefix / "shops/laobian-dumplings/index.html")
    name = {"zh": "老边饺子馆", "en": "Laobian Dumplings"}[lang]
    assert shop.title == f"{name} - {site_name}" and shop.meta["og:title"] == [name]
    not_found = {"zh": "找不到这个页面", "en": "Page not found"}[lang]
    assert read_head(sample_site / prefix / "404.html").title == f"{not_found} - {site_name}"
    for page in _pages(sample_site):  # never "Fangcheng - Fangcheng · …"
        if _lang(sample_site, page) == lang:
            title = read_head(page).title
            own = title.removesuffix(f" - {site_name}")
            assert title == site_title or (own != title and own and not site_name.startswith(own)), (page, title)


def test_json_ld_uses_only_properties_of_each_type(sample_site: Path) -> None:
    entries = [
        p
        for p in _pages(sample_site)
        if len(p.relative_to(sample_site).parts) >= 3
        and p.parent.parent.name in ("shops", "streets", "parks", "members")
    ]
    assert len(entries) >= 30
    for page in entries:
        (block,) = read_head(page).jsonld
        check_properties(json.loads(block), page)
    shop = json.loads(read_head(sample_site / "en/shops/baofayuan/index.html").jsonld[0])
    assert shop["award"] == ["China Time-honoured Brand (2006)"]  # on a LocalBusiness, an Organization
    street = json.loads(read_head(sample_site / "en/streets/zhongjie/index.html").jsonld[0])
    assert "award" not in street and "inLanguage" not in street


def test_a_member_with_coordinates_and_a_park_has_them_on_its_location(site: ContentFolder) -> None:
    site.write("parks/jiuhaoyuan.yml", "name: {zh: 九号院, en: Jiuhaoyuan}\n")
    site.write(
        "members/studio.yml",
        "name: {zh: 工作室, en: Studio}\npark: jiuhaoyuan\nlocation: {lat: 41.8, lon: 123.45}\n"
        "address: {zh: 地址, en: Address}\n",
    )
    site.write("members/lone.yml", "name: {zh: 独立, en: Lone}\nlocation: {lat: 41.8, lon: 123.45}\n")
    settings = RenderSettings(
        docs_dir=site.root / "docs",
        templates_dir=ROOT / "overrides" / "fangcheng",
        locales_dir=ROOT / "overrides" / "locales",
        site_url="https://example.org/",
    )
    render_site(site.validate(), settings)

    def data(entry_id: str) -> dict:
        page = (site.root / "docs" / "members" / f"{entry_id}.en.md").read_text(encoding="utf-8")
        return json.loads(re.search(r'<script type="application/ld\+json">(.*)</script>', page).group(1))

    studio, lone = data("studio"), data("lone")
    for member in (studio, lone):
        check_properties(member, "member")
        assert "geo" not in member and member["location"]["geo"] == {
            "@type": "GeoCoordinates",
            "latitude": 41.8,
            "longitude": 123.45,
        }
    assert studio["location"]["containedInPlace"] == {
        "@type": "Place",
        "@id": "https://example.org/en/parks/jiuhaoyuan/",
        "name": "Jiuhaoyuan",
    }
    assert studio["address"] == {"@type": "PostalAddress", "streetAddress": "Address"}
