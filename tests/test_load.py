"""The loader: text stays text, every value has a position, hostile input fails fast and safely."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fangcheng.load import MAX_BYTES, MAX_DEPTH, MAX_NODES, load_file, load_text


def codes(result) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in result.problems]


def test_scalars_stay_text_so_yaml_11_cannot_corrupt_them() -> None:
    result = load_text("hours: 09:30\nopen: no\nphone: 02484567\nyear: 1829\nflag: yes\nfloat: 1e3\n", "x.yml")
    assert result.data == {
        "hours": "09:30",
        "open": "no",
        "phone": "02484567",
        "year": "1829",
        "flag": "yes",
        "float": "1e3",
    }


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


def test_positions_are_exact_at_the_ends_of_the_largest_file() -> None:
    """Positions are stored packed: a column near the file-size limit and a line after it stay exact."""
    padding = "x" * (MAX_BYTES - 1_000)
    text = f"a: [{padding}, y]\n" + "".join(f"c{i}: d\n" for i in range(200)) + "b: z\n"
    source_map = load_text(text, "x.yml").source_map
    assert source_map.value_position(("a", 1)) == (1, len(padding) + 7)
    assert source_map.key_position(("b",)) == (202, 1)
    assert source_map.value_position(("b",)) == (202, 4)


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
    assert codes(load_text("# yaml-language-server: $schema=../schema/shops.json\n\n", "x.yml")) == [
        (1, 1, "empty-file")
    ]


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
    result = load_text('name:\n  zh: "老边\nfounded: 1829\n', "x.yml")
    assert codes(result) == [(2, 7, "unclosed-quote")]
    assert "双引号没有闭合" in result.problems[0].message("zh")


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
    assert codes(result) == [(*where, "unclosed-bracket")]
    assert "括号没有闭合" in result.problems[0].message("zh")


def test_billion_laughs_is_stopped_by_the_node_budget() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
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
    assert codes(result) == [(1, 1003, "yaml-too-deep")]  # where libyaml's own limit (1,000) is passed


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 490, 999])
@pytest.mark.parametrize(
    ("shape", "where"),
    [
        (lambda n: "a: " + "[" * n + "]" * n + "\n", lambda n: (1, 3 + MAX_DEPTH)),  # flow lists: at the 21st [
        (lambda n: "a: " + "{a: " * n + "1" + "}" * n + "\n", lambda n: (1, 4 + 4 * (MAX_DEPTH - 1))),  # flow maps
        (
            lambda n: "".join(" " * i + "a:\n" for i in range(n)) + " " * n + "b\n",
            lambda n: (MAX_DEPTH + 1, MAX_DEPTH + 1),
        ),  # block maps
        (
            lambda n: "a:\n" + "".join("  " * i + "-\n" for i in range(n - 1)) + "  " * (n - 1) + "- x\n",
            lambda n: (MAX_DEPTH + 1, 2 * MAX_DEPTH - 1),
        ),  # block lists
    ],
)
def test_nesting_deeper_than_the_limit_is_located_where_it_passes_the_limit(shape, where, depth: int) -> None:
    """490-999 levels once raised RecursionError from the loader; now the level past MAX_DEPTH is reported."""
    result = load_text(shape(depth), "x.yml")
    assert result.data is None
    assert codes(result) == [(*where(depth), "yaml-too-deep")]
    assert "20" in result.problems[0].message("zh") and "20" in result.problems[0].message("en")


def test_nesting_up_to_the_limit_is_accepted() -> None:
    result = load_text("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n", "x.yml")
    assert result.problems == [] and result.data is not None


def test_an_alias_cannot_hide_depth() -> None:
    half = MAX_DEPTH // 2 + 1
    text = "a: &a " + "[" * half + "]" * half + "\nb: " + "[" * half + "*a" + "]" * half + "\n"
    assert codes(load_text(text, "x.yml")) == [
        (1, 7 + MAX_DEPTH - 1 - half, "yaml-too-deep")
    ]  # inside &a, reached through *a


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name:\n  zh: 老边\x7f饺子\n",
            [(2, 9, "control-character", "U+007F")],
        ),  # raw DEL: the YAML reader refused it, at 1:1
        ("name:\n  zh: 老\x9b边\n", [(2, 8, "control-character", "U+009B")]),  # raw C1
        (
            "name:\n  zh: 老\x85边\n",
            [(2, 8, "control-character", "U+0085")],
        ),  # raw NEL, which YAML reads as a line break
        ("a: 1\n# comment \x01\n", [(2, 11, "control-character", "U+0001")]),  # anywhere in the file
        ("a: \x00\x00\n", [(1, 4, "control-character", "U+0000"), (1, 5, "control-character", "U+0000")]),
        ('name:\n  zh: "老边\\x7f"\n', [(2, 10, "control-character", "U+007F")]),  # escapes: at the backslash
        (
            'name:\n  zh: "老\\u0085边\\x01"\n',
            [(2, 9, "control-character", "U+0085"), (2, 16, "control-character", "U+0001")],
        ),
        ('a: "x\\ry"\n', [(1, 6, "control-character", "U+000D")]),  # a carriage return can only come from "\r"
        ('a: "\\N"\n', [(1, 5, "control-character", "U+0085")]),
        ('a: "\\e"\n', [(1, 5, "control-character", "U+001B")]),
        ('a: "\\uFFFF"\n', [(1, 5, "control-character", "U+FFFF")]),
        ('a: "\\uFDD0"\n', [(1, 5, "control-character", "U+FDD0")]),
        ('a: "\\U0001FFFE"\n', [(1, 5, "control-character", "U+1FFFE")]),
        ('a: "first \\\n  then \\x01"\n', [(2, 8, "control-character", "U+0001")]),  # on the quoted text's second line
        ('"\\x7f": b\n', [(1, 2, "control-character", "U+007F")]),  # keys too
        ("a: 甲\u202e乙\n", [(1, 5, "invisible-character", "U+202E")]),  # a bidi override: a warning
        ('a: "\\u2066x"\n', [(1, 5, "invisible-character", "U+2066")]),
    ],
)
def test_characters_that_break_pages_are_located(text: str, expected: list) -> None:
    result = load_text(text, "x.yml")
    assert [(p.line, p.col, p.code, p.params["char"]) for p in result.problems] == expected
    assert expected[0][3] in result.problems[0].message("zh") and expected[0][3] in result.problems[0].message("en")


@pytest.mark.parametrize(
    "text", ["a: 甲\t乙\n", 'a: "tab\\t and line\\n"\n', "a: |\n  one\n  two\n", "a: \u2028 \u00a0 \u200d \ufeff\n"]
)
def test_tabs_line_breaks_and_other_invisible_characters_are_fine(text: str) -> None:
    assert load_text(text, "x.yml").problems == []


def test_crlf_line_ends_are_not_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(b'name:\r\n  zh: "a\r\n  b"\r\n  en: |\r\n    x\r\n    y\r\n')
    result = load_file(path, "a.yml")
    assert result.problems == [] and result.data == {"name": {"zh": "a b", "en": "x\ny\n"}}


@pytest.mark.parametrize(
    ("text", "where", "escape", "says"),
    [
        ('a: "\\ud800"\n', (1, 5), "\\ud800", "surrogate"),  # was "a quote is not closed"
        ('name:\n  zh: "饺子 \\ud83d\\ude00"\n', (2, 11), "\\ud83d", "surrogate"),  # an emoji as JSON writes it
        ('a: "C:\\photos"\n', (1, 7), "\\p", "not an escape"),
        ('a: "\\x4"\n', (1, 5), "\\x4", "hexadecimal"),
    ],
)
def test_bad_escapes_say_what_they_are(text: str, where: tuple[int, int], escape: str, says: str) -> None:
    result = load_text(text, "x.yml")
    assert codes(result) == [(*where, "bad-escape")]
    assert result.problems[0].params["escape"] == escape
    assert says in result.problems[0].message("en") and escape in result.problems[0].message("zh")
    assert "quote" not in result.problems[0].message("en").split("double quotes")[0]


def test_a_folder_named_like_an_entry_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "a.yml").mkdir()
    result = load_file(tmp_path / "a.yml", "a.yml")
    assert codes(result) == [(1, 1, "file-unreadable")]
    assert "folder" in result.problems[0].message("en") and "文件夹" in result.problems[0].message("zh")


def test_an_unreadable_file_says_so_without_yaml_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.yml"
    path.write_text("a: b\n", encoding="utf-8")

    def denied(name: object, *args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied", str(name))

    monkeypatch.setattr(os, "open", denied)  # chmod 000 does not stop root, who runs CI here
    result = load_file(path, "a.yml")
    assert codes(result) == [(1, 1, "file-unreadable")]
    assert "permission denied" in result.problems[0].message("en") and "缩进" not in result.problems[0].message("zh")


def test_a_dangling_link_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "a.yml").symlink_to(tmp_path / "gone.yml")
    result = load_file(tmp_path / "a.yml", "a.yml")
    assert codes(result) == [(1, 1, "file-unreadable")]
    assert "link" in result.problems[0].message("en")


def test_oversize_file_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_text("a: " + "x" * (MAX_BYTES + 1) + "\n", encoding="utf-8")
    assert codes(load_file(path, "big.yml")) == [(1, 1, "file-too-large")]


def test_schema_line_is_noticed() -> None:
    assert load_text("# yaml-language-server: $schema=../schema/shops.json\na: b\n", "x.yml").has_schema_line
    assert not load_text("a: b\n", "x.yml").has_schema_line


# --- issue 19, point 10 ---------------------------------------------------------------------------


def test_a_merge_key_says_merge_keys_are_not_supported() -> None:
    """``<<: *base`` was reported as "unsupported language code" ("<<" read as a language)."""
    result = load_text("base: &base\n  zh: 老边\nname:\n  <<: *base\n  en: Laobian\n", "x.yml")
    assert codes(result) == [(4, 3, "yaml-merge-key")]
    assert "merge keys" in result.problems[0].message("en") and "合并键" in result.problems[0].message("zh")
    assert result.data["name"] == {"en": "Laobian"}


def test_a_quoted_merge_key_is_an_ordinary_key() -> None:
    assert codes(load_text('name: {"<<": x}\n', "x.yml")) == []


def test_a_big5_file_is_called_big5_not_gbk(tmp_path: Path) -> None:
    """Nearly any bytes decode as GB18030: a Big5 file was diagnosed as "looks like GBK"."""
    text = (
        "name:\n  zh: 萃華金店\n  en: Cuihua Gold\n"
        "description:\n  zh: 萃華創立於一八九五年，是瀋陽歷史最悠久的金店之一。\n"
    )
    path = tmp_path / "big5.yml"
    path.write_bytes(text.encode("big5"))
    result = load_file(path, "big5.yml")
    assert codes(result) == [(2, 7, "not-utf8")]
    assert "it looks like Big5 (traditional Chinese)" in result.problems[0].message("en")
    assert "Big5（繁体中文）" in result.problems[0].message("zh") and "GBK" not in result.problems[0].message("zh")


def test_a_gbk_file_of_traditional_characters_is_still_gbk(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yml"
    path.write_bytes("name:\n  zh: 萃華金店\n  en: Cuihua Gold\n".encode("gbk"))
    assert "it looks like GBK (GB18030)" in load_file(path, "gbk.yml").problems[0].message("en")
