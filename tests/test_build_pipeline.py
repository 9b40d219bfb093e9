"""The build pipeline: private folders per build, the atomic swap, what killed builds leave, file
modes, unwritable output folders, and what the build says."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_build
from test_build import _large_project, tree_digest

from fangcheng import site_build
from fangcheng.workspace import (
    OWNER_FILE,
    RELEASED,
    abandoned_folders,
    make_owned_dir,
    process_identity,
    release_owned_dir,
)


def build_env() -> dict[str, str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}
    environment.pop("FANGCHENG_PREVIEW", None)
    return environment


def released_workspaces(project: Path, site: str = "site") -> list[Path]:
    """The build folders of ``site`` left in ``project``, each checked to be released to the next build (which
    deletes it): a successful build leaves its own, holding the previous site."""
    folders = sorted(project.glob(f".{site}-build-*"))
    for folder in folders:
        assert (folder / OWNER_FILE).read_text(encoding="ascii").strip() == RELEASED, folder
    return folders


def start_build(project: Path, *args: str, **options) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "fangcheng", "build", *args],
        cwd=project,
        env=build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


# --- point 3: a build reads only what it rendered itself -----------------------------------------


def test_a_build_neither_reads_nor_writes_the_shared_generated_pages(tmp_path: Path) -> None:
    """What the preview (or `./scripts/render`) left in docs/<kind>/ is not published, and stays."""
    project = copy_project(tmp_path / "p")
    stray = project / "docs" / "shops" / "stray-draft.zh.md"
    stray.parent.mkdir(parents=True)
    stray.write_text(
        '---\n{"title": "stray", "fangcheng": {"generated": true}}\n---\n\n<p>http://127.0.0.1:8000/ draft</p>\n',
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (project / "docs" / "shops").iterdir()] == ["stray-draft.zh.md"]
    assert not (project / "site" / "shops" / "stray-draft").exists()
    assert "stray" not in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert len(released_workspaces(project)) == 1


def test_two_builds_at_once_and_a_build_beside_the_preview_each_give_a_lone_builds_site(
    tmp_path: Path, sample_site: Path
) -> None:
    from test_serve import fetch, start_preview, stop, wait_for

    project = copy_project(tmp_path / "p")
    draft = project / "content" / "shops" / "tianyitang.yml"
    lone = copy_project(tmp_path / "lone")
    (lone / "content" / "shops" / "tianyitang.yml").write_text(draft.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_build(lone).returncode == 0
    expected = tree_digest(lone / "site")

    # two builds at once, into two folders and into the same one
    builds = [start_build(project, "--site-dir", name) for name in ("out-a", "out-b")] + [
        start_build(project) for _ in range(2)
    ]
    for build in builds:
        assert build.wait(timeout=600) == 0, build.stderr.read() if build.stderr else ""
    for name in ("out-a", "out-b", "site"):
        assert tree_digest(project / name) == expected, name

    # beside a running preview that renders a draft into docs/ with its own address
    draft.write_text(draft.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    server, port = start_preview(project)
    try:
        assert wait_for(lambda: "fc-notice--draft" in (fetch(f"http://127.0.0.1:{port}/shops/tianyitang/") or "")), (
            "no preview"
        )
        assert list((project / "docs" / "shops").glob("tianyitang.*.md"))
        assert run_build(project, "--site-dir", "beside").returncode == 0
    finally:
        stop(server)
    lone_draft = copy_project(tmp_path / "lone-draft")
    (lone_draft / "content" / "shops" / "tianyitang.yml").write_text(
        draft.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert run_build(lone_draft).returncode == 0
    assert tree_digest(project / "beside") == tree_digest(lone_draft / "site")
    assert not (project / "beside" / "shops" / "tianyitang").exists()
    # the two builds of site/ that ran at once each left their own (and any later build deletes both)
    assert 1 <= len(released_workspaces(project)) <= 2
    assert all(len(released_workspaces(project, name)) == 1 for name in ("out-a", "out-b", "beside"))
    assert not list((project / ".cache").glob("search-*"))


# --- point 7: the swap is one atomic exchange -----------------------------------------------------


class _Killed(BaseException):
    """Stands for the process being killed at this point."""


def _sites(tmp_path: Path) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    old, new = tmp_path / "site", tmp_path / ".site-build-x" / "site"
    for folder, text in ((old, "old"), (new, "new")):
        for index in range(20):
            page = folder / f"page-{index}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(text, encoding="utf-8")
    return old, new, tree_digest(old), tree_digest(new)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_build_stopped_at_the_swap_leaves_the_whole_old_or_new_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """Every way site_build can move a folder is stopped right before or right after its first move:
    site/ must then be the complete old site or the complete new one, and a real folder."""
    old, new, old_digest, new_digest = _sites(tmp_path)

    def stopping(real):
        def move(*args, **kwargs):
            if when == "before":
                raise _Killed
            real(*args, **kwargs)
            raise _Killed

        return move

    monkeypatch.setattr(site_build.os, "rename", stopping(os.rename))
    monkeypatch.setattr(site_build.os, "replace", stopping(os.replace))
    monkeypatch.setattr(site_build, "exchange", stopping(site_build.exchange))
    with pytest.raises(_Killed):
        site_build._swap(new, old, tmp_path / ".site-build-x" / "old")
    assert old.is_dir() and not old.is_symlink()
    assert tree_digest(old) == (old_digest if when == "before" else new_digest)


def test_site_is_never_missing_while_builds_swap(tmp_path: Path) -> None:
    old, new, _, _ = _sites(tmp_path)
    missing = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not (old / "page-3" / "index.html").is_file():
                missing.append(time.perf_counter())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(300):
            site_build._swap(new, old, tmp_path / "aside")  # back and forth: new holds the other site each time
    finally:
        done.set()
        watcher.join()
    assert missing == []
    assert site_build.exchange(new, old), "this Linux file system has renameat2(RENAME_EXCHANGE)"


# --- point 8: what killed builds leave behind -------------------------------------------------------


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_a_killed_builds_helpers_stop_and_the_next_build_removes_its_leftovers(tmp_path: Path) -> None:
    project = _large_project(tmp_path / "p")
    build = subprocess.Popen(
        [sys.executable, "-m", "fangcheng", "build"],
        cwd=project,
        env=build_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    helpers: set[int] = set()  # the render worker, the search job and Pagefind
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and build.poll() is None:
            helpers = _descendants(build.pid)
            commands = [
                Path(f"/proc/{pid}/cmdline").read_bytes() for pid in helpers if Path(f"/proc/{pid}/cmdline").exists()
            ]
            if (
                len(helpers) >= 3
                and any(b"pagefind" in c for c in commands)
                and list(project.glob("*/docs/shops/*.en.md") or project.glob("docs/shops/*.en.md"))
            ):
                break
            time.sleep(0.02)
        assert build.poll() is None and len(helpers) >= 3, "the build ended before its helpers were all running"
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    killed = [*project.glob(".site-build-*"), *(project / ".cache").glob("search-*")]
    assert len(killed) == 2
    assert _wait(lambda: not any(_running(pid) for pid in helpers), 15), [pid for pid in helpers if _running(pid)]

    result = run_build(project, env={"FANGCHENG_SEARCH": "off"})
    assert result.returncode == 0, result.stderr
    assert not any(folder.exists() for folder in killed)
    assert [p.name for p in project.glob(".site-*")] == [p.name for p in released_workspaces(project)]
    assert not list((project / ".cache").glob("search-*"))


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_the_next_build_deletes_the_previous_site_while_it_validates(tmp_path: Path, monkeypatch) -> None:
    """A build releases its folder, with the site it replaced, and the next one deletes it in a child process
    started before validation (so the deletion runs beside it, not at the end of the build)."""
    from fangcheng import cli

    project = copy_project(tmp_path / "p")
    assert run_build(project).returncode == 0
    [first] = released_workspaces(project)
    first_site = tree_digest(project / "site")
    load = cli.load_catalogue
    gone_while_validating: list[bool] = []

    def validating(*args, **kwargs):
        gone_while_validating.append(_wait(lambda: not first.exists(), 30))
        return load(*args, **kwargs)

    monkeypatch.setattr(cli, "load_catalogue", validating)
    monkeypatch.chdir(project)
    for name, value in build_env().items():
        monkeypatch.setenv(name, value)
    assert cli.main(["build"]) == 0
    assert gone_while_validating == [True]
    [second] = released_workspaces(project)
    assert second != first
    assert tree_digest(second / "site") == first_site  # the site it replaced, until the next build
    assert (project / "site" / "index.html").is_file()


def test_a_removal_deletes_its_folders_in_a_child_and_follows_no_link(tmp_path: Path) -> None:
    from fangcheng.workspace import Removal

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    folders = [tmp_path / ".site-build-a", tmp_path / ".site-build-b"]
    for folder in folders:
        (folder / "site" / "shops" / "x").mkdir(parents=True)
        (folder / "site" / "shops" / "x" / "index.html").write_text("x", encoding="utf-8")
        (folder / "linked").symlink_to(outside, target_is_directory=True)
    removal = Removal(folders)
    removal.wait()
    assert not any(folder.exists() for folder in folders)
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "keep"
    Removal([]).wait()  # nothing to delete: no process


def test_only_folders_of_dead_builds_are_removed(tmp_path: Path) -> None:
    mine = make_owned_dir(tmp_path, ".site-build-")  # this process: a build still running
    dead = tmp_path / ".site-build-dead"
    dead.mkdir()
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(finished.stdout)
    (dead / OWNER_FILE).write_text(
        process_identity(os.getpid()).replace(str(os.getpid()), str(pid), 1), encoding="ascii"
    )
    reused = tmp_path / ".site-build-reused"  # this pid, but a process started at another time
    reused.mkdir()
    parts = process_identity(os.getpid()).split()
    (reused / OWNER_FILE).write_text(f"{parts[0]} 1 {parts[2]}", encoding="ascii")
    other_namespace = tmp_path / ".site-build-container"
    other_namespace.mkdir()
    (other_namespace / OWNER_FILE).write_text(f"{pid} 1 4026531999", encoding="ascii")
    fresh, stale = tmp_path / ".site-build-fresh", tmp_path / ".site-build-stale"  # no record: by age
    fresh.mkdir(), stale.mkdir()
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    legacy = tmp_path / f".site-old-{pid}"
    legacy.mkdir()
    released = make_owned_dir(tmp_path, ".site-build-")  # this process's, given up: a finished build's
    release_owned_dir(released)
    removed = abandoned_folders(tmp_path, [".site-build-*", ".site-old-*"])
    assert sorted(p.name for p in removed) == sorted([dead.name, reused.name, stale.name, legacy.name, released.name])
    assert mine.is_dir() and other_namespace.is_dir() and fresh.is_dir()


# --- point 10: the umask ----------------------------------------------------------------------------


@pytest.mark.parametrize("umask, folders, files", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_the_site_follows_the_umask(tmp_path: Path, umask: int, folders: int, files: int) -> None:
    project = copy_project(tmp_path / "p")
    result = subprocess.run(
        [sys.executable, "-m", "fangcheng", "build"],
        cwd=project,
        env=build_env(),
        umask=umask,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    site = project / "site"
    modes = {(p.is_dir(), p.stat().st_mode & 0o777) for p in [site, *site.rglob("*")]}
    assert modes == {(True, folders), (False, files)}


# --- point 9: an output folder that cannot be made; the same count as validate ---------------------


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path, where: str) -> None:
    project = copy_project(tmp_path / "p")
    (project / "a-file").write_text("x", encoding="utf-8")
    target = project / "a-file" / "site" if where == "under-a-file" else Path("/proc/fangcheng-no-such-folder/site")
    result = run_build(project, "--site-dir", str(target))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "构建失败，site/ 保持不变 / The build failed and site/ is unchanged: "
        f"无法在 {target.parent} 中创建输出文件夹 / "
        f"cannot create the output folder in {target.parent}: " in result.stderr
    )


def test_the_build_counts_entry_files_as_validate_does(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    (project / "content" / "shops" / "broken.yml").write_text("name: [\n", encoding="utf-8")
    validate = subprocess.run(
        [sys.executable, "-m", "fangcheng", "validate"], cwd=project, env=build_env(), capture_output=True, text=True
    )
    build = run_build(project)
    files = sum(1 for _ in (project / "content").glob("*/*.yml"))
    assert f"Checked {files} entry files: " in validate.stderr
    assert f"Checked {files} entry files: " in build.stderr and build.returncode == 1


# --- point 15: what the build says ------------------------------------------------------------------


def test_a_successful_build_says_what_it_built_and_how_to_look_at_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    draft = project / "content" / "shops" / "tianyitang.yml"
    draft.write_text(draft.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    entries = sum(1 for _ in (project / "content").glob("*/*.yml")) - 1
    zh = sum(1 for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("en/"))
    en = sum(1 for _ in (site / "en").rglob("*.html"))
    lines = result.stderr.splitlines()
    assert re.fullmatch(
        rf"网站已构建：{entries} 个条目（另有 1 个草稿未发布），0 个警告，用时 \d+\.\d 秒。", lines[0]
    ), lines
    assert re.fullmatch(rf"Site built: {entries} entries \(1 draft not published\), 0 warnings, \d+\.\d s\.", lines[1])
    assert lines[2:] == [
        f"  页面 / pages: zh {zh}, en {en}",
        "  网站在 / site in: site/",
        "  查看 / view it: python3 -m http.server -d site  →  http://localhost:8000/",
        "  边改边看（含草稿）/ live preview with drafts: ./scripts/serve",
        "注意：网站地址是本机地址 http://127.0.0.1:8000/，二维码、规范链接（canonical）和网站地图都指向它，这样的网站不能发布；"
        "发布前请用 SITE_URL 设置正式地址，例如 SITE_URL=https://example.org/fangcheng/ ./scripts/build。",
        "Note: the site address is the local http://127.0.0.1:8000/: QR codes, canonical links and the sitemap "
        "point at it, so this site cannot be published. Set the real address with SITE_URL first, e.g. "
        "SITE_URL=https://example.org/fangcheng/ ./scripts/build.",
    ]
    assert result.stdout == ""


def test_progress_is_an_updating_line_on_a_terminal_and_plain_lines_in_ci() -> None:
    from fangcheng.progress import PAGE_UPDATE_EVERY, Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream in (io.StringIO(), Terminal()):
        progress = Progress(stream)
        progress.step("正在构建zh页面", "building the zh pages")
        for _ in range(PAGE_UPDATE_EVERY * 2):
            progress.page("zh")
        progress.step("正在完成图片和搜索索引", "finishing images and the search index")
        progress.clear()
        text = re.sub(r"\[ *\d+\.\d s\] ", "", stream.getvalue())
        if isinstance(stream, Terminal):
            assert "\n" not in text and text.endswith("\r\x1b[K")
            assert "\r\x1b[K正在构建zh页面 / building the zh pages: 200 页 / pages" in text
        else:
            assert (
                text == "正在构建zh页面 / building the zh pages\n"
                "正在完成图片和搜索索引 / finishing images and the search index\n"
            )


def test_a_large_build_in_ci_prints_a_few_progress_lines(tmp_path: Path) -> None:
    from fangcheng.cli import PROGRESS_MIN_ENTRIES

    project = _large_project(tmp_path / "p", shops=PROGRESS_MIN_ENTRIES)
    result = run_build(project, env={"FANGCHENG_SEARCH": "off"})
    assert result.returncode == 0, result.stderr
    steps = [re.sub(r"^\[ *\d+\.\d s\] ", "", line) for line in result.stderr.splitlines() if line.startswith("[")]
    assert steps == [
        f"已检查 {PROGRESS_MIN_ENTRIES + 1} 个条目文件 / checked {PROGRESS_MIN_ENTRIES + 1} entry files",
        "正在生成页面 / rendering the pages",
        "正在构建zh页面 / building the zh pages",
        "正在构建en页面 / building the en pages",
        "正在完成图片和搜索索引 / finishing images and the search index",
    ]
    assert "Site built: 501 entries" in result.stderr
