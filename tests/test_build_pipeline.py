"""The build command's pipeline: one build path shared with `mkdocs build`, a work folder of its own per
build, the replacement of site/ in one step, what killed builds leave, file modes, unwritable output
folders, and what the build says."""

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
from conftest import build_env, copy_project, large_project, run_build, tree_digest

from fangcheng import site_build
from fangcheng.build_folder import BuildFolder, remove_abandoned


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


def leftovers(project: Path) -> list[str]:
    """What a build may have left in the project besides site/: hidden folders and build folders."""
    hidden = [p.name for p in project.iterdir() if p.name.startswith(".") and p.name != ".cache"]
    return sorted(hidden + [p.name for p in (project / ".cache").glob("build-*")])


# --- one build path ----------------------------------------------------------------------------------


def test_mkdocs_build_makes_the_same_site_as_the_build_command(tmp_path: Path, sample_site: Path) -> None:
    """`mkdocs build` with the project's mkdocs.yml validates, renders and indexes exactly as
    `fangcheng build` does: the two sites are the same, file by file."""
    project = copy_project(tmp_path / "p")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=build_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert tree_digest(project / "site") == tree_digest(sample_site)
    assert leftovers(project) == []
    assert not (project / "docs" / "shops").exists()  # nothing rendered into the hand-written pages' folder


def test_mkdocs_build_stops_on_a_content_error_with_its_location(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    (project / "content" / "shops" / "baofayuan.yml").write_text("name: {zh: 宝发园}\nfounded: 3000\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=build_env(), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "content/shops/baofayuan.yml:2:10: error year-out-of-range" in result.stderr
    assert leftovers(project) == []


# --- a work folder of its own per build --------------------------------------------------------------


def test_a_build_neither_reads_nor_writes_the_hand_written_pages_folder(tmp_path: Path) -> None:
    """What an older version rendered into docs/<kind>/ is not published, and stays; nothing but site/ (and
    caches under .cache/) remains after the build."""
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
    assert leftovers(project) == []


def test_two_builds_at_once_each_give_a_lone_builds_site(tmp_path: Path, sample_site: Path) -> None:
    project = copy_project(tmp_path / "p")
    builds = [start_build(project, "--site-dir", name) for name in ("out-a", "out-b")] + [
        start_build(project) for _ in range(2)
    ]
    for build in builds:
        assert build.wait(timeout=600) == 0, build.stderr.read() if build.stderr else ""
    for name in ("out-a", "out-b", "site"):
        assert tree_digest(project / name) == tree_digest(sample_site), name
    assert leftovers(project) == []


def test_the_next_build_removes_a_killed_builds_folder_and_never_a_running_ones(tmp_path: Path) -> None:
    project = large_project(tmp_path / "p")
    build = start_build(project)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and build.poll() is None:
            if list((project / ".cache").glob("build-*/docs/shops/*.en.md")):
                break
            time.sleep(0.02)
        assert build.poll() is None, "the build ended before it had rendered its pages"
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    [killed] = (project / ".cache").glob("build-*")
    running = BuildFolder(project / ".cache")  # a build still running (this process)
    try:
        result = run_build(project, env={"FANGCHENG_SEARCH": "off"})
        assert result.returncode == 0, result.stderr
        assert not killed.exists()
        assert running.path.is_dir()
    finally:
        running.remove()
    assert leftovers(project) == []


def test_only_unlocked_build_folders_are_removed(tmp_path: Path) -> None:
    mine = BuildFolder(tmp_path)
    dead = tmp_path / "build-dead"
    dead.mkdir()
    (dead / ".lock").write_text("", encoding="ascii")  # nobody holds it
    fresh, stale = tmp_path / "build-fresh", tmp_path / "build-stale"  # no lock file: by age
    fresh.mkdir(), stale.mkdir()
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    (dead / "linked").symlink_to(outside, target_is_directory=True)
    (tmp_path / "build-link").symlink_to(outside, target_is_directory=True)
    assert sorted(p.name for p in remove_abandoned(tmp_path)) == ["build-dead", "build-stale"]
    assert mine.path.is_dir() and fresh.is_dir()
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "keep"
    mine.remove()
    assert not mine.path.exists()


# --- the replacement of site/ is one step ------------------------------------------------------------


class _Killed(BaseException):
    """Stands for the process being killed at this point."""


def _sites(tmp_path: Path) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    old, new = tmp_path / "site", tmp_path / ".cache" / "build-x" / "site"
    for folder, text in ((old, "old"), (new, "new")):
        for index in range(20):
            page = folder / f"page-{index}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(text, encoding="utf-8")
    return old, new, tree_digest(old), tree_digest(new)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_build_stopped_while_replacing_the_site_leaves_the_whole_old_or_new_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """Every way the site can be moved is stopped right before or right after its first move: site/ must then
    be the complete old site or the complete new one, and a real folder."""
    old, new, old_digest, new_digest = _sites(tmp_path)

    def stopping(real):
        def move(*args, **kwargs):
            if when == "before":
                raise _Killed
            real(*args, **kwargs)
            raise _Killed

        return move

    monkeypatch.setattr(site_build.os, "replace", stopping(os.replace))
    monkeypatch.setattr(site_build, "exchange", stopping(site_build.exchange))
    with pytest.raises(_Killed):
        site_build.replace_site(new, old)
    assert old.is_dir() and not old.is_symlink()
    assert tree_digest(old) == (old_digest if when == "before" else new_digest)


def test_site_is_never_missing_while_it_is_replaced(tmp_path: Path) -> None:
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
            site_build.replace_site(new, old)  # back and forth: new holds the other site each time
    finally:
        done.set()
        watcher.join()
    assert missing == []
    assert site_build.exchange(new, old), "this Linux file system has renameat2(RENAME_EXCHANGE)"


def test_without_the_atomic_exchange_the_site_is_still_replaced(tmp_path: Path, monkeypatch) -> None:
    old, new, _, new_digest = _sites(tmp_path)
    monkeypatch.setattr(site_build, "exchange", lambda first, second: False)
    site_build.replace_site(new, old)
    assert tree_digest(old) == new_digest and new.is_dir()  # the previous site, for the caller to delete


# --- file modes, output folders, what the build says ----------------------------------------------


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


def test_an_output_folder_on_another_file_system_is_replaced_too(tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system here")
    project = copy_project(tmp_path / "p")
    target = Path(os.environ.get("TMPDIR_SHM", shm)) / f"fangcheng-test-{os.getpid()}" / "site"
    try:
        assert run_build(project, "--site-dir", str(target)).returncode == 0
        assert run_build(project, "--site-dir", str(target)).returncode == 0
        assert (target / "index.html").is_file()
        assert [p.name for p in target.parent.iterdir()] == ["site"]
    finally:
        subprocess.run(["rm", "-rf", str(target.parent)], check=False)


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path, where: str) -> None:
    project = copy_project(tmp_path / "p")
    (project / "a-file").write_text("x", encoding="utf-8")
    target = project / "a-file" / "site" if where == "under-a-file" else Path("/proc/fangcheng-no-such-folder/site")
    result = run_build(project, "--site-dir", str(target))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "构建失败，site/ 保持不变 / The build failed and site/ is unchanged: " in result.stderr
    assert "无法创建工作文件夹 / cannot create the work folder" in result.stderr
    assert leftovers(project) == []


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
    assert "Content has errors: the site was not built and site/ is unchanged." in build.stderr


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
        progress.step("正在建立搜索索引", "building the search index")
        progress.clear()
        text = re.sub(r"\[ *\d+\.\d s\] ", "", stream.getvalue())
        if isinstance(stream, Terminal):
            assert "\n" not in text and text.endswith("\r\x1b[K")
            assert "\r\x1b[K正在构建zh页面 / building the zh pages: 200 页 / pages" in text
        else:
            assert text == "正在构建zh页面 / building the zh pages\n正在建立搜索索引 / building the search index\n"
    hidden = io.StringIO()
    quiet = Progress(hidden, shown=False)
    quiet.step("正在构建zh页面", "building the zh pages")
    quiet.clear()
    assert hidden.getvalue() == ""


def test_a_large_build_in_ci_prints_a_few_progress_lines(tmp_path: Path) -> None:
    from fangcheng.cli import PROGRESS_MIN_ENTRIES

    project = large_project(tmp_path / "p", shops=PROGRESS_MIN_ENTRIES)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    steps = [re.sub(r"^\[ *\d+\.\d s\] ", "", line) for line in result.stderr.splitlines() if line.startswith("[")]
    files = sum(1 for _ in (project / "content").glob("*/*.yml"))
    assert steps == [
        f"已检查 {files} 个条目文件 / checked {files} entry files",
        "正在生成页面 / rendering the pages",
        "正在构建zh页面 / building the zh pages",
        "正在构建en页面 / building the en pages",
        "正在完成图片、铭牌和开放数据 / finishing images, plaques and open data",
        "正在建立搜索索引 / building the search index",
    ]
    assert f"Site built: {PROGRESS_MIN_ENTRIES + 1} entries" in result.stderr


def test_pages_are_counted_by_the_language_of_their_top_folder(tmp_path: Path) -> None:
    for page in ("index.html", "shops/a/index.html", "english/index.html", "en/index.html", "en/shops/a/index.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "en" / "data.json").write_text("{}", encoding="utf-8")
    assert site_build.count_pages(tmp_path, ["zh", "en"]) == {"zh": 3, "en": 2}
    assert site_build.count_pages(tmp_path, ["zh"]) == {"zh": 5}
