"""Browse filters, eras and periods, the timeline page and the maps of street, browse and home pages
(rendered, not in a browser: see test_map_pages.py for that)."""

from __future__ import annotations

import json
import re
from html import unescape
from types import SimpleNamespace

import pytest
from conftest import ROOT, ContentFolder

from fangcheng import eras
from fangcheng.eras import Facet, era_of, facets, filter_values, period_of, timeline
from fangcheng.graph import Backlinks, Relations
from fangcheng.render import (
    CARDS_PER_PAGE,
    HOME_MAP_MARKER,
    RenderSettings,
    insert_home_map,
    page_numbers,
    render_site,
)
from fangcheng.site_maps import HOME_LIST_MAX, PageMaps
from fangcheng.ui_strings import load_ui_strings

LOCALES = ROOT / "overrides" / "locales"


def settings(site: ContentFolder) -> RenderSettings:
    return RenderSettings(
        docs_dir=site.root / "docs", templates_dir=ROOT / "overrides" / "fangcheng", locales_dir=LOCALES
    )


def page(site: ContentFolder, path: str) -> str:
    return (site.root / "docs" / path).read_text(encoding="utf-8")


# --- eras and periods ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "era"),
    [
        (None, None),
        (1000, "before-1800"),
        (1799, "before-1800"),
        (1800, "1800-1911"),
        (1911, "1800-1911"),
        (1912, "1912-1949"),
        (1948, "1912-1949"),
        (1949, "since-1949"),
        (2026, "since-1949"),
    ],
)
def test_era_buckets_have_no_gap_and_no_overlap(year: int | None, era: str | None) -> None:
    assert era_of(year) == era


@pytest.mark.parametrize(
    ("year", "period"),
    [
        (1000, "before-yuan"),
        (1270, "before-yuan"),
        (1271, "yuan"),
        (1367, "yuan"),
        (1368, "ming"),
        (1620, "ming"),
        (1621, "later-jin"),  # the Later Jin took Shenyang in 1621
        (1625, "later-jin"),
        (1635, "later-jin"),
        (1636, "qing"),  # Hong Taiji renamed the state Qing in 1636
        (1644, "qing"),
        (1796, "qing"),
        (1911, "qing"),
        (1912, "roc"),  # the Republic was founded on 1 January 1912
        (1931, "roc"),
        (1948, "roc"),
        (1949, "prc"),  # proclaimed on 1 October 1949
        (2026, "prc"),
    ],
)
def test_periods_in_shenyang(year: int, period: str) -> None:
    assert period_of(year).key == period


def test_every_year_has_one_period_and_every_period_and_era_has_its_names() -> None:
    for year in range(1000, 2101):
        assert sum(eras._within(year, p.start, p.end) for p in eras.PERIODS) == 1
        assert sum(eras._within(year, start, end) for _, start, end in eras.ERAS) == 1
    for lang in ("zh", "en"):
        strings = load_ui_strings(LOCALES, lang, "zh")
        for period in eras.PERIODS:
            assert strings.source_language(f"period.{period.key}") == lang
        for key, _, _ in eras.ERAS:
            assert strings.source_language(f"era.{key}") == lang
    zh = load_ui_strings(LOCALES, "zh", "zh")
    assert [zh(f"period.{key}") for key in ("later-jin", "qing", "roc", "prc")] == [
        "后金",
        "清",
        "民国",
        "中华人民共和国",
    ]


# --- filters and counts ----------------------------------------------------------------------


def shop(category: str | None = None, levels: tuple[str, ...] = (), founded: int | None = None) -> SimpleNamespace:
    return SimpleNamespace(
        category=category, founded=founded, recognitions=[SimpleNamespace(level=level) for level in levels]
    )


def test_filter_values_of_an_entry() -> None:
    assert filter_values(shop("tea", ("municipal", "national", "national"), 1911)) == {
        "category": ["tea"],
        "level": ["national", "municipal"],
        "era": ["1800-1911"],
    }
    assert filter_values(shop()) == {}
    assert filter_values(SimpleNamespace(approved=2022)) == {}  # a park: no filter applies


def test_filter_counts_follow_the_model_order_and_count_each_entry_once_per_option() -> None:
    entries = [
        shop("tea", ("national", "national"), 1750),
        shop("restaurant", ("municipal",), 1829),
        shop("restaurant", ("national", "district"), 1949),
        shop(None, (), None),
    ]
    result = facets(map(filter_values, entries), ("restaurant", "snacks", "tea"))
    assert result == [
        Facet("category", (("restaurant", 2), ("tea", 1))),
        Facet("level", (("national", 2), ("municipal", 1), ("district", 1))),
        Facet("era", (("before-1800", 1), ("1800-1911", 1), ("since-1949", 1))),
    ]
    assert facets([{}, {}]) == []


def test_filter_counts_of_3000_entries() -> None:
    entries = [
        shop(
            ("tea", "restaurant", "crafts")[i % 3],
            ("national",) if i % 2 else ("provincial", "municipal"),
            1700 + i % 320,
        )
        for i in range(3000)
    ]
    by_name = {f.name: dict(f.options) for f in facets(map(filter_values, entries), ("restaurant", "tea", "crafts"))}
    assert by_name["category"] == {"tea": 1000, "restaurant": 1000, "crafts": 1000}
    assert by_name["level"] == {"national": 1500, "provincial": 1500, "municipal": 1500}
    assert sum(by_name["era"].values()) == 3000
    assert by_name["era"]["1912-1949"] == sum(1 for i in range(3000) if 1912 <= 1700 + i % 320 <= 1948)


# --- the browse page -------------------------------------------------------------------------

SHOPS = {
    "laobian": "name: {zh: 老边饺子馆, en: Laobian Dumplings}\nfounded: 1829\ncategory: restaurant\n"
    "recognitions:\n  - {title: {zh: 中华老字号, en: China Time-honoured Brand}, level: national}\n"
    "  - {title: {zh: 沈阳老字号, en: Shenyang Time-honoured Brand}, level: municipal}\n",
    "majia": "name: {zh: 马家烧麦, en: Ma Family Shaomai}\nfounded: 1796\ncategory: restaurant\n",
    "later": "name: {zh: 后金老店, en: Later Jin Shop}\nfounded: 1625\ncategory: tea\n",
    "roc": "name: {zh: 民国茶庄, en: Republic Tea House}\nfounded: 1912\ncategory: tea\n",
    "prc": "name: {zh: 新店, en: New Shop}\nfounded: 1949\n",
    "undated": "name: {zh: 无年份, en: Undated Shop}\n",
}


@pytest.fixture
def rendered(site: ContentFolder) -> ContentFolder:
    for entry_id, text in SHOPS.items():
        site.write(f"shops/{entry_id}.yml", text)
    render_site(site.validate(), settings(site))
    return site


def test_browse_cards_carry_their_filter_values_and_the_form_shows_counts(rendered: ContentFolder) -> None:
    html = page(rendered, "shops/index.en.md")
    cards = re.findall(r'<li class="fc-card"([^>]*)>\n.*?<h2 class="fc-card__name"><a href="([^"]+)"', html, re.S)
    assert dict((href, attrs) for attrs, href in cards) == {
        "laobian/": ' data-category="restaurant" data-era="1800-1911" data-level="national municipal"',
        "later/": ' data-category="tea" data-era="before-1800"',
        "majia/": ' data-category="restaurant" data-era="before-1800"',
        "prc/": ' data-era="since-1949"',
        "roc/": ' data-category="tea" data-era="1912-1949"',
        "undated/": "",
    }
    options = re.findall(
        r'<input type="checkbox" name="(\w+)" value="([\w-]+)"> ([^<]+) '
        r'<span class="fc-filters__count">\(<span data-fc-count>(\d+)</span>\)',
        html,
    )
    assert options == [
        ("category", "restaurant", "Restaurant", "2"),
        ("category", "tea", "Tea", "2"),
        ("level", "national", "National", "1"),
        ("level", "municipal", "Municipal", "1"),
        ("era", "before-1800", "Before 1800", "2"),
        ("era", "1800-1911", "1800–1911", "1"),
        ("era", "1912-1949", "1912–1949", "1"),
        ("era", "since-1949", "Since 1949", "1"),
    ]
    assert (
        '<form class="fc-filters" id="fc-filters" aria-labelledby="fc-filters-title" data-fc-filters hidden>' in html
    )  # shown by the script
    assert re.search(
        r'<p class="fc-browse__count" id="fc-count" role="status" aria-live="polite" data-fc-total="6" '
        r'data-fc-template="Showing \{shown\} of \{count\} entries"[^>]*>6 entries</p>',
        html,
    )
    # One button opens the filters; it shows how many options are chosen (the script fills it in).
    assert re.search(
        r'<button type="button" class="fc-filter-toggle md-button" aria-expanded="false" aria-controls="fc-filters" '
        r"data-fc-filter-toggle>Filters<span class=\"fc-filter-toggle__count\" data-fc-active hidden>",
        html,
    )
    assert '<ul class="fc-cards" id="cards">' in html
    zh = page(rendered, "shops/index.zh.md")
    assert (
        "<legend>创立年代</legend>" in zh
        and "> 1949 年至今 <" in zh
        and 'data-fc-template="显示 {shown} 条，共 {count} 条"' in zh
    )


def test_a_kind_without_filter_values_has_no_form_but_its_count(rendered: ContentFolder) -> None:
    html = page(rendered, "parks/index.en.md")
    assert "fc-filters" not in html and "fc-filter-toggle" not in html
    assert 'id="fc-count" role="status"' in html and ">0 entries<" in html


# --- the timeline ----------------------------------------------------------------------------


def test_timeline_groups_shops_by_period_in_order_of_year(rendered: ContentFolder) -> None:
    html = page(rendered, "timeline/index.en.md")
    sections = re.findall(
        r'<h2 id="fc-period-([\w-]+)">([^<]+?)(?: <span class="fc-period__years">([^<]*)</span>)?</h2>(.*?)</section>',
        html,
        re.S,
    )
    assert [
        (key, unescape(name), years, re.findall(r'<a href="\.\./shops/([\w-]+)/">', body))
        for key, name, years, body in sections
    ] == [
        ("later-jin", "Later Jin", "1621–1636", ["later"]),
        ("qing", "Qing dynasty", "1636–1912", ["majia", "laobian"]),
        ("roc", "Republic of China", "1912–1949", ["roc"]),
        ("prc", "People's Republic of China", "1949 to today", ["prc"]),
        ("undated", "Year of founding not known", "", ["undated"]),
    ]
    zh = page(rendered, "timeline/index.zh.md")
    assert re.findall(r'<h2 id="fc-period-[\w-]+">([^<]+)', zh) == [
        "后金 ",
        "清 ",
        "民国 ",
        "中华人民共和国 ",
        "创立年份不详",
    ]
    assert '"title": "年表"' in zh and '"kind": "timeline"' in zh


def test_timeline_of_records() -> None:
    records = [
        SimpleNamespace(id=i, entry=SimpleNamespace(founded=year))
        for i, year in (("b", 1900), ("a", 1900), ("c", None), ("d", 1300))
    ]
    groups, undated = timeline(records)
    assert [(g.period.key, [r.id for r in g.items]) for g in groups] == [("yuan", ["d"]), ("qing", ["a", "b"])]
    assert [r.id for r in undated] == ["c"]


# --- maps ------------------------------------------------------------------------------------


def maps(lang: str = "en") -> PageMaps:
    strings = load_ui_strings(LOCALES, lang, "zh")
    value = lambda text: text.get(lang) or text.get("zh")  # noqa: E731
    return PageMaps(
        lang,
        "zh",
        strings,
        value,
        lambda text: not text.get(lang),
        lambda kind, entry_id=None: f"../{kind}/{entry_id}/",
    )


def record(
    kind: str, entry_id: str, zh: str, en: str | None, lat: float | None = None, lon: float | None = None, **fields
) -> SimpleNamespace:
    location = SimpleNamespace(lat=lat, lon=lon) if lat is not None else None
    name = {"zh": zh, **({"en": en} if en else {})}
    return SimpleNamespace(kind=kind, id=entry_id, entry=SimpleNamespace(name=name, location=location, **fields))


def test_the_street_map_draws_its_path_its_shops_and_landmarks_and_lists_them() -> None:
    landmark = SimpleNamespace(
        name={"zh": "沈阳故宫", "en": "Mukden Palace"}, location=SimpleNamespace(lat=41.7962, lon=123.4507)
    )
    far = SimpleNamespace(name={"zh": "无位置"}, location=None)
    street = record(
        "streets",
        "zhongjie",
        "中街",
        "Zhongjie",
        41.8013,
        123.4569,
        landmarks=[landmark, far],
        path=[SimpleNamespace(lat=41.7987, lon=123.452), SimpleNamespace(lat=41.7987, lon=123.465)],
    )
    shops = [
        record("shops", "laobian", "老边饺子馆", "Laobian Dumplings", 41.7987, 123.455, category="restaurant"),
        record("shops", "majia", "马家烧麦", None, 41.7988, 123.46),
        record("shops", "nowhere", "无处", "Nowhere"),
    ]
    html = str(maps("en").for_street(street, Relations(backlinks=[Backlinks("label.shops_on_street", "x", shops)])))
    assert html.count("<polyline") == 2  # the street's casing and fill
    assert '<a href="../shops/laobian/" aria-label="Laobian Dumplings" class="fc-map__pin">' in html
    assert (
        '<a href="../shops/majia/" aria-label="马家烧麦" lang="zh" class="fc-map__pin">' in html
    )  # a fallback name says its language
    assert "Nowhere" not in html and "无位置" not in html
    assert (
        'aria-label="Map of Zhongjie"' in html
        and ">Schematic drawing, not a survey map" in html
        and ">Skip the map</a>" in html
    )
    assert (
        '<ol class="fc-map__list" id="fc-map-list"><li><a href="../shops/laobian/">Laobian Dumplings</a> '
        '<span class="fc-map__category">Restaurant</span></li>'
        '<li><a href="../shops/majia/" lang="zh">马家烧麦</a></li></ol>'
    ) in html
    assert '<ul class="fc-map__landmarks"><li><span>Mukden Palace</span></li></ul>' in html


def test_a_street_with_nothing_to_draw_has_no_map() -> None:
    street = record("streets", "x", "某街", "Some Street", landmarks=[], path=[])
    assert str(maps().for_street(street, Relations())) == ""


def test_the_browse_map_points_its_clusters_at_the_cards() -> None:
    shops = [record("shops", f"s{i}", f"店{i}", f"Shop {i}", 41.8, 123.45 + i * 1e-6) for i in range(3)]
    html = str(maps().browse("Time-honoured shops", shops))
    assert 'href="#cards" aria-label="3 entries, among them Shop 0: see the list" class="fc-map__cluster"' in html
    assert '<a class="fc-map__skip" href="#cards">' in html and "fc-map__list" not in html  # the cards are the list


def test_the_home_map_lists_its_pins_or_links_the_browse_pages_when_there_are_many() -> None:
    few = [record("shops", f"s{i}", f"店{i}", f"Shop {i}", 41.8, 123.40 + i * 0.01) for i in range(3)]
    html = str(maps().home([("Shops", "../shops/#cards", few), ("Parks", "../parks/#cards", [])], []))
    assert 'id="fc-home-map"' in html and html.count('<li><a href="../shops/s') == 3
    many = [
        record("shops", f"s{i}", f"店{i}", f"Shop {i}", 41.7 + (i % 60) * 0.003, 123.35 + (i // 60) * 0.003)
        for i in range(HOME_LIST_MAX + 1)
    ]
    html = str(maps().home([("Shops", "shops/#cards", many)], []))
    assert (
        '<ul class="fc-map__list" id="fc-home-map-list"><li><a href="shops/#cards">Shops</a> '
        '<span class="fc-map__category">151 entries</span></li></ul>' in html
    )
    assert 'href="#fc-home-map-list"' in html
    assert str(maps().home([("Shops", "shops/", [])], [])) == ""


def test_the_home_map_goes_where_the_editors_put_its_marker() -> None:
    home_map = "<!-- fangcheng:part map -->\n<figure>map</figure>\n<!-- fangcheng:part sprite -->\n<svg></svg>\n"
    assert (
        insert_home_map(f"<p>a</p>\n{HOME_MAP_MARKER}\n<p>b</p>", home_map)
        == "<p>a</p>\n<figure>map</figure>\n\n<p>b</p><svg></svg>\n"
    )
    assert insert_home_map("<p>no marker</p>", home_map) == "<p>no marker</p>"
    assert insert_home_map(HOME_MAP_MARKER, "") == ""  # nothing rendered for it: no map, no marker
    for lang in ("zh", "en"):
        assert HOME_MAP_MARKER in (ROOT / "docs" / f"index.{lang}.md").read_text(encoding="utf-8")


def test_hostile_names_stay_text_on_every_map(rendered: ContentFolder) -> None:
    evil = '"><script>alert(1)</script><svg onload=alert(1)>'
    street = record(
        "streets",
        "x",
        evil,
        evil,
        41.8,
        123.45,
        landmarks=[SimpleNamespace(name={"zh": evil}, location=SimpleNamespace(lat=41.801, lon=123.451))],
        path=[(41.8, 123.45), (41.8, 123.46)],
    )
    shops = [record("shops", "a", evil, evil, 41.8, 123.452, category="tea")]
    for html in (
        maps().for_street(street, Relations(backlinks=[Backlinks("t", "x", shops)])),
        maps().browse(evil, shops),
        maps().home([(evil, "shops/", shops)], [street]),
    ):
        assert "<script" not in str(html) and "<svg onload" not in str(html)


def test_a_street_with_a_point_but_no_path_is_drawn_as_a_labelled_point_on_its_map() -> None:
    """Zhongjie's entry has a point and no path: its own map draws it as a ring with its name."""
    palace = SimpleNamespace(
        name={"zh": "沈阳故宫", "en": "Mukden Palace"}, location=SimpleNamespace(lat=41.796161, lon=123.450708)
    )
    street = record(
        "streets", "zhongjie", "中街", "Zhongjie Pedestrian Street", 41.801333, 123.456889, landmarks=[palace]
    )
    html = str(maps("en").for_street(street, Relations()))
    ring = re.search(r'<g class="fc-map__street">(.*?)</g>', html)
    assert ring and "<circle" in ring.group(1) and ">Zhongjie Pedestrian Street</text>" in ring.group(1)
    assert re.search(r'<g class="fc-map__landmark">.*?>Mukden Palace</text>', html)
    assert (
        '<ul class="fc-map__landmarks" id="fc-map-list"><li><span>Mukden Palace</span></li></ul>' in html
    )  # the street: not a landmark


def test_the_browse_map_shows_the_streets_and_landmarks_to_orient_by() -> None:
    palace = SimpleNamespace(
        name={"zh": "沈阳故宫", "en": "Mukden Palace"}, location=SimpleNamespace(lat=41.796161, lon=123.450708)
    )
    lined = record(
        "streets",
        "zhongjie",
        "中街",
        "Zhongjie",
        41.8013,
        123.4569,
        landmarks=[palace],
        path=[SimpleNamespace(lat=41.8013, lon=123.451), SimpleNamespace(lat=41.8014, lon=123.4625)],
    )
    pointed = record("streets", "other", "某街", "Some Street", 41.8, 123.458, landmarks=[], path=[])
    shops = [record("shops", f"s{i}", f"店{i}", f"Shop {i}", 41.80 + i * 1e-4, 123.455 + i * 1e-4) for i in range(3)]
    html = str(maps("en").browse("Time-honoured shops", shops, streets=[lined, pointed]))
    assert (
        html.count("<polyline") == 2 and '<g class="fc-map__street-name"><text' in html and ">Zhongjie</text>" in html
    )
    assert re.search(r'<g class="fc-map__street">.*?>Some Street</text>', html)
    assert ">Mukden Palace</text>" in html
    # On the streets' own browse page, a street is a pin: not drawn again as a point.
    html = str(maps("en").browse("Streets", [pointed], streets=[lined, pointed]))
    assert 'fc-map__street"' not in html and 'aria-label="Some Street" class="fc-map__pin"' in html


# --- long lists: numbered pages, and every card as JSON for the filters ----------------------------


def test_page_numbers_keep_the_first_the_last_and_the_neighbours() -> None:
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(1, 25) == [1, 2, None, 25]
    assert page_numbers(7, 25) == [1, None, 6, 7, 8, None, 25]
    assert page_numbers(24, 25) == [1, None, 23, 24, 25]
    assert page_numbers(3, 25) == [1, 2, 3, 4, None, 25]


def many_shops(site: ContentFolder, count: int) -> None:
    for path in (site.content / "shops").glob("*.yml") if (site.content / "shops").is_dir() else ():
        path.unlink()
    for i in range(count):
        category = ("restaurant", "tea")[i % 2]
        site.write(
            f"shops/shop-{i:03d}.yml", f"name: {{zh: 店{i}, en: Shop {i}}}\nfounded: {1800 + i}\ncategory: {category}\n"
        )


def test_a_long_list_has_at_most_60_cards_a_page_and_every_card_in_json(site: ContentFolder) -> None:
    many_shops(site, 130)
    render_site(site.validate(), settings(site))
    first, second, third = (
        page(site, name) for name in ("shops/index.en.md", "shops/page/2.en.md", "shops/page/3.en.md")
    )
    assert not (site.root / "docs" / "shops" / "page" / "4.en.md").exists()
    cards = [re.findall(r'<h2 class="fc-card__name"><a href="([^"]+)"', html) for html in (first, second, third)]
    assert [len(found) for found in cards] == [CARDS_PER_PAGE, CARDS_PER_PAGE, 10]
    assert cards[0][0] == "shop-000/" and cards[1][0] == "../../shop-060/" and cards[2][-1] == "../../shop-129/"
    # The filters count every shop of the kind on every page, and the first page points at the JSON.
    for html in (first, second, third):
        tea = '<input type="checkbox" name="category" value="tea"> Tea <span class="fc-filters__count">('
        assert tea + "<span data-fc-count>65</span>)" in html
        assert ">130 entries</p>" in html
    assert '<ul class="fc-cards" id="cards" data-fc-all="./cards.json">' in first
    assert '<ul class="fc-cards" id="cards" data-fc-all="../../cards.json">' in second
    # Plain links between the pages, which work without JavaScript.
    assert '<a class="fc-pages__number" href="page/2/" aria-label="Page 2">2</a>' in first
    assert '<a class="fc-pages__number" href="./" aria-current="page" aria-label="Page 2">2</a>' in second
    assert '<a class="fc-pages__step" href="../../" rel="prev">‹ Previous</a>' in second
    assert '<a class="fc-pages__step fc-pages__step--next" href="../3/" rel="next">Next ›</a>' in second
    assert '"title": "Time-honoured shops, page 2"' in second and '"title": "Time-honoured shops"' in first
    assert "（第 2 页）" in page(site, "shops/page/2.zh.md")
    data = json.loads((site.root / "docs" / "shops" / "cards.en.json").read_text(encoding="utf-8"))
    links = re.findall(r'<h2 class="fc-card__name"><a href="([^"]+)"', data["html"])
    assert data["count"] == 130 and links == [f"shop-{i:03d}/" for i in range(130)]  # relative to the first page
    assert data["html"].count('data-category="tea"') == 65
    # Fewer shops: the pages and the JSON that no longer belong go.
    many_shops(site, CARDS_PER_PAGE)
    render_site(site.validate(), settings(site))
    assert not (site.root / "docs" / "shops" / "page" / "2.en.md").exists()
    assert not (site.root / "docs" / "shops" / "cards.en.json").exists()
    assert "fc-pages" not in page(site, "shops/index.en.md") and "data-fc-all" not in page(site, "shops/index.en.md")
