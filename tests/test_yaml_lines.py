"""Full-width and typographic punctuation, and the layout slips a syntax error hides, each at its place.

What a Chinese keyboard and Word really type where YAML needs ASCII: every character is reported at its
own line and column, named, with what to type instead, in Chinese and in English; inside quoted text,
block text and prose it is content, not a mistake.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fangcheng import yaml_lines
from fangcheng.load import load_text

ROOT = Path(__file__).resolve().parent.parent
HEAD = "name: {zh: 稻香村}\n"


def slips(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of each full-width-punctuation problem in ``text``."""
    result = load_text(text, "content/shops/x.yml")
    assert result.data is None or not result.problems, "a file with a slip must not be read as data"
    return [(p.line, p.col, str(p.params.get("char", p.code))) for p in result.problems]


def messages(text: str, lang: str) -> list[str]:
    return [p.message(lang) for p in load_text(text, "content/shops/x.yml").problems]


# (what the editor typed, where each character is reported: (line, column, character))
TYPED = {
    "colon after a key": ("name:\n  zh: 稻香村\nfounded：1920\n", [(3, 8, "：")]),
    "colon after a nested key": ("name:\n  zh：稻香村\n  en: Daoxiangcun\n", [(2, 5, "：")]),
    "colon and a space after it": ("name: {zh: 稻香村}\nstreet： zhongjie\n", [(2, 7, "：")]),
    "colon in a web address": ("name: {zh: 稻香村}\nwebsite: https：//example.com/\n", [(2, 15, "：")]),
    "colon in a flow mapping": ("name: {zh：稻香村, en: Daoxiangcun}\n", [(1, 10, "：")]),
    "comma in a list": (HEAD + "tags: [food，tea]\n", [(2, 12, "，")]),
    "enumeration comma in a list": (HEAD + "days: [mon、tue、wed]\n", [(2, 11, "、"), (2, 15, "、")]),
    "comma between fields": ("name: {zh: 稻香村，en: Daoxiangcun}\n", [(1, 15, "，")]),
    "curly double quotes": (HEAD + "opens: “09:30”\n", [(2, 8, "“"), (2, 14, "”")]),
    "curly single quotes": (HEAD + "phone: ‘024-2484 0000’\n", [(2, 8, "‘"), (2, 22, "’")]),
    "corner brackets": (HEAD + "closes: 「21:00」\n", [(2, 9, "「"), (2, 15, "」")]),
    "full-width double quotes": (HEAD + "opens: ＂09:30＂\n", [(2, 8, "＂"), (2, 14, "＂")]),
    "curly quotes in a flow mapping": (
        HEAD + "holiday_hours:\n  - {opens: “10:00”, closes: “18:00”}\n",
        [(3, 13, "“"), (3, 19, "”"), (3, 30, "“"), (3, 36, "”")],
    ),
    "curly quotes around a key": (HEAD + '“opens”: "09:30"\n', [(2, 1, "“"), (2, 7, "”")]),
    "a straight quote closed by a curly one": (HEAD + 'opens: "09:30”\ncloses: "21:00"\n', [(2, 14, "”")]),
    "lenticular brackets": (HEAD + "days: 【mon, tue】\n", [(2, 7, "【"), (2, 16, "】")]),
    "full-width brackets": (HEAD + "days: ［mon, tue］\n", [(2, 7, "［"), (2, 16, "］")]),
    "a list closed by a full-width bracket": (HEAD + "days: [mon, tue］\nstreet: zhongjie\n", [(2, 16, "］")]),
    "full-width braces": ("name: ｛zh: 稻香村｝\n", [(1, 7, "｛"), (1, 15, "｝")]),
    "a mapping closed by a full-width brace": ("name: {zh: 稻香村｝\nfounded: 1920\n", [(1, 15, "｝")]),
    "ideographic space indenting a key": ("name:\n\u3000zh: 稻香村\n", [(2, 1, "\u3000")]),
    "ideographic spaces after spaces": ("name:\n  \u3000zh: 稻香村\n", [(2, 3, "\u3000")]),
    "ideographic space after a colon": ("name:\u3000{zh: 稻香村}\n", [(1, 6, "\u3000")]),
    "ideographic space indenting block text": (
        "name: {zh: 稻香村}\ndescription: |\n\u3000\u3000百年老店。\n",
        [(3, 1, "\u3000")],
    ),
    "no-break space indenting a key": ("name:\n\u00a0\u00a0zh: 稻香村\n", [(2, 1, "\u00a0")]),
    "full-width hyphen before an item": (HEAD + "tags:\n  － food\n  - tea\n", [(3, 3, "－")]),
    "minus sign before an item": (HEAD + "images:\n  − file: media/a.jpg\n    alt: {zh: 门面}\n", [(3, 3, "−")]),
    "en dash before an item (Word)": (HEAD + "tags:\n  – food\n", [(3, 3, "–")]),
    "bullet before an item (Word)": (HEAD + "tags:\n  • food\n", [(3, 3, "•")]),
    "ideographic space after a dash": (HEAD + "tags:\n  -\u3000food\n", [(3, 4, "\u3000")]),
}


@pytest.mark.parametrize(("text", "expected"), TYPED.values(), ids=TYPED.keys())
def test_each_typed_character_is_reported_at_its_line_and_column(text: str, expected: list) -> None:
    assert slips(text) == expected
    zh, en = messages(text, "zh"), messages(text, "en")
    for (line, col, char), message_zh, message_en in zip(expected, zh, en, strict=True):
        assert message_zh.startswith(f"第 {line} 行第 {col} 列"), message_zh
        assert message_en.startswith(f"Line {line}, column {col} has "), message_en
        if char not in yaml_lines.WIDE_SPACES:
            assert char in message_zh and char in message_en
        name = yaml_lines.CHARACTERS[char]
        assert name.zh.split("（")[0] in message_zh and name.en.split(" (")[0] in message_en


def test_the_message_names_the_character_and_what_to_type_instead() -> None:
    text = "name:\n  zh: 稻香村\nfounded：1920\n"
    assert messages(text, "zh") == ["第 3 行第 8 列的“：”是全角冒号，请改为半角冒号“:”并在后面加一个空格。"]
    assert messages(text, "en") == [
        'Line 3, column 8 has a full-width colon "：": type the half-width colon ":" followed by a space instead.'
    ]
    curly = HEAD + "opens: “09:30”\n"
    assert messages(curly, "zh")[0] == (
        '第 2 行第 8 列的「“」是中文左双引号，YAML 不把它当作引号：引号请用半角双引号，写成 "09:30"。'
    )
    assert messages(curly, "en")[1] == (
        "Line 2, column 14 has a closing curly quote (”): YAML does not read it as a quote: use straight quotes, as in "
        '"09:30".'
    )
    space = "name:\n\u3000\u3000zh: 稻香村\n"
    assert messages(space, "zh") == [
        "第 2 行第 1 列起有连续 2 个全角空格（U+3000，看起来像两个空格），"
        "缩进只能用半角空格：请删除它，改用半角空格（每级两个）。"
    ]


def test_every_slip_of_a_file_in_one_run() -> None:
    text = (
        "# yaml-language-server: $schema=../schema/shops.json\n"
        "name:\n"
        "  zh：稻香村\n"  # 3
        "  en: Daoxiangcun\n"
        "founded：1920\n"  # 5
        "tags: [food，tea]\n"  # 6
        "hours:\n"
        "  － days: [mon、tue]\n"  # 8
        "    opens: “09:30”\n"  # 9
        "    closes: ‘21:00’\n"  # 10
        "\u3000\u3000category: tea\n"  # 11
    )
    assert slips(text) == [
        (3, 5, "："),
        (5, 8, "："),
        (6, 12, "，"),
        (8, 3, "－"),
        (8, 15, "、"),
        (9, 12, "“"),
        (9, 18, "”"),
        (10, 13, "‘"),
        (10, 19, "’"),
        (11, 1, "\u3000"),
    ]


NOT_MISTAKES = {
    "in double quotes": 'name: {zh: 稻香村}\nsummary: "店铺：老字号，【百年】“老店”「招牌」、－ 一"\n',
    "in single quotes": "name: {zh: 稻香村}\nsummary: '店铺：老字号，“老店”'\n",
    "quoted in a flow mapping": "name: {zh: \"稻香村：“老店”\", en: 'a，b'}\n",
    "quoted list items": "name: {zh: 稻香村}\ntags: [\"food，tea\", '［x］']\n",
    "prose after a key": "name: {zh: 稻香村}\nsummary: 店铺：老字号，始于清代\n",
    "prose in a localized text": "name:\n  zh: 稻香村：糕点，“京八件”\n",
    "a Chinese name in Chinese quotes": "name:\n  zh: “稻香村”\n",
    "Chinese quotes opening prose": "name: {zh: 稻香村}\nsummary:\n  zh: “京八件”是传统糕点\n",
    "prose on the line after its key": "name: {zh: 稻香村}\nsummary:\n  这是一段：很长的文字，\n  zh：这也是文字\n",
    "a plain text going on": "name: {zh: 稻香村}\nsource_notes: 《沈阳日报》\n  2020 年：第 3 版\n",
    "block text": "name: {zh: 稻香村}\ndescription: |\n  zh：稻香村\n  － food\n  【x】\n  “09:30”\n",
    "folded block text": "name: {zh: 稻香村}\ndescription: >-\n  founded：1920\n\n  tags: [food，tea]\n",
    "a paragraph indent in block text": "name: {zh: 稻香村}\ndescription: |\n  \u3000\u3000稻香村始创于清代。\n",
    "a paragraph indent in prose": "name: {zh: 稻香村}\nsummary:\n  \u3000\u3000稻香村始创于清代。\n",
    "comments": "# 注意：冒号用半角，例如 founded: 1920\nname: {zh: 稻香村}  # 名称：稻香村，【必填】\n",
    "Chinese commas in a flow mapping": "name: {zh: 稻香村，老字号, en: Daoxiangcun}\n",
    "Chinese prose in brackets": "name: {zh: 【老字号】稻香村}\n",
    "a dash in prose": "name: {zh: 稻香村}\nsummary:\n  — 引自《沈阳日报》\n",
    "an em dash in an English value": "name: {zh: 稻香村, en: Daoxiangcun — bakery}\n",
    "an English quote inside a value": "name: {zh: 稻香村, en: The “Beijing Eight” cakes}\n",
    "a colon in a time": 'name: {zh: 稻香村}\nhours:\n  - {days: [mon], opens: "09:30", closes: "21:00"}\n',
}


@pytest.mark.parametrize("text", NOT_MISTAKES.values(), ids=NOT_MISTAKES.keys())
def test_the_same_characters_in_quotes_block_text_and_prose_are_content(text: str) -> None:
    assert yaml_lines.scan_text(text).typed == []
    assert load_text(text, "x.yml").problems == []


def test_the_sample_content_has_no_slips() -> None:
    files = sorted((ROOT / "content").rglob("*.yml"))
    assert len(files) > 10
    for path in files:
        assert yaml_lines.scan_text(path.read_text(encoding="utf-8")) == yaml_lines.Scan([], []), path


# --- the layout slips a syntax error used to hide ---------------------------------------------------


def codes(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in load_text(text, "x.yml").problems]


def test_tabs_on_every_line_are_reported_not_only_the_first() -> None:
    text = 'name:\n\tzh: 稻香村\n\ten: Daoxiangcun\nfounded: 1920\nhours:\n  - days: [mon]\n  \topens: "09:30"\n'
    assert codes(text) == [(2, 1, "yaml-tab"), (3, 1, "yaml-tab"), (7, 3, "yaml-tab")]


def test_unclosed_quotes_are_each_reported_where_they_open() -> None:
    text = 'name: {zh: 稻香村}\nphone: "024-2484 0000\nopens: "09:30"\nstreet: \'zhongjie\nfounded: 1920\n'
    assert codes(text) == [(2, 8, "unclosed-quote"), (4, 9, "unclosed-quote")]
    assert load_text(text, "x.yml").problems[0].message("zh") == (
        '从这里开始的双引号没有闭合：请在这段文字的末尾补上一个同样的半角双引号 " ，或删除这个引号。'
    )


def test_uneven_indentation_is_measured_against_the_files_own_step() -> None:
    text = (
        "name:\n"
        "  zh: 稻香村\n"
        "   en: Daoxiangcun\n"  # 3: one space too many
        "address:\n"
        "  zh: 中街\n"
        "images:\n"
        "  - file: media/a.jpg\n"
        "    alt:\n"
        "     zh: 门面\n"  # 9: 5 spaces where the file's step gives 6
    )
    problems = load_text(text, "x.yml").problems
    assert [(p.line, p.code) for p in problems] == [(3, "uneven-indentation"), (9, "uneven-indentation")]
    assert problems[0].message("zh") == (
        "这一行缩进了 3 个空格，但本文件每一级缩进 2 个空格：请改为 2 或 4 个空格，与同一级的字段对齐。"
    )
    assert "indented by 5 spaces, but this file indents 2 per level: indent it by 4 or 6 spaces" in problems[1].message(
        "en"
    )


def test_a_file_indented_by_four_is_measured_by_four() -> None:
    text = "name:\n    zh: 稻香村\n  en: Daoxiangcun\n"
    problems = load_text(text, "x.yml").problems
    assert [(p.line, p.code, p.params["step"]) for p in problems] == [(3, "uneven-indentation", 4)]


def test_odd_but_valid_indentation_is_not_a_problem() -> None:
    assert (
        load_text("name:\n   zh: 稻香村\nimages:\n - file: media/a.jpg\n   alt: {zh: 门面}\n", "x.yml").problems == []
    )


def test_the_syntax_error_a_slip_explains_is_left_out_and_others_are_kept() -> None:
    explained = "name:\n  zh: 稻香村\nfounded：1920\nstreet: zhongjie\n"
    assert codes(explained) == [(3, 8, "full-width-punctuation")]
    far = "opens: “09:30”\nname:\n  zh: a\n  en: b\n  fr: c\nstreet: zhongjie: no\n"
    assert codes(far) == [(1, 8, "full-width-punctuation"), (1, 14, "full-width-punctuation"), (6, 17, "yaml-syntax")]


def test_typed_characters_and_layout_slips_in_one_run() -> None:
    text = 'name:\n\tzh: 稻香村\nfounded：1920\nphone: "024\nopens: “09:30”\n'
    assert codes(text) == [
        (2, 1, "yaml-tab"),
        (3, 8, "full-width-punctuation"),
        (4, 8, "unclosed-quote"),
        (5, 8, "full-width-punctuation"),
        (5, 14, "full-width-punctuation"),
    ]


# --- the quick search that decides whether a file the parser read is scanned -----------------------


def _mutations(text: str) -> list[str]:
    """``text`` with one structural ASCII character at a time turned into what a Chinese keyboard types."""
    swaps = {": ": "：", ", ": "，", "[": "【", "]": "］", "{": "｛", "- ": "－ ", '"': "“", "  ": "\u3000"}
    out = []
    for ascii_form, typed in swaps.items():
        for match in re.finditer(re.escape(ascii_form), text):
            out.append(text[: match.start()] + typed + text[match.end() :])
    return out


def test_the_quick_search_finds_every_file_the_scanner_would_report() -> None:
    """Files the parser reads are scanned only when the quick search matches: it must match whenever the
    scanner would report something, in every sample file with each structural character mistyped."""
    texts = [text for text, _ in TYPED.values()]
    for path in sorted((ROOT / "content").rglob("*.yml")):
        texts += _mutations(path.read_text(encoding="utf-8"))
    assert len(texts) > 500
    reported = 0
    for text in texts:
        if yaml_lines.scan_text(text).typed:
            reported += 1
            assert yaml_lines._WORTH_SCANNING.search("\n" + text), text
    assert reported > 200


# --- hostile files: one line of a million characters, a hundred thousand lines -----------------------

HOSTILE = {
    "items nested on one line": ("- " * 200_000 + "x\n", "yaml-too-deep"),
    "a chain of quoted keys": ('"a": ' * 100_000 + "x\n", "yaml-syntax"),
    "a chain of flow keys": ("[a]: " * 100_000 + "x\n", "yaml-syntax"),
    "anchors before a value": ("a: " + "&a " * 100_000 + "x\n", "yaml-syntax"),
    "a list of 300,000 full-width commas": ("tags: [" + "a，" * 300_000 + "a]\n", "full-width-punctuation"),
    "100,000 full-width colons": ("".join(f"k{i}：v\n" for i in range(100_000)), "full-width-punctuation"),
    "50,000 tabs": ("".join(f"k{i}:\n\tz: 1\n" for i in range(50_000)), "yaml-tab"),
    "60,000 unclosed quotes": ("".join(f'k{i}: "abc\n' for i in range(60_000)), "unclosed-quote"),
}


@pytest.mark.parametrize(("text", "first_code"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_files_get_a_bounded_report_without_a_traceback(text: str, first_code: str) -> None:
    problems = load_text(text, "x.yml").problems
    assert problems and problems[0].code == first_code
    assert len(problems) <= 2 * yaml_lines.MAX_SLIPS + 1


@pytest.mark.parametrize("text", ["a: [\n-\n", 'name:\n  -\nfoo: "\n', "x：1\n-\n"])
def test_a_dash_at_the_end_of_a_line_is_read_without_a_traceback(text: str) -> None:
    """A "-" ending a line raised KeyError('') (the empty string is "in" every string of wide spaces); found by
    tests/test_generated_entries.py (issue 19, point 11)."""
    assert load_text(text, "x.yml").problems
