"""A new entry file for editors: every field of the kind, explained in Chinese and English.

Generated from the content model, so it lists exactly the fields the validator accepts, with their
descriptions and examples. Only the name and ``status: draft`` are filled in; every other field is
commented out, ready to be filled in by removing the ``#``. The new entry is a draft, so nothing is
published until an editor sets ``status: published``.

A location's datum is never filled in for the editor: a point copied from AMap needs ``gcj02``, one from
Baidu ``bd09``, one from a phone's GPS none, and a wrong choice puts the pin a few hundred metres off.
Uncommented as it is, the location asks the editor to choose (:data:`DATUM_CHOICE` is not a datum).
"""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from fangcheng.config import SiteConfig
from fangcheng.model import KINDS, LocalizedText, Location, unwrap_annotation
from fangcheng.rules import schema_line

HEADER = """\
# 新条目。以 # 开头的行是说明，或是可选字段：去掉行首的 # 即可填写。填好后把 status 改为 published。
# New entry. Lines starting with # are notes or optional fields: remove the # to fill one in.
# When the entry is ready, change status to published. Guide: content/README.md
"""


DATUM_CHOICE = "请选择 gcj02 或 bd09，或删除这一行 / choose gcj02 or bd09, or delete this line"
DATUM_HELP = [
    "# 坐标从哪里复制，datum 就写哪一种；写错了，地图上的位置会偏几百米：",
    "# Say where you copied the point from; with the wrong datum the pin lands a few hundred metres off:",
    "#   高德地图、腾讯地图 AMap, Tencent Maps → datum: gcj02",
    "#   百度地图 Baidu Maps → datum: bd09",
    "#   手机 GPS、OpenStreetMap · phone GPS, OpenStreetMap → 删除 datum 这一行 / delete the datum line",
]


def scaffold(kind: str, entry_id: str, config: SiteConfig) -> str:
    """The text of a new ``kind`` entry called ``entry_id``."""
    model = KINDS[kind]
    lines = [schema_line(kind), HEADER.rstrip("\n"), ""]
    for name, field in model.model_fields.items():
        lines.append(f"# {field.description}")
        lines.extend(_field_lines(name, field, entry_id, config))
    return "\n".join(lines) + "\n"


def _field_lines(name: str, field: FieldInfo, entry_id: str, config: SiteConfig) -> list[str]:
    annotation = unwrap_annotation(field.annotation)
    if name == "name":
        return [
            "name:",
            f"  {config.default_language}: 待填写 {entry_id}",
            *(f"  {lang}:" for lang in config.languages[1:]),
        ]
    if name == "status":
        return ["status: draft"]
    if annotation is Location:
        return [*DATUM_HELP, f"# {name}:", "#   lat:", "#   lon:", f"#   datum: {DATUM_CHOICE}"]
    if typing.get_origin(annotation) is list and unwrap_annotation(typing.get_args(annotation)[0]) is Location:
        point = ["#   - lat:", "#     lon:", f"#     datum: {DATUM_CHOICE}"]
        return [
            "# 每个点的 datum 写法与 location 相同 / each point's datum: as for location",
            f"# {name}:",
            *point,
            *point,
        ]
    if annotation is LocalizedText:
        return [f"# {name}:", *(f"#   {lang}:" for lang in config.languages)]
    if typing.get_origin(annotation) is list:
        item = unwrap_annotation(typing.get_args(annotation)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return [f"# {name}:", *_item_lines(item, config)]
        return [f"# {name}: {inline_yaml(field.examples[0] if field.examples else [])}"]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        example = {key: sub.examples[0] for key, sub in annotation.model_fields.items() if sub.examples}
        return [f"# {name}: {inline_yaml(example)}"]
    if typing.get_origin(annotation) is typing.Literal:
        choices = " | ".join(str(choice) for choice in typing.get_args(annotation))
        default = field.default if field.default not in (None, ...) else typing.get_args(annotation)[0]
        return [f"# {name}: {default}    # {choices}"]
    if field.examples:
        return [f"# {name}: {inline_yaml(field.examples[0])}"]
    if annotation is bool:
        return [f"# {name}: {str(field.default).lower()}"]
    return [f"# {name}:"]


def _item_lines(item: type[BaseModel], config: SiteConfig) -> list[str]:
    lines = []
    for index, (name, field) in enumerate(item.model_fields.items()):
        prefix = "#   - " if index == 0 else "#     "
        annotation = unwrap_annotation(field.annotation)
        if annotation is Location:
            lines.append(
                f"{prefix}{name}: {{lat: , lon: , datum: 请选择}}    # 位置，datum 见上 / Location; datum: see above"
            )
            continue
        if annotation is LocalizedText:
            example = field.examples[0] if field.examples else {lang: "" for lang in config.languages}
            value = inline_yaml(example)
        elif typing.get_origin(annotation) is typing.Literal:
            choices = typing.get_args(annotation)
            lines.append(f"{prefix}{name}: {choices[0]}    # {' | '.join(map(str, choices))} — {field.description}")
            continue
        elif field.examples:
            value = inline_yaml(field.examples[0])
        else:
            value = ""
        lines.append(f"{prefix}{name}: {value}".rstrip() + f"    # {field.description}")
    return lines


def inline_yaml(value: Any) -> str:
    """A YAML flow value (JSON is YAML), with Chinese left readable; times and phone numbers quoted."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {inline_yaml(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(inline_yaml(item) for item in value) + "]"
    if isinstance(value, str) and (":" in value or value[:1].isdigit() or value == ""):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
