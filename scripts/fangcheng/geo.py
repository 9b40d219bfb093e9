"""Points on the ground: map datums, distances, order along a street and links to map apps.

Everything here is pure and offline. Coordinates are decimal degrees; a :class:`Point` is
always WGS-84 (what GPS, OpenStreetMap and schema.org use). Editors often copy points from
AMap/Tencent (GCJ-02) or Baidu (BD-09); :func:`to_wgs84` converts them with ``prcoords``, whose
iterative ("bored") inverses are exact to far below a metre.

GCJ-02 only exists inside China: like ``prcoords``' own check, a point outside its rough box
around China (lat 0.83–55.83, lon 72.00–137.83, :func:`in_china`) is left unchanged by every
conversion here. That box is generous (it includes e.g. Seoul); the content's region check is the
real guard.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar
from urllib.parse import quote

import prcoords

Datum = Literal["wgs84", "gcj02", "bd09"]
DATUMS: tuple[Datum, ...] = ("wgs84", "gcj02", "bd09")
EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Point:
    """A WGS-84 point in decimal degrees."""

    lat: float
    lon: float


# --- datums -----------------------------------------------------------------------------------

_DATUM_SPELLINGS: dict[str, Datum] = {
    "wgs84": "wgs84",
    "gps": "wgs84",
    "gcj02": "gcj02",
    "gcj": "gcj02",
    "bd09": "bd09",
    "bd09ll": "bd09",
}


def parse_datum(value: str) -> Datum | None:
    """The datum an editor meant (``WGS-84``, ``gcj-02``, ``BD09ll`` …), or None if unknown."""
    return _DATUM_SPELLINGS.get(re.sub(r"[\s_\-]+", "", value.lower()))


def in_china(lat: float, lon: float) -> bool:
    """Whether GCJ-02/BD-09 apply here (prcoords' rough box around China)."""
    return bool(prcoords.sanity_in_china_p(prcoords.Coords(lat, lon)))


def to_wgs84(lat: float, lon: float, datum: Datum) -> Point:
    """The WGS-84 point for ``lat, lon`` given in ``datum``; points outside China are unchanged."""
    if datum == "wgs84" or not in_china(lat, lon):
        return Point(lat, lon)
    if datum == "gcj02":
        result = prcoords.gcj_wgs_bored(prcoords.Coords(lat, lon))
    elif datum == "bd09":
        result = prcoords.bd_wgs_bored(prcoords.Coords(lat, lon))
    else:
        raise ValueError(f"unknown datum {datum!r}")
    return Point(result.lat, result.lon)


def wgs84_to_gcj02(point: Point) -> Point:
    """The GCJ-02 point that AMap, Tencent and Apple Maps inside China draw at ``point``."""
    if not in_china(point.lat, point.lon):
        return point
    result = prcoords.wgs_gcj(prcoords.Coords(point.lat, point.lon), False)
    return Point(result.lat, result.lon)


def wgs84_to_bd09(point: Point) -> Point:
    """The BD-09 point that Baidu Maps draws at ``point``."""
    if not in_china(point.lat, point.lon):
        return point
    result = prcoords.wgs_bd(prcoords.Coords(point.lat, point.lon), False)
    return Point(result.lat, result.lon)


# --- distances --------------------------------------------------------------------------------


def straight_line_m(a: Point, b: Point) -> float:
    """Straight-line (great-circle, haversine) distance in metres. Walking is usually longer."""
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi, dlmb = phi2 - phi1, math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def nearest(
    point: Point,
    candidates: Iterable[tuple[K, Point]],
    n: int,
    *,
    within_m: float | None = None,
    exclude: K | None = None,
) -> list[tuple[K, float]]:
    """The ``n`` candidates closest to ``point`` in straight-line metres, nearest first.

    Ties keep the candidates' order, so the result is the same on every build. ``exclude``
    drops one key (the entry itself); ``within_m`` drops anything farther.
    """
    scored = [
        (straight_line_m(point, where), index, key)
        for index, (key, where) in enumerate(candidates)
        if exclude is None or key != exclude
    ]
    scored.sort(key=lambda item: (item[0], item[1]))
    return [(key, dist) for dist, _, key in scored if within_m is None or dist <= within_m][: max(n, 0)]


def nearest_each(
    places: Sequence[tuple[K, Point]], n: int, *, within_m: float, skip: Callable[[K, K], bool] | None = None
) -> dict[K, list[tuple[K, float]]]:
    """For every place, the ``n`` others closest to it within ``within_m`` metres, nearest first.

    A k-d tree (:class:`BoxTree`) over the points on the sphere finds each place's neighbours in about
    ``log`` of the number of places, however they are spread: 6,000 landmarks on one street took 67 s
    with a grid of ``within_m`` cells, whose cells then held everything. ``skip(a, b)`` drops pairs that
    should not be listed (a street's own landmarks). Ties keep the order of ``places``: every build gives
    the same lists, the same as comparing every pair (:func:`nearest`).
    """
    if not places or n <= 0:
        return {key: [] for key, _ in places}
    # Each point's latitude in radians and its cosine, once: the same arithmetic as straight_line_m, to the bit.
    lats = [math.radians(where.lat) for _, where in places]
    cosines = [math.cos(lat) for lat in lats]
    lons = [where.lon for _, where in places]
    on_sphere = [_on_sphere(where) for _, where in places]
    tree = BoxTree([(point, point) for point in on_sphere])
    result: dict[K, list[tuple[K, float]]] = {}
    for index, (key, _) in enumerate(places):
        phi1, cos1, lon1 = lats[index], cosines[index], lons[index]

        def metres(other: int, phi1: float = phi1, cos1: float = cos1, lon1: float = lon1) -> float:
            h = (
                math.sin((lats[other] - phi1) / 2) ** 2
                + cos1 * cosines[other] * math.sin(math.radians(lons[other] - lon1) / 2) ** 2
            )
            return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))

        def wanted(other: int, key: K = key, index: int = index) -> bool:
            return other != index and not (skip is not None and skip(key, places[other][0]))

        found = tree.nearest(on_sphere[index], n, within=within_m, distance=metres, accept=wanted)
        result[key] = [(places[other][0], distance) for distance, other in found]
    return result


def _on_sphere(point: Point) -> tuple[float, float, float]:
    """The point in metres on a sphere of the Earth's radius: a straight line between two such points (a
    chord) is never longer than the great-circle distance, so it bounds :func:`straight_line_m` from below."""
    lat, lon = math.radians(point.lat), math.radians(point.lon)
    return (
        EARTH_RADIUS_M * math.cos(lat) * math.cos(lon),
        EARTH_RADIUS_M * math.cos(lat) * math.sin(lon),
        EARTH_RADIUS_M * math.sin(lat),
    )


Box = tuple[tuple[float, ...], tuple[float, ...]]
"""The lowest and the highest corner of a box, in any number of dimensions."""


class BoxTree:
    """A k-d tree over boxes (points are boxes without extent): the items nearest a point, exactly, with
    ties broken by the items' order, in about ``log n`` steps however the items are spread.

    Each node keeps the box around its items and its lowest item number; a search visits the nearer
    node first and leaves out every node that cannot hold anything better than what it has found (with
    a margin for rounding, so that nothing is missed). Identical points cost nothing extra: the node
    numbers decide between them.
    """

    LEAF_SIZE = 8
    _SLACK_M = 1e-6  # metres: the distances a caller measures may round differently from the box bounds

    def __init__(self, boxes: Sequence[Box]) -> None:
        self._boxes = list(boxes)
        self._root = self._build(list(range(len(self._boxes)))) if self._boxes else None

    def _build(self, items: list[int]) -> _Node:
        boxes = self._boxes
        dims = range(len(boxes[items[0]][0]))
        low = tuple(min(boxes[i][0][d] for i in items) for d in dims)
        high = tuple(max(boxes[i][1][d] for i in items) for d in dims)
        if len(items) <= self.LEAF_SIZE:
            return _Node(low, high, min(items), sorted(items), ())
        axis = max(dims, key=lambda d: high[d] - low[d])
        items.sort(key=lambda i: (boxes[i][0][axis] + boxes[i][1][axis], i))
        middle = len(items) // 2
        children = (self._build(items[:middle]), self._build(items[middle:]))
        return _Node(low, high, min(items), [], children)

    def nearest(
        self,
        point: tuple[float, ...],
        n: int,
        *,
        within: float,
        distance: Callable[[int], float],
        accept: Callable[[int], bool] | None = None,
    ) -> list[tuple[float, int]]:
        """Up to ``n`` items as ``(distance, item)``, nearest first (ties: the lower item first), that
        ``accept`` takes and that lie within ``within``. ``distance(item)`` measures an item from ``point``;
        it must never be shorter than the straight line from ``point`` to the item's box."""
        found: list[tuple[float, int]] = []
        if self._root is None or n <= 0:
            return found
        slack, shrink = self._SLACK_M, 1 - 1e-9

        def bound(node: _Node) -> float:
            gap = 0.0
            for x, lo, hi in zip(point, node.low, node.high, strict=True):
                if x < lo:
                    gap += (lo - x) * (lo - x)
                elif x > hi:
                    gap += (x - hi) * (x - hi)
            return max(0.0, math.sqrt(gap) * shrink - slack)

        stack = [(bound(self._root), self._root)]  # depth first, the nearer child on top
        while stack:
            low_bound, node = stack.pop()
            if low_bound > within:
                continue
            if len(found) == n:
                worst, worst_item = found[-1]
                if low_bound > worst or (low_bound >= worst and node.first > worst_item):
                    continue
            if node.children:
                near, far = node.children
                near_bound, far_bound = bound(near), bound(far)
                if (far_bound, far.first) < (near_bound, near.first):
                    near, far, near_bound, far_bound = far, near, far_bound, near_bound
                stack.append((far_bound, far))
                stack.append((near_bound, near))
                continue
            for item in node.items:
                if accept is not None and not accept(item):
                    continue
                measured = distance(item)
                if measured <= within and (len(found) < n or (measured, item) < found[-1]):
                    bisect.insort(found, (measured, item))
                    del found[n:]
        return found


@dataclass(frozen=True)
class _Node:
    low: tuple[float, ...]
    high: tuple[float, ...]
    first: int  # the lowest item number in the node
    items: list[int]  # a leaf's items
    children: tuple[_Node, ...]


_DISTANCE_UNITS = {"zh": ("{n} 米", "{n} 公里"), "en": ("{n} m", "{n} km")}


def format_distance(metres: float, lang: str) -> str:
    """``320 m`` / ``1.2 km`` (``320 米`` / ``1.2 公里``): 10 m steps below 1 km, then 0.1 km, then whole km."""
    short, long = _DISTANCE_UNITS.get(lang, _DISTANCE_UNITS["en"])
    rounded = max(10, int(round(metres / 10.0)) * 10)
    if rounded < 1000:
        return short.format(n=rounded)
    km = metres / 1000
    text = f"{km:.1f}" if km < 9.95 else f"{round(km):d}"
    return long.format(n=text)


# --- along a street ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """Where a point falls along a path: metres from its start, and metres off it."""

    along_m: float
    off_m: float


def _local_xy(origin: Point) -> Callable[[Point], tuple[float, float]]:
    """An equirectangular projection in metres around ``origin`` (fine over a few kilometres)."""
    k = math.radians(1) * EARTH_RADIUS_M
    cos_lat = math.cos(math.radians(origin.lat))
    return lambda p: ((p.lon - origin.lon) * k * cos_lat, (p.lat - origin.lat) * k)


def place_on_path(path: Sequence[Point], point: Point) -> Placed:
    """Project ``point`` onto the polyline ``path`` (at least two points)."""
    return order_along(path, [(0, point)])[0][1]


def order_along(path: Sequence[Point], items: Iterable[tuple[K, Point]]) -> list[tuple[K, Placed]]:
    """``items`` sorted by where they fall along ``path`` (from its first point); ties keep input order.

    Each point goes to the nearest segment of the path (the first of segments equally near): a
    :class:`BoxTree` over the segments finds it in about ``log`` of their number (500 shops along a
    15,000-point path took 9 s comparing every segment).
    """
    if len(path) < 2:
        raise ValueError("a path needs at least two points")
    xy = _local_xy(path[0])
    corners = [xy(point) for point in path]
    segments = list(itertools.pairwise(corners))
    starts = list(itertools.accumulate((math.dist(a, b) for a, b in segments), initial=0.0))
    tree = BoxTree([(tuple(map(min, a, b)), tuple(map(max, a, b))) for a, b in segments])
    placed = []
    for index, (key, where) in enumerate(items):
        px, py = xy(where)
        projections: dict[int, tuple[float, float]] = {}

        def off(segment: int, px: float = px, py: float = py, projections: dict = projections) -> float:
            (ax, ay), (bx, by) = segments[segment]
            dx, dy = bx - ax, by - ay
            length2 = dx * dx + dy * dy
            t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
            gap = math.hypot(px - (ax + t * dx), py - (ay + t * dy))
            projections[segment] = (t, gap)
            return gap

        nearest_gap, _ = tree.nearest((px, py), 1, within=math.inf, distance=off)[0]
        # The first segment as near as the nearest, within rounding (a point on a corner is on two).
        level = tree.nearest((px, py), len(segments), within=nearest_gap + 1e-9, distance=off)
        segment = min(item for _, item in level)
        t, gap = projections[segment]
        along = starts[segment] + t * (starts[segment + 1] - starts[segment])
        placed.append((Placed(along_m=along, off_m=gap), index, key))
    placed.sort(key=lambda item: (round(item[0].along_m, 3), item[1]))
    return [(key, where) for where, _, key in placed]


def path_length_m(path: Sequence[Point]) -> float:
    """The length of a polyline in metres."""
    return sum(straight_line_m(a, b) for a, b in itertools.pairwise(path))


# --- links to map apps ------------------------------------------------------------------------

MAP_APPS: tuple[str, ...] = ("amap", "baidu", "tencent", "apple", "geo")
LABEL_CHARS = 80


@dataclass(frozen=True)
class MapLink:
    """A link that opens ``point`` in one app; the caller names the app (``app`` is its id)."""

    app: str
    href: str


def _clean_label(text: str) -> str:
    """A label fit for a URL: no control characters, whitespace collapsed, at most LABEL_CHARS."""
    text = "".join(" " if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029") else c for c in text)
    return re.sub(r"\s+", " ", text).strip()[:LABEL_CHARS].rstrip()


def _q(value: str, safe: str = "") -> str:
    return quote(value, safe=safe, encoding="utf-8")


def _deg(value: float) -> str:
    return f"{value:.6f}"


def _tencent_text(text: str) -> str:
    """Tencent's ``marker`` value is ``key:value;key:value``: keep a label from adding keys."""
    return text.translate({ord(";"): "；", ord(":"): "：", ord("|"): "｜"})


def map_links(point: Point, label: str, *, address: str | None = None, source: str = "fangcheng") -> list[MapLink]:
    """Links that put a pin on ``point`` (WGS-84) labelled ``label`` in each app of MAP_APPS.

    Each provider's documented parameters (every value percent-encoded; labels are hostile text):

    - AMap (lbs.amap.com/api/uri-api/guide/mobile-web/point, 单点标注): ``uri.amap.com/marker`` with
      ``position=lon,lat``, ``name``, ``src``, ``coordinate=wgs84`` ("wgs84坐标（GPS原始坐标）"; the
      default is GCJ-02) and ``callnative=1`` (try the app on a phone).
    - Baidu (lbsyun.baidu.com/index.php?title=uri/api/web, 地图标点): ``api.map.baidu.com/marker``
      with ``location=lat,lng``, ``title``, ``content``, ``output=html`` (required on the web),
      ``coord_type=wgs84`` (default BD-09) and ``src=webapp.<company>.<app>``.
    - Tencent (lbs.qq.com/webApi/uriV1/uriGuide/uriWebMarker, 自定义标注): ``apis.map.qq.com/uri/v1/marker``
      with ``marker=coord:lat,lng;title:…;addr:…``, ``coord_type=1`` ("1 GPS"; the URI API converts)
      and ``referer``. ``; : |`` in labels become their full-width forms so they cannot add keys.
    - Apple Maps (developer.apple.com "Map Links"): ``maps.apple.com/?ll=lat,lon&q=label`` — ``q`` is
      the pin's label when ``ll`` is given. There is no datum parameter and Apple Maps draws GCJ-02
      in China, so ``ll`` is the point converted to GCJ-02.
    - ``geo:`` (RFC 5870, WGS-84) with Android's ``?q=lat,lon(label)`` form for a labelled pin.
    """
    name = _clean_label(label) or "?"
    addr = _clean_label(address) if address else name
    lat, lon = _deg(point.lat), _deg(point.lon)
    src = re.sub(r"[^A-Za-z0-9_.-]", "", source) or "fangcheng"
    gcj = wgs84_to_gcj02(point)
    tencent_marker = f"coord:{lat},{lon};title:{_tencent_text(name)};addr:{_tencent_text(addr)}"
    return [
        MapLink(
            "amap",
            f"https://uri.amap.com/marker?position={lon},{lat}&name={_q(name)}"
            f"&src={_q(src)}&coordinate=wgs84&callnative=1",
        ),
        MapLink(
            "baidu",
            f"https://api.map.baidu.com/marker?location={lat},{lon}&title={_q(name)}"
            f"&content={_q(addr)}&output=html&coord_type=wgs84&src={_q('webapp.' + src + '.site')}",
        ),
        MapLink(
            "tencent",
            f"https://apis.map.qq.com/uri/v1/marker?marker={_q(tencent_marker, safe=',:;')}"
            f"&coord_type=1&referer={_q(src)}",
        ),
        MapLink("apple", f"https://maps.apple.com/?ll={_deg(gcj.lat)},{_deg(gcj.lon)}&q={_q(name)}"),
        MapLink("geo", f"geo:{lat},{lon}?q={lat},{lon}({_q(name)})"),
    ]
