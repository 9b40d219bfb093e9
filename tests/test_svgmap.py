"""The schematic map (fangcheng.svgmap): projection, fitting, scale bar, clustering, label placement,
escaping, size and determinism. The browser side is tests/test_svgmap_browser.py."""

from __future__ import annotations

import hashlib
import math
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from itertools import combinations

import pytest
from conftest import EN, ROOT, ZH
from hostile import PAYLOAD, RAW_MARKERS
from map_geometry import read_map

from fangcheng import svgmap
from fangcheng.svgmap import (
    Landmark,
    MapStrings,
    Pin,
    Polyline,
    cluster,
    distance_text,
    draw_map,
    fit,
    intersects,
    layout_map,
    list_items,
    map_list,
    scale_bar,
    text_width,
)

SVG = "{http://www.w3.org/2000/svg}"
# Zhongjie runs west–east for about 1.5 km at 41.80° N.
WEST, EAST, LAT = 123.452, 123.470, 41.7986


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * svgmap.EARTH_RADIUS_M * math.asin(math.sqrt(h))


def street_pins(n: int, seed: int = 1, *, spread: float = 0.001, label: str = "老字号 {i} Shop") -> list[Pin]:
    rng = random.Random(seed)
    return [
        Pin(LAT + rng.uniform(-spread, spread), rng.uniform(WEST, EAST), label.format(i=i), f"../shops/shop-{i}/")
        for i in range(n)
    ]


def svg_of(markup: str) -> ET.Element:
    """The <svg> element of draw_map's output, parsed as XML (so it must be well-formed)."""
    match = re.search(r"<svg.*</svg>", markup, re.S)
    assert match
    return ET.fromstring(match.group(0))


# --- projection and fitting ---------------------------------------------------------------------


def test_projection_keeps_distances_and_puts_north_up() -> None:
    layout = layout_map([Pin(LAT, WEST, "a", "a/"), Pin(LAT + 0.004, EAST, "b", "b/")], strings=EN)
    project, scale = layout.projection.project, layout.projection.px_per_m
    centre = project(LAT, WEST)
    east, north = project(LAT, WEST + 0.01), project(LAT + 0.01, WEST)
    assert east[0] > centre[0] and east[1] == pytest.approx(centre[1])
    assert north[1] < centre[1] and north[0] == pytest.approx(centre[0])
    for other, (x, y) in (
        ((LAT, WEST + 0.01), east),
        ((LAT + 0.01, WEST), north),
        ((LAT + 0.006, WEST + 0.012), project(LAT + 0.006, WEST + 0.012)),
    ):
        drawn_m = math.dist(centre, (x, y)) / scale
        assert drawn_m == pytest.approx(haversine_m((LAT, WEST), other), rel=0.003)


def test_fit_centres_the_points_inside_the_margins_at_one_scale() -> None:
    points = [(LAT, WEST), (LAT + 0.002, EAST), (LAT - 0.001, (WEST + EAST) / 2)]
    projection, height = fit(points, 360, min_height=180, max_height=324)
    xs, ys = zip(*(projection.project(*p) for p in points), strict=True)
    inner_right, inner_bottom = 360 - svgmap.MARGIN, height - svgmap.MARGIN - svgmap.SCALE_STRIP
    assert min(xs) == pytest.approx(svgmap.MARGIN) and max(xs) == pytest.approx(inner_right)  # wide: fills the width
    assert min(ys) >= svgmap.TOP_MARGIN - 1e-9 and max(ys) <= inner_bottom + 1e-9
    assert (min(ys) + max(ys)) / 2 == pytest.approx((svgmap.TOP_MARGIN + inner_bottom) / 2)
    assert height == 180  # a west–east street gets the shortest drawing


def test_fit_a_north_south_line_is_as_tall_as_allowed_and_centred() -> None:
    points = [(LAT, WEST), (LAT + 0.03, WEST + 0.001)]
    projection, height = fit(points, 360, min_height=180, max_height=324)
    assert height == 324
    (x1, y1), (x2, y2) = (projection.project(*p) for p in points)
    assert min(y1, y2) == pytest.approx(svgmap.TOP_MARGIN) and max(y1, y2) == pytest.approx(
        324 - svgmap.MARGIN - svgmap.SCALE_STRIP
    )
    assert (x1 + x2) / 2 == pytest.approx(180)


def test_fit_one_point_is_centred_and_shows_a_neighbourhood() -> None:
    projection, height = fit([(LAT, WEST)], 360, min_height=180, max_height=324)
    middle = (svgmap.TOP_MARGIN + height - svgmap.MARGIN - svgmap.SCALE_STRIP) / 2
    assert projection.project(LAT, WEST) == pytest.approx((180, middle))
    assert (
        math.isfinite(projection.px_per_m)
        and (360 - 2 * svgmap.MARGIN) / projection.px_per_m >= svgmap.MIN_SPAN_M - 1e-6
    )


# --- scale bar ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("px_per_m", "target_px", "metres"),
    [
        (0.41, 82, 200),  # 200 m = 82 px: a whole street on a phone
        (0.40, 82, 200),
        (0.30, 82, 200),  # 273 m would fit: round down to 200
        (1.0, 99, 50),
        (1.0, 100, 100),
        (0.05, 82, 1000),
        (0.02, 82, 2000),
        (0.008, 82, 10000),
        (20.0, 82, 2),
    ],
)
def test_scale_bar_is_the_longest_round_distance_that_fits(px_per_m: float, target_px: float, metres: int) -> None:
    got, length = scale_bar(px_per_m, target_px)
    assert got == metres
    assert length == pytest.approx(metres * px_per_m) and length <= target_px + 1e-9


@pytest.mark.parametrize(
    ("metres", "strings", "text"),
    [
        (200, EN, "200 m"),
        (200, ZH, "200 米"),
        (1000, EN, "1 km"),
        (2000, ZH, "2 公里"),
        (5, ZH, "5 米"),
    ],
)
def test_scale_text_in_the_readers_language(metres: int, strings: MapStrings, text: str) -> None:
    assert distance_text(metres, strings) == text


def test_the_drawing_shows_its_scale_bar_and_north_arrow() -> None:
    markup = draw_map(street_pins(5), strings=ZH, lang="zh")
    texts = [t.text for t in svg_of(markup).iter(f"{SVG}text")]
    layout = layout_map(street_pins(5), strings=ZH)
    assert distance_text(layout.scale_metres, ZH) in texts and "北" in texts
    assert layout.scale_metres == 200  # 1.5 km across 328 px: a quarter of the width is 375 m


# --- clustering --------------------------------------------------------------------------------


def test_cluster_counts_add_up_and_seeds_keep_their_distance() -> None:
    rng = random.Random(3)
    points = [(rng.uniform(0, 300), rng.uniform(0, 200)) for _ in range(3000)]
    groups = cluster(points, 25)
    assert sorted(i for group in groups for i in group) == list(range(3000))
    seeds = [points[group[0]] for group in groups]
    assert all(math.dist(a, b) >= 25 for a, b in combinations(seeds, 2))
    assert all(math.dist(points[group[0]], points[i]) < 25 for group in groups for i in group)


def test_pins_far_apart_stay_single_and_close_ones_merge() -> None:
    assert cluster([(0, 0), (100, 0), (0, 100)], 20) == [[0], [1], [2]]
    assert cluster([(0, 0), (5, 0), (100, 0), (103, 4)], 20) == [[0, 1], [2, 3]]


@pytest.mark.parametrize("n", [10, 300, 3000])
def test_every_pin_is_in_one_mark_and_marks_are_few(n: int) -> None:
    pins = street_pins(n, spread=0.02)
    layout = layout_map(pins, strings=EN)
    members = sorted(i for mark in layout.marks for i in mark.members)
    assert members == list(range(n))
    assert len(layout.marks) <= 120
    clusters = [m for m in layout.marks if len(m.members) > 1]
    markup = draw_map(pins, strings=EN, lang="en")
    counts = [
        int(t.text)
        for t in svg_of(markup).iter(f"{SVG}text")
        if t.text and t.text.isdigit() and t.get("font-weight") == "bold"
    ]
    assert sorted(counts) == sorted(len(m.members) for m in clusters)
    assert sum(counts) + (len(layout.marks) - len(clusters)) == n


def test_a_cluster_links_to_the_list_with_its_count_in_its_name() -> None:
    pins = [Pin(LAT, WEST, "老边饺子馆", "../shops/laobian/"), Pin(LAT, WEST + 0.00001, "马家烧麦", "../shops/ma/")]
    root = svg_of(draw_map(pins, strings=ZH, lang="zh", map_id="street-map"))
    [link] = root.iter(f"{SVG}a")
    assert link.get("href") == "#street-map-list"
    assert link.get("aria-label") == "2 个条目，包括老边饺子馆：见下方列表"


# --- labels ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_labels_never_overlap_each_other_the_marks_or_the_furniture(seed: int) -> None:
    """Crowded: 50 pins on one street, long mixed-script names, landmarks among them."""
    rng = random.Random(seed)
    pins = street_pins(50, seed, spread=0.002, label="中街老字号 {i} Old Shop")
    landmarks = [
        Landmark(LAT + rng.uniform(-0.0005, 0.0005), rng.uniform(WEST, EAST), f"地标 Landmark {i}") for i in range(6)
    ]
    layout = layout_map(pins, landmarks=landmarks, strings=EN)
    labels = layout.label_boxes()
    assert len(labels) >= 10  # not a test that passes by placing nothing
    assert any(m.label and m.label.numbered for m in layout.marks) or all(m.label for m in layout.marks)
    for a, b in combinations(labels, 2):
        assert not intersects(a, b), (a, b)
    clusters = [m.box for m in layout.marks if len(m.members) > 1]
    landmark_labels = [m.label.box for m in layout.landmarks if m.label]
    for box in labels:
        assert box[0] >= 0 and box[2] <= layout.width and box[1] >= 0 and box[3] <= layout.height
        for obstacle in layout.obstacles:
            if box in landmark_labels and obstacle in clusters:
                continue  # a landmark's name may go over clustered pins, where it finds no other room
            assert not intersects(box, obstacle), (box, obstacle)


def test_a_label_that_does_not_fit_shows_the_pins_number_in_the_list() -> None:
    pins = street_pins(40, spread=0.0004, label="非常长的老字号名称第{i}号店 Very Long Shop Name {i}")
    layout = layout_map(pins, strings=EN)
    numbered = [m for m in layout.marks if m.label and m.label.numbered]
    assert numbered
    items = list_items(pins)
    for mark in numbered:
        [index] = mark.members
        assert items[int(mark.label.text) - 1].label == pins[index].label
    # The list carries the numbers as an ordered list in pin order.
    assert re.findall(r"<li><a href=\"\.\./shops/shop-(\d+)/\"", map_list(pins, strings=EN, lang="en")) == [
        str(i) for i in range(40)
    ]


def test_a_pins_link_names_it_even_when_its_label_is_a_number_or_dropped() -> None:
    pins = street_pins(40, spread=0.0004)
    for link in svg_of(draw_map(pins, strings=EN, lang="en")).iter(f"{SVG}a"):
        if link.get("class") == "fc-map__pin":
            index = int(link.get("href").split("-")[-1].rstrip("/"))
            assert link.get("aria-label") == pins[index].label


def test_long_labels_are_cut_on_the_map_and_whole_in_the_list() -> None:
    name = "沈阳中街" * 30
    pins = [Pin(LAT, WEST, name, "a/")]
    [text] = [
        t.text for t in svg_of(draw_map(pins, strings=ZH, lang="zh")).iter(f"{SVG}text") if t.text and "沈阳" in t.text
    ]
    assert text.endswith("…") and text_width(text) <= svgmap.MAX_LABEL_PX
    assert name in map_list(pins, strings=ZH, lang="zh")


def test_text_width_counts_full_width_characters_as_one_em() -> None:
    assert text_width("中街", 10) == pytest.approx(20.4)
    assert text_width("Mmm", 10) > text_width("iii", 10)


# --- markup: accessibility and escaping --------------------------------------------------------


def test_the_figure_has_a_skip_link_the_named_map_and_the_note() -> None:
    markup = str(
        draw_map(
            street_pins(3),
            strings=ZH,
            lang="zh",
            lines=[Polyline(((LAT, WEST), (LAT, EAST)))],
            landmarks=[Landmark(LAT, WEST + 0.002, "怀远门")],
        )
    )
    assert markup.startswith(
        '<figure class="fc-map" id="fc-map" lang="zh"><a class="fc-map__skip" href="#fc-map-list">跳过地图</a><svg'
    )
    assert markup.endswith('<figcaption class="fc-map__note">示意图，非导航用图</figcaption></figure>')
    root = svg_of(markup)
    assert root.get("role") == "group" and root.get("aria-label") == "中街示意图"
    assert len(list(root.iter(f"{SVG}polyline"))) == 2  # the street: casing and fill
    assert "怀远门" in [t.text for t in root.iter(f"{SVG}text")]


def test_nothing_to_draw_gives_no_markup() -> None:
    assert draw_map([], strings=EN, lang="en") == ""


def test_hostile_text_is_escaped_everywhere() -> None:
    evil = '"><script>alert(1)</script>' + PAYLOAD
    strings = MapStrings(
        *(evil + " {n}" if name in ("metres", "kilometres") else evil for name in MapStrings.__dataclass_fields__)
    )
    pins = [
        Pin(LAT, WEST + i * 0.004, evil + str(i), f"../shops/x{i}/?a=1&b=\"'><", category=evil, lang="zh")
        for i in range(4)
    ]
    pins.append(Pin(LAT, WEST + 0.0000001, evil, "#x"))  # clusters with the first
    landmarks = [Landmark(LAT + 0.001, WEST, evil), Landmark(LAT - 0.001, EAST, evil, href="../streets/x/")]
    markup = str(draw_map(pins, strings=strings, lang="en", landmarks=landmarks, map_id='m"><script>'))
    markup += str(map_list(pins, strings=strings, lang="en", landmarks=landmarks))
    for marker in (*RAW_MARKERS, "<script"):
        assert marker not in markup
    root = svg_of(markup)  # well-formed XML, the text intact
    assert any(t.text and t.text.startswith('"><script>') for t in root.iter(f"{SVG}text"))
    assert {a.get("href") for a in root.iter(f"{SVG}a")} >= {"../shops/x1/?a=1&b=\"'><"}
    assert unescape("&quot;&gt;&lt;script&gt;") in unescape(markup)


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "vbscript:x", ""],
)
def test_a_link_that_is_not_a_page_is_refused(href: str) -> None:
    with pytest.raises(ValueError):
        draw_map([Pin(LAT, WEST, "x", href)], strings=EN, lang="en")
    with pytest.raises(ValueError):
        map_list([Pin(LAT, WEST, "x", href)], strings=EN, lang="en")


def test_control_characters_in_labels_become_spaces() -> None:
    markup = draw_map([Pin(LAT, WEST, "老边\x00饺子\x1b馆\n", "a/")], strings=ZH, lang="zh")
    assert "\x00" not in markup and "\x1b" not in markup and 'aria-label="老边 饺子 馆"' in markup


def test_a_fallback_label_is_marked_with_its_language() -> None:
    pins = [Pin(LAT, WEST, "老边饺子馆", "a/", lang="zh"), Pin(LAT, EAST, "Ma Family", "b/", lang="en")]
    markup = str(draw_map(pins, strings=EN, lang="en")) + str(map_list(pins, strings=EN, lang="en"))
    assert markup.count('lang="zh"') == 2 and 'lang="en" class="fc-map__pin"' not in markup


# --- size, speed-independent limits and determinism --------------------------------------------


def test_3000_pins_over_the_whole_city_stay_under_60_kb() -> None:
    """The worst case: spread wide (no two merge early), long names and links."""
    rng = random.Random(7)
    pins = [
        Pin(
            rng.uniform(41.6, 42.0),
            rng.uniform(123.1, 123.7),
            "沈阳市老字号名称很长的一家店铺 Long Shop Name " * 2,
            f"../../shops/a-rather-long-entry-identifier-{i:05d}/",
        )
        for i in range(3000)
    ]
    markup = draw_map(pins, strings=ZH, lang="zh", landmarks=[Landmark(41.8, 123.4, "沈阳故宫")])
    assert len(markup.encode()) <= 60_000
    assert len(list(svg_of(markup).iter(f"{SVG}a"))) <= 120


def test_same_input_same_bytes_in_another_process() -> None:
    """Output does not depend on hash seeds or anything else that changes between runs."""
    script = (
        "import sys; sys.path[:0] = ['tests', 'scripts']\n"
        "import hashlib, test_svgmap as t\n"
        "from fangcheng.svgmap import draw_map, map_list, Landmark, Polyline\n"
        "pins = t.street_pins(300, 5, spread=0.003)\n"
        "m = draw_map(pins, strings=t.ZH, lang='zh', landmarks=[Landmark(t.LAT, t.WEST, 'x')], "
        "lines=[Polyline(((t.LAT, t.WEST), (t.LAT, t.EAST)))])\n"
        "print(hashlib.sha256((m + map_list(pins, strings=t.ZH, lang='zh')).encode()).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    pins = street_pins(300, 5, spread=0.003)
    here = draw_map(
        pins, strings=ZH, lang="zh", landmarks=[Landmark(LAT, WEST, "x")], lines=[Polyline(((LAT, WEST), (LAT, EAST)))]
    )
    assert digests == {hashlib.sha256((here + map_list(pins, strings=ZH, lang="zh")).encode()).hexdigest()}


# --- what orients: furniture out of the way, streets, landmarks, whole names ---------------------


def corner_layouts() -> list[tuple[list[Pin], list[Landmark], list[Polyline]]]:
    """Maps with marks in every corner of their extent (where the north arrow and the scale bar used to
    sit), crowded ones, and one with a street and landmarks among 3,000 pins."""
    corners = [(LAT - 0.004, WEST), (LAT - 0.004, EAST), (LAT + 0.004, WEST), (LAT + 0.004, EAST)]
    cases = []
    for i, (lat, lon) in enumerate(corners):
        pins = [Pin(lat, lon, f"角落 Corner {i}", "../c/")] + street_pins(8, seed=i)
        others = [Landmark(a, b, f"地标 {j}") for j, (a, b) in enumerate(corners) if j != i]
        cases.append((pins, others, []))
    cases.append(([], [Landmark(41.796161, 123.450708, "沈阳故宫"), Landmark(41.801306, 123.461639, "地铁中街站")], []))
    for seed in range(4):
        cases.append((street_pins(60, seed, spread=0.004), [Landmark(LAT + 0.004, EAST, "地铁中街站")], []))
    street = Polyline(((LAT, WEST), (LAT, EAST)), "中街")
    cases.append((street_pins(3000, 9, spread=0.05), [Landmark(LAT - 0.002, WEST, "沈阳故宫")], [street]))
    return cases


@pytest.mark.parametrize("case", range(len(corner_layouts())))
def test_the_north_arrow_and_scale_never_cover_a_mark_or_a_label(case: int) -> None:
    pins, landmarks, lines = corner_layouts()[case]
    for width in (360, 560):
        root = svg_of(draw_map(pins, strings=ZH, lang="zh", landmarks=landmarks, lines=lines, width_px=width))
        geometry = read_map(root)
        assert {name for name, _ in geometry.furniture} == {"north", "scale"}
        assert len(geometry.marks) >= min(len(pins), 1) + len(landmarks)
        assert geometry.problems() == []


def test_a_name_is_cut_only_where_there_is_no_room() -> None:
    long_name = "Zhongjie Pedestrian Street and Night Market"
    assert text_width(long_name) > svgmap.MAX_LABEL_PX
    alone = layout_map([Pin(LAT, (WEST + EAST) / 2, long_name, "x")], strings=EN)
    assert alone.marks[0].label and alone.marks[0].label.text == long_name  # room enough: whole
    crowded = street_pins(12, spread=0.001, label=long_name + " {i}")
    texts = [m.label.text for m in layout_map(crowded, strings=EN).marks if m.label and not m.label.numbered]
    assert any(text.endswith("…") for text in texts)  # no room for every whole name: some are cut


def test_a_street_without_a_path_is_a_labelled_ring_not_listed_as_a_landmark() -> None:
    street = Landmark(LAT, (WEST + EAST) / 2, "中街", is_street=True)
    palace = Landmark(LAT - 0.005, WEST, "沈阳故宫")
    markup = draw_map([], strings=ZH, lang="zh", landmarks=[street, palace])
    root = svg_of(markup)
    [ring] = [g for g in root.iter(f"{SVG}g") if g.get("class") == "fc-map__street"]
    assert ring.find(f"{SVG}circle") is not None and ring.find(f"{SVG}text").text == "中街"
    listing = map_list([], strings=ZH, lang="zh", landmarks=[street, palace])
    assert "沈阳故宫" in listing and "中街" not in listing


def test_a_street_line_carries_its_name_and_landmarks_are_named_among_many_pins() -> None:
    street = Polyline(((LAT, WEST), (LAT, EAST)), "中街")
    landmarks = [Landmark(LAT + 0.001, WEST + 0.002, "沈阳故宫"), Landmark(LAT - 0.001, EAST - 0.002, "地铁中街站")]
    markup = draw_map(street_pins(1500, spread=0.01), strings=ZH, lang="zh", lines=[street], landmarks=landmarks)
    root = svg_of(markup)
    names = [g.find(f"{SVG}text").text for g in root.iter(f"{SVG}g") if g.get("class") == "fc-map__street-name"]
    assert names == ["中街"]
    landmark_labels = [
        t.text for g in root.iter(f"{SVG}g") if g.get("class") == "fc-map__landmark" for t in g.iter(f"{SVG}text")
    ]
    assert landmark_labels == ["沈阳故宫", "地铁中街站"]
    drawn = [g.get("class") for g in root.iter() if g.get("class", "").startswith("fc-map__")]
    assert drawn.index("fc-map__landmark") > max(i for i, c in enumerate(drawn) if c == "fc-map__cluster")  # on top
    assert read_map(root).problems() == []


def test_a_map_whose_list_is_elsewhere_shows_no_numbers() -> None:
    """A browse page's map leads to its cards, which are not numbered: a pin shows its name or nothing."""
    pins = street_pins(40, spread=0.0004, label="非常长的老字号名称第{i}号店 Very Long Shop Name {i}")
    root = svg_of(draw_map(pins, strings=EN, lang="en", list_href="#cards"))
    texts = [t.text for a in root.iter(f"{SVG}a") if a.get("class") == "fc-map__pin" for t in a.iter(f"{SVG}text")]
    assert texts and not any(text.isdigit() for text in texts)


def test_a_label_left_of_its_mark_ends_at_the_mark() -> None:
    """The label box's width is a generous estimate: a label left of its mark (or ending at it) is anchored at
    the mark's side, so the real text hugs its mark instead of leaving a gap."""
    pins = [Pin(LAT, EAST, "Zhongjie Pedestrian Street", "a/"), Pin(LAT, WEST, "West", "b/")]
    root = svg_of(draw_map(pins, strings=EN, lang="en"))
    [east] = [a for a in root.iter(f"{SVG}a") if a.get("href") == "a/"]
    circle, text = east.find(f"{SVG}circle"), east.find(f"{SVG}text")
    assert text.get("text-anchor") == "end"
    assert float(circle.get("cx")) - float(text.get("x")) == pytest.approx(svgmap.PIN_R + svgmap.LABEL_GAP)
