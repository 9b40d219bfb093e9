"""Golden pages: one entry of each kind, in both languages, rendered from the sample content.

A change in the output shows up as a diff. After an intended change, regenerate with
``UPDATE_GOLDEN=1 ./scripts/test tests/test_golden.py`` and review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT

from fangcheng.catalogue import load_catalogue
from fangcheng.plugin_config import load_site_config
from fangcheng.render import Renderer, RenderSettings, write_pages, write_plaques

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    ("shops", "baofayuan"),
    ("streets", "zhongjie"),
    ("parks", "zhongyangli"),
    ("members", "fangcheng-digital-alliance"),
    ("members", "sample-member-1"),
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = load_site_config(ROOT / "mkdocs.yml")
    catalogue = load_catalogue(ROOT / "content", config, cwd=ROOT)
    docs = tmp_path_factory.mktemp("docs")
    renderer = Renderer(
        catalogue,
        RenderSettings(
            docs_dir=docs,
            templates_dir=ROOT / "overrides" / "fangcheng",
            locales_dir=ROOT / "overrides" / "locales",
            site_url="https://example.org/fangcheng/",
            include_samples=True,  # the sample member's page is one of the golden pages
        ),
    )
    write_pages(renderer)
    write_plaques(renderer, docs / "site")
    return docs


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("kind", "entry_id"), PAGES)
def test_golden_page(rendered: Path, kind: str, entry_id: str, lang: str) -> None:
    actual = (rendered / kind / f"{entry_id}.{lang}.md").read_text(encoding="utf-8")
    golden = GOLDEN / f"{kind}-{entry_id}.{lang}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1 once"
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_browse_page(rendered: Path, lang: str) -> None:
    actual = (rendered / "shops" / f"index.{lang}.md").read_text(encoding="utf-8")
    golden = GOLDEN / f"shops-index.{lang}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_timeline_page(rendered: Path, lang: str) -> None:
    actual = (rendered / "timeline" / f"index.{lang}.md").read_text(encoding="utf-8")
    golden = GOLDEN / f"timeline.{lang}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1 once"
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_plaque_page(rendered: Path, lang: str) -> None:
    root = "site" if lang == "zh" else f"site/{lang}"
    actual = (rendered / root / "plaques" / "shops" / "laobian-dumplings" / "index.html").read_text(encoding="utf-8")
    golden = GOLDEN / f"plaque-shops-laobian-dumplings.{lang}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1 once"
    assert actual == golden.read_text(encoding="utf-8")
