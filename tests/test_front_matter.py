"""Generated pages' front matter always reads back in MkDocs, whatever characters a text holds.

The validator rejects control characters; these tests bypass it (the record is changed after
validation), since the renderer must hold on its own.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, ContentFolder
from mkdocs.utils.meta import get_data

from fangcheng import render
from fangcheng.render import FrontMatterError, PageTask, Renderer, RenderSettings

# DEL, C1 controls (NEL is a YAML line break), C0 controls, the YAML line and paragraph separators,
# a byte order mark and non-characters: each makes PyYAML/libyaml refuse or change the front matter.
AWKWARD = "\x7f\x80\x85\x9f\x01\x1b\x0b\x0c\u2028\u2029\ufeff\ufffe\uffff"


def _renderer(site: ContentFolder, name: str, summary: str) -> tuple[Renderer, PageTask]:
    site.write("shops/odd.yml", "name: {zh: 老边, en: Laobian}\nsummary: {zh: 简介, en: Summary}\n")
    catalogue = site.validate()
    record = catalogue.get("shops", "odd")
    record.entry.name.root["zh"] = name  # past validation, as a validator bug would let it through
    record.entry.summary.root["zh"] = summary
    settings = RenderSettings(
        docs_dir=site.root / "docs",
        templates_dir=ROOT / "overrides" / "fangcheng",
        locales_dir=ROOT / "overrides" / "locales",
    )
    return Renderer(catalogue, settings), PageTask("zh", "shops", record)


@pytest.mark.parametrize("char", list(AWKWARD))
def test_front_matter_with_any_character_reads_back_in_mkdocs(site: ContentFolder, char: str) -> None:
    name, summary = f"老{char}边 😀", f'<img src=x onerror=alert(1)> {char}"'
    renderer, task = _renderer(site, name, summary)
    text = renderer.render(task)
    body, meta = get_data(text)  # MkDocs' own front matter parser
    assert meta["title"] == name and meta["description"] == summary
    assert meta["fangcheng"]["generated"] is True
    assert not body.startswith("---")


def test_front_matter_that_would_not_read_back_stops_the_render_naming_the_entry(
    site: ContentFolder, monkeypatch
) -> None:
    renderer, task = _renderer(site, "老\x7f边", "简介")
    monkeypatch.setattr(render, "_yaml_safe", lambda front: front)  # as if the escaping missed a character
    with pytest.raises(FrontMatterError) as caught:
        renderer.render(task)
    assert str(caught.value).startswith("content/shops/odd.yml: ")
    assert "U+007F" in str(caught.value)
