"""The search index: built from the rendered pages while MkDocs builds, equal to Pagefind's index of
the finished site, and never left half-done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_build
from test_build import tree_digest

from fangcheng.search_index import SearchIndexError, generated_pages, index_pages, site_pages


def test_the_index_equals_pagefinds_index_of_the_finished_pages(tmp_path: Path, sample_site: Path) -> None:
    """Pagefind reads nothing of a page outside what fangcheng rendered: indexing the built HTML gives
    the same bytes as the index the build made from docs/ before MkDocs ran."""
    index_pages(site_pages(sample_site), tmp_path / "pagefind")
    assert tree_digest(tmp_path / "pagefind") == tree_digest(sample_site / "pagefind")
    fragments = list((sample_site / "pagefind" / "fragment").iterdir())
    entry_pages = [page for page in sample_site.rglob("index.html") if "data-pagefind-body" in page.read_text("utf-8")]
    assert len(entry_pages) > 30  # the sample entries, in both languages
    assert len(fragments) == len(entry_pages)


def test_generated_pages_are_in_url_order_with_their_language(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "shops").mkdir(parents=True)
    for name in ("b.zh.md", "a.en.md", "a.zh.md", "index.zh.md"):
        (docs / "shops" / name).write_text(
            "---\n{}\n---\n\n<article data-pagefind-body>x</article>\n", encoding="utf-8"
        )
    (docs / "shops" / "notes.zh.md").write_text("# not generated\n", encoding="utf-8")
    pages = list(generated_pages(docs, "zh", ["shops", "parks"]))
    assert [url for url, _ in pages] == ["/en/shops/a/", "/shops/", "/shops/a/", "/shops/b/"]
    assert '<html lang="en">' in pages[0][1] and "<article data-pagefind-body>x</article>" in pages[0][1]
    assert [url for url, _ in generated_pages(docs, "zh", ["shops", "parks"], language="zh")] == [
        "/shops/",
        "/shops/a/",
        "/shops/b/",
    ]


def test_the_job_indexes_each_language_once_announced_in_the_configured_order(tmp_path: Path) -> None:
    """Announced en first, zh last: the bundle is still the one of all pages in URL order."""
    from fangcheng.search_index import start_search_index

    docs = tmp_path / "docs"
    (docs / "shops").mkdir(parents=True)
    for name, text in (
        ("a.zh.md", "老边饺子"),
        ("b.zh.md", "马家烧麦"),
        ("a.en.md", "Laobian dumplings"),
        ("b.en.md", "Majia shaomai"),
    ):
        (docs / "shops" / name).write_text(
            f"---\n{{}}\n---\n\n<article data-pagefind-body>{text}</article>\n", encoding="utf-8"
        )
    job = start_search_index(docs, "zh", ["shops"], tmp_path / "work", wait_for=["zh", "en"])
    job.written("en")
    job.written("zh")
    job.finish(tmp_path / "site")
    index_pages(generated_pages(docs, "zh", ["shops"]), tmp_path / "all-at-once")
    assert tree_digest(tmp_path / "site" / "pagefind") == tree_digest(tmp_path / "all-at-once")
    assert not list((tmp_path / "work").iterdir())


def test_the_job_fails_when_the_build_stops_before_a_language_is_written(tmp_path: Path, monkeypatch, capsys) -> None:
    import io

    from fangcheng.search_index import main

    (tmp_path / "docs" / "shops").mkdir(parents=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("zh\n"))  # the build went away without announcing en
    arguments = [
        str(tmp_path / "docs"),
        str(tmp_path / "out"),
        "--default-language",
        "zh",
        "--kinds",
        "shops",
        "--languages",
        "zh,en",
    ]
    assert main(arguments) == 1
    assert capsys.readouterr().out == "the build stopped before its pages were written\n"


def test_a_pagefind_that_fails_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(SearchIndexError, match="Pagefind stopped"):
        index_pages([("/a/", "<html lang='zh'><body data-pagefind-body>甲</body></html>")], tmp_path / "pagefind")


def test_a_failed_search_index_fails_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run_build(project).returncode == 0
    before = tree_digest(project / "site")
    result = run_build(project, env={"PAGEFIND_BINARY_PATH": "/bin/false"})
    assert result.returncode == 1
    assert "搜索索引失败 / building the search index failed: Pagefind stopped" in result.stderr
    assert tree_digest(project / "site") == before
    assert not list((project / ".cache").glob("search-*"))


def test_a_build_that_fails_after_indexing_started_stops_it_and_leaves_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run_build(project).returncode == 0
    before = tree_digest(project / "site")
    theme = project / "overrides" / "main.html"  # fails on the entry pages, while Pagefind runs
    failing = '{% block extrahead %}{% if page and page.meta.fangcheng %}{{ 1 + "a" }}{% endif %}'
    theme.write_text(theme.read_text(encoding="utf-8").replace("{% block extrahead %}", failing, 1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before
    assert not list((project / ".cache").glob("search-*"))
    assert not list(project.glob(".site-build-*"))


def test_search_off_builds_without_an_index(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = run_build(project, env={"FANGCHENG_SEARCH": "off"})
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "shops" / "index.html").is_file()
    assert not (project / "site" / "pagefind").exists()
    assert not list((project / ".cache").glob("search-*"))


# --- the job and Pagefind end with the build, however it ends ----------------------------------------

HANGING_PAGEFIND = """#!/bin/sh
# Stands in for Pagefind: says who it and its parent (the search job) are, then never answers.
echo "$$ $PPID" > "$FANGCHENG_TEST_PIDS.tmp" && mv "$FANGCHENG_TEST_PIDS.tmp" "$FANGCHENG_TEST_PIDS"
exec sleep 600
"""


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by its parent, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _start_hanging_build(tmp_path: Path, theme_error: bool = False) -> tuple[subprocess.Popen[str], Path, list[int]]:
    """A build whose Pagefind hangs; returns it once Pagefind runs, with the pids of the job and Pagefind.

    With ``theme_error`` the theme fails on English entry pages: long after Pagefind started on Chinese.
    """
    project = copy_project(tmp_path / "p")
    if theme_error:
        theme = project / "overrides" / "main.html"
        failing = (
            "{% block extrahead %}"
            '{% if page and page.meta.fangcheng and config.theme.language == "en" %}{{ 1 + "a" }}{% endif %}'
        )
        theme.write_text(
            theme.read_text(encoding="utf-8").replace("{% block extrahead %}", failing, 1), encoding="utf-8"
        )
    fake = tmp_path / "pagefind"
    fake.write_text(HANGING_PAGEFIND, encoding="utf-8")
    fake.chmod(0o755)
    pids = tmp_path / "pids"
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1700000000",
        "NO_MKDOCS_2_WARNING": "1",
        "LANG": "C.UTF-8",
        "PAGEFIND_BINARY_PATH": str(fake),
        "FANGCHENG_TEST_PIDS": str(pids),
    }
    environment.pop("FANGCHENG_PREVIEW", None)
    build = subprocess.Popen(
        [sys.executable, "-m", "fangcheng", "build"],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not pids.exists():
        assert theme_error or build.poll() is None, build.communicate()
        assert time.monotonic() < deadline, "Pagefind was never started"
        time.sleep(0.05)
    pagefind, job = (int(pid) for pid in pids.read_text().split())
    assert _alive(pagefind) and _alive(job)
    return build, project, [job, pagefind]


def _assert_ended(pids: list[int]) -> None:
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in pids if _alive(pid)]


@pytest.mark.parametrize("how", ["ctrl-c", "sigint-to-the-build-alone", "sigkill"])
def test_an_interrupted_build_leaves_neither_the_job_nor_pagefind(tmp_path: Path, how: str) -> None:
    """Ctrl-C in a terminal interrupts the whole process group; a SIGINT to the build alone or a
    SIGKILL (nothing of the build runs after it) must end its helpers too."""
    build, project, helpers = _start_hanging_build(tmp_path)
    if how == "ctrl-c":
        os.killpg(build.pid, signal.SIGINT)
    else:
        build.send_signal(signal.SIGINT if how == "sigint-to-the-build-alone" else signal.SIGKILL)
    build.communicate(timeout=30)
    assert build.returncode != 0
    _assert_ended(helpers)
    if how != "sigkill":  # a killed build's folders are removed by the next build (test_build_pipeline.py)
        assert not list((project / ".cache").glob("search-*"))


def test_a_build_that_fails_while_pagefind_runs_leaves_no_process(tmp_path: Path) -> None:
    build, project, helpers = _start_hanging_build(tmp_path, theme_error=True)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 1, stderr
    assert "Traceback" not in stderr
    _assert_ended(helpers)
    assert not list((project / ".cache").glob("search-*"))
