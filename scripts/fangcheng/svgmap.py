"""A schematic map drawn at build time: inline SVG from WGS-84 points, with no tiles and no requests.

``draw_map`` fits the points into a fixed-width drawing (a local equirectangular projection with the
cos(latitude) correction: over a city it differs from Web Mercator by far less than a pixel), merges
pins closer than a pin's size into numbered clusters, draws the streets (a line where the street has a
``path``, else a labelled point) and the landmarks above the pins, places labels so they never overlap (greedy,
over eight positions round each mark; landmarks' and streets' names first, then the pins' names whole, then,
where a whole name found no room, cut with "…", then the pin's number in the list, or nothing), and adds a
scale bar with a round distance and a north arrow in a strip of their own under the plotting area, where no
mark can be and no label goes. ``map_list`` renders the same
entries as an HTML list, which the numbers and clusters point to. Every text and link is escaped by
MarkupSafe as it is put into the markup; nothing is concatenated raw. The drawing is deterministic:
the same input gives the same bytes.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markupsafe import Markup, escape

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180

FONT_PX = 13  # labels; at the default width a 360 px phone shows them at about 12 px
COUNT_FONT_PX = 10
PIN_R = 6.0
LANDMARK_R = 6.5
LABEL_GAP = 3.0
MIN_SPAN_M = 150.0  # a single pin (or a few in one building) still shows its street
MAX_LABEL_PX = 150.0  # a name with no room for itself whole is cut with "…" to this width; the list has it in full
STREET_R = 6.0  # a street without a path: a ring

# Margins of the plotting area (at least the largest mark's radius: a mark never leaves it); under it, the
# strip of the scale bar and the north arrow.
MARGIN = 16.0
TOP_MARGIN = 30.0  # room for a label above a mark at the top
SCALE_STRIP = 24.0
FURNITURE_PAD = 4.0  # room kept free round the scale bar and the north arrow (labels' halos, real glyph boxes)

PIN_FILL = "#8c1c13"
LANDMARK_FILL = "#1d5c63"
TEXT_FILL = "#1f1f1f"
BACKGROUND = "#faf6f0"
ROAD_CASING = "#a89a82"
ROAD_FILL = "#ffffff"
STREET_TEXT = "#5c4a32"  # street names: 7.9:1 on the background

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True, slots=True)
class Pin:
    """An entry on the map: a WGS-84 point, its label in the reader's language and its page."""

    lat: float
    lon: float
    label: str
    href: str
    category: str | None = None  # already in the reader's language; shown in the list
    lang: str | None = None  # the label's language when it is not the page's (a fallback)


@dataclass(frozen=True, slots=True)
class Landmark:
    """A landmark (a gate, a square): drawn as a diamond, a link only when it has a page. With ``is_street``, a
    street that has a point but no ``path``: drawn as a labelled ring, and not listed among the landmarks."""

    lat: float
    lon: float
    label: str
    href: str | None = None
    lang: str | None = None
    is_street: bool = False


@dataclass(frozen=True, slots=True)
class Polyline:
    """A street's line: (lat, lon) points in order, and the street's name to write along it, if any."""

    points: tuple[tuple[float, float], ...]
    label: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class MapStrings:
    """The UI texts of the map in the reader's language (from the locale files)."""

    title: str  # the map's accessible name: "Map of Zhongjie"
    note: str  # shown under the map: "Schematic drawing, not to scale…"
    north: str  # "N" / "北"
    metres: str  # "{n} m" / "{n} 米"
    kilometres: str  # "{n} km" / "{n} 公里"
    cluster: str  # a cluster's accessible name: "{count} entries, among them {first}: see the list"
    skip: str  # "Skip the map" / "跳过地图"
    landmarks: str  # heading of the landmarks in the list: "Landmarks" / "地标"


# --- projection and fitting ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Projection:
    """Local equirectangular projection: metres east and north of (lat0, lon0), scaled to pixels."""

    lat0: float
    lon0: float
    px_per_m: float
    x0: float  # where (lat0, lon0) lands
    y0: float

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        east = (lon - self.lon0) * METRES_PER_DEGREE * math.cos(math.radians(self.lat0))
        north = (lat - self.lat0) * METRES_PER_DEGREE
        return self.x0 + east * self.px_per_m, self.y0 - north * self.px_per_m


def fit(
    points: Sequence[tuple[float, float]], width: float, *, min_height: float, max_height: float
) -> tuple[Projection, float]:
    """The projection that fits ``points`` (lat, lon) into ``width`` with margins, and the drawing's height.

    The height follows the points' shape between ``min_height`` and ``max_height``; the scale is the
    same in both directions, and the points are centred.
    """
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat0 = (min(lats) + max(lats)) / 2
    lon0 = (min(lons) + max(lons)) / 2
    span_x = max((max(lons) - min(lons)) * METRES_PER_DEGREE * math.cos(math.radians(lat0)), MIN_SPAN_M)
    span_y = max((max(lats) - min(lats)) * METRES_PER_DEGREE, MIN_SPAN_M)
    inner_w = width - 2 * MARGIN
    vertical = TOP_MARGIN + MARGIN + SCALE_STRIP
    height = min(max(span_y * inner_w / span_x + vertical, min_height), max_height)
    inner_h = height - vertical
    scale = min(inner_w / span_x, inner_h / span_y)
    return Projection(lat0, lon0, scale, MARGIN + inner_w / 2, TOP_MARGIN + inner_h / 2), round(height, 1)


def scale_bar(px_per_m: float, target_px: float) -> tuple[int, float]:
    """The longest round distance (1, 2 or 5 × 10ⁿ metres) whose bar is at most ``target_px`` long,
    and that bar's length in pixels."""
    target_m = target_px / px_per_m
    exponent = math.floor(math.log10(target_m))
    metres = 1
    for step in (5, 2, 1):
        candidate = step * 10**exponent
        if candidate <= target_m * (1 + 1e-9):
            metres = candidate
            break
    metres = max(int(metres), 1)
    return metres, metres * px_per_m


def distance_text(metres: int, strings: MapStrings) -> str:
    """ "200 m", "1 km" (or the reader's words for them)."""
    if metres >= 1000:
        return fill(strings.kilometres, n=f"{metres / 1000:g}")
    return fill(strings.metres, n=metres)


def fill(template: str, **values: object) -> str:
    """``template`` with each ``{name}`` replaced: plain replacement, no format mini-language, so a
    brace in a UI string or a value is just a brace."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


# --- clustering ------------------------------------------------------------------------------


def cluster(points: Sequence[tuple[float, float]], distance: float) -> list[list[int]]:
    """Greedy grid clustering: each point joins the nearest earlier cluster seed closer than
    ``distance`` (in the same units), or starts its own. Groups of indices, in order of their seed;
    seeds are at least ``distance`` apart."""
    grid: dict[tuple[int, int], list[int]] = {}
    groups: list[list[int]] = []
    seeds: list[tuple[float, float]] = []
    limit = distance * distance
    for index, (x, y) in enumerate(points):
        cx, cy = int(math.floor(x / distance)), int(math.floor(y / distance))
        best, best_d = -1, limit
        for gx in (cx - 1, cx, cx + 1):
            for gy in (cy - 1, cy, cy + 1):
                for group in grid.get((gx, gy), ()):
                    sx, sy = seeds[group]
                    d = (sx - x) ** 2 + (sy - y) ** 2
                    if d < best_d or (d == best_d and 0 <= group < best):
                        best, best_d = group, d
        if best >= 0:
            groups[best].append(index)
        else:
            grid.setdefault((cx, cy), []).append(len(groups))
            groups.append([index])
            seeds.append((x, y))
    return groups


def cluster_radius(count: int) -> float:
    """A mark's radius: a pin for one entry, a circle that holds the count for more."""
    return PIN_R if count == 1 else 7.0 + 2.0 * len(str(count))


# --- labels ----------------------------------------------------------------------------------

_NARROW = frozenset("iljfrt.,:;'|!()[]{}\"`·")
_WIDE_LATIN = frozenset("mwMW@%&")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def text_width(text: str, size: float = FONT_PX) -> float:
    """A generous estimate of ``text``'s advance width at ``size`` px in a sans-serif font (no font
    metrics at build time: a full-width character is just over 1 em, Latin letters up to 1 em)."""
    em = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            em += 1.02  # 1 em, and room for the rounding of a scaled font
        elif char == " ":
            em += 0.34
        elif char in _NARROW:
            em += 0.42
        elif char in _WIDE_LATIN:
            em += 1.02
        elif char.isupper():
            em += 0.8
        else:
            em += 0.66
    return em * size


def clean(text: str) -> str:
    """One line of display text: control characters become spaces, runs of spaces one."""
    return " ".join(_CONTROL.sub(" ", text).split())


def shorten(text: str, max_px: float = MAX_LABEL_PX, size: float = FONT_PX) -> str:
    """``text``, cut with "…" to fit ``max_px``."""
    if text_width(text, size) <= max_px:
        return text
    while text and text_width(text + "…", size) > max_px:
        text = text[:-1]
    return text.rstrip() + "…"


def intersects(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class BoxIndex:
    """Boxes in a coarse grid, to ask quickly whether a new box would overlap any of them."""

    def __init__(self, cell: float = 48.0) -> None:
        self.cell = cell
        self.grid: dict[tuple[int, int], list[Box]] = {}

    def _cells(self, box: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for gx in range(int(box[0] // c), int(box[2] // c) + 1):
            for gy in range(int(box[1] // c), int(box[3] // c) + 1):
                yield gx, gy

    def add(self, box: Box) -> None:
        for key in self._cells(box):
            self.grid.setdefault(key, []).append(box)

    def hits(self, box: Box) -> bool:
        return any(intersects(box, other) for key in self._cells(box) for other in self.grid.get(key, ()))


def label_candidates(x: float, y: float, r: float, w: float, size: float = FONT_PX) -> list[Box]:
    """Eight boxes of a ``w``-wide label round a mark at (x, y) of radius ``r``, best first: right,
    left, then above and below (starting at the mark, ending at it, centred on it). The boxes above
    and below clear the mark's whole height, so on a street of pins in a row they clear the neighbours."""
    h = label_height(size)
    g = LABEL_GAP
    mid = y - h / 2
    above, below = y - r - g - h, y + r + g
    return [
        (x + r + g, mid, x + r + g + w, mid + h),
        (x - r - g - w, mid, x - r - g, mid + h),
        (x - r / 2, above, x - r / 2 + w, above + h),
        (x - r / 2, below, x - r / 2 + w, below + h),
        (x + r / 2 - w, above, x + r / 2, above + h),
        (x + r / 2 - w, below, x + r / 2, below + h),
        (x - w / 2, above, x + w / 2, above + h),
        (x - w / 2, below, x + w / 2, below + h),
    ]


def label_height(size: float = FONT_PX) -> float:
    """A label box's height: ascent of CJK glyphs plus Latin descenders."""
    return size * 1.2


def baseline(box: Box, size: float = FONT_PX) -> float:
    return box[1] + size * 0.95


# --- layout ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Label:
    text: str
    box: Box
    numbered: bool  # the pin's number in the list instead of its name
    anchor: str = "start"  # the side of the box the text keeps to (SVG text-anchor): the side of its mark


# The text anchor of each of label_candidates' boxes: a label left of its mark, or ending at it, keeps to the
# mark's side whatever the real glyphs' width (the box's width is a generous estimate).
CANDIDATE_ANCHORS = ("start", "end", "start", "start", "end", "end", "middle", "middle")


@dataclass(slots=True)
class Mark:
    """A drawn pin (one entry) or cluster (several), and its label if one could be placed."""

    x: float
    y: float
    r: float
    members: list[int]  # indices into the pins
    label: Label | None = None

    @property
    def box(self) -> Box:
        return (self.x - self.r, self.y - self.r, self.x + self.r, self.y + self.r)


@dataclass(slots=True)
class LandmarkMark:
    x: float
    y: float
    index: int
    label: Label | None = None
    r: float = LANDMARK_R

    @property
    def box(self) -> Box:
        return (self.x - self.r, self.y - self.r, self.x + self.r, self.y + self.r)


@dataclass(slots=True)
class Layout:
    """Everything ``draw_map`` draws, in pixels of the drawing."""

    width: float
    height: float
    projection: Projection
    marks: list[Mark]
    landmarks: list[LandmarkMark]
    lines: list[list[tuple[float, float]]]
    scale_metres: int
    scale_px: float
    north_box: Box
    scale_box: Box
    obstacles: list[Box] = field(default_factory=list)
    line_labels: list[Label | None] = field(default_factory=list)  # one per line

    def label_boxes(self) -> list[Box]:
        labels = [m.label for m in self.marks] + [m.label for m in self.landmarks] + self.line_labels
        return [label.box for label in labels if label]

    def furniture(self) -> list[Box]:
        """The scale bar's and the north arrow's boxes, with the room kept free round them."""
        return [_pad(self.north_box, FURNITURE_PAD), _pad(self.scale_box, FURNITURE_PAD)]


def _pad(box: Box, pad: float) -> Box:
    return (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)


def along(points: Sequence[tuple[float, float]], fraction: float) -> tuple[float, float]:
    """The point ``fraction`` of the way along a drawn line."""
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:], strict=False)]
    goal = sum(lengths) * fraction
    for (a, b), length in zip(zip(points, points[1:], strict=False), lengths, strict=True):
        if goal <= length and length > 0:
            t = goal / length
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        goal -= length
    return points[-1]


def line_label_candidates(points: Sequence[tuple[float, float]], w: float, size: float = FONT_PX) -> list[Box]:
    """Boxes of a ``w``-wide street name along a drawn line, best first: centred above, then below, the
    middle of the line, then points nearer its ends; then beyond either end (a short line in a large map),
    then a line further off."""
    h = label_height(size)
    gap = 5.0  # clear of the road's casing (7 px wide)
    boxes = []
    for offset in (gap, gap + h):
        for fraction in (0.5, 0.35, 0.65, 0.2, 0.8):
            x, y = along(points, fraction)
            boxes.append((x - w / 2, y - offset - h, x + w / 2, y - offset))
            boxes.append((x - w / 2, y + offset, x + w / 2, y + offset + h))
        if offset == gap:
            (x0, y0), (x1, y1) = min(points), max(points)  # the west and east ends
            boxes.append((x0 - gap - w, y0 - h / 2, x0 - gap, y0 + h / 2))
            boxes.append((x1 + gap, y1 - h / 2, x1 + gap + w, y1 + h / 2))
    return boxes


def layout_map(
    pins: Sequence[Pin],
    *,
    lines: Sequence[Polyline] = (),
    landmarks: Sequence[Landmark] = (),
    strings: MapStrings,
    width_px: int = 360,
    max_marks: int = 120,
    numbers: bool = True,
) -> Layout:
    """Project, fit, cluster and label: the drawing's geometry, without any markup. With ``numbers``, a pin
    whose name finds no room shows its number in the list (:func:`map_list`)."""
    points = [(p.lat, p.lon) for p in pins] + [(m.lat, m.lon) for m in landmarks]
    points += [point for line in lines for point in line.points]
    if not points:
        raise ValueError("nothing to draw")
    width = float(width_px)
    projection, height = fit(points, width, min_height=round(width * 0.5), max_height=round(width * 0.9))
    xy = [projection.project(p.lat, p.lon) for p in pins]

    # Clusters: seeds far enough apart that a pin never touches a cluster's circle (two large circles
    # may touch), then wider until there are few enough marks.
    distance = PIN_R + cluster_radius(max(len(pins), 2)) + 2
    groups = cluster(xy, distance)
    while len(groups) > max(max_marks, 1):
        distance *= 1.4
        groups = cluster(xy, distance)
    marks = [Mark(*xy[g[0]], cluster_radius(len(g)), g) for g in groups]
    landmark_marks = [
        LandmarkMark(*projection.project(m.lat, m.lon), i, r=STREET_R if m.is_street else LANDMARK_R)
        for i, m in enumerate(landmarks)
    ]
    drawn_lines = [[projection.project(lat, lon) for lat, lon in line.points] for line in lines]

    # Furniture, in the strip under the plotting area: the scale bar left, the north arrow right.
    scale_metres, scale_px = scale_bar(projection.px_per_m, (width - 2 * MARGIN) / 4)
    strip_top = height - SCALE_STRIP
    scale_box = (
        MARGIN - 1,
        strip_top + 6,
        MARGIN + scale_px + 5 + text_width(distance_text(scale_metres, strings)),
        height - 3,
    )
    north_box = (width - 20 - text_width(strings.north), strip_top + 3, width - 6, height - 3)

    taken = BoxIndex()  # labels, furniture, single pins and landmarks: no label goes over them
    crowds = BoxIndex()  # clusters: only a landmark's or a street's name goes over them, where nothing else is free
    obstacles = [*(m.box for m in marks), *(m.box for m in landmark_marks)]
    for mark in marks:
        (crowds if len(mark.members) > 1 else taken).add(mark.box)
    for landmark_mark in landmark_marks:
        taken.add(landmark_mark.box)
    furniture = [_pad(north_box, FURNITURE_PAD), _pad(scale_box, FURNITURE_PAD)]
    for box in furniture:
        taken.add(box)
    obstacles += furniture
    inside = (2.0, 2.0, width - 2.0, height - 2.0)

    def free(box: Box, over_crowds: bool = False) -> bool:
        return (
            box[0] >= inside[0]
            and box[1] >= inside[1]
            and box[2] <= inside[2]
            and box[3] <= inside[3]
            and not taken.hits(box)
            and (over_crowds or not crowds.hits(box))
        )

    def first_free(text: str, candidates: list[tuple[Box, str]], numbered: bool, over_crowds: bool) -> Label | None:
        for box, anchor in candidates:
            if free(box, over_crowds):
                taken.add(box)
                return Label(text, box, numbered, anchor)
        return None

    def place(x: float, y: float, r: float, text: str, numbered: bool = False, orients: bool = False) -> Label | None:
        """``text`` at the first free position round a mark, now taken; None if there is none. Near a side of
        the drawing, a label above or below its mark slides inwards as long as it still spans the mark. A name
        that ``orients`` (a landmark's, a street's) goes over clusters if it finds no other room."""
        w = text_width(text)
        candidates = list(zip(label_candidates(x, y, r, w), CANDIDATE_ANCHORS, strict=True))
        slid = min(max(x - w / 2, inside[0]), inside[2] - w)
        if slid <= x <= slid + w:
            side = "start" if slid <= inside[0] else "end"  # the text keeps to the drawing's edge
            candidates += [((slid, box[1], slid + w, box[3]), side) for box, _ in candidates[6:]]
        return first_free(text, candidates, numbered, False) or (
            first_free(text, candidates, numbered, True) if orients else None
        )

    def named(name: str, x: float, y: float, r: float, orients: bool = False) -> Label | None:
        """The whole name round a mark where there is room for it, else the name cut with "…"."""
        cut = shorten(name)
        return place(x, y, r, name, orients=orients) or (place(x, y, r, cut, orients=orients) if cut != name else None)

    def named_along(name: str, drawn: list[tuple[float, float]]) -> Label | None:
        """A street's name along its line: whole or cut, beside the pins, else over clusters."""
        for text in dict.fromkeys((name, shorten(name))):
            candidates = [(box, "middle") for box in line_label_candidates(drawn, text_width(text))]
            label = first_free(text, candidates, False, False) or first_free(text, candidates, False, True)
            if label:
                return label
        return None

    # Landmarks and streets first (they tell where one is), then the pins' names, then numbers where no name
    # found room.
    for landmark_mark in landmark_marks:
        name = clean(landmarks[landmark_mark.index].label)
        if name:
            landmark_mark.label = named(name, landmark_mark.x, landmark_mark.y, landmark_mark.r, orients=True)
    line_labels = [
        named_along(clean(line.label or ""), drawn) if clean(line.label or "") and len(drawn) > 1 else None
        for line, drawn in zip(lines, drawn_lines, strict=True)
    ]
    singles = [mark for mark in marks if len(mark.members) == 1]
    for mark in singles:
        name = clean(pins[mark.members[0]].label)
        if name:
            mark.label = named(name, mark.x, mark.y, mark.r)
    for mark in singles if numbers else ():
        if mark.label is None:
            mark.label = place(mark.x, mark.y, mark.r, str(mark.members[0] + 1), True)
    return Layout(
        width,
        height,
        projection,
        marks,
        landmark_marks,
        drawn_lines,
        scale_metres,
        scale_px,
        north_box,
        scale_box,
        obstacles,
        line_labels,
    )


# --- markup ----------------------------------------------------------------------------------

_NAME = re.compile(r"[a-z][a-zA-Z0-9:-]*\Z")
_EMPTY = frozenset({"circle", "rect", "path", "polyline"})  # SVG shapes; HTML elements always get an end tag


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _el(tag: str, attrs: Mapping[str, object], *children: str) -> Markup:
    """An element: every attribute value and text child goes through MarkupSafe's ``escape`` (which
    leaves Markup children, the elements built here, as they are). Names are constants of this module."""
    parts = [f"<{tag}"]
    for name, value in attrs.items():
        if value is None:
            continue
        assert _NAME.match(name), name
        parts.append(f' {name}="{escape(_num(value) if isinstance(value, float) else str(value))}"')
    if not children and tag in _EMPTY:
        parts.append("/>")
    else:
        parts.append(">")
        parts.extend(escape(child) for child in children)
        parts.append(f"</{tag}>")
    return Markup("".join(parts))


def safe_href(href: str) -> str:
    """``href`` if it is a relative, fragment or http(s) link; ValueError otherwise (a programming
    error: the builders pass site links)."""
    if (
        not href
        or any(ch.isspace() or ord(ch) < 0x20 or ch == "\x7f" for ch in href)
        or urlsplit(href).scheme not in ("", "http", "https")
    ):
        raise ValueError(f"not a link the map draws: {href!r}")
    return href


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def _label_text(label: Label, *, fill: str | None = None) -> Markup:
    x = {"start": label.box[0], "end": label.box[2], "middle": (label.box[0] + label.box[2]) / 2}[label.anchor]
    anchor = None if label.anchor == "start" else label.anchor
    return _el("text", {"x": x, "y": baseline(label.box), "fill": fill, "text-anchor": anchor}, label.text)


def _pin(mark: Mark, pins: Sequence[Pin], strings: MapStrings, list_href: str, page_lang: str) -> Markup:
    if len(mark.members) > 1:
        first = clean(pins[mark.members[0]].label)
        name = fill(strings.cluster, count=len(mark.members), first=first)
        return _el(
            "a",
            {"href": list_href, "aria-label": name, "class": "fc-map__cluster"},
            _el("circle", {"cx": mark.x, "cy": mark.y, "r": mark.r, "fill": PIN_FILL, "stroke-width": 1.5}),
            _el(
                "text",
                {
                    "x": mark.x,
                    "y": mark.y + COUNT_FONT_PX * 0.36,
                    "fill": "#fff",
                    "stroke": "none",
                    "font-size": COUNT_FONT_PX,
                    "font-weight": "bold",
                    "text-anchor": "middle",
                },
                str(len(mark.members)),
            ),
        )
    pin = pins[mark.members[0]]
    full = clean(pin.label)
    children = [_el("circle", {"cx": mark.x, "cy": mark.y, "r": mark.r, "fill": PIN_FILL, "stroke-width": 1.5})]
    if mark.label is None or mark.label.text != full:  # a tooltip for the part not shown
        children.insert(0, _el("title", {}, full))
    if mark.label:
        children.append(_label_text(mark.label))
    lang = pin.lang if pin.lang and pin.lang != page_lang else None
    return _el("a", {"href": safe_href(pin.href), "aria-label": full, "lang": lang, "class": "fc-map__pin"}, *children)


def _landmark(mark: LandmarkMark, landmarks: Sequence[Landmark], page_lang: str) -> Markup:
    landmark = landmarks[mark.index]
    full = clean(landmark.label)
    x, y, r = mark.x, mark.y, mark.r
    if landmark.is_street:  # a street without a path: a white ring, drawn and named in the streets' colour
        shape = _el(
            "circle", {"cx": x, "cy": y, "r": r - 1, "fill": ROAD_FILL, "stroke": STREET_TEXT, "stroke-width": 2.5}
        )
        fill, css_class = STREET_TEXT, "fc-map__street"
    else:
        d = f"M{_num(x)} {_num(y - r)}L{_num(x + r)} {_num(y)}L{_num(x)} {_num(y + r)}L{_num(x - r)} {_num(y)}Z"
        shape = _el("path", {"d": d, "fill": LANDMARK_FILL, "stroke-width": 1.5})
        fill, css_class = LANDMARK_FILL, "fc-map__landmark"
    children = [shape]
    if mark.label is None or mark.label.text != full:
        children.insert(0, _el("title", {}, full))
    if mark.label:
        children.append(_label_text(mark.label, fill=fill))
    lang = landmark.lang if landmark.lang and landmark.lang != page_lang else None
    if landmark.href:
        return _el(
            "a", {"href": safe_href(landmark.href), "aria-label": full, "lang": lang, "class": css_class}, *children
        )
    if (
        mark.label is None or mark.label.text != full
    ):  # the name for screen readers, which read text but not titles of plain groups
        return _el("g", {"role": "img", "aria-label": full, "lang": lang, "class": css_class}, *children)
    return _el("g", {"lang": lang, "class": css_class}, *children)


def _line_label(label: Label | None, line: Polyline, page_lang: str) -> Markup:
    """A street's name beside its line (the full name for screen readers when it is cut)."""
    if label is None:
        return Markup("")
    full = clean(line.label or "")
    lang = line.lang if line.lang and line.lang != page_lang else None
    attrs: dict[str, object] = {"class": "fc-map__street-name", "lang": lang}
    if label.text != full:
        attrs.update({"role": "img", "aria-label": full})
    return _el("g", attrs, _label_text(label, fill=STREET_TEXT))


def _furniture(layout: Layout, strings: MapStrings) -> Markup:
    """North arrow and scale bar, in the strip under the plotting area, hidden from screen readers (they say
    nothing about the entries)."""
    x0, y0, x1, y1 = layout.north_box
    cx = x1 - 7  # the arrow at the right, its letter before it
    arrow = _el(
        "path",
        {
            "d": (
                f"M{_num(cx)} {_num(y0 + 1)}L{_num(cx + 6)} {_num(y1 - 1)}"
                f"L{_num(cx)} {_num(y1 - 5)}L{_num(cx - 6)} {_num(y1 - 1)}Z"
            ),
            "fill": TEXT_FILL,
            "stroke": "none",
        },
    )
    letter = _el("text", {"x": cx - 9, "y": y1 - 3, "text-anchor": "end", "font-weight": "bold"}, strings.north)
    bar_y = layout.height - 8
    left, right = MARGIN, MARGIN + layout.scale_px
    bar = _el(
        "path",
        {
            "d": f"M{_num(left)} {_num(bar_y - 5)}V{_num(bar_y)}H{_num(right)}V{_num(bar_y - 5)}",
            "fill": "none",
            "stroke": TEXT_FILL,
            "stroke-width": 1.5,
        },
    )
    label = _el("text", {"x": right + 5, "y": bar_y + 1}, distance_text(layout.scale_metres, strings))
    return _el(
        "g",
        {"aria-hidden": "true"},
        _el("g", {"class": "fc-map__north"}, arrow, letter),
        _el("g", {"class": "fc-map__scale"}, bar, label),
    )


def draw_map(
    pins: Sequence[Pin],
    *,
    strings: MapStrings,
    lang: str,
    lines: Sequence[Polyline] = (),
    landmarks: Sequence[Landmark] = (),
    width_px: int = 360,
    map_id: str = "fc-map",
    list_href: str | None = None,
    max_marks: int = 120,
) -> Markup:
    """The map as a ``<figure>``: a skip link, the inline SVG and the schematic note as its caption.

    Pins and linked landmarks are links with the entry's name; a cluster links to ``list_href`` (by
    default ``#<map_id>-list``, the list ``map_list`` writes; on a browse page, the cards). Empty
    Markup when there is nothing to draw. Needs ``fangcheng-map.css`` for focus rings and sizing.
    """
    if not pins and not landmarks and not any(line.points for line in lines):
        return Markup("")
    numbers = list_href is None  # the pins' numbers in map_list's list; a page's own list (its cards) has none
    list_href = safe_href(list_href or f"#{map_id}-list")
    drawn_lines = [line for line in lines if line.points]
    layout = layout_map(
        pins,
        lines=drawn_lines,
        landmarks=landmarks,
        strings=strings,
        width_px=width_px,
        max_marks=max_marks,
        numbers=numbers,
    )
    w, h = layout.width, layout.height
    roads = [
        _el("polyline", {"points": _points(line), "stroke": ROAD_CASING, "stroke-width": 7})
        for line in layout.lines
        if len(line) > 1
    ]
    roads += [
        _el("polyline", {"points": _points(line), "stroke": ROAD_FILL, "stroke-width": 4})
        for line in layout.lines
        if len(line) > 1
    ]
    svg = _el(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "fc-map__svg",
            "viewBox": f"0 0 {_num(w)} {_num(h)}",
            "width": "100%",
            "role": "group",
            "aria-label": strings.title,
            "font-size": FONT_PX,
        },
        _el("rect", {"width": w, "height": h, "fill": BACKGROUND}),
        _el("g", {"aria-hidden": "true", "fill": "none", "stroke-linecap": "round", "stroke-linejoin": "round"}, *roads)
        if roads
        else "",
        _el(
            "g",
            {
                "fill": TEXT_FILL,
                "stroke": "#fff",
                "stroke-width": 3,
                "stroke-linejoin": "round",
                "paint-order": "stroke",
            },
            *[_pin(m, pins, strings, list_href, lang) for m in layout.marks],
            *[_line_label(label, line, lang) for label, line in zip(layout.line_labels, drawn_lines, strict=True)],
            *[_landmark(m, landmarks, lang) for m in layout.landmarks],  # above the pins: they orient
        ),
        _furniture(layout, strings),
    )
    return _el(
        "figure",
        {"class": "fc-map", "id": map_id, "lang": lang},
        _el("a", {"class": "fc-map__skip", "href": list_href}, strings.skip),
        svg,
        _el("figcaption", {"class": "fc-map__note"}, strings.note),
    )


# --- the same entries as text ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListItem:
    number: int  # the number a pin shows when its name does not fit on the map
    label: str
    href: str | None
    category: str | None
    lang: str | None


def list_items(pins: Sequence[Pin]) -> list[ListItem]:
    """The pins in map order, numbered from 1, for a template that renders its own list."""
    return [ListItem(i + 1, clean(p.label), safe_href(p.href), p.category, p.lang) for i, p in enumerate(pins)]


@functools.lru_cache(maxsize=50_000)
def _list_item(label: str, href: str | None, category: str | None, item_lang: str | None, lang: str) -> Markup:
    """One entry of a map's list (kept: a street's list of 1,500 shops is made again after every save in the
    preview, and differs by one item)."""
    lang_attr = item_lang if item_lang and item_lang != lang else None
    parts = [_el("a", {"href": href, "lang": lang_attr}, label)]
    if category:
        parts.append(Markup(" ") + _el("span", {"class": "fc-map__category"}, clean(category)))
    return _el("li", {}, *parts)


def map_list(
    pins: Sequence[Pin], *, strings: MapStrings, lang: str, landmarks: Sequence[Landmark] = (), map_id: str = "fc-map"
) -> Markup:
    """The map's entries as an ordered list (``id="<map_id>-list"``, the numbers the map shows), then
    its landmarks."""
    items = [_list_item(item.label, item.href, item.category, item.lang, lang) for item in list_items(pins)]
    html = _el("ol", {"class": "fc-map__list", "id": f"{map_id}-list"}, *items) if items else Markup("")
    landmarks = [landmark for landmark in landmarks if not landmark.is_street]  # a street is not a landmark
    if landmarks:
        marks = []
        for landmark in landmarks:
            lang_attr = landmark.lang if landmark.lang and landmark.lang != lang else None
            name = clean(landmark.label)
            marks.append(
                _el(
                    "li",
                    {},
                    _el("a", {"href": safe_href(landmark.href), "lang": lang_attr}, name)
                    if landmark.href
                    else _el("span", {"lang": lang_attr}, name),
                )
            )
        html += _el("p", {"class": "fc-map__landmarks-heading"}, strings.landmarks)
        html += _el("ul", {"class": "fc-map__landmarks", **({} if items else {"id": f"{map_id}-list"})}, *marks)
    return html
