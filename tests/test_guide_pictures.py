"""The editors' guide's pictures, made from the real pages and messages (and checked while they are made).

A shop saved with what a Chinese keyboard types (``founded：1824``, ``category: “pharmacy”``) is built as the
preview builds it; Chromium photographs the problem panel on the Chinese and the English page, and the
checker's output as an editor reads it. The pictures go to ``content/guide/``, which the guide links; this
test writes them again whenever they change (so they always show today's pages and messages).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_project
from playwright.sync_api import Browser

PICTURES = ROOT / "content" / "guide"
MAX_PICTURE_BYTES = 150_000
WIDTH = 960


def _break_a_shop(project: Path) -> tuple[Path, str]:
    shop = project / "content" / "shops" / "tianyitang.yml"
    text = shop.read_text(encoding="utf-8")
    broken = text.replace("founded: 1824", "founded：1824").replace("category: pharmacy", "category: “pharmacy”")
    assert broken.count("：1824") == 1 and broken.count("“pharmacy”") == 1
    shop.write_text(broken, encoding="utf-8")
    return shop, broken


def _write_if_changed(path: Path, data: bytes) -> None:
    assert len(data) < MAX_PICTURE_BYTES, f"{path.name} is {len(data)} bytes: keep the guide's pictures small"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def test_the_preview_panel_pictures(tmp_path: Path, browser: Browser) -> None:
    project = copy_project(tmp_path / "p")
    _, broken = _break_a_shop(project)
    colon_line = broken.splitlines().index("founded：1824") + 1
    env = {**os.environ, "FANGCHENG_PREVIEW": "1", "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}
    env.pop("FANGCHENG_LANG", None)
    env.pop("LC_ALL", None)
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    assert build.returncode == 0, build.stdout + build.stderr
    context = browser.new_context(viewport={"width": WIDTH, "height": 700}, device_scale_factor=1)
    try:
        page = context.new_page()
        for lang, prefix, says in (
            ("zh", "", f"第 {colon_line} 行第 8 列的“：”是全角冒号，请改为半角冒号“:”并在后面加一个空格。"),
            ("en", "en/", f'Line {colon_line}, column 8 has a full-width colon "："'),
        ):
            # the broken shop has no page yet (the preview shows an entry as it last was without errors):
            # the panel is on every page, so photograph another shop's
            page.goto((project / "site" / prefix / "shops" / "laobian-dumplings" / "index.html").as_uri())
            panel = page.locator("aside.fc-preview-problems")
            text = panel.inner_text()
            assert says in text, text
            assert f"content/shops/tianyitang.yml:{colon_line}:8" in text
            assert panel.get_attribute("lang") == lang
            box = panel.bounding_box()
            assert box is not None
            # the panel and the top of the page under it: what the editor sees first
            picture = page.screenshot(
                animations="disabled", clip={"x": 0, "y": 0, "width": WIDTH, "height": box["height"] + 140}
            )
            _write_if_changed(PICTURES / f"preview-problems.{lang}.png", picture)
    finally:
        context.close()


def test_the_checker_output_picture(tmp_path: Path, browser: Browser) -> None:
    project = copy_project(tmp_path / "p")
    shop, _ = _break_a_shop(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}
    env.pop("FANGCHENG_LANG", None)
    result = subprocess.run(
        [sys.executable, "-m", "fangcheng", "validate", "--lang", "zh"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("content/shops/tianyitang.yml:") for line in lines), lines
    assert re.search(r":\d+:8: error full-width-punctuation: 第 \d+ 行第 8 列的“：”是全角冒号", lines[0])
    assert "的「“」是中文左双引号" in lines[1] and '写成 "pharmacy"' in lines[1]
    assert "3 个错误，0 个警告" in result.stderr
    del shop
    rows = "".join(
        f'<div class="line"><span class="where">{html.escape(where)}</span> {html.escape(rest)}</div>'
        for where, rest in (line.split(" ", 1) for line in lines)
    )
    document = f"""<!doctype html><html lang="zh"><meta charset="utf-8"><style>
      body {{ margin: 0; background: #1e1e1e; }}
      pre {{ margin: 0; padding: 16px 20px; color: #e8e8e8; font: 15px/1.6 "Noto Sans Mono CJK SC", monospace;
             white-space: pre-wrap; }}
      .prompt {{ color: #8fd16a; }} .where {{ color: #7ab8ff; }} .line {{ margin: 0 0 .6em; }}
      .summary {{ color: #ffb454; }}
    </style><pre><div class="line"><span class="prompt">$ ./scripts/validate</span></div>{rows}<div
      class="summary">{html.escape(result.stderr.strip())}</div></pre></html>"""
    context = browser.new_context(viewport={"width": WIDTH, "height": 200}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.set_content(document)
        picture = page.locator("pre").screenshot()
        _write_if_changed(PICTURES / "validate.zh.png", picture)
    finally:
        context.close()


def test_the_guide_shows_each_picture() -> None:
    guide = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    for name in ("preview-problems.zh.png", "preview-problems.en.png", "validate.zh.png"):
        assert f"](guide/{name})" in guide, name
        assert (PICTURES / name).stat().st_size < MAX_PICTURE_BYTES
