"""The schematic maps on the site's pages (drawn by :mod:`fangcheng.svgmap`): a street's page, each
browse page and the home page. Pins are the shown entries that have a location (WGS-84: the model
converts other datums at load time), labelled in the reader's language (a fallback name carries its
``lang``), linking to the entries. So that a visitor can tell where they are, every map also draws the streets
(a named line where a street has a ``path``, else a labelled point) and their landmarks with their names: a
street's page its own, the browse and home pages every street's."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from markupsafe import Markup

from fangcheng.svgmap import Landmark, MapStrings, Pin, Polyline, draw_map, map_list
from fangcheng.ui_strings import UiStrings

HOME_LIST_MAX = 150
"""Up to this many pins the home page lists them under its map; above, it links the browse pages."""


def map_strings(strings: UiStrings, title: str) -> MapStrings:
    """The map's texts in the reader's language (UI strings ``map.*``), with its accessible name."""
    return MapStrings(
        title=title,
        note=strings("map.note"),
        north=strings("map.north"),
        metres=strings("map.metres"),
        kilometres=strings("map.kilometres"),
        cluster=strings("map.cluster"),
        skip=strings("map.skip"),
        landmarks=strings("map.landmarks"),
    )


def _point(value: Any) -> tuple[float, float] | None:
    """(lat, lon) of a location or a path point (an object with lat/lon, or a pair)."""
    if value is None:
        return None
    if hasattr(value, "lat"):
        return float(value.lat), float(value.lon)
    lat, lon = value
    return float(lat), float(lon)


Memo = Callable[[str, tuple[Any, ...], Callable[[], Any]], Any]


def _make(name: str, makings: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    return make()


class PageMaps:
    """Maps for one page in one language; ``link(kind, id)`` is the page's relative link to an entry.

    ``memo(name, makings, make)`` may keep what was made for this page (a record's pin, a drawn map) and give it
    back while ``makings`` are the same (:class:`fangcheng.render.Fragments`); by default everything is made.
    """

    def __init__(
        self,
        lang: str,
        default_language: str,
        strings: UiStrings,
        value: Callable[[Any], str | None],
        is_fallback: Callable[[Any], bool],
        link: Callable[..., str | None],
        memo: Memo = _make,
    ) -> None:
        self.lang = lang
        self.default_language = default_language
        self.strings = strings
        self.value = value
        self.is_fallback = is_fallback
        self.link = link
        self.memo = memo

    def _label(self, name: Any) -> tuple[str, str | None]:
        return self.value(name) or "", (self.default_language if self.is_fallback(name) else None)

    def pin(self, record: Any) -> Pin | None:
        """The record's pin, or None without a location or a shown page."""
        return self.memo(f"pin:{record.kind}:{record.id}", (record,), lambda: self._pin(record))

    def _pin(self, record: Any) -> Pin | None:
        point = _point(getattr(record.entry, "location", None))
        href = self.link(record.kind, record.id)
        if point is None or href is None:
            return None
        label, lang = self._label(record.entry.name)
        category = getattr(record.entry, "category", None)
        return Pin(
            *point,
            label,
            href,
            category=self.strings.get(f"category.{category}") or None if category else None,
            lang=lang,
        )

    def pins(self, records: Iterable[Any]) -> list[Pin]:
        return [pin for pin in map(self.pin, records) if pin is not None]

    def landmarks(self, streets: Iterable[Any]) -> list[Landmark]:
        """The landmarks (with a location) of these street records."""
        result = []
        for record in streets:
            for landmark in getattr(record.entry, "landmarks", None) or ():
                point = _point(landmark.location)
                if point is not None:
                    label, lang = self._label(landmark.name)
                    result.append(Landmark(*point, label, lang=lang))
        return result

    def streets(self, streets: Iterable[Any], *, points: bool = True) -> tuple[list[Polyline], list[Landmark]]:
        """What orients a reader: each street's ``path`` as a line with its name, and (with ``points``) each
        street that has a point but no path as a labelled point."""
        lines, marks = [], []
        for record in streets:
            path = [p for p in map(_point, getattr(record.entry, "path", None) or ()) if p]
            label, lang = self._label(record.entry.name)
            if len(path) > 1:
                lines.append(Polyline(tuple(path), label, lang))
            elif points and (point := _point(getattr(record.entry, "location", None))) is not None:
                marks.append(Landmark(*point, label, lang=lang, is_street=True))
        return lines, marks

    def for_street(self, record: Any, related: Any) -> Markup:
        """A street page's map and list: the entries pointing at it (``related``, its
        :class:`fangcheng.graph.Relations`), its ``path`` (or, without one, its point) and landmarks."""
        pins = self.pins(r for group in related.backlinks for r in group.records)
        lines, street = self.streets([record])
        landmarks = self.landmarks([record])
        if not pins and not landmarks and not lines and not street:
            return Markup("")
        name = self.value(record.entry.name) or ""
        strings = map_strings(self.strings, self.strings("map.title_of").replace("{name}", name))
        marks = street + landmarks

        def draw() -> Markup:
            figure = draw_map(pins, strings=strings, lang=self.lang, lines=lines, landmarks=marks, map_id="fc-map")
            return figure + map_list(pins, strings=strings, lang=self.lang, landmarks=landmarks, map_id="fc-map")

        return self.memo("map:street", (tuple(pins), tuple(lines), tuple(marks), tuple(landmarks), strings), draw)

    def browse(
        self, kind_title: str, records: Sequence[Any], list_href: str = "#cards", streets: Sequence[Any] = ()
    ) -> Markup:
        """A browse page's map, with ``streets`` and their landmarks to orient by (a street the map shows as
        a pin is not drawn again as a point); its text list is the page's cards (``id="cards"``)."""
        pins = self.pins(records)
        if not pins:
            return Markup("")
        pinned = {(record.kind, record.id) for record in records}
        lines, _ = self.streets(streets, points=False)
        _, points = self.streets(record for record in streets if (record.kind, record.id) not in pinned)
        strings = map_strings(self.strings, self.strings("map.title_of").replace("{name}", kind_title))
        landmarks = points + self.landmarks(streets)
        return self.memo(
            "map:browse",
            (tuple(pins), tuple(lines), tuple(landmarks), strings, list_href),
            lambda: draw_map(
                pins,
                strings=strings,
                lang=self.lang,
                lines=lines,
                landmarks=landmarks,
                map_id="fc-map",
                list_href=list_href,
            ),
        )

    def home(self, groups: Sequence[tuple[str, str, Sequence[Any]]], streets: Sequence[Any]) -> Markup:
        """The home page's map of every entry with a location, and the same as text: the entries
        (up to :data:`HOME_LIST_MAX`), else a link to each kind's browse page with its number on the map.
        ``groups`` are (kind title, browse page link, records) per kind; the streets' lines (they are pins
        too, where they have a point) and landmarks are drawn to orient by."""
        per_kind = [(title, href, self.pins(records)) for title, href, records in groups]
        pins = [pin for _, _, kind_pins in per_kind for pin in kind_pins]
        landmarks = self.landmarks(streets)
        lines, _ = self.streets(streets, points=False)
        if not pins and not landmarks and not lines:
            return Markup("")
        strings = map_strings(self.strings, self.strings("map.title_home"))
        figure = self.memo(
            "map:home",
            (tuple(pins), tuple(lines), tuple(landmarks), strings),
            lambda: draw_map(
                pins, strings=strings, lang=self.lang, lines=lines, landmarks=landmarks, map_id="fc-home-map"
            ),
        )
        if len(pins) <= HOME_LIST_MAX:
            return figure + map_list(pins, strings=strings, lang=self.lang, landmarks=landmarks, map_id="fc-home-map")
        items = Markup("").join(
            Markup('<li><a href="{}">{}</a> <span class="fc-map__category">{}</span></li>').format(
                href, title, self.strings("format.count", count=len(kind_pins))
            )
            for title, href, kind_pins in per_kind
            if kind_pins
        )
        return figure + Markup('<ul class="fc-map__list" id="fc-home-map-list">{}</ul>').format(items)
