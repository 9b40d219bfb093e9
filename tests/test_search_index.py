"""The search index: Pagefind's own command line run on the built site, only entry pages indexed, and never
left half-done."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import build_env, copy_project, run_build, tree_digest

from fangcheng.search_index import SearchIndexError, index_site


def test_only_entry_pages_are_indexed_one_index_per_language(sample_site: Path) -> None:
    entry = json.loads((sample_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en", "zh"]  # sorted: Pagefind's own order changes from run to run
    fragments = list((sample_site / "pagefind" / "fragment").iterdir())
    entry_pages = [page for page in sample_site.rglob("index.html") if "data-pagefind-body" in page.read_text("utf-8")]
    assert len(entry_pages) > 30  # the sample entries, in both languages
    assert len(fragments) == len(entry_pages) == sum(language["page_count"] for language in entry["languages"].values())


def test_a_pagefind_that_fails_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "index.html").write_text("<html lang='zh'><body data-pagefind-body>甲</body></html>", "utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(SearchIndexError, match="exit status 1"):
        index_site(tmp_path)


def test_a_failed_search_index_fails_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run_build(project).returncode == 0
    before = tree_digest(project / "site")
    result = run_build(project, env={"PAGEFIND_BINARY_PATH": "/bin/false"})
    assert result.returncode == 1
    assert "搜索索引失败 / building the search index failed: exit status 1" in result.stderr
    assert tree_digest(project / "site") == before
    assert not list((project / ".cache").glob("build-*"))


def test_search_off_builds_without_an_index(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = run_build(project, env={"FANGCHENG_SEARCH": "off"})
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "shops" / "index.html").is_file()
    assert not (project / "site" / "pagefind").exists()


# --- Pagefind ends with the build, however it ends --------------------------------------------------

HANGING_PAGEFIND = """#!/bin/sh
# Stands in for Pagefind: says who it is, then never answers.
echo "$$" > "$FANGCHENG_TEST_PIDS.tmp" && mv "$FANGCHENG_TEST_PIDS.tmp" "$FANGCHENG_TEST_PIDS"
exec sleep 600
"""


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by its parent, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.parametrize("how", ["ctrl-c", "sigint-to-the-build-alone"])
def test_an_interrupted_build_leaves_no_pagefind_and_no_work_folder(tmp_path: Path, how: str) -> None:
    """Ctrl-C in a terminal interrupts the whole process group; a SIGINT to the build alone must end
    Pagefind too."""
    project = copy_project(tmp_path / "p")
    assert run_build(project, env={"FANGCHENG_SEARCH": "off"}).returncode == 0
    before = tree_digest(project / "site")
    fake = tmp_path / "pagefind"
    fake.write_text(HANGING_PAGEFIND, encoding="utf-8")
    fake.chmod(0o755)
    pids = tmp_path / "pids"
    build = subprocess.Popen(
        [sys.executable, "-m", "fangcheng", "build"],
        cwd=project,
        env=build_env({"PAGEFIND_BINARY_PATH": str(fake), "FANGCHENG_TEST_PIDS": str(pids)}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not pids.exists():
        assert build.poll() is None, build.communicate()
        assert time.monotonic() < deadline, "Pagefind was never started"
        time.sleep(0.05)
    pagefind = int(pids.read_text())
    if how == "ctrl-c":
        os.killpg(build.pid, signal.SIGINT)
    else:
        build.send_signal(signal.SIGINT)
    build.communicate(timeout=30)
    assert build.returncode != 0
    deadline = time.monotonic() + 10
    while _alive(pagefind) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pagefind)
    assert tree_digest(project / "site") == before
    assert not list((project / ".cache").glob("build-*"))
