"""The JSON Schema editors use is generated from the model and committed up to date."""

from __future__ import annotations

import jsonschema
import pytest
import yaml
from conftest import ROOT

from fangcheng.model import KINDS
from fangcheng.plugin_config import load_site_config
from fangcheng.rules import schema_line
from fangcheng.schema import kind_schema, stale_schemas

CONFIG = load_site_config(ROOT / "mkdocs.yml")
CONTENT_FILES = sorted((ROOT / "content").glob("*/*.yml"))


def test_committed_schemas_match_the_model() -> None:
    stale = stale_schemas(ROOT / "content" / "schema", CONFIG)
    assert stale == [], f"run ./scripts/schema to update {stale}"


def test_stale_schema_is_detected(tmp_path) -> None:
    for kind in KINDS:
        (tmp_path / f"{kind}.json").write_text("{}", encoding="utf-8")
    assert len(stale_schemas(tmp_path, CONFIG)) == len(KINDS)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_content_file_points_at_its_schema_and_satisfies_it(path) -> None:
    text = path.read_text(encoding="utf-8")
    kind = path.parent.name
    assert text.splitlines()[0] == schema_line(kind)
    jsonschema.validate(yaml.safe_load(text), kind_schema(kind, CONFIG))


def test_schema_rejects_what_the_model_rejects() -> None:
    schema = kind_schema("shops", CONFIG)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": {"zh": "老边"}, "nmae": "x"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": {"en": "Laobian"}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": {"zh": "老边", "jp": "x"}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": {"zh": "老边"}, "street": "Zhong Jie"}, schema)


def test_schema_describes_fields_in_both_languages() -> None:
    schema = kind_schema("shops", CONFIG)
    assert "创立年份" in schema["properties"]["founded"]["description"]
    assert "Year founded" in schema["properties"]["founded"]["description"]
