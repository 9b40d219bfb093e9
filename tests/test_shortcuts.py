"""The build's shortcuts give what the plain way would give without them.

Each exists for speed and was measured to pay (benchmarks/README.md): generated pages skip MkDocs'
Markdown pass (their HTML is finished); Material's tabs, drawer, footer and config blocks are rendered
once per folder of entry pages (:class:`fangcheng.compat.SharedBlocks`); a forked worker renders the other
languages and the plaques (:class:`fangcheng.render_worker.RenderWorker`), and where it fails the build does
its work itself; entry pages' search documents are written as the pages are rendered, so that Pagefind
indexes while MkDocs builds.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from conftest import build_env, copy_project, tree_digest

from fangcheng import compat, render, render_worker
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


def test_a_build_in_one_process_gives_the_site_the_render_worker_gives(
    tmp_path: Path, sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_worker.RenderWorker, "available", staticmethod(lambda: False))
    fresh = build_in_process(copy_project(tmp_path / "p"), monkeypatch)
    assert tree_digest(fresh) == tree_digest(sample_site)


@pytest.mark.parametrize("fails", ["at once", "after its pages"])
def test_what_a_failed_render_worker_did_not_write_the_build_writes(
    tmp_path: Path, sample_site: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(render_worker, "write_pages" if fails == "at once" else "write_plaques", broken)
    fresh = build_in_process(copy_project(tmp_path / "p"), monkeypatch)
    assert tree_digest(fresh) == tree_digest(sample_site)
    assert not list((tmp_path / "p" / ".cache").glob("build-*")), "the work folder stays behind"


def test_the_render_worker_writes_the_other_languages_and_the_plaques(
    tmp_path: Path, sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's own process does not write them (its plaque writer broken here): the worker did."""
    from fangcheng import plugin

    def broken(*args: object) -> None:
        raise AssertionError("the build wrote what the worker writes")

    monkeypatch.setattr(plugin, "write_plaques", broken)
    fresh = build_in_process(copy_project(tmp_path / "p"), monkeypatch)
    assert tree_digest(fresh) == tree_digest(sample_site)


def test_letting_written_pages_text_go_gives_the_same_site(
    tmp_path: Path, sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build drops each page's Markdown and content once MkDocs wrote it (memory at 3,000 entries), and
    the renderer's kept parts once the pages are written: with both kept, the same site."""
    monkeypatch.setattr(compat, "release_page_text", lambda page: None)
    monkeypatch.setattr(render.Renderer, "forget_fragments", lambda self: None)
    fresh = build_in_process(copy_project(tmp_path / "p"), monkeypatch)
    assert tree_digest(fresh) == tree_digest(sample_site)


def test_search_documents_written_as_pages_are_rendered_give_the_index_of_the_finished_pages(
    tmp_path: Path, sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without them every document comes from the page MkDocs wrote, and each language is indexed after its
    MkDocs build: the same site, search index included."""
    from fangcheng import plugin

    monkeypatch.setattr(plugin.FangchengPlugin, "_write_document", lambda self, task, text: None)
    fresh = build_in_process(copy_project(tmp_path / "p"), monkeypatch)
    assert tree_digest(fresh) == tree_digest(sample_site)


@pytest.mark.parametrize("theme", ["ours", "a theme that indexes every page's content"])
def test_one_pagefind_runs_at_a_time_and_never_beside_the_render_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """The memory target: each Pagefind takes as much as the build itself on a large site. With a theme that
    changes the documents, languages are indexed again at the end: one after the other too."""
    from fangcheng import plugin, search_index

    project = copy_project(tmp_path / "p")
    if theme != "ours":
        with (project / "overrides" / "main.html").open("a", encoding="utf-8") as main:
            main.write("{% block content %}<div data-pagefind-body>{{ super() }}</div>{% endblock %}\n")
    started: list[search_index.IndexRun] = []
    crowded: list[str] = []
    workers: list[render_worker.RenderWorker] = []

    class Worker(render_worker.RenderWorker):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            workers.append(self)

    class Run(search_index.IndexRun):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if any(run.running() for run in started) or any(not worker.ended() for worker in workers):
                crowded.append(str(args[0]))
            super().__init__(*args, **kwargs)
            started.append(self)

    # MkDocs takes 20 ms a page and English's Pagefind two seconds longer: Chinese is indexed while MkDocs builds,
    # then English starts; Chinese, indexed again at the end (the theme changed its documents), would meet it.
    release = compat.release_page_text
    monkeypatch.setattr(compat, "release_page_text", lambda page: (time.sleep(0.02), release(page)))
    from pagefind import service

    binary = service.get_executable()
    slow = tmp_path / "slow-pagefind"
    slow.write_text(f'#!/bin/sh\ncase "$*" in *search/en*) sleep 2;; esac\nexec "{binary}" "$@"\n', encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(service, "get_executable", lambda: slow)
    monkeypatch.setattr(plugin, "RenderWorker", Worker)
    monkeypatch.setattr(plugin, "IndexRun", Run)
    build_in_process(project, monkeypatch)
    assert workers and len(started) >= 2  # the worker ran; a Pagefind a language (or more)
    assert crowded == []
