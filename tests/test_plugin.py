"""The fangcheng MkDocs plugin: how MkDocs finds it, its typed options, its state, and clean ends."""

from __future__ import annotations

import importlib.metadata
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, copy_project, large_project
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from fangcheng.config import Region
from fangcheng.plugin import FangchengPlugin
from fangcheng.plugin_config import load_site_config


def test_mkdocs_finds_the_plugin_by_its_entry_point_and_mkdocs_yml_has_no_hooks() -> None:
    (entry,) = [e for e in importlib.metadata.entry_points(group="mkdocs.plugins") if e.name == "fangcheng"]
    assert entry.load() is FangchengPlugin
    with (ROOT / "mkdocs.yml").open("rb") as stream:
        data = yaml_load(stream)
    assert "hooks" not in data and "fangcheng" not in (data.get("extra") or {})
    assert [next(iter(p)) if isinstance(p, dict) else p for p in data["plugins"]] == ["fangcheng", "i18n"]


def test_the_command_line_reads_the_settings_the_plugin_reads() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    instance = config.plugins["fangcheng"]
    instance.on_config(config)
    assert instance.site == load_site_config(ROOT / "mkdocs.yml")
    assert instance.site.region == Region(south=41.18, west=122.42, north=43.05, east=123.82)
    assert instance.site.templates_dir == ROOT / "overrides" / "fangcheng"
    assert instance.site.cache_dir == ROOT / ".cache"


def test_paths_and_switches_are_plugin_options(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    (project / "content").rename(project / "entries")
    mkdocs_yml = project / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8").replace("content_dir: content", "content_dir: entries")
    text = text.replace("search: !ENV [FANGCHENG_SEARCH, true]", "search: off")
    mkdocs_yml.write_text(text.replace("  - content\n", "  - entries\n"), encoding="utf-8")
    site = load_site_config(mkdocs_yml)
    assert site.content_dir == project.resolve() / "entries"
    result = subprocess.run(
        [sys.executable, "-m", "fangcheng", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "shops" / "laobian-dumplings" / "index.html").is_file()
    assert not (project / "site" / "pagefind").exists()  # search: off


def test_a_wrong_plugin_option_is_a_bilingual_message_without_a_traceback(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    mkdocs_yml = project / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8").replace("east: 123.82}", "east: far}")
    mkdocs_yml.write_text(text, encoding="utf-8")
    for command in ("validate", "build"):
        result = subprocess.run(
            [sys.executable, "-m", "fangcheng", command],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "LANG": "C.UTF-8"},
        )
        assert result.returncode != 0
        assert (
            "mkdocs.yml 中 fangcheng 插件的设置有误 / the fangcheng plugin's settings are wrong: region:"
            in result.stderr
        )
        assert "Traceback" not in result.stderr, result.stderr


def test_build_state_lives_on_the_plugin_instance() -> None:
    first, second = FangchengPlugin(), FangchengPlugin()
    assert first.catalogues is not second.catalogues and first.shared is not second.shared


def test_the_commit_time_stands_for_now_unless_the_caller_set_it(tmp_path: Path, monkeypatch) -> None:
    """MkDocs dates the sitemap by SOURCE_DATE_EPOCH: the plugin sets it from the checked-out commit, so that
    `mkdocs build` and `fangcheng build` of one commit give the same site; a value already set wins."""
    from fangcheng.plugin import _set_source_date_epoch

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _set_source_date_epoch(tmp_path)  # not a git checkout: nothing set
    assert "SOURCE_DATE_EPOCH" not in os.environ
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    _set_source_date_epoch(ROOT)
    assert os.environ["SOURCE_DATE_EPOCH"] == commit.stdout.strip()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _set_source_date_epoch(ROOT)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


# --- processes end with the build ------------------------------------------------------------------


def _group(pgid: int) -> list[int]:
    """The live processes of process group ``pgid`` (zombies excluded)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in [*project.glob(".site*"), *project.glob(".cache/build-*")])


def _start_build(project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "fangcheng", "build"],
        cwd=project,
        start_new_session=True,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "LANG": "C.UTF-8"},
    )


def test_ctrl_c_leaves_no_process_and_no_folder_behind(tmp_path: Path) -> None:
    """SIGINT to the build alone (not its group, as a terminal would), while it renders."""
    project = large_project(tmp_path / "p")
    build = _start_build(project)
    try:
        assert _wait(lambda: bool(list(project.glob(".cache/build-*/docs/shops/*.md"))), 120), "never rendered"
        os.kill(build.pid, signal.SIGINT)
        build.communicate(timeout=20)
        assert build.returncode == 130
        assert _wait(lambda: not _group(build.pid), 5), _group(build.pid)
        assert _leftovers(project) == []
        assert not (project / "site").exists()
    finally:
        if _group(build.pid):
            os.killpg(build.pid, signal.SIGKILL)


def test_a_failed_build_leaves_no_process_and_no_folder_behind(tmp_path: Path) -> None:
    project = large_project(tmp_path / "p")
    template = project / "overrides" / "fangcheng" / "entry.html"
    template.write_text(
        template.read_text(encoding="utf-8") + '{% if lang == "en" %}{{ 1 + "a" }}{% endif %}\n', "utf-8"
    )
    build = _start_build(project)
    try:
        _, stderr = build.communicate(timeout=300)
        assert build.returncode == 1 and "模板错误 / template error:" in stderr
        assert _wait(lambda: not _group(build.pid), 5), _group(build.pid)
        assert _leftovers(project) == []
    finally:
        if _group(build.pid):
            os.killpg(build.pid, signal.SIGKILL)
