"""Eras for the browse filters, historical periods for the timeline, and the filters' options with counts.

Pure functions over entries; the templates and ``fangcheng-browse.js`` use what they return.

Periods are the ones that applied in Shenyang (sources: Wikipedia, "Later Jin (1616–1636)",
"Shenyang" § History, "Qing dynasty", "1911 Revolution", "Proclamation of the People's Republic of
China"): the Later Jin took Shenyang from the Ming in 1621 and made it its capital in 1625; Hong
Taiji renamed the state Qing in 1636; the Republic of China was founded on 1 January 1912 (the last
emperor abdicated on 12 February); the People's Republic was proclaimed on 1 October 1949. A year
in which a period began belongs to that period (a shop founded "in 1912" is of the Republic), as the
eras of the filter do too: 1912–1949 ends where "since 1949" begins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

ERAS: tuple[tuple[str, int | None, int | None], ...] = (
    ("before-1800", None, 1799),
    ("1800-1911", 1800, 1911),
    ("1912-1949", 1912, 1948),
    ("since-1949", 1949, None),
)
"""The era filter: (key, first year, last year), ``None`` for open ends. Labels: UI strings ``era.<key>``."""

LEVELS = ("national", "provincial", "municipal", "district")


@dataclass(frozen=True, slots=True)
class Period:
    """A historical period in Shenyang; labels are the UI strings ``period.<key>``."""

    key: str
    start: int | None  # first year, None for "before"
    end: int | None  # last year, None for "to this day"


PERIODS: tuple[Period, ...] = (
    Period("before-yuan", None, 1270),
    Period("yuan", 1271, 1367),
    Period("ming", 1368, 1620),
    Period("later-jin", 1621, 1635),
    Period("qing", 1636, 1911),
    Period("roc", 1912, 1948),
    Period("prc", 1949, None),
)


def _within(year: int, start: int | None, end: int | None) -> bool:
    return (start is None or year >= start) and (end is None or year <= end)


def era_of(year: int | None) -> str | None:
    """The era filter's key for a founding year, or None without a year."""
    if year is None:
        return None
    return next(key for key, start, end in ERAS if _within(year, start, end))


def period_of(year: int) -> Period:
    """The historical period (in Shenyang) a year belongs to."""
    return next(period for period in PERIODS if _within(year, period.start, period.end))


def filter_values(entry: Any) -> dict[str, list[str]]:
    """An entry's values for each filter: its category, the levels of its recognitions, its era."""
    values: dict[str, list[str]] = {}
    category = getattr(entry, "category", None)
    if category:
        values["category"] = [category]
    levels = {item.level for item in getattr(entry, "recognitions", None) or ()}
    if levels:
        values["level"] = [level for level in LEVELS if level in levels]
    era = era_of(getattr(entry, "founded", None))
    if era:
        values["era"] = [era]
    return values


@dataclass(frozen=True, slots=True)
class Facet:
    """One filter (``category``, ``level`` or ``era``) and its options with the number of entries each."""

    name: str
    options: tuple[tuple[str, int], ...]


FACET_ORDER = ("category", "level", "era")


def facets(values: Iterable[dict[str, list[str]]], category_order: Sequence[str] = ()) -> list[Facet]:
    """The filters worth showing for entries with these ``filter_values``: every option some entry has,
    in a fixed order (categories as ``category_order``, levels from national down, eras in time), with
    counts. One pass over the entries."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_ORDER}
    for entry_values in values:
        for name, options in entry_values.items():
            counts[name].update(options)
    orders = {"category": tuple(category_order), "level": LEVELS, "era": tuple(key for key, _, _ in ERAS)}
    result = []
    for name in FACET_ORDER:
        if counts[name]:
            order = orders[name]
            keys = sorted(counts[name], key=lambda key: (order.index(key) if key in order else len(order), key))
            result.append(Facet(name, tuple((key, counts[name][key]) for key in keys)))
    return result


@dataclass(frozen=True, slots=True)
class TimelineGroup:
    """The shops of one period, in order of founding year."""

    period: Period
    items: tuple[Any, ...]  # records


def timeline(records: Iterable[Any]) -> tuple[list[TimelineGroup], list[Any]]:
    """Records with a founding year grouped by period (oldest first, by year then id), and those without."""
    dated = sorted((r for r in records if getattr(r.entry, "founded", None)), key=lambda r: (r.entry.founded, r.id))
    undated = [r for r in records if not getattr(r.entry, "founded", None)]
    by_period: dict[Period, list[Any]] = {}
    for record in dated:
        by_period.setdefault(period_of(record.entry.founded), []).append(record)
    return [TimelineGroup(period, tuple(items)) for period, items in by_period.items()], undated
