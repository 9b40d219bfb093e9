"""The renderer: texts in the reader's language with visible fallback, escaping, sanitizing, files."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, ContentFolder

from fangcheng.jsonld import script_tag_json
from fangcheng.markup import markdown_to_safe_html
from fangcheng.model import LocalizedText, ValidationContext
from fangcheng.render import Localizer, RenderSettings, render_site
from fangcheng.urls import page_path, relative


def settings(site: ContentFolder, **extra) -> RenderSettings:
    return RenderSettings(
        docs_dir=site.root / "docs",
        templates_dir=ROOT / "overrides" / "fangcheng",
        locales_dir=ROOT / "overrides" / "locales",
        **extra,
    )


def text(**values: str) -> LocalizedText:
    return LocalizedText.model_validate(values, context=ValidationContext())


def test_localizer_falls_back_visibly() -> None:
    localizer = Localizer("en", "zh")
    assert localizer.text(text(zh="老边", en="Laobian")) == "Laobian"
    assert localizer.fallbacks == 0
    assert localizer.text(text(zh="老边")) == '<span lang="zh" class="fc-fallback">老边</span>'
    assert localizer.fallbacks == 1
    assert localizer.text(None) == ""


def test_text_is_escaped() -> None:
    assert Localizer("zh", "zh").text(text(zh="<script>alert(1)</script>")) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_markdown_is_sanitized() -> None:
    html = markdown_to_safe_html(
        '**ok** <script>alert(1)</script> <img src=x onerror="alert(1)"> [a](javascript:alert(1)) [b](https://example.org)'
    )
    assert "<strong>ok</strong>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html and "<img" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">b</a>' in html


def test_markdown_headings_sit_below_the_page_headings() -> None:
    assert markdown_to_safe_html("# Title\n\ntext") == "<h3>Title</h3>\n<p>text</p>"


def test_json_ld_cannot_close_its_script_tag() -> None:
    assert "</script>" not in script_tag_json({"name": "</script><script>alert(1)</script>"})


def test_relative_links() -> None:
    assert page_path("zh", "zh", "shops", "laobian") == "/shops/laobian/"
    assert page_path("en", "zh", "shops") == "/en/shops/"
    assert relative("/en/shops/laobian/", "/en/streets/zhongjie/") == "../../streets/zhongjie/"
    assert relative("/en/shops/", "/en/shops/laobian/") == "laobian/"
    assert relative("/en/shops/laobian/", "/media/a.webp") == "../../../media/a.webp"
    assert relative("/shops/", "/shops/") == "./"
    import posixpath

    pages = ["/", "/shops/", "/en/", "/en/shops/laobian/", "/en/plaques/shops/x/", "/shops/laobian-1/"]
    targets = [*pages, "/media/a.webp", "/en/shops", "/assets/x/y.css", "/shops/laobian/"]
    for page in pages:  # the same links as posixpath.relpath gives
        for target in targets:
            expected = posixpath.relpath(target, page)
            expected = ("./" if expected == "." else expected + "/") if target.endswith("/") else expected
            assert relative(page, target) == expected, (page, target)


def test_render_writes_only_changes_and_removes_stale_pages(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\n")
    site.write("shops/majia.yml", "name: {zh: 马家烧麦, en: Ma Family Shaomai}\n")
    first = render_site(site.validate(), settings(site))
    docs = site.root / "docs"
    assert {p.relative_to(docs).as_posix() for p in first.written} == {
        f"{kind}/index.{lang}.md" for kind in ("shops", "streets", "parks", "members") for lang in ("zh", "en")
    } | {"shops/laobian.en.md", "shops/laobian.zh.md", "shops/majia.en.md", "shops/majia.zh.md"} | {
        f"timeline/index.{lang}.md" for lang in ("zh", "en")
    }
    again = render_site(site.validate(), settings(site))
    assert again.written == [] and again.removed == [] and again.unchanged == 14
    (site.content / "shops" / "majia.yml").unlink()
    third = render_site(site.validate(), settings(site))
    assert sorted(p.relative_to(docs).as_posix() for p in third.removed) == [
        "shops/majia.en.md",
        "shops/majia.zh.md",
    ]
    assert sorted(p.relative_to(docs).as_posix() for p in third.written) == [
        "shops/index.en.md",
        "shops/index.zh.md",
        "timeline/index.en.md",
        "timeline/index.zh.md",
    ]


def test_drafts_are_left_out_unless_previewing(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\nstatus: draft\n")
    render_site(site.validate(), settings(site))
    assert not (site.root / "docs" / "shops" / "laobian.zh.md").exists()
    render_site(site.validate(), settings(site, include_drafts=True))
    page = (site.root / "docs" / "shops" / "laobian.zh.md").read_text(encoding="utf-8")
    assert 'class="fc-notice fc-notice--draft"' in page


def test_hostile_name_renders_as_text(site: ContentFolder) -> None:
    site.write(
        "shops/evil.yml",
        "name: {zh: '<script>alert(1)</script>', en: '<img src=x onerror=alert(1)>'}\n"
        "description: {zh: '**粗体**<script>alert(2)</script>', en: '<iframe src=x></iframe>text'}\n",
    )
    render_site(site.validate(), settings(site))
    for lang in ("zh", "en"):
        page = (site.root / "docs" / "shops" / f"evil.{lang}.md").read_text(encoding="utf-8")
        body, jsonld = page.split("---\n", 2)[2].split('<script type="application/ld+json">')
        assert "<script" not in body and "<img" not in body and "<iframe" not in body
        assert jsonld.count("<") == 1 and jsonld.endswith("</script>\n")  # only the closing tag
        assert "\\u003c" in jsonld  # the name's "<" is escaped inside the JSON
    zh = (site.root / "docs" / "shops" / "evil.zh.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in zh and "<strong>粗体</strong>" in zh


def test_cross_links_both_ways(site: ContentFolder) -> None:
    site.write("streets/zhongjie.yml", "name: {zh: 中街, en: Zhongjie}\n")
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\nstreet: zhongjie\nfounded: 1829\n")
    site.write("parks/jiuhaoyuan.yml", "name: {zh: 九号院, en: Jiuhaoyuan}\n")
    site.write("members/alliance.yml", "name: {zh: 联盟, en: Alliance}\nrole: alliance\n")
    site.write(
        "members/studio.yml",
        "name: {zh: 示例工作室, en: Sample studio}\npark: jiuhaoyuan\nmember_of: alliance\nsample: true\n",
    )
    render_site(site.validate(), settings(site, include_samples=True))
    docs = site.root / "docs"
    assert '<a href="../../streets/zhongjie/">Zhongjie</a>' in (docs / "shops" / "laobian.en.md").read_text(
        encoding="utf-8"
    )
    street = (docs / "streets" / "zhongjie.en.md").read_text(encoding="utf-8")
    assert '<a href="../../shops/laobian/">Laobian Dumplings</a> <span class="fc-year">1829</span>' in street
    member = (docs / "members" / "studio.en.md").read_text(encoding="utf-8")
    assert (
        '<a href="../../parks/jiuhaoyuan/">Jiuhaoyuan</a>' in member and '<a href="../alliance/">Alliance</a>' in member
    )
    assert "fc-notice--sample" in member
    assert '<a href="../../members/studio/">Sample studio</a>' in (docs / "parks" / "jiuhaoyuan.en.md").read_text(
        encoding="utf-8"
    )
    assert '<a href="../studio/">Sample studio</a>' in (docs / "members" / "alliance.en.md").read_text(encoding="utf-8")


def test_links_between_entries_are_computed_once_per_render(site: ContentFolder, monkeypatch) -> None:
    """The graph is one pass over the entries, not a scan of the catalogue per page."""
    import fangcheng.render

    calls = []
    original = fangcheng.render.relations
    monkeypatch.setattr(fangcheng.render, "relations", lambda *args: calls.append(1) or original(*args))
    site.write("streets/zhongjie.yml", "name: {zh: 中街, en: Zhongjie}\n")
    for index in range(5):
        site.write(f"shops/shop-{index}.yml", f"name: {{zh: 店{index}, en: Shop {index}}}\nstreet: zhongjie\n")
    render_site(site.validate(), settings(site))
    assert len(calls) == 1
    street = (site.root / "docs" / "streets" / "zhongjie.en.md").read_text(encoding="utf-8")
    assert street.count('<li><a href="../../shops/shop-') == 5


def test_a_link_to_a_draft_shows_only_in_the_preview(site: ContentFolder) -> None:
    site.write("streets/zhongjie.yml", "name: {zh: 中街, en: Zhongjie}\nstatus: draft\n")
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\nstreet: zhongjie\n")
    render_site(site.validate(), settings(site))
    shop = site.root / "docs" / "shops" / "laobian.en.md"
    assert "zhongjie" not in shop.read_text(encoding="utf-8")
    render_site(site.validate(), settings(site, include_drafts=True))
    assert (
        '<div class="fc-fact"><dt>Street</dt> <dd><a href="../../streets/zhongjie/">Zhongjie</a></dd></div>'
        in shop.read_text(encoding="utf-8")
    )


def test_missing_english_falls_back_to_chinese_with_a_notice(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\nsummary: {zh: 饺子老店}\n")
    render_site(site.validate(), settings(site))
    page = (site.root / "docs" / "shops" / "laobian.en.md").read_text(encoding="utf-8")
    assert '<p class="fc-entry__summary"><span lang="zh" class="fc-fallback">饺子老店</span></p>' in page
    assert 'fc-notice--fallback" role="note">Parts of this page are not yet translated into English' in page
    assert "fc-notice--fallback" not in (site.root / "docs" / "shops" / "laobian.zh.md").read_text(encoding="utf-8")


def test_shop_facts_are_labelled(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        """\
        name: {zh: 老边饺子馆, en: Laobian Dumplings}
        phone: "024-1234 5678"
        website: https://example.org/laobian
        hours:
          - days: [mon, tue, wed, thu, fri]
            opens: "09:30"
            closes: "21:00"
          - days: [sat, sun]
            opens: "10:00"
            closes: "22:00"
        location: {lat: 41.8, lon: 123.45}
        """,
    )
    render_site(site.validate(), settings(site))
    page = (site.root / "docs" / "shops" / "laobian.en.md").read_text(encoding="utf-8")
    assert '<dt>Phone</dt> <dd><a href="tel:02412345678">024-1234 5678</a></dd>' in page
    assert '<a href="https://example.org/laobian" rel="noopener external">example.org/laobian</a>' in page
    assert '<tr><th scope="row">Mon–Fri</th><td>09:30–21:00</td></tr>' in page
    assert '<tr><th scope="row">Sat, Sun</th><td>10:00–22:00</td></tr>' in page
    assert "<dt>Open in</dt>" in page and "geo:41.800000,123.450000?q=41.800000,123.450000(Laobian%20Dumplings)" in page
    assert [
        label
        for label in ("AMap (Gaode)", "Baidu Maps", "Tencent Maps", "Apple Maps", "Other map app")
        if f">{label}</a>" in page
    ] == ["AMap (Gaode)", "Baidu Maps", "Tencent Maps", "Apple Maps", "Other map app"]
    zh = (site.root / "docs" / "shops" / "laobian.zh.md").read_text(encoding="utf-8")
    assert '<tr><th scope="row">周一至周五</th><td>09:30–21:00</td></tr>' in zh
    assert '<tr><th scope="row">周六、周日</th><td>10:00–22:00</td></tr>' in zh
    assert ">高德地图</a>" in zh and ">百度地图</a>" in zh and ">腾讯地图</a>" in zh and ">Apple 地图</a>" in zh


def test_ui_strings_files_have_the_same_keys_in_chinese_and_english() -> None:
    import yaml

    def keys(node: object, prefix: str = "") -> set[str]:
        if isinstance(node, dict):
            return {k for key, value in node.items() for k in keys(value, f"{prefix}{key}.")}
        return {prefix.rstrip(".")}

    zh = yaml.safe_load((ROOT / "overrides" / "locales" / "zh.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((ROOT / "overrides" / "locales" / "en.yml").read_text(encoding="utf-8"))
    singular = {key for key in keys(en) if key.endswith("_one")}  # English's "1 entry" (UiStrings: count=1)
    assert keys(zh) == keys(en) - singular
    assert {key.removesuffix("_one") for key in singular} <= keys(en)
    ja = yaml.safe_load((ROOT / "overrides" / "locales" / "ja.yml").read_text(encoding="utf-8"))
    assert keys(ja) <= keys(zh)


def test_structured_data_per_kind(site: ContentFolder) -> None:
    import json
    import re

    site.write("streets/zhongjie.yml", "name: {zh: 中街, en: Zhongjie}\nlocation: {lat: 41.801333, lon: 123.456889}\n")
    site.write(
        "shops/laobian.yml",
        """\
        name: {zh: 老边饺子馆, en: Laobian Dumplings}
        founded: 1829
        category: restaurant
        street: zhongjie
        address: {zh: 中街, en: Zhongjie}
        location: {lat: 41.8, lon: 123.45}
        hours:
          - days: [mon, tue]
            opens: "09:30"
            closes: "21:00"
        """,
    )
    site.write("parks/jiuhaoyuan.yml", "name: {zh: 九号院, en: Jiuhaoyuan}\n")
    site.write("members/alliance.yml", "name: {zh: 联盟, en: Alliance}\nrole: alliance\n")
    site.write("members/studio.yml", "name: {zh: 示例, en: Sample}\nmember_of: alliance\npark: jiuhaoyuan\n")
    render_site(site.validate(), settings(site, site_url="https://example.org/sub/"))

    def data(kind: str, entry_id: str) -> dict:
        page = (site.root / "docs" / kind / f"{entry_id}.en.md").read_text(encoding="utf-8")
        return json.loads(re.search(r'<script type="application/ld\+json">(.*)</script>', page).group(1))

    shop = data("shops", "laobian")
    assert shop["@type"] == "Restaurant" and shop["foundingDate"] == "1829"
    assert shop["geo"] == {"@type": "GeoCoordinates", "latitude": 41.8, "longitude": 123.45}
    assert shop["address"] == {"@type": "PostalAddress", "streetAddress": "Zhongjie"}
    assert shop["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Monday", "https://schema.org/Tuesday"],
            "opens": "09:30",
            "closes": "21:00",
        }
    ]
    assert shop["url"] == "https://example.org/sub/en/shops/laobian/"
    assert shop["containedInPlace"]["@id"] == "https://example.org/sub/en/streets/zhongjie/"
    assert data("streets", "zhongjie")["@type"] == ["TouristAttraction", "Place"]
    assert data("parks", "jiuhaoyuan")["@type"] == "Place"
    member = data("members", "studio")
    assert member["@type"] == "Organization"
    assert member["memberOf"] == {
        "@type": "Organization",
        "@id": "https://example.org/sub/en/members/alliance/",
        "name": "Alliance",
    }


def test_tags_show_with_their_labels(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\ntags: [food, no-label-yet]\n")
    render_site(site.validate(), settings(site))
    zh = (site.root / "docs" / "shops" / "laobian.zh.md").read_text(encoding="utf-8")
    assert '<span class="fc-tag">美食</span><span class="fc-tag">no-label-yet</span>' in zh


def test_markdown_fast_path_gives_the_same_html_as_markdown() -> None:
    import random

    from fangcheng.markup import _MARKDOWN_SYNTAX, render_markdown

    rng = random.Random(7)
    alphabet = list("ab 中文，。（）\n.,()\"'-:;0123456789") + ["\n\n", "  ", "\t"]
    checked = 0
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        if not _MARKDOWN_SYNTAX.search(text):
            checked += 1
            assert markdown_to_safe_html(text) == render_markdown(text), repr(text)
    assert checked > 500


def test_search_keywords_spell_the_chinese_name_as_tourists_type_it() -> None:
    from fangcheng.model import Shop
    from fangcheng.search import search_keywords

    shop = Shop.model_validate({"name": {"zh": "马家烧麦", "en": "Ma Family Shaomai"}}, context=ValidationContext())
    whole, parts = search_keywords(shop, "zh", "zh")
    assert whole == "majiashaomai Ma Family Shaomai"  # the name in the other language is a search word too
    assert {"ma", "jia", "shao", "mai", "majia", "shaomai", "jiashaomai", "马家", "烧麦", "麦"} <= set(parts.split())
    whole_en, parts_en = search_keywords(shop, "en", "zh")
    assert whole_en == "majiashaomai 马家烧麦"
    override = Shop.model_validate({"name": {"zh": "那家馆"}, "pinyin": "Nei Jia Guan"}, context=ValidationContext())
    assert search_keywords(override, "zh", "zh")[0] == "neijiaguan"
    green = Shop.model_validate({"name": {"zh": "绿茶"}}, context=ValidationContext())
    assert search_keywords(green, "zh", "zh")[0] == "lucha"


def test_search_keywords_name_the_landmarks_in_every_language() -> None:
    from fangcheng.model import Street
    from fangcheng.search import search_keywords

    street = Street.model_validate(
        {
            "name": {"zh": "中街", "en": "Zhongjie"},
            "landmarks": [{"name": {"zh": "沈阳故宫", "en": "Mukden Palace"}}, {"name": {"zh": "地铁中街站"}}],
        },
        context=ValidationContext(),
    )
    for lang in ("zh", "en"):
        whole, parts = search_keywords(street, lang, "zh")
        words = set(parts.split())
        assert {"沈阳故宫", "Mukden", "Palace", "故宫", "沈阳", "gugong", "shenyanggugong", "地铁中街站"} <= words
        assert "Mukden" not in whole and not {"gu", "zhan", "宫", "站"} & words  # no single syllable or character


def test_kept_entries_keep_their_last_pages_and_others_go(site: ContentFolder) -> None:
    """The preview keeps the pages of an entry that cannot be read now, but not of a deleted one."""
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\n")
    site.write("shops/majia.yml", "name: {zh: 马家烧麦, en: Ma Family Shaomai}\n")
    render_site(site.validate(), settings(site))
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆}\nfounded: soon\n")
    (site.content / "shops" / "majia.yml").unlink()
    report = render_site(site.validate(), settings(site, keep=frozenset({("shops", "laobian")})))
    assert sorted(p.relative_to(site.root / "docs").as_posix() for p in report.removed) == [
        "shops/majia.en.md",
        "shops/majia.zh.md",
    ]
    assert (site.root / "docs" / "shops" / "laobian.zh.md").is_file()


def test_a_template_error_names_its_template_and_line(site: ContentFolder, tmp_path) -> None:
    import shutil

    import jinja2
    import pytest

    from fangcheng.render import template_location

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "overrides" / "fangcheng", templates)
    entry = templates / "entry.html"
    entry.write_text(
        entry.read_text(encoding="utf-8") + '{% if lang == "en" %}{{ 1 + "a" }}{% endif %}\n', encoding="utf-8"
    )
    line = len(entry.read_text(encoding="utf-8").splitlines())
    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\n")
    failing = RenderSettings(
        docs_dir=site.root / "docs", templates_dir=templates, locales_dir=ROOT / "overrides" / "locales"
    )
    with pytest.raises(TypeError) as failure:
        render_site(site.validate(), failing)
    assert template_location(failure.value) == (str(entry), line)
    assert not isinstance(failure.value, jinja2.TemplateError)  # a Python error raised inside the template


def test_plaque_pages_go_into_the_built_site_not_into_docs(site: ContentFolder, tmp_path: Path) -> None:
    """A plaque page is a whole HTML document, not a MkDocs page: it is written into the site MkDocs built."""
    from fangcheng.render import Renderer, write_pages, write_plaques

    site.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian Dumplings}\n")
    renderer = Renderer(site.validate(), settings(site))
    write_pages(renderer)
    built = tmp_path / "site"
    # each language: the staff's list of every plaque, four kinds' "print all" pages and one plaque
    assert write_plaques(renderer, built) == 2 * 6
    assert (built / "plaques" / "index.html").is_file() and (built / "en" / "plaques" / "index.html").is_file()
    assert (built / "plaques" / "shops" / "laobian" / "index.html").is_file()
    assert (built / "en" / "plaques" / "shops" / "laobian" / "index.html").is_file()
    assert (built / "en" / "plaques" / "members" / "index.html").is_file()
    assert sorted(p.name for p in (site.root / "docs").iterdir()) == [
        "members",
        "parks",
        "shops",
        "streets",
        "timeline",
    ]


# --- directions, nearby places, the street's shops in order, opening hours (issue 13) --------------

VISITOR_STREET = """\
    name: {zh: 中街, en: Zhongjie}
    location: {lat: 41.801333, lon: 123.456889}
    path:
      - {lat: 41.8013, lon: 123.4620}
      - {lat: 41.8013, lon: 123.4510}
    landmarks:
      - name: {zh: 沈阳故宫, en: Mukden Palace}
        location: {lat: 41.796161, lon: 123.450708}
    """


def test_nearby_places_with_straight_line_distances_and_shops_in_order_along_the_path(site: ContentFolder) -> None:
    site.write("streets/zhongjie.yml", VISITOR_STREET)
    # West to east along the street, but the path runs east to west: the list follows the path.
    site.write(
        "shops/west.yml", "name: {zh: 西店, en: West Shop}\nstreet: zhongjie\nlocation: {lat: 41.8014, lon: 123.4520}\n"
    )
    site.write(
        "shops/east.yml", "name: {zh: 东店, en: East Shop}\nstreet: zhongjie\nlocation: {lat: 41.8012, lon: 123.4610}\n"
    )
    site.write("shops/nowhere.yml", "name: {zh: 无址店, en: Unplaced Shop}\nstreet: zhongjie\n")
    site.write("shops/far.yml", "name: {zh: 远店, en: Far Shop}\nlocation: {lat: 41.75, lon: 123.40}\n")
    render_site(site.validate(), settings(site))
    street = (site.root / "docs" / "streets" / "zhongjie.en.md").read_text(encoding="utf-8")
    listed = street[street.index('id="fc-shops-on-street"') :]
    assert listed.index("East Shop") < listed.index("West Shop") < listed.index("Unplaced Shop")
    west = (site.root / "docs" / "shops" / "west.en.md").read_text(encoding="utf-8")
    nearby = west[west.index('id="fc-nearby"') : west.index("</section>", west.index('id="fc-nearby"'))]
    assert "Straight-line distance" in nearby
    # The street's point is ~410 m away, the palace ~590 m, the east shop ~750 m; the far shop is out of range.
    assert nearby.index("Zhongjie") < nearby.index("Mukden Palace") < nearby.index("East Shop")
    assert '<span class="fc-distance">410 m</span>' in nearby and "Far Shop" not in nearby
    assert '<a href="../../streets/zhongjie/">Zhongjie</a>' in nearby  # entries link, landmarks do not
    zh = (site.root / "docs" / "shops" / "west.zh.md").read_text(encoding="utf-8")
    assert "直线距离" in zh and '<span class="fc-distance">410 米</span>' in zh
    # A street does not list its own landmarks again under "Nearby", but each landmark gets directions.
    if 'id="fc-nearby"' in street:
        nearby_section = street[street.index('id="fc-nearby"') :]
        assert "Mukden Palace" not in nearby_section[: nearby_section.index("</section>")]
    landmarks = street[street.index('id="fc-landmarks"') :]
    assert "uri.amap.com/marker?position=123.450708,41.796161&amp;name=Mukden%20Palace" in landmarks


def test_the_nearby_lists_are_computed_once_per_render(site: ContentFolder, monkeypatch) -> None:
    from fangcheng import geo

    calls = []
    original = geo.nearest_each
    monkeypatch.setattr(geo, "nearest_each", lambda *a, **k: calls.append(1) or original(*a, **k))
    site.write("streets/zhongjie.yml", VISITOR_STREET)
    for i in range(5):
        site.write(f"shops/s{i}.yml", f"name: {{zh: 店{i}}}\nlocation: {{lat: 41.80{i}, lon: 123.455}}\n")
    render_site(site.validate(), settings(site))
    assert calls == [1]


def test_a_gcj02_point_is_shown_and_linked_as_wgs84(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml", "name: {zh: 老边, en: Laobian}\nlocation: {lat: 41.80350, lon: 123.46010, datum: gcj02}\n"
    )
    catalogue = site.validate()
    point = catalogue.get("shops", "laobian").entry.location
    render_site(catalogue, settings(site))
    page = (site.root / "docs" / "shops" / "laobian.en.md").read_text(encoding="utf-8")
    assert f"geo:{point.lat:.6f},{point.lon:.6f}" in page and f"({point.lat}, {point.lon})" in page
    # Apple Maps draws GCJ-02 in China: its link gets the editor's point back (the round trip is exact).
    assert "maps.apple.com/?ll=41.803500,123.460100&amp;q=Laobian" in page and "position=123.46010" not in page
    assert f'"latitude":{point.lat}' in page and f'"longitude":{point.lon}' in page


HOURS_SHOP = """\
    name: {zh: 老边饺子馆, en: Laobian Dumplings}
    hours:
      - days: [mon, tue, wed, thu]
        opens: "09:30"
        closes: "21:00"
      - days: [fri, sat]
        opens: "18:00"
        closes: "02:00"
    closed: [2023-11-20, 2020-01-01]
    special_hours:
      - dates: [2023-11-25]
        opens: "10:00"
        closes: "16:00"
    holidays: closed
    hours_note: {zh: 以店内公告为准, en: See the notice in the shop}
    """


def test_opening_hours_week_table_badge_data_and_json_ld(site: ContentFolder, monkeypatch) -> None:
    import html
    import json
    import re

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # Wed 15 Nov 2023, 06:13 in Shanghai
    site.write("shops/laobian.yml", HOURS_SHOP)
    render_site(site.validate(), settings(site))
    page = (site.root / "docs" / "shops" / "laobian.en.md").read_text(encoding="utf-8")
    assert '<tr><th scope="row">Mon–Thu</th><td>09:30–21:00</td></tr>' in page
    assert '<tr><th scope="row">Fri, Sat</th><td>18:00–02:00 next day</td></tr>' in page
    assert '<tr><th scope="row">Sun</th><td>Closed</td></tr>' in page
    assert "Public holidays: Closed" in page and "known up to" in page and "Beijing time" in page
    assert (
        '<time datetime="2023-11-20">2023-11-20</time> Closed' in page
        and "2020-01-01" not in page.split("fc-hours__dated")[1]
    )
    assert '<time datetime="2023-11-25">2023-11-25</time> 10:00–16:00' in page
    assert "See the notice in the shop" in page
    badge = re.search(
        r'<p class="fc-hours-badge" role="status" data-pagefind-ignore '
        r'data-fc-hours="([^"]*)" data-fc-text="([^"]*)" hidden></p>',
        page,
    )
    table, text = json.loads(html.unescape(badge.group(1))), json.loads(html.unescape(badge.group(2)))
    assert table["tz"] == "Asia/Shanghai" and table["from"] == 28_332_960  # 2023-11-15 00:00 in Shanghai
    assert table["until"] - table["from"] == 42 * 24 * 60
    assert text["open"] == "Open now · closes {time}" and text["days"][0] == "Mon"
    data = json.loads(
        page[page.index('<script type="application/ld+json">') + 35 : page.index("</script>", page.index("ld+json"))]
    )
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": ["https://schema.org/Friday", "https://schema.org/Saturday"],
        "opens": "18:00",
        "closes": "02:00",
    } in data["openingHoursSpecification"]
    special = {(item["validFrom"], item["opens"], item["closes"]) for item in data["specialOpeningHoursSpecification"]}
    assert ("2023-11-20", "00:00", "00:00") in special and ("2023-11-25", "10:00", "16:00") in special
    zh = (site.root / "docs" / "shops" / "laobian.zh.md").read_text(encoding="utf-8")
    assert '<tr><th scope="row">周五、周六</th><td>18:00–次日 02:00</td></tr>' in zh and "法定节假日：休息" in zh
    assert "正在营业" in html.unescape(zh)
