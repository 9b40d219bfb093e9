"""Hostile content: an entry of every kind with attack text in every text field of the model.

The fields are read from the model, so a field added later is covered without touching the tests.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from fangcheng.model import KINDS, LocalizedText, unwrap_annotation

ENTRY_ID = "hostile"
IMAGE_FILE = 'media/"><img src=x onerror=alert(5)>.jpg'

# One string with everything that breaks some context: HTML text and attributes, <title>, <script>,
# comments, CDATA, Jinja (a template that evaluated it would print "fc42" or "fcloop1"), Markdown links,
# entity text (a template that unescaped it would print a script); then more, and a long unbroken
# token, as far as each field's length limit allows.
PAYLOAD = (
    "\"><img src=x onerror=alert(1)></title><script>alert(2)</script>' & &lt;script&gt;alert(8)&lt;/script&gt; "
    "fc{{ 6*7 }}{% for i in [1] %}fcloop{{ i }}{% endfor %} --> ]]> <svg onload=alert(4)>"
)
MORE = (  # "</svg>" first: the sanitizer drops what follows the payload's <svg> up to it, links included
    " </svg> [x](javascript:alert(3)) <a href=javascript:alert(6)>y</a>"
    " [z](//evil.example/z) <a href=//evil.example/w>w</a> https://example.com/" + "unbroken" * 30
)
HOSTILE_URL = 'https://example.com/"><img/src=x/onerror=alert(7)>/' + "unbroken" * 30

# What must never appear in any file of the site: markup the payload would add if printed raw.
RAW_MARKERS = (
    "<img src=x",
    "<img/src=x",
    "</title><script",
    "<script>alert",
    "<svg onload",
    'href="javascript:',
    "href='javascript:",
    "<a href=javascript",
    '<a href="//evil.example',
    "<a href=//evil.example",
    "fc42",
    "fcloop1",
)


def hostile_data(model: type[BaseModel], languages: tuple[str, ...] = ("zh", "en")) -> dict[str, Any]:
    """Data for ``model`` with the payload in every text field (nested parts and lists included)."""
    data: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name == "status":
            continue  # published
        annotation = typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
        value = _value(name, annotation, field.examples, languages)
        if value is not None:
            data[name] = value
    return data


def _value(name: str, annotation: Any, examples: list[Any] | None, languages: tuple[str, ...]) -> Any:
    checks = _checks(annotation)
    plain = unwrap_annotation(annotation)
    if typing.get_origin(plain) is list:
        item = _value(name, typing.get_args(plain)[0], [examples[0][0]] if examples else None, languages)
        count = len(examples[0]) if examples and isinstance(item, dict) else 1  # a street's path needs two points
        return None if item is None else [item] * max(count, 1)
    if isinstance(plain, type) and issubclass(plain, LocalizedText):
        return {lang: hostile_text(f" {name}-{lang}", _limit(annotation)) for lang in languages}
    if isinstance(plain, type) and issubclass(plain, BaseModel):
        return hostile_data(plain, languages)
    if name == "file":
        return IMAGE_FILE  # a real file, named with the payload (see write_hostile_entries)
    if plain is str and "_check_url" in checks:
        return HOSTILE_URL[: _limit(annotation)]
    if plain is str and not checks - {"_check_text_length"}:
        return hostile_text(f" {name}", _limit(annotation))  # free text: a field added later lands here
    if examples:
        return examples[0]  # a constrained value (slug, phone, year…): a valid one
    if typing.get_origin(plain) is typing.Literal:
        return typing.get_args(plain)[0]
    return None


def hostile_text(suffix: str, limit: int | None) -> str:
    """The payload, then as much more as ``limit`` leaves room for, then ``suffix``."""
    room = (limit or 10_000) - len(suffix)
    assert room >= len(PAYLOAD), f"a limit of {limit} leaves no room for the payload"
    return (PAYLOAD + MORE)[:room] + suffix


def _limit(annotation: Any) -> int | None:
    """The field's length limit: a ``max_length`` or a ``max_chars(limit)`` validator, if any."""
    limits = []
    for item in getattr(annotation, "__metadata__", ()):
        limits.append(getattr(item, "max_length", None))
        func = getattr(item, "func", None)
        limits.append(getattr(func, "keywords", {}).get("limit"))
    if typing.get_origin(annotation) is not list:
        limits += [_limit(arg) for arg in typing.get_args(annotation)]
    found = [limit for limit in limits if isinstance(limit, int)]
    return min(found) if found else None


def _checks(annotation: Any) -> set[str]:
    """Names of the validator functions in ``annotation`` (through Optional, list and Annotated)."""
    funcs = [getattr(m, "func", None) for m in getattr(annotation, "__metadata__", ())]
    names = {getattr(getattr(f, "func", f), "__name__", "") for f in funcs}  # through functools.partial
    if typing.get_origin(annotation) is not list:
        for arg in typing.get_args(annotation):
            names |= _checks(arg)
    return names - {""}


def write_hostile_entries(project: Path) -> list[Path]:
    """Add ``content/<kind>/hostile.yml`` for every kind, and the image they show, to ``project``."""
    from PIL import Image

    image = project / "content" / IMAGE_FILE
    image.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 600), (140, 28, 19)).save(image, "JPEG")
    paths = []
    for kind, model in KINDS.items():
        path = project / "content" / kind / f"{ENTRY_ID}.yml"
        text = f"# yaml-language-server: $schema=../schema/{kind}.json\n"
        text += yaml.safe_dump(hostile_data(model), allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
