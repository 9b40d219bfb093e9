"""Bounded work for bounded input (issue 19, point 3): every list in the model has a maximum, the nearby-places
and along-the-street steps stay near-linear however the points cluster, the hours look dates up instead of
scanning them, and every open-data CSV cell fits in Excel's 32,767 characters.

Work is counted (distance computations, date comparisons), not timed: the timings are in benchmarks/.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import random
import typing

import pytest
from conftest import ROOT, ContentFolder
from pydantic import BaseModel

from fangcheng import hours
from fangcheng.geo import Point, nearest, nearest_each, order_along
from fangcheng.model import KINDS, unwrap_annotation
from fangcheng.opendata import DataSettings, build_open_data

ZHONGJIE = Point(41.8010, 123.4510)


def _models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = list(KINDS.values())
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            annotation = unwrap_annotation(info.annotation)
            inner = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation
            inner = unwrap_annotation(inner)
            if isinstance(inner, type) and issubclass(inner, BaseModel) and inner.__name__ != "LocalizedText":
                todo.append(inner)
    return found


def test_every_list_in_the_model_has_a_documented_maximum() -> None:
    lists = [
        (model.__name__, name, info)
        for model in _models()
        for name, info in model.model_fields.items()
        if typing.get_origin(unwrap_annotation(info.annotation)) is list
    ]
    assert len(lists) >= 13
    unbounded = [
        (model, name) for model, name, info in lists if not any(hasattr(m, "max_items") for m in info.metadata)
    ]
    assert unbounded == []


def _arrays(schema: object, where: str = "") -> list[tuple[str, dict]]:
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "array":
            found.append((where, schema))
        for key, value in schema.items():
            found += _arrays(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            found += _arrays(value, f"{where}/{index}")
    return found


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_array_in_the_json_schema_has_max_items(kind: str) -> None:
    schema = json.loads((ROOT / "content" / "schema" / f"{kind}.json").read_text(encoding="utf-8"))
    arrays = _arrays(schema)
    assert arrays and [where for where, array in arrays if "maxItems" not in array] == []


def test_a_list_past_its_maximum_is_refused_where_it_starts(site: ContentFolder) -> None:
    """45,000 dated closures (540 KB, within every other limit) built in 56 s and wrote an 8 MB page."""
    start = datetime.date(2026, 1, 1)
    dates = "".join(f"  - {start + datetime.timedelta(days=i)}\n" for i in range(45_000))
    site.write("shops/laobian.yml", f"name: {{zh: 老边, en: Laobian}}\nclosed:\n{dates}")
    catalogue = site.validate()
    assert [(p.path, p.line, p.col, p.code) for p in catalogue.problems] == [
        ("content/shops/laobian.yml", 4, 3, "list-too-long")
    ]
    assert "45000 items; at most 366" in catalogue.problems[0].message("en")


def test_a_list_at_its_maximum_is_fine(site: ContentFolder) -> None:
    start = datetime.date(2026, 1, 1)
    dates = ", ".join(str(start + datetime.timedelta(days=i)) for i in range(366))
    site.write("shops/laobian.yml", f"name: {{zh: 老边, en: Laobian}}\nclosed: [{dates}]\n")
    assert site.problems() == []


class _Counter:
    def __init__(self, function: typing.Callable[..., float]) -> None:
        self.function, self.calls = function, 0

    def __call__(self, *args: float) -> float:
        self.calls += 1
        return self.function(*args)


@pytest.mark.parametrize("layout", ["one street", "one point"])
def test_nearby_places_take_near_linear_work_however_they_cluster(layout: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """3,000 shops along Zhongjie took 8.7 s in this step against 0.36 s spread over the city: a grid of
    1,500 m cells compared every pair on the street. Now some dozens of distances per place."""
    rng = random.Random(7)
    count = 2_000
    if layout == "one street":
        places = [
            (i, Point(ZHONGJIE.lat + rng.random() * 1e-4, ZHONGJIE.lon + rng.random() * 0.015)) for i in range(count)
        ]
    else:
        places = [(i, ZHONGJIE) for i in range(count)]
    counter = _Counter(math.asin)
    monkeypatch.setattr(math, "asin", counter)
    found = nearest_each(places, 5, within_m=1500)
    assert counter.calls < 60 * count, counter.calls
    monkeypatch.undo()
    for key, where in places[::97]:  # the same lists as comparing every pair
        assert found[key] == nearest(where, places, 5, within_m=1500, exclude=key)


def test_ordering_along_a_long_path_is_near_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """500 shops along a 15,000-point path took 9 s a language: every shop against every segment."""
    rng = random.Random(3)
    path = [Point(ZHONGJIE.lat + 1e-4 * math.sin(i / 40), ZHONGJIE.lon + 2e-6 * i) for i in range(15_000)]
    shops = [
        (i, Point(ZHONGJIE.lat + rng.uniform(-3e-4, 3e-4), ZHONGJIE.lon + rng.uniform(0, 0.03))) for i in range(500)
    ]
    counter = _Counter(math.hypot)
    monkeypatch.setattr(math, "hypot", counter)
    ordered = order_along(path, shops)
    assert counter.calls < 400 * len(shops), counter.calls
    along = [placed.along_m for _, placed in ordered]
    assert along == sorted(along) and len(ordered) == 500


class _CountingDate(datetime.date):
    comparisons = 0

    def __eq__(self, other: object) -> bool:
        _CountingDate.comparisons += 1
        return super().__eq__(other)

    __hash__ = datetime.date.__hash__


def test_hours_look_dates_up_instead_of_scanning_them() -> None:
    """With the lists' maxima (366 closed dates, 50 rows of 31 special dates) every schema.org exception
    compared each date with every listed one: some 12 million comparisons per shop and language."""
    today = datetime.date(2026, 1, 1)
    day = lambda offset: _CountingDate.fromordinal(today.toordinal() + offset)  # noqa: E731
    opening = hours.Hours(
        weekly=(hours.WeeklyRow(("mon", "tue"), "09:00", "17:00"),),
        closed=tuple(day(2 * i) for i in range(366)),
        special=tuple(
            hours.SpecialRow(tuple(day(2 * (31 * r + d) + 1) for d in range(31)), "10:00", "12:00") for r in range(50)
        ),
    )
    _CountingDate.comparisons = 0
    exceptions = hours.special_opening_hours_specification(opening, today)
    assert len(exceptions) == 366 + 50 * 31
    assert _CountingDate.comparisons < 20 * len(exceptions), _CountingDate.comparisons


def _street(points: int, landmarks: str = "") -> str:
    path = ", ".join(f"{{lat: {41.8010 + i * 1e-7:.7f}, lon: {123.4510 + i * 1e-5:.7f}}}" for i in range(points))
    return f"name: {{zh: 中街, en: Zhongjie}}\npath: [{path}]\n{landmarks}"


def test_a_path_past_its_maximum_is_refused(site: ContentFolder) -> None:
    """A 15,000-point path made a CSV cell of 487,240 characters (Excel holds 32,767; Python's csv, 131,072)."""
    site.write("streets/zhongjie.yml", _street(15_000))
    assert site.problems() == [("content/streets/zhongjie.yml", 3, 7, "list-too-long")]


def test_every_open_data_cell_of_the_largest_accepted_lists_fits_excel(site: ContentFolder) -> None:
    long_note = "注" * 2_000
    marks = "".join(
        f"  - name: {{zh: 景点{i}, en: Sight {i}}}\n    note: {{zh: {long_note}, en: {'n' * 2_000}}}\n"
        for i in range(50)
    )
    site.write("streets/zhongjie.yml", _street(500, "landmarks:\n" + marks))
    catalogue = site.validate()
    assert [(p.path, p.line, p.col, p.code) for p in catalogue.problems] == [
        ("content/streets/zhongjie.yml", 4, 1, "open-data-cell-too-long")
    ]
    site.write(
        "streets/zhongjie.yml", _street(500, "landmarks:\n" + marks.replace(long_note, "注").replace("n" * 2_000, "n"))
    )
    catalogue = site.validate()
    assert catalogue.problems == []
    data = build_open_data(catalogue, DataSettings("https://example.org/"))
    streets = next(item for item in data.files if item.name == "streets.csv").data.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(streets)) for cell in row]
    assert max(len(cell) for cell in cells) <= 32_767


def test_sources_too_long_together_for_one_cell_are_refused(site: ContentFolder) -> None:
    sources = "".join(f"  - https://example.org/{i}/{'a' * 1_900}\n" for i in range(20))
    site.write("shops/laobian.yml", f"name: {{zh: 老边, en: Laobian}}\nsources:\n{sources}")
    assert site.problems() == [("content/shops/laobian.yml", 3, 1, "open-data-cell-too-long")]


def test_the_limits_are_in_the_guide() -> None:
    guide = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    assert "（最多 366 项 · at most 366）" in guide and "（最多 500 项 · at most 500）" in guide
