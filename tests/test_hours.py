"""Opening hours (hours.py): weekly rows, midnight, holidays and 调休 from chinese-calendar, exceptions,
the timetable JSON, JSON-LD, the week table, checks, and the browser badge script run with node."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import chinese_calendar
import pytest

from fangcheng.hours import (
    TZ,
    Hours,
    Span,
    SpecialRow,
    WeeklyRow,
    check,
    holiday_data_until,
    holiday_on,
    intervals,
    is_open,
    next_change,
    opening_hours_specification,
    plan_for,
    schedule_for,
    special_opening_hours_specification,
    timetable,
    week_table,
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "fangcheng-hours.js"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
SHOP = Hours(weekly=(WeeklyRow(WEEKDAYS, "09:30", "21:00"), WeeklyRow(("sat", "sun"), "10:00", "22:00")))
BAR = Hours(weekly=(WeeklyRow(("thu", "fri", "sat", "sun"), "18:00", "02:00"),))
MONDAY = date(2026, 3, 2)  # an ordinary week in March 2026


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, datetime.strptime(clock, "%H:%M").time(), TZ)


def test_weekly_rows_open_and_close_on_time():
    assert not is_open(SHOP, at(MONDAY, "09:29"))
    assert is_open(SHOP, at(MONDAY, "09:30"))
    assert is_open(SHOP, at(MONDAY, "20:59"))
    assert not is_open(SHOP, at(MONDAY, "21:00"))
    assert schedule_for(SHOP, MONDAY + timedelta(days=5)) == [
        (at(MONDAY + timedelta(days=5), "10:00"), at(MONDAY + timedelta(days=5), "22:00"))
    ]


def test_now_in_another_zone_is_read_in_shanghai():
    # 09:45 in Shanghai on Monday is 20:45 on Sunday in New York (UTC-5 in March before DST).
    new_york = at(MONDAY, "09:45").astimezone(timezone(timedelta(hours=-5)))
    assert new_york.day == 1 and is_open(SHOP, new_york)


def test_hours_that_cross_midnight():
    thursday = MONDAY + timedelta(days=3)
    assert schedule_for(BAR, thursday) == [(at(thursday, "18:00"), at(thursday + timedelta(days=1), "02:00"))]
    assert is_open(BAR, at(thursday + timedelta(days=1), "01:59"))  # Friday night-after-Thursday
    assert not is_open(BAR, at(thursday + timedelta(days=1), "02:00"))
    assert is_open(BAR, at(MONDAY + timedelta(days=7), "01:00"))  # Sunday's night runs into Monday
    assert not is_open(BAR, at(MONDAY + timedelta(days=7), "02:00"))
    assert next_change(BAR, at(MONDAY, "12:00")).at == at(thursday, "18:00")
    change = next_change(BAR, at(thursday, "23:00"))
    assert (change.at, change.opens) == (at(thursday + timedelta(days=1), "02:00"), False)


def test_all_day_every_day_merges_into_one_interval():
    always = Hours(weekly=(WeeklyRow(WEEKDAYS + ("sat", "sun"), "00:00", "24:00"),))
    spans = intervals(always, MONDAY, MONDAY + timedelta(days=6))
    assert spans == [(at(MONDAY - timedelta(days=1), "00:00"), at(MONDAY + timedelta(days=7), "00:00"))]
    assert next_change(always, at(MONDAY, "12:00")) is None
    assert next_change(Hours(), at(MONDAY, "12:00")) is None


def test_next_change_opens_then_closes():
    change = next_change(SHOP, at(MONDAY, "07:00"))
    assert (change.at, change.opens) == (at(MONDAY, "09:30"), True)
    change = next_change(SHOP, at(MONDAY, "12:00"))
    assert (change.at, change.opens) == (at(MONDAY, "21:00"), False)


def test_closed_and_special_dates_override_the_week():
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    hours = Hours(
        weekly=SHOP.weekly,
        closed=(tuesday,),
        special=(SpecialRow((wednesday,), "12:00", "15:00"), SpecialRow((wednesday,), "17:00", "19:00")),
    )
    assert plan_for(hours, tuesday).reason == "closed" and schedule_for(hours, tuesday) == []
    assert schedule_for(hours, wednesday) == [
        (at(wednesday, "12:00"), at(wednesday, "15:00")),
        (at(wednesday, "17:00"), at(wednesday, "19:00")),
    ]
    assert not is_open(hours, at(wednesday, "16:00"))
    assert plan_for(hours, MONDAY).reason == "weekly"


def _library_days(kind: dict, name: str, year: int) -> list[date]:
    return sorted(day for day, holiday in kind.items() if holiday == name and day.year == year)


SPRING_2026 = _library_days(chinese_calendar.holidays, chinese_calendar.Holiday.spring_festival.value, 2026)
MAKEUP_2026 = _library_days(chinese_calendar.workdays, chinese_calendar.Holiday.spring_festival.value, 2026)


def test_the_library_knows_2026_spring_festival_and_its_make_up_days():
    assert len(SPRING_2026) >= 7 and MAKEUP_2026
    assert all(holiday_on(day) == ("holiday", "spring_festival") for day in SPRING_2026)
    assert all(holiday_on(day) == ("makeup", "spring_festival") for day in MAKEUP_2026)


def test_holiday_policy_closed_open_and_hours():
    closed = Hours(weekly=SHOP.weekly, holidays="closed")
    special = Hours(weekly=SHOP.weekly, holidays="hours", holiday_hours=(Span("11:00", "16:00"),))
    for day in SPRING_2026:
        assert schedule_for(closed, day) == []
        assert plan_for(closed, day).holiday == "spring_festival"
        assert schedule_for(special, day) == [(at(day, "11:00"), at(day, "16:00"))]
        assert schedule_for(SHOP, day) != []  # holidays: open (the default) changes nothing


def test_make_up_working_days_keep_office_hours_under_holidays_closed():
    office = Hours(weekly=(WeeklyRow(WEEKDAYS, "08:30", "17:00"),), holidays="closed")
    weekend_makeups = [day for day in MAKEUP_2026 if day.weekday() >= 5]
    assert weekend_makeups, "the 2026 Spring Festival has make-up days on weekends"
    for day in weekend_makeups:
        assert plan_for(office, day).reason == "makeup"
        assert schedule_for(office, day) == [(at(day, "08:30"), at(day, "17:00"))]
        assert schedule_for(Hours(weekly=office.weekly), day) == []  # without the policy: a closed weekend


def test_beyond_the_library_holidays_are_unknown_and_the_timetable_stops():
    last = holiday_data_until()
    assert last == date(max(day.year for day in chinese_calendar.holidays), 12, 31)
    after = last + timedelta(days=1)
    assert holiday_on(after) is None
    closed = Hours(weekly=SHOP.weekly, holidays="closed")
    assert plan_for(closed, after).reason == "weekly"
    data = timetable(closed, last - timedelta(days=2), weeks=4)
    assert data["until"] == int(at(after, "00:00").timestamp() // 60)
    assert all(end <= data["until"] for _, end in data["open"])
    assert timetable(SHOP, last - timedelta(days=2), weeks=4)["until"] == int(
        at(last + timedelta(days=26), "00:00").timestamp() // 60
    )


def test_timetable_json_is_compact_minutes_since_the_epoch():
    data = timetable(BAR, MONDAY, weeks=1)
    start = int(at(MONDAY, "00:00").timestamp() // 60)
    assert data["v"] == 1 and data["tz"] == "Asia/Shanghai"
    assert data["from"] == start and data["until"] == start + 7 * 1440
    # The Sunday-before-Monday night (00:00–02:00) first, then Thursday … Sunday 18:00–02:00, the last cut at until.
    assert data["open"] == [[start - 360, start + 120]] + [
        [start + d * 1440 + 1080, start + d * 1440 + 1560] for d in (3, 4, 5)
    ] + [[start + 6 * 1440 + 1080, start + 7 * 1440]]
    assert len(json.dumps(data, separators=(",", ":"))) < 200


def test_opening_hours_specification_groups_days():
    assert opening_hours_specification(SHOP) == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")],
            "opens": "09:30",
            "closes": "21:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Saturday", "https://schema.org/Sunday"],
            "opens": "10:00",
            "closes": "22:00",
        },
    ]
    late = opening_hours_specification(BAR)[0]
    assert (late["opens"], late["closes"]) == ("18:00", "02:00")
    midnight = opening_hours_specification(Hours(weekly=(WeeklyRow(("mon",), "10:00", "24:00"),)))[0]
    assert midnight["closes"] == "23:59"


def test_special_opening_hours_specification_lists_coming_exceptions_and_holidays():
    first = SPRING_2026[0]
    hours = Hours(
        weekly=SHOP.weekly,
        closed=(first - timedelta(days=40), first - timedelta(days=3)),
        special=(SpecialRow((first - timedelta(days=2),), "10:00", "14:00"),),
        holidays="closed",
    )
    specs = special_opening_hours_specification(hours, first - timedelta(days=7), weeks=4)
    stamps = [(s["validFrom"], s["opens"], s["closes"]) for s in specs]
    assert (str(first - timedelta(days=40)), "00:00", "00:00") not in stamps  # in the past: left out
    assert stamps[:2] == [
        (str(first - timedelta(days=3)), "00:00", "00:00"),
        (str(first - timedelta(days=2)), "10:00", "14:00"),
    ]
    assert [(str(day), "00:00", "00:00") for day in SPRING_2026 if day < first + timedelta(days=21)] == [
        s for s in stamps if s[0] in {str(day) for day in SPRING_2026}
    ]
    assert all(s["validFrom"] == s["validThrough"] for s in specs)


EN = {
    "day.mon": "Mon",
    "day.tue": "Tue",
    "day.wed": "Wed",
    "day.thu": "Thu",
    "day.fri": "Fri",
    "day.sat": "Sat",
    "day.sun": "Sun",
    "days_range": "{first}–{last}",
    "days_sep": ", ",
    "span": "{opens}–{closes}",
    "span_overnight": "{opens}–{closes} (next day)",
    "spans_sep": ", ",
    "closed": "Closed",
    "holidays": "Public holidays: {hours}",
}
ZH = {
    "day.mon": "周一",
    "day.tue": "周二",
    "day.wed": "周三",
    "day.thu": "周四",
    "day.fri": "周五",
    "day.sat": "周六",
    "day.sun": "周日",
    "days_range": "{first}至{last}",
    "days_sep": "、",
    "span": "{opens}–{closes}",
    "span_overnight": "{opens}–次日 {closes}",
    "spans_sep": "，",
    "closed": "休息",
    "holidays": "法定节假日：{hours}",
}


def strings(table: dict[str, str]):
    return lambda key, **params: table[key].format(**params)


def test_week_table_groups_days_in_the_readers_language():
    assert [(r.days_label, r.hours_label) for r in week_table(SHOP, strings(EN)).rows] == [
        ("Mon–Fri", "09:30–21:00"),
        ("Sat, Sun", "10:00–22:00"),
    ]
    bar = week_table(Hours(weekly=BAR.weekly, holidays="closed"), strings(ZH))
    assert [(r.days_label, r.hours_label) for r in bar.rows] == [
        ("周一至周三", "休息"),
        ("周四至周日", "18:00–次日 02:00"),
    ]
    assert bar.holidays == "法定节假日：休息"
    split = Hours(
        weekly=(WeeklyRow(("mon", "wed", "fri"), "09:00", "12:00"), WeeklyRow(("mon", "wed", "fri"), "13:00", "17:00")),
        holidays="hours",
        holiday_hours=(Span("10:00", "15:00"),),
    )
    table = week_table(split, strings(EN))
    assert [(r.days_label, r.hours_label) for r in table.rows] == [
        ("Mon, Wed, Fri", "09:00–12:00, 13:00–17:00"),
        ("Tue, Thu, Sat, Sun", "Closed"),
    ]
    assert table.holidays == "Public holidays: 10:00–15:00"
    assert week_table(Hours(), strings(EN)).rows == ()


def test_check_accepts_good_hours_and_past_dates():
    assert check(SHOP) == [] and check(BAR) == []
    assert check(Hours(weekly=SHOP.weekly, closed=(date(2001, 1, 1),))) == []
    assert check(Hours(weekly=(WeeklyRow(("mon",), "00:00", "24:00"),))) == []


@pytest.mark.parametrize(
    "hours, problems",
    [
        (
            Hours(weekly=(WeeklyRow(("mon",), "09:00", "09:00"),)),
            [(("hours", 0, "closes"), "hours-empty", {"opens": "09:00", "closes": "09:00"})],
        ),
        (
            Hours(weekly=(WeeklyRow(("mon",), "24:00", "02:00"),)),
            [(("hours", 0, "opens"), "hours-opens-at-24", {"opens": "24:00", "closes": "02:00"})],
        ),
        (
            Hours(weekly=(WeeklyRow(("mon",), "9:00", "25:00"),)),
            [
                (("hours", 0, "opens"), "bad-time", {"value": "9:00"}),
                (("hours", 0, "closes"), "bad-time", {"value": "25:00"}),
            ],
        ),
        (
            Hours(weekly=(WeeklyRow(("mon", "monday", "周二", "fir"), "09:00", "17:00"),)),
            [
                (("hours", 0, "days", 1), "hours-unknown-day", {"value": "monday", "suggestion": "mon"}),
                (("hours", 0, "days", 2), "hours-unknown-day", {"value": "周二", "suggestion": "tue"}),
                (("hours", 0, "days", 3), "hours-unknown-day", {"value": "fir", "suggestion": "fri"}),
            ],
        ),
        (Hours(weekly=(WeeklyRow((), "09:00", "17:00"),)), [(("hours", 0, "days"), "hours-no-days", {})]),
        (
            Hours(weekly=(WeeklyRow(("mon", "tue", "mon"), "09:00", "17:00"),)),
            [(("hours", 0, "days", 2), "hours-day-twice", {"day": "mon"})],
        ),
        (
            Hours(weekly=(WeeklyRow(("mon", "tue"), "09:00", "17:00"), WeeklyRow(("tue",), "16:00", "20:00"))),
            [(("hours", 1), "hours-overlap", {"day": "tue", "other": 1})],
        ),
        (Hours(closed=(MONDAY, MONDAY)), [(("closed", 1), "hours-date-twice", {"date": "2026-03-02"})]),
        (
            Hours(closed=(MONDAY,), special=(SpecialRow((MONDAY,), "10:00", "12:00"),)),
            [(("special_hours", 0, "dates", 0), "hours-closed-and-special", {"date": "2026-03-02"})],
        ),
        (
            Hours(special=(SpecialRow((), "10:00", "10:00"),)),
            [
                (("special_hours", 0, "dates"), "hours-no-dates", {}),
                (("special_hours", 0, "closes"), "hours-empty", {"opens": "10:00", "closes": "10:00"}),
            ],
        ),
        (Hours(holidays="hours"), [(("holidays",), "hours-holiday-hours-missing", {})]),
        (
            Hours(holiday_hours=(Span("10:00", "12:00"),)),
            [(("holiday_hours",), "hours-holiday-hours-unused", {"policy": "open"})],
        ),
        (Hours(holidays="sometimes"), [(("holidays",), "hours-bad-holiday-policy", {"value": "sometimes"})]),  # type: ignore[arg-type]
    ],
)
def test_check_locates_each_problem(hours, problems):
    assert check(hours) == problems


# --- the browser script, run by node in another time zone --------------------------------------

TEXT = {
    "open": "Open now · closes {time}",
    "openLong": "Open now",
    "closed": "Closed",
    "today": "Closed · opens {time}",
    "tomorrow": "Closed · opens tomorrow {time}",
    "day": "Closed · opens {day} {time}",
    "date": "{mon} {d}",
    "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "months": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def run_badges(table: dict, clocks: list[datetime]) -> list[dict | None]:
    node = shutil.which("node")
    assert node, "node is needed for the badge test (Debian: apt-get install nodejs; CI installs npm)"
    program = (
        f"const h = require({json.dumps(str(SCRIPT))});"
        "const [table, text, clocks] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(clocks.map(c => h.badge(table, text, c))));"
    )
    payload = json.dumps([table, TEXT, [int(c.timestamp() * 1000) for c in clocks]])
    result = subprocess.run(
        [node, "-e", program],
        input=payload,
        capture_output=True,
        text=True,
        timeout=30,
        env={"TZ": "America/New_York", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return json.loads(result.stdout)


def test_badge_script_at_fixed_clocks_in_new_york():
    hours = Hours(
        weekly=(WeeklyRow(WEEKDAYS, "09:30", "21:00"), WeeklyRow(("sat",), "18:00", "02:00")),
        closed=(MONDAY + timedelta(days=8),),
        special=(SpecialRow((MONDAY + timedelta(days=9),), "10:00", "24:00"),),
    )
    table = timetable(hours, MONDAY, weeks=2)
    saturday, sunday = MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)
    cases = {
        at(MONDAY, "08:00"): ("closed", "Closed · opens 09:30"),
        at(MONDAY, "12:00"): ("open", "Open now · closes 21:00"),
        at(MONDAY, "21:00"): ("closed", "Closed · opens tomorrow 09:30"),
        at(MONDAY + timedelta(days=4), "22:00"): ("closed", "Closed · opens tomorrow 18:00"),  # Friday night
        at(MONDAY + timedelta(days=5), "08:00"): ("closed", "Closed · opens 18:00"),  # Saturday morning
        at(saturday, "23:30"): ("open", "Open now · closes 02:00"),
        at(sunday, "01:59"): ("open", "Open now · closes 02:00"),
        at(sunday, "02:00"): ("closed", "Closed · opens tomorrow 09:30"),
        at(MONDAY + timedelta(days=7), "22:00"): ("closed", "Closed · opens Wed 10:00"),  # Tuesday closed
        at(MONDAY + timedelta(days=9), "23:00"): ("open", "Open now · closes 24:00"),
        at(MONDAY + timedelta(days=13), "12:00"): ("closed", "Closed"),  # the last Sunday: nothing left in the data
    }
    results = run_badges(table, list(cases))
    assert [(r["state"], r["text"]) for r in results] == list(cases.values())
    # The script and hours.py agree on every case.
    for clock, result in zip(cases, results, strict=True):
        assert (result["state"] == "open") == is_open(hours, clock)


def test_badge_script_shows_nothing_outside_the_data_and_open_long_when_always_open():
    always = Hours(weekly=(WeeklyRow(WEEKDAYS + ("sat", "sun"), "00:00", "24:00"),))
    table = timetable(always, MONDAY, weeks=1)
    before, inside, after = (
        at(MONDAY, "00:00") - timedelta(minutes=1),
        at(MONDAY, "12:00"),
        at(MONDAY + timedelta(days=7), "00:00"),
    )
    assert run_badges(table, [before, inside, after]) == [None, {"state": "open", "text": "Open now"}, None]


def test_week_table_says_daily_for_the_same_hours_every_day():
    every_day = Hours(weekly=(WeeklyRow(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "09:30", "21:00"),))
    assert [
        (r.days_label, r.hours_label) for r in week_table(every_day, strings({**EN, "day.daily": "Daily"})).rows
    ] == [("Daily", "09:30–21:00")]


def test_badge_script_names_a_far_day_by_month_and_day():
    hours = Hours(weekly=(WeeklyRow(("mon",), "09:00", "17:00"),), closed=(MONDAY + timedelta(days=7),))
    table = timetable(hours, MONDAY, weeks=3)
    [result] = run_badges(table, [at(MONDAY + timedelta(days=1), "12:00")])
    far = MONDAY + timedelta(days=14)
    assert result == {"state": "closed", "text": f"Closed · opens {far:%b} {far.day} 09:00"}
