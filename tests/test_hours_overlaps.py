"""Opening hours that contradict themselves (issue 19, point 8): hours running past midnight into another row's
hours, and two special rows for one date with overlapping times, are reported where they are, naming both rows."""

from __future__ import annotations

import pytest
from conftest import ContentFolder

SHOP = "name: {zh: 老边, en: Laobian}\n"


def _problems(site: ContentFolder) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in site.validate().problems if p.code != "hours-holiday-data-missing"]


def test_sunday_past_midnight_into_monday_hours_is_an_overlap(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        SHOP + "hours:\n"
        "  - days: [sun]\n    opens: '20:00'\n    closes: '10:00'\n"
        "  - days: [mon]\n    opens: '08:00'\n    closes: '09:30'\n",
    )
    catalogue = site.validate()
    assert _problems(site) == [(7, 5, "hours-overlap-overnight")]
    message = catalogue.problems[0].message("en")
    assert message == (
        'This row\'s hours on "mon", 08:00–09:30, overlap those of row 1, which opens on "sun" at 20:00 and stays '
        "open past midnight until 10:00. Check the times of both rows."
    )
    assert "第 1 行" in catalogue.problems[0].message("zh") and "营业到次日 10:00" in catalogue.problems[0].message(
        "zh"
    )


def test_the_overlap_is_reported_at_the_next_days_row_whatever_the_order(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        SHOP + "hours:\n"
        "  - {days: [mon, tue], opens: '08:00', closes: '12:00'}\n"
        "  - {days: [fri, sat], opens: '18:00', closes: '02:00'}\n"
        "  - {days: [sun], opens: '01:00', closes: '05:00'}\n",
    )
    catalogue = site.validate()
    assert _problems(site) == [(6, 5, "hours-overlap-overnight")]
    assert "row 2" in catalogue.problems[0].message("en") and '"sat"' in catalogue.problems[0].message("en")


def test_hours_past_midnight_that_end_before_the_next_opening_are_fine(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        SHOP + "hours:\n"
        "  - {days: [sun], opens: '20:00', closes: '02:00'}\n"
        "  - {days: [mon], opens: '08:00', closes: '09:30'}\n",
    )
    assert _problems(site) == []


def test_two_special_rows_for_one_date_with_overlapping_times(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        SHOP + "special_hours:\n"
        "  - dates: [2026-02-18, 2026-02-19]\n    opens: '10:00'\n    closes: '16:00'\n"
        "  - dates: [2026-02-20, 2026-02-19]\n    opens: '15:00'\n    closes: '20:00'\n",
    )
    catalogue = site.validate()
    assert _problems(site) == [(7, 25, "hours-special-overlap")]
    assert catalogue.problems[0].message("en") == (
        "This row's special hours on 2026-02-19, 15:00–20:00, overlap those of special_hours row 1, 10:00–16:00: "
        "two spans on one day must not cross. Check the times of both rows."
    )


def test_special_hours_past_midnight_into_the_next_dates_special_hours(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        SHOP + "special_hours:\n"
        "  - {dates: [2026-02-17], opens: '18:00', closes: '03:00'}\n"
        "  - {dates: [2026-02-18], opens: '02:00', closes: '12:00'}\n",
    )
    catalogue = site.validate()
    assert _problems(site) == [(5, 14, "hours-special-overlap")]
    assert "2026-02-18" in catalogue.problems[0].message("en") and "18:00–03:00" in catalogue.problems[0].message("en")


@pytest.mark.parametrize(
    "rows",
    [
        "  - {dates: [2026-02-19], opens: '10:00', closes: '12:00'}\n"
        "  - {dates: [2026-02-19], opens: '14:00', closes: '18:00'}\n",
        "  - {dates: [2026-02-18], opens: '18:00', closes: '01:00'}\n"
        "  - {dates: [2026-02-19], opens: '09:00', closes: '12:00'}\n",
    ],
)
def test_special_rows_that_do_not_cross_are_fine(site: ContentFolder, rows: str) -> None:
    site.write("shops/laobian.yml", SHOP + "special_hours:\n" + rows)
    assert _problems(site) == []


def test_a_date_twice_in_one_special_row(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        SHOP + "special_hours:\n  - {dates: [2026-02-19, 2026-02-19], opens: '10:00', closes: '12:00'}\n",
    )
    assert _problems(site) == [(4, 26, "hours-date-twice")]
