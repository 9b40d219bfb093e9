"""The editors' guide: its field and code tables are generated from the model and the code table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run

from fangcheng import codes, guide
from fangcheng.codes import CODES, Code, Level
from fangcheng.model import KINDS
from fangcheng.plugin_config import load_site_config

GUIDE = ROOT / "content" / "README.md"
CONFIG = load_site_config(ROOT / "mkdocs.yml")  # the languages ./scripts/guide uses


def test_the_guide_matches_the_model_and_the_code_table() -> None:
    """Fails when a field or a problem code changed without ./scripts/guide being run."""
    assert not guide.guide_is_stale(GUIDE, CONFIG), "content/README.md is out of date: run ./scripts/guide"


def test_every_code_and_every_field_is_in_the_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for code in CODES.values():
        assert re.search(rf"^\| `{re.escape(code.id)}` \| ", text, re.MULTILINE), code.id
    for model in KINDS.values():
        for name in model.model_fields:
            assert f"| `{name}` |" in text, name


def test_a_new_code_makes_the_guide_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    added = Code(
        "brand-new-code", Level.WARNING, "新的问题“{field}”。{hint_zh}", 'A new problem with "{field}". {hint_en}'
    )
    monkeypatch.setitem(codes.CODES, added.id, added)
    monkeypatch.setattr(guide, "CODES", codes.CODES)
    assert guide.guide_is_stale(GUIDE, CONFIG)
    updated = guide.update_guide(GUIDE.read_text(encoding="utf-8"), CONFIG)
    assert '| `brand-new-code` | 警告 warning | 新的问题“‹field›”。 | A new problem with "‹field›". |' in updated


def test_update_is_idempotent_and_keeps_the_prose() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    once = guide.update_guide(text, CONFIG)
    assert guide.update_guide(once, CONFIG) == once
    before, _, _ = text.partition(guide.start_marker("fields"))
    assert once.startswith(before)


def test_a_guide_without_markers_is_refused() -> None:
    with pytest.raises(guide.GuideError, match="generated:codes"):
        text = "".join(f"{guide.start_marker(s)}\n{guide.end_marker(s)}\n" for s in guide.SECTIONS if s != "codes")
        guide.update_guide(text, CONFIG)


def test_the_guide_covers_what_editors_do() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    for zh, en in [
        ("新增条目", "Adding an entry"),
        ("修改条目", "Changing an entry"),
        ("图片与署名", "Images and credits"),
        ("翻译", "Translations"),
        ("草稿", "Drafts"),
        ("预览", "Preview"),
        ("发布", "Publishing"),
        ("全部字段", "Every field"),
        ("错误代码", "Problem codes"),
    ]:
        assert f"## {zh} · {en}" in headings, zh
    for command in ("./scripts/new", "./scripts/serve", "./scripts/validate", "./scripts/report"):
        assert command in text
    # the Chinese text of each section comes before its English
    assert text.index("每个 YAML 文件") < text.index("Every YAML file")


def test_guide_links_point_at_headings() -> None:
    """GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens."""
    text = GUIDE.read_text(encoding="utf-8")
    anchors = set()
    for line in text.splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"\s", "-", re.sub(r"[^\w\- ]", "", title)))
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors, target


def test_guide_command_writes_and_checks(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    stale = "# Guide\n" + "".join(f"{guide.start_marker(s)}\nold\n{guide.end_marker(s)}\n" for s in guide.SECTIONS)
    path = tmp_path / "content" / "README.md"
    path.write_text(stale, encoding="utf-8")
    check = run(tmp_path, "guide", "--check")
    assert check.returncode == 1 and "./scripts/guide" in check.stderr
    assert run(tmp_path, "guide").returncode == 0
    assert "| `year-out-of-range` |" in path.read_text(encoding="utf-8")
    assert run(tmp_path, "guide", "--check").returncode == 0
    path.write_text("# no markers\n", encoding="utf-8")
    assert run(tmp_path, "guide").returncode == 2


def test_every_field_row_has_an_example() -> None:
    """Each field has an example, except lists of parts, whose own tables below have them."""
    section = guide.fields_section(CONFIG)
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows
    for row in rows:
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]
        name, _, type_label, _, example = cells
        assert "PydanticUndefined" not in example, name
        if not type_label.startswith("列表 list of") or "see below" not in type_label:
            assert example.startswith(f"`{name.strip('`')}: "), row


def test_the_guide_names_every_limit_from_the_code() -> None:
    """Issue 19: a limit chosen in the code (id length, image pixels and sides, the site address a QR code holds,
    list maxima) is named in the guide, from the constant the code checks with."""
    from fangcheng import images
    from fangcheng.config import SITE_URL_CHARS
    from fangcheng.model import ID_CHARS, MAX_PATH_POINTS

    text = GUIDE.read_text(encoding="utf-8")
    limits = text.split("<!-- generated:limits")[1].split("<!-- /generated:limits -->")[0]
    assert f"at most {ID_CHARS} characters" in limits and f"at most {SITE_URL_CHARS} characters" in limits
    assert f"{images.MAX_PIXELS:,} pixels and {images.MAX_SIDE:,} on either side" in limits
    assert f"（最多 {MAX_PATH_POINTS} 项 · at most {MAX_PATH_POINTS}）" in text
