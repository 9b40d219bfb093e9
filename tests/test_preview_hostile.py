"""The live preview keeps answering while content/ holds a hostile file (deep nesting, control characters)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_project, fetch, free_port, wait_for


def test_preview_answers_with_the_problem_while_a_file_is_nested_999_deep(tmp_path: Path) -> None:
    """A file nested ~490-999 deep raised RecursionError in the loader and the preview hung every request."""
    project = copy_project(tmp_path / "p")
    deep = project / "content" / "shops" / "deep.yml"
    deep.write_text("name: " + "[" * 999 + "]" * 999 + "\n", encoding="utf-8")
    port = free_port()
    env = {**os.environ, "FANGCHENG_PREVIEW": "1", "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/en/shops/tianyitang/"
        assert wait_for(lambda: "Tianyitang Pharmacy" in (fetch(url) or "")), "the preview did not answer"
        page = fetch(url) or ""
        assert "fc-preview-problems" in page and "content/shops/deep.yml:1:26" in page and "yaml-too-deep" in page
        assert "fc-preview-problems" in (fetch(f"http://127.0.0.1:{port}/") or "")

        # a second hostile save (a control character) is picked up too, and the server still answers
        deep.write_text('name: {zh: "甲\\x7f"}\n', encoding="utf-8")
        assert wait_for(lambda: "control-character" in (fetch(url) or "")), "the preview stopped rebuilding"
        assert "content/shops/deep.yml:1:14" in (fetch(url) or "")
        deep.unlink()
        assert wait_for(lambda: "fc-preview-problems" not in (fetch(url) or "x")), "the problem did not go away"
        assert server.poll() is None
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
