"""Turn pydantic's validation errors into located, translated problems.

Pydantic reports each error with a ``loc`` path; the source map gives that path's
line and column, and the model gives the field's description and examples, so
that every message says what is wrong and shows how to write it.
"""

from __future__ import annotations

import difflib
import json
import re
import typing
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError
from pydantic.fields import FieldInfo

from fangcheng.codes import CODES
from fangcheng.load import Loc, SourceMap
from fangcheng.model import CHOICE_MEANINGS, LocalizedText, unwrap_annotation
from fangcheng.problems import Problem

_EXPECTED: dict[str, tuple[str, str]] = {
    # pydantic error type: (expected, in Chinese; in English)
    "int_parsing": ("整数", "a whole number"),
    "int_type": ("整数", "a whole number"),
    "int_from_float": ("整数", "a whole number"),
    "float_parsing": ("数字", "a number"),
    "float_type": ("数字", "a number"),
    "finite_number": ("数字", "a number"),
    "bool_parsing": ("true 或 false", "true or false"),
    "bool_type": ("true 或 false", "true or false"),
    "string_type": ("一段文字", "a text"),
    "list_type": ("列表（每项以“- ”开头）", 'a list (one "- " line per item)'),
    "dict_type": ("“字段: 值”形式的映射", 'fields ("key: value" lines)'),
    "model_type": ("“字段: 值”形式的映射", 'fields ("key: value" lines)'),
    "model_attributes_type": ("“字段: 值”形式的映射", 'fields ("key: value" lines)'),
    "date_parsing": ("年-月-日格式的日期，例如 2026-02-16", "a date as year-month-day, e.g. 2026-02-16"),
    "date_from_datetime_parsing": ("年-月-日格式的日期，例如 2026-02-16", "a date as year-month-day, e.g. 2026-02-16"),
    "date_from_datetime_inexact": ("年-月-日格式的日期，例如 2026-02-16", "a date as year-month-day, e.g. 2026-02-16"),
    "date_type": ("年-月-日格式的日期，例如 2026-02-16", "a date as year-month-day, e.g. 2026-02-16"),
}


_DETAILS: dict[str, tuple[str, str]] = {
    # pydantic error type: (what is wrong, in Chinese; in English), filled with the error's limits
    "greater_than": ("必须大于 {gt}", "it must be more than {gt}"),
    "greater_than_equal": ("不能小于 {ge}", "it must be at least {ge}"),
    "less_than": ("必须小于 {lt}", "it must be less than {lt}"),
    "less_than_equal": ("不能大于 {le}", "it must be at most {le}"),
}


def problems_from_error(
    error: ValidationError, model: type[BaseModel], source_map: SourceMap, path: str
) -> list[Problem]:
    """One problem for each error in ``error``, located through ``source_map``."""
    problems = []
    for item in error.errors(include_url=False):
        loc: Loc = tuple(item["loc"])
        on_key = bool(loc) and loc[-1] == "[key]"
        if on_key:
            loc = loc[:-1]
        code, params, at_key = _translate(item, loc, model)
        if (
            code in ("text-too-long", "markdown-too-deep", "invisible-text", "invisible-link-text") and "lang" in params
        ):  # raised for the whole text: point at its language
            loc = loc + (str(params["lang"]),)
        line, col = source_map.locate(loc, key=on_key or at_key)
        problems.append(Problem(path, line, col, code, {"field": dotted(loc), **params}))
    return problems


def dotted(loc: Loc) -> str:
    """``('images', 0, 'alt')`` as ``images[0].alt``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _translate(item: Any, loc: Loc, model: type[BaseModel]) -> tuple[str, dict[str, object], bool]:
    """The problem code and parameters for one pydantic error, and whether it belongs on the key."""
    kind, value = item["type"], item.get("input")
    if kind in CODES:
        return kind, dict(item.get("ctx") or {}), False
    if kind == "missing":
        if loc and loc[-1] == "alt":
            return "missing-alt", {}, False
        return "missing-field", {"field": loc[-1] if loc else "", "example": _example(model, loc)}, False
    if kind == "extra_forbidden":
        hint_zh, hint_en = _did_you_mean(str(loc[-1]), _allowed_fields(model, loc[:-1]))
        return "unknown-field", {"hint_zh": hint_zh, "hint_en": hint_en}, True
    if kind == "string_too_long":
        limit = (item.get("ctx") or {}).get("max_length", 0)
        return (
            "text-too-long",
            {"length": len(value) if isinstance(value, str) else "?", "limit": limit, "hint_zh": "", "hint_en": ""},
            False,
        )
    if kind in ("literal_error", "enum"):
        allowed = _allowed_values(model, loc, (item.get("ctx") or {}).get("expected", ""))
        return "invalid-choice", {"value": _clip(str(value)), **_choices(allowed)}, False
    if kind in _EXPECTED:
        if _annotation_at(model, loc) is LocalizedText:  # Name, Description … are LocalizedText, Annotated
            return "localized-text-expected", {}, False
        expected_zh, expected_en = _EXPECTED[kind]
        example = _example(model, loc)
        return (
            "wrong-type",
            {
                "expected_zh": expected_zh,
                "expected_en": expected_en,
                **_found(value),
                "example_zh": f"例如：{example}" if example else "",
                "example_en": f"For example: {example}" if example else "",
            },
            False,
        )
    detail_zh, detail_en = _DETAILS.get(kind, ("写法不对，请对照编辑指南中这个字段的说明", str(item.get("msg", kind))))
    limits = {
        name: f"{limit:g}" if isinstance(limit, float) else limit for name, limit in (item.get("ctx") or {}).items()
    }
    return "invalid-value", {"detail_zh": detail_zh.format(**limits), "detail_en": detail_en.format(**limits)}, False


def _found(value: Any) -> dict[str, str]:
    """What the file holds, in words of each language: a text quoted once, in that language's quotes."""
    if isinstance(value, dict):
        return {"found_zh": "一组“字段: 值”", "found_en": "fields"}
    if isinstance(value, list):
        return {"found_zh": "一个列表", "found_en": "a list"}
    if value is None:
        return {"found_zh": "空的", "found_en": "empty"}
    text = _clip(str(value))
    return {"found_zh": f"“{text}”", "found_en": f'"{text}"'}


def _clip(text: str) -> str:
    return f"{text[:40]}…" if len(text) > 40 else text


def _allowed_values(model: type[BaseModel], loc: Loc, expected: str) -> list[str]:
    """The values the field at ``loc`` allows: from its ``Literal``, or read from pydantic's
    ``'a', 'b' or 'c'``."""
    annotation = _annotation_at(model, loc)
    if typing.get_origin(annotation) is typing.Literal:
        return [str(choice) for choice in typing.get_args(annotation)]
    return re.findall(r"'([^']*)'", expected)


def _choices(allowed: list[str]) -> dict[str, str]:
    """The allowed values as the editor writes them, each with its meaning (CHOICE_MEANINGS) in the
    message's language: ``restaurant（餐馆）、snacks（小吃冷饮）`` and ``restaurant, snacks (snacks and desserts)``."""
    meanings = next((m for m in CHOICE_MEANINGS.values() if set(allowed) <= set(m)), {})
    zh, en = [], []
    for value in allowed:
        meaning_zh, meaning_en = meanings.get(value, ("", ""))
        zh.append(f"{value}（{meaning_zh}）" if meaning_zh else value)
        same = meaning_en.lower().replace(" ", "-") == value.lower()
        en.append(f"{value} ({meaning_en})" if meaning_en and not same else value)
    return {"choices_zh": "、".join(zh), "choices_en": ", ".join(en)}


def _did_you_mean(word: str, allowed: list[str]) -> tuple[str, str]:
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
    if close:
        return f"是不是想写“{close[0]}”？", f'Did you mean "{close[0]}"?'
    if allowed:
        listed = ", ".join(allowed)
        return f"可用的字段：{listed}", f"Allowed fields: {listed}"
    return "", ""


def _example(model: type[BaseModel], loc: Loc) -> str:
    field = _field_at(model, loc)
    if not field or not field.examples or not loc:
        return ""
    value = field.examples[0]
    if isinstance(value, dict):
        shown = "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    elif isinstance(value, list):
        shown = "[" + ", ".join(str(v) for v in value) + "]"
    elif isinstance(value, str) and (":" in value or value[:1].isdigit()):
        shown = json.dumps(value, ensure_ascii=False)
    else:
        shown = str(value)
    return f"{loc[-1]}: {shown}" if isinstance(loc[-1], str) else shown


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    target = _annotation_at(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel) and not issubclass(target, RootModel):
        return list(target.model_fields)
    return []


def _field_at(model: type[BaseModel], loc: Loc) -> FieldInfo | None:
    current: Any = model
    field: FieldInfo | None = None
    for part in loc:
        current = unwrap_annotation(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current, field = (args[0] if args else Any), None
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            field = current.model_fields[part]
            current = field.annotation
        else:
            return None
    return field


def _annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    if not loc:
        return model
    field = _field_at(model, loc)
    if field is not None:
        return unwrap_annotation(field.annotation)
    parent = _field_at(model, loc[:-1]) if len(loc) > 1 else None
    if isinstance(loc[-1], int) and parent is not None:
        args = typing.get_args(unwrap_annotation(parent.annotation))
        return unwrap_annotation(args[0]) if args else None
    return None
