"""The build's two shortcuts around MkDocs' own page handling give what MkDocs would give without them.

Both exist for speed and were measured to pay (benchmarks/README.md): generated pages skip MkDocs'
Markdown pass (their HTML is finished), and Material's tabs, drawer, footer and config blocks are rendered
once per folder of entry pages (:class:`fangcheng.compat.SharedBlocks`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_env, copy_project, tree_digest

from fangcheng import compat
from fangcheng.plugin_config import load_site_config
from fangcheng.site_build import build_site


def build_in_process(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in build_env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(project)
    config = load_site_config(project / "mkdocs.yml")
    build_site(project / "mkdocs.yml", project / "site", config.cache_dir, config.languages)
    return project / "site"


def test_theme_blocks_rendered_once_per_folder_equal_a_render_for_every_page(
    tmp_path: Path, sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compat, "shared_block_key", lambda name, page: None)  # every block rendered for its page
    fresh = build_in_process(copy_project(tmp_path / "p"), monkeypatch)
    assert tree_digest(fresh) == tree_digest(sample_site)


def test_generated_pages_through_markdown_give_the_same_site(
    tmp_path: Path, sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compat, "skip_markdown", lambda page, html: None)  # MkDocs' own Markdown pass
    fresh = build_in_process(copy_project(tmp_path / "p"), monkeypatch)
    assert tree_digest(fresh) == tree_digest(sample_site)
