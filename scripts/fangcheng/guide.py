"""The generated parts of the editors' guide (``content/README.md``): punctuation, limits, field tables, problem
codes and the glossary of English terms.

The guide's prose is written by hand. Between marker comments it holds tables generated from the
characters the checker reports (``yaml_lines.CHARACTERS``), the limits the code checks with, the content
model (every field with its description and an example) and the validator's code table (``codes.py``), so
none can drift:
``./scripts/guide`` rewrites them and ``--check`` (pre-commit, the tests) reports a stale guide.
"""

from __future__ import annotations

import datetime
import functools
import re
import string
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from fangcheng import images, load, rules
from fangcheng.codes import CODES, Code, Level
from fangcheng.config import QR_CODE_BYTES, SITE_URL_CHARS, SiteConfig
from fangcheng.glossary import glossary_section, load_glossary
from fangcheng.kinds import all_kinds, refers_to
from fangcheng.model import ID_CHARS, AtMost, Entry, LocalizedText, unwrap_annotation
from fangcheng.plain import EXCEL_CELL_CHARS
from fangcheng.scaffold import inline_yaml
from fangcheng.yaml_lines import CHARACTERS

SECTIONS = ("limits", "fields", "codes", "punctuation", "glossary")
_LEVEL_LABELS = {Level.ERROR: "错误 error", Level.WARNING: "警告 warning"}
_CHECKED_LABELS = {
    "_check_year": "年份 year",
    "_check_url": "网址 web address",
    "_check_slug": "id",
    "_check_time": "时间 time (HH:MM)",
    "_check_phone": "电话 phone number",
}
_PART_NAMES = {
    "Image": "图片",
    "Recognition": "称号",
    "OpeningHours": "营业时间",
    "Landmark": "附近景点",
    "Location": "位置",
    "SpecialHours": "特定日期营业时间",
    "HoursSpan": "时间段",
}


class GuideError(Exception):
    """The guide lacks a marker, so its generated part has nowhere to go."""


def _replacement(new: str, _match: re.Match[str]) -> str:
    """``new`` as it is: ``re.sub`` reads backslashes in a replacement string, not in a function's result."""
    return new


def start_marker(section: str) -> str:
    """The comment that opens a generated section."""
    return f"<!-- generated:{section} — 由 ./scripts/guide 生成，请勿手改 / written by ./scripts/guide, do not edit -->"


def end_marker(section: str) -> str:
    """The comment that closes a generated section."""
    return f"<!-- /generated:{section} -->"


def fields_section(config: SiteConfig) -> str:
    """The fields every entry has, each kind's own fields, then the parts (images, hours …)."""
    parts: dict[str, type[BaseModel]] = {}
    common = set(Entry.model_fields)
    out = ["### 所有条目共有的字段 · Fields every entry has", ""]
    out += _field_table(Entry, config, parts, common)
    for kind, registered in all_kinds().items():
        model, (zh, _) = registered.model, registered.names
        out += [
            "",
            f"### {zh} · {kind} · `content/{kind}/`",
            "",
            f"除共有字段外，{zh}还有这些字段。*{(model.__doc__ or '').strip()} Besides the common fields:*",
            "",
        ]
        out += _field_table(model, config, parts, set(model.model_fields) - common)
    while parts:
        name = sorted(parts)[0]
        part = parts.pop(name)
        out += ["", f"### {_PART_NAMES.get(name, name)} {name}", "", (part.__doc__ or "").strip(), ""]
        out += _field_table(part, config, parts, set(part.model_fields))
    return "\n".join(out) + "\n"


def _field_table(
    model: type[BaseModel], config: SiteConfig, parts: dict[str, type[BaseModel]], names: set[str]
) -> list[str]:
    """A Markdown table of the fields of ``model`` in ``names``, in the model's order."""
    rows = ["| 字段 Field | 必填 Required | 类型 Type | 说明 Description | 例子 Example |", "|---|---|---|---|---|"]
    for name, field in model.model_fields.items():
        if name not in names:
            continue
        kind_label = _reference_label(field) or _type_label(field.annotation, parts, field.metadata)
        required = "是 yes" if field.is_required() else ""
        example = _example(name, field, config)
        rows.append(f"| `{name}` | {required} | {kind_label} | {_cell(field.description or '')} | {example} |")
    return rows


def _reference_label(field: FieldInfo) -> str | None:
    """The label of a reference to another entry: the folder (and values) of the entries it may name."""
    target = refers_to(field)
    if target is None:
        return None
    where = "".join(f"（`{key}: {value}`）" for key, value in target.where)
    return f"id → `content/{target.kind}/`{where}"


def _type_label(annotation: Any, parts: dict[str, type[BaseModel]], metadata: list[Any] | None = None) -> str:
    checked = _checked_label(annotation, metadata or [])
    if checked:
        return checked
    limit = _char_limit(annotation, metadata or [])
    annotation = unwrap_annotation(annotation)
    if annotation is LocalizedText:
        return "分语言文字 text per language" + (
            f"（每种语言最多 {limit:,} 字 · at most {limit:,} characters each）" if limit else ""
        )
    if typing.get_origin(annotation) is typing.Literal:
        return " \\| ".join(f"`{choice}`" for choice in typing.get_args(annotation))
    if typing.get_origin(annotation) is list:
        most = next((item.max_items for item in metadata or [] if isinstance(item, AtMost)), None)
        label = "列表 list of " + _type_label(typing.get_args(annotation)[0], parts)
        return label + (f"（最多 {most:,} 项 · at most {most:,}）" if most else "")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        parts.setdefault(annotation.__name__, annotation)
        return f"{_PART_NAMES.get(annotation.__name__, '')} {annotation.__name__}（见下 see below）".strip()
    labels = {
        bool: "`true` \\| `false`",
        int: "整数 whole number",
        float: "数字 number",
        str: "文字 text",
        datetime.date: "日期 date (YYYY-MM-DD)",
    }
    return labels.get(annotation, str(annotation))


def _char_limit(annotation: Any, metadata: list[Any]) -> int | None:
    """The ``max_chars`` limit of a text field, if it has one."""
    while typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        annotation = options[0] if len(options) == 1 else None
    if typing.get_origin(annotation) is typing.Annotated:
        metadata = [*metadata, *typing.get_args(annotation)[1:]]
    limits = [getattr(getattr(item, "func", None), "keywords", {}).get("limit") for item in metadata]
    return next((limit for limit in limits if limit), None)


def _checked_label(annotation: Any, metadata: list[Any]) -> str | None:
    """The label of a checked string or number (a year, an address, an id …) from its validator."""
    while typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(options) != 1:
            return None
        annotation = options[0]
    if typing.get_origin(annotation) is typing.Annotated:
        metadata = [*metadata, *typing.get_args(annotation)[1:]]
    for item in metadata:
        label = _CHECKED_LABELS.get(getattr(getattr(item, "func", None), "__name__", ""))
        if label:
            return label
    return None


def _example(name: str, field: FieldInfo, config: SiteConfig) -> str:
    annotation = unwrap_annotation(field.annotation)
    if field.examples:
        value: Any = field.examples[0]
    elif annotation is LocalizedText:
        value = {lang: "…" for lang in config.languages}
    elif annotation is bool:
        return f"`{name}: true`"
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        value = {key: sub.examples[0] for key, sub in annotation.model_fields.items() if sub.examples}
        if not value:
            return ""
    elif typing.get_origin(annotation) is typing.Literal:
        value = typing.get_args(annotation)[0] if field.is_required() or field.default is None else field.default
    else:
        return ""
    return f"`{_cell(f'{name}: {inline_yaml(value)}')}`"


def limits_section() -> str:
    """Every limit an entry or the site meets, from the constants the code checks with (list maxima and text
    lengths are in the field tables)."""
    rows = [
        ("条目文件 · An entry file", f"最多 {load.MAX_BYTES:,} 字节 · at most {load.MAX_BYTES:,} bytes"),
        (
            "条目 id（文件名）· An entry's id (file name)",
            f"最多 {ID_CHARS} 个字符：小写英文字母、数字和连字符 · at most {ID_CHARS} characters: lowercase letters, "
            "digits and hyphens",
        ),
        (
            "图片大小（像素）· An image's size in pixels",
            f"最多 {images.MAX_PIXELS:,} 像素，每边最多 {images.MAX_SIDE:,} 像素（错误）；宽度至少 "
            f"{rules.MIN_IMAGE_WIDTH} 像素（警告）· at most {images.MAX_PIXELS:,} pixels and {images.MAX_SIDE:,} on "
            f"either side (error); at least {rules.MIN_IMAGE_WIDTH} wide (warning)",
        ),
        (
            "图片文件 · An image file",
            f"超过 {rules.MAX_IMAGE_BYTES // 1_000_000} MB 时警告 · a warning above "
            f"{rules.MAX_IMAGE_BYTES // 1_000_000} MB",
        ),
        (
            "一个列表写进开放数据的表格（CSV）· A list in the open data's spreadsheets (CSV)",
            f"合计最多 {EXCEL_CELL_CHARS:,} 个字符（一个 Excel 单元格）· at most {EXCEL_CELL_CHARS:,} characters "
            "in all (one Excel cell)",
        ),
        (
            "网站地址 `SITE_URL` · The site address `SITE_URL`",
            f"最多 {SITE_URL_CHARS} 个字符，不带 ?… 或 #…；门牌二维码最多容纳 {QR_CODE_BYTES:,} 字节的网址 · at most "
            f"{SITE_URL_CHARS} characters, no ?… or #…; a plaque's QR code holds an address of at most "
            f"{QR_CODE_BYTES:,} bytes",
        ),
    ]
    table = ["| 什么 What | 限制 Limit |", "|---|---|"] + [
        f"| {_cell(what)} | {_cell(limit)} |" for what, limit in rows
    ]
    return "\n".join(table) + "\n"


_ASCII_LABELS = {
    ":": "`: ` 半角冒号，后面加一个空格 · colon and a space",
    ",": "`,` 半角逗号 · comma",
    '"': '`"` 半角双引号 · straight double quote',
    "'": "`'` 半角单引号 · straight single quote",
    "[": "`[` `]` 半角方括号 · brackets",
    "{": "`{` `}` 半角花括号 · braces",
    " ": "半角空格 · space",
    "-": "`- ` 半角减号，后面加一个空格 · hyphen and a space",
}


def punctuation_section() -> str:
    """Each ASCII character YAML needs, with the full-width and typographic ones the checker reports for it."""
    groups: dict[str, list[str]] = {}
    for char, name in CHARACTERS.items():
        key = {"]": "[", "}": "{"}.get(name.ascii, name.ascii)
        shown = f"U+{ord(char):04X}" if char.isspace() else f"`{char}`"
        groups.setdefault(key, []).append(f"{shown} {name.zh.split('（')[0]} · {name.en.split(' (')[0]}")
    rows = ["| 应该输入 Type | 中文输入法或 Word 打出的 What a Chinese keyboard or Word types |", "|---|---|"]
    rows += [f"| {_ASCII_LABELS[key]} | {'<br>'.join(typed)} |" for key, typed in groups.items()]
    return "\n".join(rows) + "\n"


def codes_section() -> str:
    """The validator's problem codes, their level and meaning in both languages."""
    rows = ["| 代码 Code | 级别 Level | 说明 | Meaning |", "|---|---|---|---|"]
    for code in CODES.values():
        rows.append(
            f"| `{code.id}` | {_LEVEL_LABELS[code.level]} | {_cell(_readable(code, 'zh'))} | "
            f"{_cell(_readable(code, 'en'))} |"
        )
    return "\n".join(rows) + "\n"


def _readable(code: Code, lang: str) -> str:
    """The message with its placeholders shown as ‹name›, and hints and examples left out."""
    template = code.zh if lang == "zh" else code.en
    values = {}
    for _, name, _, _ in string.Formatter().parse(template):
        if not name:
            continue
        if name.startswith(("hint_", "example_")):
            values[name] = ""  # a whole sentence that depends on the case
        elif name == "example" or name.endswith(("_zh", "_en")):
            values[name] = "…"
        else:
            values[name] = f"‹{name}›"
    return " ".join(template.format_map(values).split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def generated(section: str, config: SiteConfig) -> str:
    """The current text of one generated section."""
    if section == "limits":
        return limits_section()
    if section == "glossary":
        return glossary_section(load_glossary(config.locales_dir))
    if section == "punctuation":
        return punctuation_section()
    return fields_section(config) if section == "fields" else codes_section()


def update_guide(text: str, config: SiteConfig) -> str:
    """``text`` with every generated section rewritten (GuideError if a marker is missing)."""
    for section in SECTIONS:
        start, end = start_marker(section), end_marker(section)
        pattern = re.compile(re.escape(start) + r"\n.*?" + re.escape(end), re.DOTALL)
        if not pattern.search(text):
            raise GuideError(f"content/README.md 缺少标记 / lacks the markers:\n{start}\n{end}")
        replacement = f"{start}\n\n{generated(section, config)}\n{end}"
        text = pattern.sub(functools.partial(_replacement, replacement), text, count=1)  # no backslash escapes
    return text


def guide_is_stale(path: Path, config: SiteConfig) -> bool:
    """Whether the guide's generated sections differ from the model and the code table."""
    text = path.read_text(encoding="utf-8")
    return update_guide(text, config) != text


def write_guide(path: Path, config: SiteConfig) -> bool:
    """Rewrite the generated sections of the guide; whether the file changed."""
    text = path.read_text(encoding="utf-8")
    updated = update_guide(text, config)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text
