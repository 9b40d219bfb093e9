"""The live preview: ``fangcheng serve`` (what ./scripts/serve runs) serves drafts on loopback, brings pages up
to date after each save, and answers every request at once; ``mkdocs serve`` still works as a preview that
rebuilds everything."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, fetch, free_port, large_project, pagefind_pages, tree_digest, wait_for

from fangcheng.live_site import LiveSite
from fangcheng.search_index import BUNDLE, index_site


def preview_env(lang: str = "C.UTF-8") -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LANG": lang, "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("LC_ALL", None)
    env.pop("FANGCHENG_PREVIEW", None)
    return env


class Served:
    """A ``fangcheng serve`` running in a project: its address and what its status page says."""

    def __init__(self, project: Path, process: subprocess.Popen[str], port: int) -> None:
        self.project, self.process, self.port = project, process, port
        self.url = f"http://127.0.0.1:{port}/"

    def status(self) -> dict[str, object]:
        return json.loads(fetch(self.url + "__fangcheng/status") or "{}")

    def settled(self, rebuilds: int, *, search: bool = False) -> bool:
        """Whether it made ``rebuilds`` rebuilds and has nothing left to do."""
        status = self.status()
        done = status.get("rebuilds") == rebuilds and not status.get("busy") and status.get("finished")
        return bool(done and (not search or status.get("search") == status.get("version")))

    def wait_settled(self, rebuilds: int, *, search: bool = False) -> None:
        assert wait_for(lambda: self.settled(rebuilds, search=search)), self.status()


@contextlib.contextmanager
def fangcheng_serve(project: Path, *, lang: str = "C.UTF-8", search: bool = False) -> Iterator[Served]:
    port = free_port()
    env = preview_env(lang)
    if not search:
        env["FANGCHENG_SEARCH"] = "off"
    process = subprocess.Popen(
        [sys.executable, "-m", "fangcheng", "serve", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    served = Served(project, process, port)
    try:
        started = wait_for(lambda: served.status().get("rebuilds") == 1 or process.poll() is not None, 600)
        assert started, "no first build"
        assert process.poll() is None
        yield served
    finally:
        process.terminate()
        try:
            _, log = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            _, log = process.communicate()
        assert "Traceback" not in log, log


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- fangcheng serve ---------------------------------------------------------------------------------


def test_the_serve_script_runs_fangcheng_serve() -> None:
    script = (ROOT / "scripts" / "serve").read_text(encoding="utf-8")
    assert 'exec "$PYTHON" -m fangcheng serve "$@"' in script
    assert "FANGCHENG_PREVIEW" not in script  # the preview is the preview: drafts shown without being asked


def test_the_preview_listens_on_loopback_only_and_shows_drafts_with_their_banner(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    edit(project / "content/shops/tianyitang.yml", "founded: 1824", "status: draft\nfounded: 1824")
    with fangcheng_serve(project) as served:
        page = fetch(served.url + "en/shops/tianyitang/") or ""
        assert "fc-notice--draft" in page and "Tianyitang Pharmacy" in page
        listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
        assert f"0100007F:{served.port:04X}" in listening  # 127.0.0.1, and on no other address
        assert not any(
            address.endswith(f":{served.port:04X}") and not address.startswith("0100007F") for address in listening
        )
        if Path("/proc/net/tcp6").exists():
            assert not any(
                line.split()[1].endswith(f":{served.port:04X}")
                for line in Path("/proc/net/tcp6").read_text().splitlines()[1:]
            )


def test_one_save_makes_one_rebuild_and_the_page_reloads_itself(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    shop = project / "content/shops/tianyitang.yml"
    with fangcheng_serve(project) as served:
        page = served.url + "shops/tianyitang/"
        first = fetch(page) or ""
        assert 'fetch("/__fangcheng/version?since="+v' in first  # the reload script
        version = served.status()["version"]
        waiting: dict[str, object] = {}
        poll = threading.Thread(
            target=lambda: waiting.update(json.loads(fetch(f"{served.url}__fangcheng/version?since={version}") or "{}"))
        )
        poll.start()
        edit(shop, "  zh: 道光四年", "  zh: 改过的道光四年")
        assert wait_for(lambda: "改过的道光四年" in (fetch(page) or ""), 30)
        poll.join(30)
        assert waiting.get("version", 0) > version  # the page's script was answered: it reloads
        time.sleep(2)  # a second rebuild, if any, would have started by now
        served.wait_settled(2)
        assert served.status()["rebuilds"] == 2  # the first build, and this save's


def test_every_request_is_answered_at_once_during_a_rebuild(tmp_path: Path) -> None:
    project = large_project(tmp_path / "p", shops=300)
    with fangcheng_serve(project) as served:
        page = served.url + "shops/shop-00001/"
        before = fetch(page) or ""
        assert "</html>" in before
        (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "\n")  # a full build
        assert wait_for(lambda: served.status().get("busy"), 30), "the rebuild did not start"
        answered = []
        while served.status().get("busy") and len(answered) < 40:
            started = time.monotonic()
            text = fetch(page) or ""
            answered.append(time.monotonic() - started)
            assert text.rstrip().endswith("</html>") and "shop-00001" in text  # the last good page, whole
        assert len(answered) >= 5, "the rebuild was too short to test"
        assert max(answered) < 1.0 and statistics.median(answered) < 0.25, answered


def test_the_preview_after_a_series_of_saves_equals_a_fresh_build_file_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the watcher and the server: content saves, a template and a UI string; then the served site is
    what a fresh preview build of the same project makes (the search index aside: Pagefind numbers pages in the
    order the file system lists them)."""
    project = copy_project(tmp_path / "p")
    content = project / "content"
    with fangcheng_serve(project, search=True) as served:
        rebuilds = 1
        saves: list[Callable[[], None]] = [
            lambda: edit(content / "shops/tianyitang.yml", "  zh: 道光四年", "  zh: 改过的道光四年"),
            lambda: edit(content / "shops/tianyitang.yml", "Tianyitang Pharmacy", "Tianyitang Apothecary"),
            lambda: edit(
                content / "shops/tianyitang.yml",
                "founded: 1824",
                "founded: 1824\nlocation: {lat: 41.8012, lon: 123.457}",
            ),
            lambda: edit(content / "members/sample-member-3.yml", "member_of:", "park: beizhan-art\nmember_of:"),
            lambda: shutil.copy(content / "shops/tianyitang.yml", content / "shops/new-pharmacy.yml"),
            lambda: (content / "shops/new-pharmacy.yml").rename(content / "shops/old-pharmacy.yml"),
            lambda: (content / "shops/baofayuan.yml").unlink(),
            lambda: edit(
                project / "overrides/fangcheng/entry.html", '<div class="fc-entry', '<div data-test="t" class="fc-entry'
            ),
            lambda: edit(project / "overrides/locales/en.yml", "\n", "\n# a comment\n"),
        ]
        for number, save in enumerate(saves):
            save()
            rebuilds += 1
            served.wait_settled(rebuilds, search=number == len(saves) - 1)
        site = Path(str(served.status()["site"]))
        assert (site / BUNDLE / "pagefind-entry.json").is_file()
        index_site(site, output=tmp_path / "whole")  # Pagefind on the whole served site finds the same
        assert pagefind_pages(site / BUNDLE) == pagefind_pages(tmp_path / "whole")
        assert 'data-test="t"' in (fetch(served.url + "shops/tianyitang/") or "")
        ours = {name: digest for name, digest in tree_digest(site).items() if not name.startswith(BUNDLE + "/")}
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        fresh = LiveSite(project / "mkdocs.yml")
        try:
            fresh.build()
            assert fresh.site_dir is not None
            theirs = tree_digest(fresh.site_dir)
        finally:
            fresh.close()
    assert sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name)) == []


@pytest.mark.parametrize("command", ["fangcheng", "mkdocs"])
def test_preview_shows_content_errors_in_the_browser_until_fixed(tmp_path: Path, command: str) -> None:
    project = copy_project(tmp_path / "p")
    shop = project / "content" / "shops" / "tianyitang.yml"
    good = shop.read_text(encoding="utf-8")
    with any_preview(command, project, "zh_CN.UTF-8") as base:
        url = base + "en/shops/tianyitang/"
        assert wait_for(lambda: "Tianyitang Pharmacy" in (fetch(url) or "")), "the preview did not start"
        assert "fc-preview-problems" not in (fetch(url) or "")

        # a wrong value: the page stays (last good version) with the problem on top, in the page's language
        # (the editor's computer speaks Chinese: the English page's panel is English all the same)
        broken = good.replace("founded: 1824", "founded: 一八二四")
        line = broken.splitlines().index("founded: 一八二四") + 1
        shop.write_text(broken, encoding="utf-8")
        assert wait_for(lambda: "fc-preview-problems" in (fetch(url) or "")), "no problem panel after a broken save"
        page = fetch(url) or ""
        assert f"content/shops/tianyitang.yml:{line}:10" in page
        assert "Content has errors" in page and "should be a whole number" in page and "Tianyitang Pharmacy" in page
        assert "内容有错误" not in page
        home_page = fetch(base) or ""
        assert "fc-preview-problems" in home_page, "every page shows the problems"
        assert "内容有错误" in home_page and "应当是整数" in home_page, "the Chinese site's panel speaks Chinese"

        # broken YAML: the server keeps running and points at the line
        shop.write_text(good.replace("founded: 1824", 'founded: "1824'), encoding="utf-8")
        assert wait_for(lambda: "unclosed-quote" in (fetch(url) or "") and "wrong-type" not in (fetch(url) or ""))
        assert f"content/shops/tianyitang.yml:{line}:10" in (fetch(url) or "")

        # while something is broken, a deleted entry's pages go; the broken entry's stay
        (project / "content" / "shops" / "baofayuan.yml").unlink()
        assert wait_for(lambda: fetch(base + "shops/baofayuan/") is None), "a deleted entry's page stayed"
        assert "Tianyitang Pharmacy" in (fetch(url) or "")

        # fixed: the page comes back without the panel
        shop.write_text(good.replace("Tianyitang Pharmacy", "Tianyitang Pharmacy Again"), encoding="utf-8")
        assert wait_for(lambda: "Tianyitang Pharmacy Again" in (fetch(url) or "")), "the page did not come back"
        assert "fc-preview-problems" not in (fetch(url) or "") and "fc-preview-problems" not in (fetch(base) or "")


@pytest.mark.parametrize("command", ["fangcheng", "mkdocs"])
def test_preview_shows_a_template_error_with_its_line(tmp_path: Path, command: str) -> None:
    project = copy_project(tmp_path / "p")
    template = project / "overrides" / "fangcheng" / "entry.html"
    good = template.read_text(encoding="utf-8")
    with any_preview(command, project) as base:
        url = base + "shops/tianyitang/"
        assert wait_for(lambda: "天益堂" in (fetch(url) or "")), "the preview did not start"
        template.write_text(good + "\n{% if %}\n", encoding="utf-8")
        line = len((good + "\n{% if %}\n").splitlines())
        assert wait_for(lambda: "fc-preview-problems" in (fetch(url) or ""))
        assert f"overrides/fangcheng/entry.html:{line}" in (fetch(url) or "")
        assert "天益堂" in (fetch(url) or ""), "the last good page stays"
        template.write_text(good, encoding="utf-8")
        assert wait_for(lambda: "fc-preview-problems" not in (fetch(url) or ""))
        assert "天益堂" in (fetch(url) or "")
        # not a Jinja error but a Python one inside the template: still a panel, not a stuck server
        template.write_text(good + '{{ 1 + "a" }}\n', encoding="utf-8")
        line = len(good.splitlines()) + 1
        assert wait_for(lambda: f"overrides/fangcheng/entry.html:{line}" in (fetch(url) or "")), (
            "no panel for a TypeError"
        )
        assert "TypeError" in (fetch(url) or "")
        template.write_text(good, encoding="utf-8")
        assert wait_for(lambda: "fc-preview-problems" not in (fetch(url) or ""))


# --- mkdocs serve: still a preview that rebuilds everything ---------------------------------------------


@contextlib.contextmanager
def mkdocs_serve(project: Path, lang: str = "C.UTF-8", *, preview: bool = True) -> Iterator[str]:
    port = free_port()
    env = preview_env(lang)
    if preview:
        env["FANGCHENG_PREVIEW"] = "1"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@contextlib.contextmanager
def any_preview(command: str, project: Path, lang: str = "C.UTF-8") -> Iterator[str]:
    if command == "mkdocs":
        with mkdocs_serve(project, lang) as base:
            yield base
    else:
        with fangcheng_serve(project, lang=lang) as served:
            yield served.url


def test_mkdocs_serve_shows_drafts_and_rebuilds_on_content_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    shop = project / "content" / "shops" / "tianyitang.yml"
    shop.write_text(shop.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    with mkdocs_serve(project, preview=False) as base:
        url = base + "en/shops/tianyitang/"
        assert wait_for(lambda: fetch(url) is not None), "the preview did not start"
        page = fetch(url) or ""
        assert "fc-notice--draft" in page and "Tianyitang Pharmacy" in page
        assert '"zh"' in (fetch(base + "pagefind/pagefind-entry.json") or ""), "no search index in the preview"
        shop.write_text(
            shop.read_text(encoding="utf-8").replace("Tianyitang Pharmacy", "Tianyitang Pharmacy Renamed"),
            encoding="utf-8",
        )
        assert wait_for(lambda: "Tianyitang Pharmacy Renamed" in (fetch(url) or "")), "the preview did not rebuild"
        template = project / "overrides" / "fangcheng" / "entry.html"
        template.write_text(
            template.read_text(encoding="utf-8").replace(
                '<div class="fc-entry', '<div data-test="changed" class="fc-entry'
            ),
            encoding="utf-8",
        )
        assert wait_for(lambda: 'data-test="changed"' in (fetch(url) or "")), (
            "the preview did not pick up a template change"
        )
