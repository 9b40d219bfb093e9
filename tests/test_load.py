"""The loader: text stays text, every value has a position, hostile input fails fast and safely."""

from __future__ import annotations

import pytest

from pathlib import Path

from fangcheng.load import MAX_BYTES, MAX_NODES, load_file, load_text


def codes(result) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in result.problems]


def test_scalars_stay_text_so_yaml_11_cannot_corrupt_them() -> None:
    result = load_text("hours: 09:30\nopen: no\nphone: 02484567\nyear: 1829\nflag: yes\nfloat: 1e3\n", "x.yml")
    assert result.data == {"hours": "09:30", "open": "no", "phone": "02484567", "year": "1829", "flag": "yes", "float": "1e3"}


def test_empty_values_are_none_but_quoted_ones_are_text() -> None:
    result = load_text("a:\nb: ~\nc: null\nd: '~'\ne: ''\n", "x.yml")
    assert result.data == {"a": None, "b": None, "c": None, "d": "~", "e": ""}


def test_source_map_gives_line_and_column_of_keys_and_values() -> None:
    result = load_text("name:\n  zh: 老边\nimages:\n  - file: a.jpg\n    alt: {zh: 门面}\n", "x.yml")
    source_map = result.source_map
    assert source_map.value_position(("name", "zh")) == (2, 7)
    assert source_map.key_position(("name", "zh")) == (2, 3)
    assert source_map.value_position(("images", 0)) == (4, 5)
    assert source_map.value_position(("images", 0, "alt", "zh")) == (5, 15)
    assert result.source_map.locate(("images", 0, "credit")) == (4, 5)


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes("\ufeffname:\r\n  zh: 中街\r\n".encode("utf-8"))
    result = load_file(path, "a.yml")
    assert result.problems == []
    assert result.data == {"name": {"zh": "中街"}}
    assert result.source_map.value_position(("name", "zh")) == (2, 7)


def test_gbk_file_says_so_at_the_first_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes("name:\n  zh: 老边饺子馆\n".encode("gbk"))
    result = load_file(path, "a.yml")
    assert codes(result) == [(2, 7, "not-utf8")]
    assert "GBK" in result.problems[0].message("zh")
    assert "UTF-8" in result.problems[0].message("en")


def test_empty_and_comment_only_files() -> None:
    assert codes(load_text("", "x.yml")) == [(1, 1, "empty-file")]
    assert codes(load_text("# yaml-language-server: $schema=../schema/shops.json\n\n", "x.yml")) == [(1, 1, "empty-file")]


def test_top_level_must_be_a_mapping() -> None:
    assert codes(load_text("# c\n- name: a\n", "x.yml")) == [(2, 1, "not-mapping")]
    assert codes(load_text("just text\n", "x.yml")) == [(1, 1, "not-mapping")]


def test_duplicate_key_points_at_the_second_one_and_names_the_first() -> None:
    result = load_text("name:\n  zh: a\nfounded: 1829\nname:\n  zh: b\n", "x.yml")
    assert codes(result) == [(4, 1, "duplicate-key")]
    assert result.problems[0].params["first_line"] == 1


def test_tab_indentation_is_named_as_such() -> None:
    result = load_text("name:\n\tzh: a\n", "x.yml")
    assert codes(result) == [(2, 1, "yaml-tab")]


def test_syntax_error_points_at_the_line() -> None:
    result = load_text("name:\n  zh: a\n  en: Laobian: the best\n", "x.yml")
    assert codes(result) == [(3, 14, "yaml-syntax")]
    assert "引号" in result.problems[0].message("zh")


def test_unclosed_quote_points_where_it_opened() -> None:
    result = load_text("name:\n  zh: \"老边\nfounded: 1829\n", "x.yml")
    assert codes(result) == [(2, 7, "yaml-syntax")]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name:\n  zh: [老边\n  en: x\n", (2, 7)),  # a [ left open: at the bracket, not the line after
        ("name: {zh: 老边, en: x\nfounded: 1829\n", (1, 7)),  # a { left open
        ("tags: [food, tea\n", (1, 7)),  # open at the end of the file: never past its last line
    ],
)
def test_unclosed_bracket_points_where_it_opened(text: str, where: tuple[int, int]) -> None:
    result = load_text(text, "x.yml")
    assert codes(result) == [(*where, "yaml-syntax")]
    assert "没有成对闭合" in result.problems[0].message("zh")


def test_billion_laughs_is_stopped_by_the_node_budget() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    result = load_text("\n".join(lines) + "\n", "x.yml")
    assert result.data is None
    assert [p.code for p in result.problems] == ["yaml-too-complex"]
    assert MAX_NODES < 9**9


def test_recursive_alias_is_rejected() -> None:
    assert [p.code for p in load_text("a: &a [*a]\n", "x.yml").problems] == ["yaml-too-complex"]


def test_deep_nesting_is_rejected_without_a_traceback() -> None:
    result = load_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "x.yml")
    assert result.data is None
    assert result.problems[0].code in ("yaml-syntax", "yaml-too-complex")


def test_oversize_file_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_text("a: " + "x" * (MAX_BYTES + 1) + "\n", encoding="utf-8")
    assert codes(load_file(path, "big.yml")) == [(1, 1, "file-too-large")]


def test_schema_line_is_noticed() -> None:
    assert load_text("# yaml-language-server: $schema=../schema/shops.json\na: b\n", "x.yml").has_schema_line
    assert not load_text("a: b\n", "x.yml").has_schema_line
