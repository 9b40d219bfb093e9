"""The live preview: serves drafts and search, and rebuilds when content changes (what ./scripts/serve runs)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT, copy_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_script_runs_mkdocs_serve_on_loopback_with_drafts() -> None:
    from fangcheng import preview

    script = (ROOT / "scripts" / "serve").read_text(encoding="utf-8")
    assert "-m fangcheng serve" in script  # mkdocs serve, with its errors said to editors (fangcheng.preview)
    assert (preview.DEFAULT_HOST, preview.DEFAULT_PORT) == ("127.0.0.1", 8000)
    assert "FANGCHENG_PREVIEW" not in script  # `mkdocs serve` is the preview: the plugin knows it


def test_preview_shows_drafts_and_rebuilds_on_content_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    shop = project / "content" / "shops" / "tianyitang.yml"
    shop.write_text(shop.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("FANGCHENG_PREVIEW", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/en/shops/tianyitang/"
        assert wait_for(lambda: fetch(url) is not None), "the preview did not start"
        page = fetch(url) or ""
        assert "fc-notice--draft" in page and "Tianyitang Pharmacy" in page
        assert '"zh"' in (fetch(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json") or ""), (
            "no search index in the preview"
        )
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
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def start_preview(project: Path, lang_env: str = "C.UTF-8") -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    env = {**os.environ, "FANGCHENG_PREVIEW": "1", "NO_MKDOCS_2_WARNING": "1", "LANG": lang_env}
    env.pop("LC_ALL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    return server, port


def stop(server: subprocess.Popen[str]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def test_preview_shows_content_errors_in_the_browser_until_fixed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    shop = project / "content" / "shops" / "tianyitang.yml"
    good = shop.read_text(encoding="utf-8")
    server, port = start_preview(project, "zh_CN.UTF-8")
    try:
        url = f"http://127.0.0.1:{port}/en/shops/tianyitang/"
        home = f"http://127.0.0.1:{port}/"
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
        home_page = fetch(home) or ""
        assert "fc-preview-problems" in home_page, "every page shows the problems"
        assert "内容有错误" in home_page and "应当是整数" in home_page, "the Chinese site's panel speaks Chinese"
        assert server.poll() is None

        # broken YAML: the server keeps running and points at the line
        shop.write_text(good.replace("founded: 1824", 'founded: "1824'), encoding="utf-8")
        assert wait_for(lambda: "unclosed-quote" in (fetch(url) or "") and "wrong-type" not in (fetch(url) or ""))
        assert f"content/shops/tianyitang.yml:{line}:10" in (fetch(url) or "")

        # while something is broken, a deleted entry's pages go; the broken entry's stay
        (project / "content" / "shops" / "baofayuan.yml").unlink()
        assert wait_for(lambda: fetch(f"http://127.0.0.1:{port}/shops/baofayuan/") is None), (
            "a deleted entry's page stayed"
        )
        assert "Tianyitang Pharmacy" in (fetch(url) or "")
        assert server.poll() is None

        # fixed: the page comes back without the panel
        shop.write_text(good.replace("Tianyitang Pharmacy", "Tianyitang Pharmacy Again"), encoding="utf-8")
        assert wait_for(lambda: "Tianyitang Pharmacy Again" in (fetch(url) or "")), "the page did not come back"
        assert "fc-preview-problems" not in (fetch(url) or "") and "fc-preview-problems" not in (fetch(home) or "")
    finally:
        stop(server)


def test_preview_shows_a_template_error_with_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    template = project / "overrides" / "fangcheng" / "entry.html"
    good = template.read_text(encoding="utf-8")
    server, port = start_preview(project)
    try:
        url = f"http://127.0.0.1:{port}/shops/tianyitang/"
        assert wait_for(lambda: "天益堂" in (fetch(url) or "")), "the preview did not start"
        template.write_text(good + "\n{% if %}\n", encoding="utf-8")
        line = len((good + "\n{% if %}\n").splitlines())
        assert wait_for(lambda: "fc-preview-problems" in (fetch(url) or ""))
        assert f"overrides/fangcheng/entry.html:{line}" in (fetch(url) or "")
        template.write_text(good, encoding="utf-8")
        assert wait_for(lambda: "fc-preview-problems" not in (fetch(url) or ""))
        assert "天益堂" in (fetch(url) or "")
        # not a Jinja error but a Python one inside the template: still a panel, not a stuck server
        template.write_text(good + '{{ 1 + "a" }}\n', encoding="utf-8")
        line = len(good.splitlines()) + 1
        assert wait_for(lambda: f"overrides/fangcheng/entry.html:{line}" in (fetch(url) or "")), (
            "no panel for a TypeError"
        )
        assert "TypeError" in (fetch(url) or "") and server.poll() is None
        template.write_text(good, encoding="utf-8")
        assert wait_for(lambda: "fc-preview-problems" not in (fetch(url) or ""))
    finally:
        stop(server)
