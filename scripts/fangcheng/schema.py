"""JSON Schema for each kind, generated from the content model, for editors' autocompletion.

Every content file starts with ``# yaml-language-server: $schema=../schema/<kind>.json``,
so the YAML extension of VS Code (and other editors speaking the YAML language
server) suggests fields, shows their descriptions and flags mistakes while typing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fangcheng.config import SiteConfig
from fangcheng.model import KINDS, MIN_YEAR, ValidationContext

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def kind_schema(kind: str, config: SiteConfig) -> dict[str, Any]:
    """The JSON Schema of one kind, with the site's languages written into every text field."""
    model = KINDS[kind]
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    if "LocalizedText" in defs:
        defs["LocalizedText"] = _localized_text_schema(config)
    _tighten(schema, ValidationContext(config=config).this_year)
    return {"$schema": SCHEMA_DIALECT, "$id": f"{kind}.json", **schema}


def _localized_text_schema(config: SiteConfig) -> dict[str, Any]:
    return {
        "title": "LocalizedText",
        "description": "按语言分别填写的文字 / One text per language, e.g. {zh: 老边饺子馆, en: Laobian Dumplings}",
        "type": "object",
        "properties": {lang: {"type": ["string", "null"]} for lang in config.languages},
        "required": [config.default_language],
        "additionalProperties": False,
    }


def _tighten(node: Any, this_year: int) -> None:
    """Add what the model checks in code but pydantic cannot express (year bounds)."""
    if isinstance(node, dict):
        examples = node.get("examples")
        if (
            node.get("type") == "integer"
            and examples
            and all(isinstance(e, int) and MIN_YEAR <= e <= this_year for e in examples)
        ):
            node.setdefault("minimum", MIN_YEAR)
        for value in node.values():
            _tighten(value, this_year)
    elif isinstance(node, list):
        for value in node:
            _tighten(value, this_year)


def render_schema(kind: str, config: SiteConfig) -> str:
    """The schema file's text: stable key order, two-space indent, Chinese kept readable."""
    return json.dumps(kind_schema(kind, config), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(schema_dir: Path, config: SiteConfig) -> list[Path]:
    """Write every kind's schema; return the files whose bytes changed."""
    schema_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for kind in KINDS:
        path = schema_dir / f"{kind}.json"
        text = render_schema(kind, config)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(schema_dir: Path, config: SiteConfig) -> list[Path]:
    """The schema files that differ from what the model generates now."""
    return [
        schema_dir / f"{kind}.json"
        for kind in KINDS
        if not (schema_dir / f"{kind}.json").is_file()
        or (schema_dir / f"{kind}.json").read_text(encoding="utf-8") != render_schema(kind, config)
    ]
