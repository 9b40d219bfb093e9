"""Opening hours as editors think of them, in Asia/Shanghai time.

An entry's hours are weekly rows (days, opens, closes; a row whose ``closes`` is earlier than its
``opens`` runs past midnight, e.g. 18:00–02:00, and ``24:00`` closes at midnight), dates it is
closed, dates with special hours, and what it does on China's statutory public holidays
(``holidays: open`` — the default, holidays change nothing; ``closed``; ``hours`` — the
``holiday_hours`` rows instead of the weekly ones).

Holidays and make-up working days (调休) come from ``chinese-calendar`` (the State Council's yearly
notice, updated by the library each November). Beyond its last year (:func:`holiday_data_until`)
nothing is known: :func:`plan_for` then treats a day as an ordinary weekday, :func:`timetable` ends
its data at that point for an entry whose hours depend on holidays (so the page's badge disappears
rather than guess), and the JSON-LD lists no holiday exceptions there. Updating the pinned library
extends it.

What applies on a date, first match wins: a ``closed`` date; ``special`` hours on that date; a
statutory holiday under ``holidays: closed`` (closed) or ``hours`` (the holiday hours); a make-up
working day under ``holidays: closed`` (the hours of the first of Monday–Friday that has any: such
a place keeps office rhythm); otherwise the weekly rows for that weekday. Everything is pure data
in, data out; no pydantic, no I/O.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from difflib import get_close_matches
from typing import Any, Literal
from zoneinfo import ZoneInfo

import chinese_calendar

TZ = ZoneInfo("Asia/Shanghai")
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HolidayPolicy = Literal["open", "closed", "hours"]
POLICIES: tuple[str, ...] = ("open", "closed", "hours")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")  # HH:MM, 00:00 to 24:00 (the model checks with it too)
_DAY_SLIPS = {
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
    "tues": "tue",
    "thur": "thu",
    "thurs": "thu",
    "周一": "mon",
    "周二": "tue",
    "周三": "wed",
    "周四": "thu",
    "周五": "fri",
    "周六": "sat",
    "周日": "sun",
    "星期一": "mon",
    "星期二": "tue",
    "星期三": "wed",
    "星期四": "thu",
    "星期五": "fri",
    "星期六": "sat",
    "星期日": "sun",
    "星期天": "sun",
    "周天": "sun",
}
_HOLIDAY_IDS = {holiday.value: holiday.name for holiday in chinese_calendar.Holiday}


def minutes(value: str) -> int:
    """``"09:30"`` → 570; ``"24:00"`` → 1440. ValueError for anything else."""
    if not TIME.match(value):
        raise ValueError(f"not a time: {value!r}")
    return int(value[:2]) * 60 + int(value[3:])


@dataclass(frozen=True)
class Span:
    """Open from ``opens`` to ``closes`` ("HH:MM"); ``closes`` <= ``opens`` means the next day."""

    opens: str
    closes: str

    def bounds(self) -> tuple[int, int]:
        """Minutes from the day's midnight: start, end (end > 1440 when it runs past midnight)."""
        start, end = minutes(self.opens), minutes(self.closes)
        return start, end if end > start else end + 1440

    @property
    def overnight(self) -> bool:
        return self.bounds()[1] > 1440


@dataclass(frozen=True)
class WeeklyRow:
    """``days`` (mon … sun) open from ``opens`` to ``closes``."""

    days: tuple[str, ...]
    opens: str
    closes: str


@dataclass(frozen=True)
class SpecialRow:
    """On ``dates``, open from ``opens`` to ``closes`` instead of the weekly hours."""

    dates: tuple[date, ...]
    opens: str
    closes: str


@dataclass(frozen=True)
class Hours:
    """Everything about one entry's opening hours."""

    weekly: tuple[WeeklyRow, ...] = ()
    closed: tuple[date, ...] = ()
    special: tuple[SpecialRow, ...] = ()
    holidays: HolidayPolicy = "open"
    holiday_hours: tuple[Span, ...] = ()

    @functools.cached_property
    def closed_dates(self) -> frozenset[date]:
        """The ``closed`` dates, for lookups."""
        return frozenset(self.closed)

    @functools.cached_property
    def special_spans(self) -> dict[date, tuple[tuple[int, int], ...]]:
        """The spans of the ``special`` rows by date, sorted: one lookup per day, however many rows and dates."""
        spans: dict[date, list[tuple[int, int]]] = {}
        for row in self.special:
            bounds = Span(row.opens, row.closes).bounds()
            for day in row.dates:
                spans.setdefault(day, []).append(bounds)
        return {day: tuple(sorted(found)) for day, found in spans.items()}


# --- holidays ---------------------------------------------------------------------------------


def holiday_data_until() -> date:
    """The last date the holiday library knows (31 December of its last year)."""
    return date(max(day.year for day in chinese_calendar.holidays), 12, 31)


def holiday_data_from() -> date:
    return date(min(day.year for day in chinese_calendar.holidays), 1, 1)


def holiday_on(day: date) -> tuple[str, str] | None:
    """``("holiday" | "makeup", holiday id such as "spring_festival")`` on ``day``, or None.

    "holiday" is a day off of a statutory holiday's break (weekend days inside it included);
    "makeup" is a make-up working day (调休上班). None on ordinary days and outside the data.
    """
    if not holiday_data_from() <= day <= holiday_data_until():
        return None
    if day in chinese_calendar.workdays:
        return "makeup", _HOLIDAY_IDS.get(chinese_calendar.workdays[day], "other")
    if day in chinese_calendar.holidays:
        return "holiday", _HOLIDAY_IDS.get(chinese_calendar.holidays[day], "other")
    return None


# --- what applies on a day --------------------------------------------------------------------


@dataclass(frozen=True)
class DayPlan:
    """The spans that start on one date, and why (``weekly``, ``closed``, ``special``, ``holiday``, ``makeup``)."""

    day: date
    spans: tuple[tuple[int, int], ...]
    reason: str
    holiday: str | None = None


def _weekly_spans(hours: Hours, weekday: int) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(Span(row.opens, row.closes).bounds() for row in hours.weekly if DAYS[weekday] in row.days))


def _workday_spans(hours: Hours) -> tuple[tuple[int, int], ...]:
    for weekday in range(5):
        if spans := _weekly_spans(hours, weekday):
            return spans
    return ()


def plan_for(hours: Hours, day: date) -> DayPlan:
    """What applies on ``day`` (see the module's docstring for the order)."""
    if day in hours.closed_dates:
        return DayPlan(day, (), "closed")
    special = hours.special_spans.get(day)
    if special:
        return DayPlan(day, special, "special")
    holiday = holiday_on(day) if hours.holidays != "open" else None
    if holiday and holiday[0] == "holiday":
        spans = () if hours.holidays == "closed" else tuple(sorted(span.bounds() for span in hours.holiday_hours))
        return DayPlan(day, spans, "holiday", holiday[1])
    if holiday and holiday[0] == "makeup" and hours.holidays == "closed":
        return DayPlan(day, _workday_spans(hours), "makeup", holiday[1])
    return DayPlan(day, _weekly_spans(hours, day.weekday()), "weekly")


def _at(day: date, minute: int) -> datetime:
    return datetime.combine(day, time(0), TZ) + timedelta(minutes=minute)


def schedule_for(hours: Hours, day: date) -> list[tuple[datetime, datetime]]:
    """The opening intervals that start on ``day``, as Asia/Shanghai datetimes."""
    return [(_at(day, start), _at(day, end)) for start, end in plan_for(hours, day).spans]


def intervals(hours: Hours, first: date, last: date) -> list[tuple[datetime, datetime]]:
    """Merged opening intervals touching ``first`` … ``last`` (the day before counts: past midnight)."""
    raw: list[tuple[datetime, datetime]] = []
    day = first - timedelta(days=1)
    while day <= last:
        raw.extend(schedule_for(hours, day))
        day += timedelta(days=1)
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(raw):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(s, e) for s, e in merged if e > _at(first, 0)]


TIMETABLE_WEEKS = 6
"""How many weeks from the build date the page's timetable (and special-hours JSON-LD) covers."""


def build_date() -> date:
    """The build's "today" in Asia/Shanghai: from ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), TZ) if epoch.isdigit() else datetime.now(TZ)
    return moment.date()


def _local(now: datetime) -> datetime:
    return now.replace(tzinfo=TZ) if now.tzinfo is None else now.astimezone(TZ)


def is_open(hours: Hours, now: datetime) -> bool:
    """Whether the place is open at ``now`` (naive datetimes are read as Asia/Shanghai)."""
    now = _local(now)
    return any(start <= now < end for start, end in intervals(hours, now.date(), now.date()))


@dataclass(frozen=True)
class Change:
    """The next time the place opens (``opens`` True) or closes."""

    at: datetime
    opens: bool


def next_change(hours: Hours, now: datetime, horizon_days: int = 31) -> Change | None:
    """When the place next opens or closes after ``now``, within ``horizon_days``; None if never."""
    now = _local(now)
    last = now.date() + timedelta(days=horizon_days)
    for start, end in intervals(hours, now.date(), last):
        if start > now:
            return Change(start, True)
        if end > now:  # open now: an interval reaching the horizon's end may go on beyond it
            return Change(end, False) if end < _at(last + timedelta(days=1), 0) else None
    return None


# --- for the page -----------------------------------------------------------------------------


def _epoch_minutes(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp() // 60)


def timetable(hours: Hours, today: date, weeks: int = TIMETABLE_WEEKS) -> dict[str, Any]:
    """Compact JSON data for the browser badge: minutes since 1970-01-01 UTC.

    ``{"v": 1, "tz": "Asia/Shanghai", "from": m, "until": m, "open": [[start, end], …]}``: outside
    ``from``–``until`` the badge shows nothing. ``until`` stops where the holiday data stops when
    the hours depend on holidays.
    """
    last = today + timedelta(days=7 * weeks - 1)
    if hours.holidays != "open":
        last = min(last, holiday_data_until())
    start, until = _at(today, 0), _at(last + timedelta(days=1), 0)
    spans = [] if last < today else intervals(hours, today, last)
    return {
        "v": 1,
        "tz": "Asia/Shanghai",
        "from": _epoch_minutes(start),
        "until": _epoch_minutes(until),
        "open": [[_epoch_minutes(s), _epoch_minutes(min(e, until))] for s, e in spans if s < until],
    }


def _clock(minute: int) -> str:
    return "24:00" if minute == 1440 else f"{minute % 1440 // 60:02d}:{minute % 60:02d}"


def opening_hours_specification(hours: Hours) -> list[dict[str, Any]]:
    """schema.org ``openingHoursSpecification`` (see :func:`_opening_hours_specification`); a new list
    each call, its items shared between the shops with the same hours (computed once)."""
    return list(_opening_hours_specification(hours))


@functools.lru_cache(maxsize=1024)
def _opening_hours_specification(hours: Hours) -> tuple[dict[str, Any], ...]:
    """schema.org ``openingHoursSpecification``: one item per distinct span, its days listed.

    schema.org: "If the value for the closes property is less than the value for the opens
    property then the hour range is assumed to span over the next day"; ``24:00`` is written
    ``23:59`` (the usual all-day convention).
    """
    by_span: dict[tuple[int, int], list[int]] = {}
    for weekday in range(7):
        for span in _weekly_spans(hours, weekday):
            by_span.setdefault(span, []).append(weekday)
    return tuple(
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{SCHEMA_DAYS[d]}" for d in days],
            "opens": _clock(start),
            "closes": "23:59" if end == 1440 else _clock(end),
        }
        for (start, end), days in sorted(by_span.items(), key=lambda item: (item[1][0], item[0]))
    )


def special_opening_hours_specification(
    hours: Hours, today: date, weeks: int = TIMETABLE_WEEKS
) -> list[dict[str, Any]]:
    """schema.org ``specialOpeningHoursSpecification`` for dates from ``today`` on.

    Every listed ``closed``/``special`` date still to come, and the holidays and make-up days of
    the next ``weeks`` that change the hours; a closed day is ``opens`` = ``closes`` = ``00:00``.
    """
    days = {d for d in hours.closed_dates if d >= today} | {d for d in hours.special_spans if d >= today}
    if hours.holidays != "open":
        day = today
        while day < today + timedelta(days=7 * weeks):
            if holiday_on(day):
                days.add(day)
            day += timedelta(days=1)
    result: list[dict[str, Any]] = []
    for day in sorted(days):
        plan = plan_for(hours, day)
        if plan.reason == "weekly":
            continue
        stamp = day.isoformat()
        for start, end in plan.spans or ((0, 0),):
            result.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": stamp,
                    "validThrough": stamp,
                    "opens": _clock(start),
                    "closes": "23:59" if end == 1440 else _clock(end),
                }
            )
    return result


Strings = Callable[..., str]
"""``t(key, **params)``: a UI string. Keys: ``day.mon`` … ``day.sun``, ``day.daily``, ``days_range`` {first, last},
``days_sep``, ``span`` {opens, closes}, ``span_overnight`` {opens, closes}, ``spans_sep``, ``closed``,
``holidays`` {hours} (public holidays row), ``holiday.<id>`` (e.g. ``holiday.spring_festival``)."""


@dataclass(frozen=True)
class TableRow:
    """One line of the week table: the days it covers and their hours, as text."""

    days: tuple[str, ...]
    days_label: str
    hours_label: str


@dataclass(frozen=True)
class WeekTable:
    """The week as rows of grouped days, plus the public-holiday rule (None when holidays change nothing)."""

    rows: tuple[TableRow, ...]
    holidays: str | None = field(default=None)


def spans_label(spans: Sequence[tuple[int, int]], t: Strings) -> str:
    if not spans:
        return t("closed")
    parts = [
        t(
            "span_overnight" if end > 1440 else "span",
            opens=_clock(start),
            closes=_clock(end % 1440 if end > 1440 else end),
        )
        for start, end in spans
    ]
    return t("spans_sep").join(parts)


def _days_label(weekdays: list[int], t: Strings) -> str:
    if len(weekdays) == len(DAYS):
        return t("day.daily")
    runs: list[list[int]] = []
    for d in weekdays:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(t("days_range", first=t(f"day.{DAYS[run[0]]}"), last=t(f"day.{DAYS[run[-1]]}")))
        else:
            parts.extend(t(f"day.{DAYS[d]}") for d in run)
    return t("days_sep").join(parts)


def week_table(hours: Hours, t: Strings) -> WeekTable:
    """The weekly hours with days of equal hours grouped ("Mon–Fri 09:30–21:00"), in ``t``'s language."""
    if not hours.weekly:
        return WeekTable(rows=())
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for weekday in range(7):
        groups.setdefault(_weekly_spans(hours, weekday), []).append(weekday)
    rows = tuple(
        TableRow(tuple(DAYS[d] for d in days), _days_label(days, t), spans_label(spans, t))
        for spans, days in sorted(groups.items(), key=lambda item: item[1][0])
    )
    holiday_row = None
    if hours.holidays == "closed":
        holiday_row = t("holidays", hours=t("closed"))
    elif hours.holidays == "hours":
        holiday_row = t("holidays", hours=spans_label(sorted(span.bounds() for span in hours.holiday_hours), t))
    return WeekTable(rows=rows, holidays=holiday_row)


# --- checks -----------------------------------------------------------------------------------

Problem = tuple[tuple[str | int, ...], str, dict[str, object]]


def _span_problems(where: tuple[str | int, ...], opens: str, closes: str) -> list[Problem]:
    problems: list[Problem] = []
    for name, value in (("opens", opens), ("closes", closes)):
        if not TIME.match(value):
            problems.append(((*where, name), "bad-time", {"value": value}))
    if problems:
        return problems
    if opens == "24:00":
        problems.append(((*where, "opens"), "hours-opens-at-24", {"opens": opens, "closes": closes}))
    elif minutes(opens) == minutes(closes):
        problems.append(((*where, "closes"), "hours-empty", {"opens": opens, "closes": closes}))
    return problems


def _valid_span(opens: str, closes: str) -> tuple[int, int] | None:
    """The span's bounds, or None when :func:`_span_problems` reports it (it is then not compared)."""
    if not (TIME.match(opens) and TIME.match(closes)) or opens == "24:00" or minutes(opens) == minutes(closes):
        return None
    return Span(opens, closes).bounds()


def _overnight_overlaps(weekly: Sequence[WeeklyRow]) -> list[Problem]:
    """A row that runs past midnight into a day on which another row opens before it closes (Sunday 20:00–10:00
    beside Monday 08:00–09:30): reported at the other row, naming the one that runs past midnight."""
    problems: list[Problem] = []
    for i, row in enumerate(weekly):
        bounds = _valid_span(row.opens, row.closes)
        if bounds is None or bounds[1] <= 1440:
            continue
        spill = bounds[1] - 1440  # minutes into the next day
        for day in dict.fromkeys(d for d in row.days if d in DAYS):
            next_day = DAYS[(DAYS.index(day) + 1) % 7]
            for k, other in enumerate(weekly):
                other_bounds = _valid_span(other.opens, other.closes)
                if k == i or other_bounds is None or next_day not in other.days or other_bounds[0] >= spill:
                    continue
                problems.append(
                    (
                        ("hours", k),
                        "hours-overlap-overnight",
                        {
                            "day": next_day,
                            "opens": other.opens,
                            "closes": other.closes,
                            "other": i + 1,
                            "other_day": day,
                            "other_opens": row.opens,
                            "other_closes": row.closes,
                        },
                    )
                )
    return problems


def _special_overlaps(special: Sequence[SpecialRow]) -> list[Problem]:
    """Two special rows whose hours on one date cross (the hours of a row that runs past midnight reach into
    the next date): reported at the later row's date (at the row, for hours reaching in from the day before)."""
    by_date: dict[date, list[tuple[int, tuple[int, int]]]] = {}  # date -> [(row, span from that midnight)]
    for i, row in enumerate(special):
        bounds = _valid_span(row.opens, row.closes)
        if bounds is None:
            continue
        for on in dict.fromkeys(row.dates):
            by_date.setdefault(on, []).append((i, bounds))
            if bounds[1] > 1440:
                by_date.setdefault(on + timedelta(days=1), []).append((i, (0, bounds[1] - 1440)))
    problems: list[Problem] = []
    reported: set[tuple[int, int, date]] = set()
    for on, spans in sorted(by_date.items()):
        for a, (i, (start, end)) in enumerate(spans):
            for k, (o_start, o_end) in spans[:a]:
                earlier, later = min(i, k), max(i, k)
                if k == i or not (start < o_end and o_start < end) or (earlier, later, on) in reported:
                    continue
                reported.add((earlier, later, on))
                dates = special[later].dates
                where = ("special_hours", later, "dates", dates.index(on)) if on in dates else ("special_hours", later)
                params = {
                    "date": on.isoformat(),
                    "opens": special[later].opens,
                    "closes": special[later].closes,
                    "other": earlier + 1,
                    "other_opens": special[earlier].opens,
                    "other_closes": special[earlier].closes,
                }
                problems.append((where, "hours-special-overlap", params))
    return problems


def check(hours: Hours) -> list[Problem]:
    """Problems as ``(field path, code, params)``; paths use the proposed YAML field names.

    Dates in the past are fine (they no longer apply). See the module's report for each code's text.
    """
    problems: list[Problem] = []
    seen: dict[tuple[int, tuple[int, int]], int] = {}
    for i, row in enumerate(hours.weekly):
        if not row.days:
            problems.append((("hours", i, "days"), "hours-no-days", {}))
        for j, day in enumerate(row.days):
            if day not in DAYS:
                guess = _DAY_SLIPS.get(day.strip().lower()) or next(
                    iter(get_close_matches(day.lower(), DAYS, 1, 0.6)), ""
                )
                problems.append((("hours", i, "days", j), "hours-unknown-day", {"value": day, "suggestion": guess}))
            elif row.days.index(day) != j:
                problems.append((("hours", i, "days", j), "hours-day-twice", {"day": day}))
        span_problems = _span_problems(("hours", i), row.opens, row.closes)
        problems.extend(span_problems)
        if span_problems:
            continue
        start, end = Span(row.opens, row.closes).bounds()
        for day in dict.fromkeys(d for d in row.days if d in DAYS):
            weekday = DAYS.index(day)
            for (other_day, (o_start, o_end)), k in seen.items():
                if other_day == weekday and start < o_end and o_start < end:
                    problems.append((("hours", i), "hours-overlap", {"day": day, "other": k + 1}))
            seen[(weekday, (start, end))] = i
    problems += _overnight_overlaps(hours.weekly)
    closed: set[date] = set()
    for j, closed_on in enumerate(hours.closed):
        if closed_on in closed:
            problems.append((("closed", j), "hours-date-twice", {"date": closed_on.isoformat()}))
        closed.add(closed_on)
    for i, special in enumerate(hours.special):
        if not special.dates:
            problems.append((("special_hours", i, "dates"), "hours-no-dates", {}))
        for j, on in enumerate(special.dates):
            if on in closed:
                problems.append(
                    (("special_hours", i, "dates", j), "hours-closed-and-special", {"date": on.isoformat()})
                )
            elif on in special.dates[:j]:
                problems.append((("special_hours", i, "dates", j), "hours-date-twice", {"date": on.isoformat()}))
        problems.extend(_span_problems(("special_hours", i), special.opens, special.closes))
    problems += _special_overlaps(hours.special)
    if hours.holidays not in POLICIES:
        problems.append((("holidays",), "hours-bad-holiday-policy", {"value": hours.holidays}))
    if hours.holidays == "hours" and not hours.holiday_hours:
        problems.append((("holidays",), "hours-holiday-hours-missing", {}))
    if hours.holidays != "hours" and hours.holiday_hours:
        problems.append((("holiday_hours",), "hours-holiday-hours-unused", {"policy": hours.holidays}))
    for i, span in enumerate(hours.holiday_hours):
        problems.extend(_span_problems(("holiday_hours", i), span.opens, span.closes))
    return problems
