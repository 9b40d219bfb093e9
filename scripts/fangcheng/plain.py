"""Model values as plain data (texts as ``{lang: text}``, points as ``{lat, lon}``), and as the open data's
CSV cells: the open data (:mod:`fangcheng.opendata`) writes them, the validator (:mod:`fangcheng.rules`) checks
that every cell stays within what a spreadsheet holds."""

from __future__ import annotations

import datetime
import functools
import json
from typing import Any

from pydantic import BaseModel

from fangcheng.model import LocalizedText, Location

EXCEL_CELL_CHARS = 32_767
"""The most characters a cell holds in Excel (and well below Python's csv field limit, 131,072)."""
LIST_SEPARATOR = " "  # URLs, tags, days and dates hold no spaces
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any, languages: tuple[str, ...] = ()) -> Any:
    """A model value as JSON data: texts as ``{lang: text}``, points as ``{lat, lon}`` (WGS-84)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, LocalizedText):
        order = [*languages, *(lang for lang in value.root if lang not in languages)]
        return {lang: value.root[lang] for lang in order if lang in value.root}
    if isinstance(value, Location):
        return {"lat": value.lat, "lon": value.lon}
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name), languages) for name in field_names(type(value))}
    if isinstance(value, (list, tuple)):
        return [plain(item, languages) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@functools.cache
def field_names(model: type[BaseModel]) -> tuple[str, ...]:
    """The names of ``model``'s fields, in order."""
    return tuple(model.model_fields)


def compact_json(value: Any, *, indent: int | None = None) -> str:
    """UTF-8 JSON, compact or one member a line with ``indent``; ``<``, ``>`` and ``&`` as ``\\u`` escapes (the
    same values to any JSON reader, and no markup if someone pastes the file into a page)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=(",", ": ") if indent else (",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def list_cell(items: list[Any], *, parts: bool) -> str:
    """A list (its :func:`plain` value) in one CSV cell: parts (images, hours, path points …) as JSON, plain
    values (addresses, tags, dates) joined by a space."""
    return compact_json(items) if parts else LIST_SEPARATOR.join(str(item) for item in items)


def safe_cell(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula: ``'`` before ``= + - @``, tab or CR."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
