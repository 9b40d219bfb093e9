"""Datum conversion, distances, order along a street, map-app links and path checks (geo.py)."""

from __future__ import annotations

import warnings
from urllib.parse import parse_qs, unquote, urlsplit

import prcoords
import pytest

from fangcheng.geo import (
    Point,
    format_distance,
    in_china,
    map_links,
    nearest,
    order_along,
    parse_datum,
    path_length_m,
    place_on_path,
    straight_line_m,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

# The Shenyang region of mkdocs.yml (extra.fangcheng.region), as a grid of 15 x 15 points.
SOUTH, NORTH, WEST, EAST = 41.18, 43.05, 122.42, 123.82
GRID = [Point(SOUTH + (NORTH - SOUTH) * i / 14, WEST + (EAST - WEST) * j / 14) for i in range(15) for j in range(15)]
ZHONGJIE = Point(41.801333, 123.456889)  # the model's example point, on Zhongjie


@pytest.mark.parametrize("forward, datum", [(wgs84_to_gcj02, "gcj02"), (wgs84_to_bd09, "bd09")])
def test_round_trip_over_shenyang_holds_within_a_metre(forward, datum):
    worst = max(straight_line_m(p, to_wgs84(forward(p).lat, forward(p).lon, datum)) for p in GRID)
    assert worst < 1.0
    # ...and the conversion really moves points (GCJ-02 is a few hundred metres off in Shenyang).
    assert min(straight_line_m(p, forward(p)) for p in GRID) > 100


def test_to_wgs84_matches_prcoords_forward_transform():
    gcj = prcoords.wgs_gcj(prcoords.Coords(ZHONGJIE.lat, ZHONGJIE.lon))
    back = to_wgs84(gcj.lat, gcj.lon, "gcj02")
    assert straight_line_m(back, ZHONGJIE) < 0.01


def test_wgs84_is_left_as_it_is():
    assert to_wgs84(ZHONGJIE.lat, ZHONGJIE.lon, "wgs84") == ZHONGJIE


@pytest.mark.parametrize("datum", ["gcj02", "bd09"])
def test_points_outside_china_are_unchanged_and_quiet(datum):
    paris = Point(48.8566, 2.3522)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # prcoords warns on non-Chinese points unless asked not to check
        assert not in_china(paris.lat, paris.lon)
        assert to_wgs84(paris.lat, paris.lon, datum) == paris
        assert wgs84_to_gcj02(paris) == paris
        assert wgs84_to_bd09(paris) == paris


@pytest.mark.parametrize(
    "text, datum",
    [
        ("wgs84", "wgs84"),
        ("WGS-84", "wgs84"),
        ("GCJ-02", "gcj02"),
        ("gcj02", "gcj02"),
        ("bd09", "bd09"),
        ("BD09ll", "bd09"),
        (" bd_09 ", "bd09"),
    ],
)
def test_parse_datum_accepts_editors_spellings(text, datum):
    assert parse_datum(text) == datum


@pytest.mark.parametrize("text", ["", "wgs", "mercator", "bd09mc", "高德"])
def test_parse_datum_refuses_anything_else(text):
    assert parse_datum(text) is None


def test_straight_line_distance_known_values():
    # One degree of latitude is 111.2 km on the mean sphere; 0.001 deg of longitude at 41.8 N is 82.9 m.
    assert straight_line_m(Point(41, 123), Point(42, 123)) == pytest.approx(111_195, rel=1e-4)
    assert straight_line_m(ZHONGJIE, Point(ZHONGJIE.lat, ZHONGJIE.lon + 0.001)) == pytest.approx(82.9, abs=0.2)
    assert straight_line_m(ZHONGJIE, ZHONGJIE) == 0


def test_nearest_orders_by_distance_excludes_self_and_limits():
    candidates = [
        ("far", Point(ZHONGJIE.lat + 0.01, ZHONGJIE.lon)),
        ("self", ZHONGJIE),
        ("near", Point(ZHONGJIE.lat + 0.001, ZHONGJIE.lon)),
        ("tie", Point(ZHONGJIE.lat - 0.001, ZHONGJIE.lon)),
    ]
    result = nearest(ZHONGJIE, candidates, 2, exclude="self")
    assert [key for key, _ in result] == ["near", "tie"]
    assert result[0][1] == pytest.approx(111.2, abs=0.2)
    assert [key for key, _ in nearest(ZHONGJIE, candidates, 10, exclude="self", within_m=500)] == ["near", "tie"]
    assert nearest(ZHONGJIE, candidates, 0) == []


@pytest.mark.parametrize(
    "metres, zh, en",
    [
        (0, "10 米", "10 m"),
        (4, "10 米", "10 m"),
        (318, "320 米", "320 m"),
        (994, "990 米", "990 m"),
        (996, "1.0 公里", "1.0 km"),
        (1234, "1.2 公里", "1.2 km"),
        (9_960, "10 公里", "10 km"),
        (23_456, "23 公里", "23 km"),
    ],
)
def test_format_distance_per_language(metres, zh, en):
    assert format_distance(metres, "zh") == zh
    assert format_distance(metres, "en") == en


# A bent street: east 0.004 deg, then north 0.004 deg.
PATH = [Point(41.800, 123.450), Point(41.800, 123.454), Point(41.804, 123.454)]


def test_place_on_path_measures_along_and_off():
    corner = place_on_path(PATH, Point(41.800, 123.454))
    assert corner.along_m == pytest.approx(straight_line_m(PATH[0], PATH[1]), rel=1e-3)
    assert corner.off_m == pytest.approx(0, abs=0.01)
    beside = place_on_path(PATH, Point(41.8005, 123.452))  # 55 m north of the first leg's middle
    assert beside.along_m == pytest.approx(straight_line_m(PATH[0], PATH[1]) / 2, rel=1e-3)
    assert beside.off_m == pytest.approx(55.6, abs=0.5)


def test_order_along_sorts_shops_by_the_street_not_by_latitude():
    shops = [
        ("north-end", Point(41.8039, 123.4541)),
        ("start", Point(41.7999, 123.4501)),
        ("corner", Point(41.8001, 123.4539)),
        ("middle-of-first-leg", Point(41.8002, 123.452)),
        ("before-the-start", Point(41.800, 123.449)),
    ]
    order = [key for key, _ in order_along(PATH, shops)]
    assert order == ["before-the-start", "start", "middle-of-first-leg", "corner", "north-end"]
    assert path_length_m(PATH) == pytest.approx(332.5 + 444.8, abs=1)


def test_order_along_needs_a_path():
    with pytest.raises(ValueError):
        order_along([PATH[0]], [("a", PATH[0])])


def _params(href: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query, keep_blank_values=True).items()}


def test_map_links_put_the_pin_on_the_right_spot_in_every_app():
    links = {link.app: link.href for link in map_links(ZHONGJIE, "老边饺子馆", address="中街", source="fangcheng")}
    assert list(links) == ["amap", "baidu", "tencent", "apple", "geo"]

    amap = urlsplit(links["amap"])
    assert (amap.scheme, amap.netloc, amap.path) == ("https", "uri.amap.com", "/marker")
    assert _params(links["amap"]) == {
        "position": "123.456889,41.801333",
        "name": "老边饺子馆",
        "src": "fangcheng",
        "coordinate": "wgs84",
        "callnative": "1",
    }

    baidu = urlsplit(links["baidu"])
    assert (baidu.netloc, baidu.path) == ("api.map.baidu.com", "/marker")
    assert _params(links["baidu"]) == {
        "location": "41.801333,123.456889",
        "title": "老边饺子馆",
        "content": "中街",
        "output": "html",
        "coord_type": "wgs84",
        "src": "webapp.fangcheng.site",
    }

    tencent = urlsplit(links["tencent"])
    assert (tencent.netloc, tencent.path) == ("apis.map.qq.com", "/uri/v1/marker")
    assert _params(links["tencent"]) == {
        "marker": "coord:41.801333,123.456889;title:老边饺子馆;addr:中街",
        "coord_type": "1",
        "referer": "fangcheng",
    }

    gcj = prcoords.wgs_gcj(prcoords.Coords(ZHONGJIE.lat, ZHONGJIE.lon))
    apple = _params(links["apple"])
    assert urlsplit(links["apple"]).netloc == "maps.apple.com"
    assert apple == {"ll": f"{gcj.lat:.6f},{gcj.lon:.6f}", "q": "老边饺子馆"}
    assert 300 < straight_line_m(ZHONGJIE, Point(*map(float, apple["ll"].split(",")))) < 800

    assert unquote(links["geo"]) == "geo:41.801333,123.456889?q=41.801333,123.456889(老边饺子馆)"


HOSTILE = 'A&b=1#x"><script>alert(1)</script>;title:evil|coord:0,0 (x)\n\x00'


def test_map_links_encode_hostile_labels():
    links = {link.app: link.href for link in map_links(ZHONGJIE, HOSTILE, source="x&y=<z>")}
    for href in links.values():
        assert not set("<>\"'\n\x00 #") & set(href.split("#", 1)[0]), href
        assert "#" not in href
    cleaned = 'A&b=1#x"><script>alert(1)</script>;title:evil|coord:0,0 (x)'
    assert _params(links["amap"])["name"] == cleaned
    assert _params(links["amap"])["src"] == "xyz"
    assert _params(links["baidu"])["title"] == cleaned
    assert _params(links["apple"])["q"] == cleaned
    marker = _params(links["tencent"])["marker"]
    assert [part.split(":", 1)[0] for part in marker.split(";")] == ["coord", "title", "addr"]
    assert marker.split(";")[0] == "coord:41.801333,123.456889"
    geo = links["geo"]
    assert (
        geo.startswith("geo:41.801333,123.456889?q=41.801333,123.456889(") and geo.count("(") == 1 and geo.endswith(")")
    )


def test_map_links_shorten_and_clean_labels():
    href = {link.app: link.href for link in map_links(ZHONGJIE, "  长" * 200)}["amap"]
    assert _params(href)["name"] == ("长 " * 40).strip()[:80]


def test_nearest_each_matches_the_all_pairs_answer() -> None:
    import random

    from fangcheng.geo import nearest, nearest_each

    rng = random.Random(13)
    places = [(i, Point(41.79 + rng.random() * 0.03, 123.43 + rng.random() * 0.04)) for i in range(400)]
    fast = nearest_each(places, 5, within_m=800)
    for key, where in places[::37]:
        assert fast[key] == nearest(where, places, 5, within_m=800, exclude=key)


def test_nearest_each_skips_pairs_and_far_places() -> None:
    from fangcheng.geo import nearest_each

    places = [
        ("street", Point(41.8013, 123.4569)),
        ("its-landmark", Point(41.8014, 123.4570)),
        ("shop", Point(41.8020, 123.4569)),
        ("far", Point(41.9, 123.6)),
    ]
    result = nearest_each(places, 3, within_m=1000, skip=lambda a, b: {a, b} == {"street", "its-landmark"})
    assert [key for key, _ in result["street"]] == ["shop"]
    assert result["far"] == []
    assert [key for key, _ in result["shop"]] == ["street", "its-landmark"] or [key for key, _ in result["shop"]] == [
        "its-landmark",
        "street",
    ]
