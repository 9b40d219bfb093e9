"""The content graph is declared once, on the model: kinds in the registry, references on their fields.

Everything else (rules, "what links here", JSON-LD, the guide, the schema, the templates) reads
those declarations, so a fifth kind is a model class, a template and a locale entry.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import pytest
import yaml
from conftest import ROOT, VALID_SHOP, ContentFolder, copy_project, run_build
from pydantic import Field

from fangcheng.kinds import RefersTo, all_kinds, register_kind, unregister_kind
from fangcheng.model import Entry, Slug

STREET = "name: {zh: 中街, en: Zhongjie}\n"


def test_the_built_in_graph_is_read_from_the_model() -> None:
    kinds = all_kinds()
    assert list(kinds) == ["shops", "streets", "parks", "members"]
    edges = {
        (kind.name, ref.field, ref.kind, ref.refers_to.backlinks) for kind in kinds.values() for ref in kind.references
    }
    assert edges == {
        ("shops", "street", "streets", "shops_on_street"),
        ("members", "park", "parks", "members_in_park"),
        ("members", "member_of", "members", "alliance_members"),
    }
    assert [kind.link_type for kind in kinds.values()] == ["Store", "TouristAttraction", "Place", "Organization"]


def test_reference_field_names_are_written_only_in_the_model() -> None:
    """No module but the model, and no template, names a reference field: they read the declarations."""
    names = {ref.field for kind in all_kinds().values() for ref in kind.references}
    pattern = re.compile(r"""(\.|\bentry\.|["'])(""" + "|".join(names) + r")\b")
    files = [p for p in (ROOT / "scripts" / "fangcheng").glob("*.py") if p.name != "model.py"]
    files += list((ROOT / "overrides").rglob("*.html"))
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []


@pytest.fixture
def museums() -> Iterator[type[Entry]]:
    """A fifth kind, registered for the length of one test."""

    @register_kind("museums", names=("博物馆", "museum"), schema_type="Museum")
    class Museum(Entry):
        """A museum."""

        street: Annotated[
            Slug | None, RefersTo("streets", backlinks="museums_on_street", jsonld="containedInPlace")
        ] = Field(None, description="所在街道 / Street", examples=["zhongjie"])

    try:
        yield Museum
    finally:
        unregister_kind("museums")


def test_a_new_kind_gets_the_reference_rules(site: ContentFolder, museums: type[Entry]) -> None:
    site.write("streets/zhongjie.yml", STREET + "status: draft\n")
    site.write("museums/hall.yml", "name: {zh: 展馆, en: Hall}\nstreet: zhongjei\n")
    site.write("museums/gallery.yml", "name: {zh: 画廊, en: Gallery}\nstreet: zhongjie\n")
    catalogue = site.validate()
    assert site.problems() == [
        ("content/museums/gallery.yml", 3, 9, "reference-to-draft"),
        ("content/museums/hall.yml", 3, 9, "unknown-reference"),
    ]
    unknown = catalogue.problems[1]
    assert unknown.message("zh").startswith("“street”引用的街道“zhongjei”不存在。是不是想写“zhongjie”？")
    assert unknown.message("en").startswith('"street" refers to the street "zhongjei", which does not exist.')


def test_an_unregistered_kind_is_an_unknown_folder(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", VALID_SHOP)
    site.write("museums/hall.yml", "name: {zh: 展馆, en: Hall}\n")
    assert site.codes() == ["unknown-folder"]


MUSEUM_MODEL = '''

@register_kind("museums", names=("博物馆", "museum"), schema_type="Museum", og_type="article")
class Museum(Entry):
    """A museum."""

    opened: Year | None = Field(None, description="开馆年份 / Year opened", examples=[1926])
    street: Annotated[
        Slug | None, RefersTo("streets", backlinks="museums_on_street", jsonld="containedInPlace")
    ] = Field(
        None, description="所在街道（streets 中的条目 id）/ Street (id of a streets entry)", examples=["zhongjie"]
    )
'''

MUSEUM_TEMPLATE = """\
{% extends "entry.html" %}
{% block facts %}
{% if entry.opened %}{% call m.row('opened') %}{{ t('format.year', year=entry.opened) }}{% endcall %}{% endif %}
{{ m.reference_rows() }}
{% endblock %}
"""

MUSEUM_STRINGS = {
    "zh": {"kind": "博物馆", "kind_one": "博物馆", "museums_on_street": "这条街上的博物馆", "opened": "开馆年份"},
    "en": {"kind": "Museums", "kind_one": "Museum", "museums_on_street": "Museums on this street", "opened": "Opened"},
}

MUSEUM = """\
# yaml-language-server: $schema=../schema/museums.json
name: {zh: 中街博物馆, en: Zhongjie Museum}
summary: {zh: 一座示例博物馆。, en: A sample museum.}
opened: 1926
street: zhongjie
"""


def _add_museums(project: Path) -> None:
    """The three things a new kind takes: a model class, a template and its UI strings.

    The project gets its own copy of the package (first on ``PYTHONPATH``) to add the class to.
    """
    package = project / "scripts" / "fangcheng"
    shutil.copytree(ROOT / "scripts" / "fangcheng", package, ignore=shutil.ignore_patterns("__pycache__"))
    model = package / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + MUSEUM_MODEL, encoding="utf-8")
    (project / "overrides" / "fangcheng" / "museums.html").write_text(MUSEUM_TEMPLATE, encoding="utf-8")
    for lang, strings in MUSEUM_STRINGS.items():
        path = project / "overrides" / "locales" / f"{lang}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["kind"]["museums"], data["kind_one"]["museums"] = strings["kind"], strings["kind_one"]
        data["label"].update(museums_on_street=strings["museums_on_street"], opened=strings["opened"])
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (project / "content" / "museums").mkdir()
    (project / "content" / "museums" / "zhongjie-museum.yml").write_text(MUSEUM, encoding="utf-8")


def _fangcheng(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project / "scripts"), "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "fangcheng", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_fifth_kind_is_a_model_class_a_template_and_a_locale_entry(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _add_museums(project)

    # The JSON Schema and the editors' guide follow the model.
    assert _fangcheng(project, "schema").returncode == 0
    schema = json.loads((project / "content" / "schema" / "museums.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) >= {"name", "opened", "street"}
    assert _fangcheng(project, "guide").returncode == 0
    guide = (project / "content" / "README.md").read_text(encoding="utf-8")
    assert "### 博物馆 · museums · `content/museums/`" in guide
    assert "| `street` |  | id → `content/streets/` |" in guide.split("### 博物馆")[1]
    new = _fangcheng(project, "new", "museums", "another-museum")
    assert new.returncode == 0, new.stderr
    assert "# street: zhongjie" in (project / "content" / "museums" / "another-museum.yml").read_text(encoding="utf-8")

    validated = _fangcheng(project, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = run_build(project, env={"PYTHONPATH": str(project / "scripts"), "FANGCHENG_SEARCH": "off"})
    assert built.returncode == 0, built.stdout + built.stderr

    site = project / "site"
    for prefix, name, heading in (
        ("", "中街博物馆", "这条街上的博物馆"),
        ("en/", "Zhongjie Museum", "Museums on this street"),
    ):
        page = (site / prefix / "museums" / "zhongjie-museum" / "index.html").read_text(encoding="utf-8")
        assert f">{name}</h1>" in page
        assert '<meta property="og:type" content="article">' in page  # the kind's, from the registry
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1))
        assert data["@type"] == "Museum"
        assert data["containedInPlace"]["@type"] == "TouristAttraction"
        assert data["containedInPlace"]["@id"].endswith(f"/{prefix}streets/zhongjie/")
        assert 'href="../../streets/zhongjie/"' in page  # the street, a row of the facts
        street = (site / prefix / "streets" / "zhongjie" / "index.html").read_text(encoding="utf-8")
        section = r'<section class="fc-related" aria-labelledby="fc-museums-on-street"[^>]*>(.*?)</section>'
        listed = re.search(section, street, re.DOTALL)
        assert listed, "the street page lists the museums on it"
        assert heading in listed.group(1) and 'href="../../museums/zhongjie-museum/"' in listed.group(1)
        assert name in listed.group(1)
        assert 'aria-labelledby="fc-shops-on-street"' in street  # the shops are still listed
        browse = (site / prefix / "museums" / "index.html").read_text(encoding="utf-8")
        assert 'href="zhongjie-museum/"' in browse
