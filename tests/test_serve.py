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
        with urllib.request.urlopen(url, timeout=5) as response:
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
    script = (ROOT / "scripts" / "serve").read_text(encoding="utf-8")
    assert "export FANGCHENG_PREVIEW=1" in script
    assert "mkdocs serve --dev-addr 127.0.0.1:8000" in script


def test_preview_shows_drafts_and_rebuilds_on_content_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    shop = project / "content" / "shops" / "tianyitang.yml"
    shop.write_text(shop.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    port = free_port()
    env = {**os.environ, "FANGCHENG_PREVIEW": "1", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/en/shops/tianyitang/"
        assert wait_for(lambda: fetch(url) is not None), "the preview did not start"
        page = fetch(url) or ""
        assert "fc-notice--draft" in page and "Tianyitang Pharmacy" in page
        assert '"zh"' in (fetch(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json") or ""), "no search index in the preview"
        shop.write_text(shop.read_text(encoding="utf-8").replace("Tianyitang Pharmacy", "Tianyitang Pharmacy Renamed"), encoding="utf-8")
        assert wait_for(lambda: "Tianyitang Pharmacy Renamed" in (fetch(url) or "")), "the preview did not rebuild"
        template = project / "overrides" / "fangcheng" / "entry.html"
        template.write_text(template.read_text(encoding="utf-8").replace('<article class="fc-entry', '<article data-test="changed" class="fc-entry'), encoding="utf-8")
        assert wait_for(lambda: 'data-test="changed"' in (fetch(url) or "")), "the preview did not pick up a template change"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
