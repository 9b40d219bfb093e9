"""A YAML file read line by line, as an editor typed it, beside the parser.

Two kinds of slip, each reported at its own line and column, all of a file's in one run:

- **typed characters**: the full-width or typographic form a Chinese keyboard or Word puts where YAML
  needs the ASCII character: a key's colon (``founded：1920``), a flow collection's comma, colon or
  bracket (``[mon，tue]``), quotes around a value (``opens: “09:30”``), the ideographic space
  (U+3000) in indentation, a dash before a list item (``－ food``). Always errors, whether or not the
  parser could read the file (``“09:30”`` parses, as the wrong text);
- **layout slips**: tabs, quotes never closed, indentation that is not a multiple of the file's own step.
  YAML allows odd indentation, so these are reported only beside a syntax error, which otherwise hides
  every problem after the first.

Inside quoted text, block scalars (``|``, ``>``), comments and the prose of a plain value such characters
are content, not mistakes: ``summary: 店铺：老字号`` and ``zh: “老边”饺子`` are fine. A typographic pair
around a whole value counts as quotes only when the text inside has no Chinese, Japanese or Korean
(``“09:30”``, ``“Laobian”``): ``zh: “老边饺子馆”`` is Chinese typography.

The scanner follows the parts of YAML content files use (block mappings and lists, flow collections,
quoted, plain and block scalars, comments); it never decides what the data is, only where a character
stands. Files the parser reads are scanned only when a quick search finds such a character in a place
where YAML structure could be (:data:`_WORTH_SCANNING`), so well-formed content costs one regex search.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from fangcheng.problems import Problem

DOUBLE_QUOTES = "“”＂〝〞"
SINGLE_QUOTES = "‘’＇"
CORNER_QUOTES = "「」『』"
TYPOGRAPHIC_QUOTES = DOUBLE_QUOTES + SINGLE_QUOTES + CORNER_QUOTES
FULL_WIDTH_OPENERS = {"【": "[", "［": "[", "｛": "{"}
FULL_WIDTH_CLOSERS = {"】": "]", "］": "]", "｝": "}"}
FULL_WIDTH_COMMAS = "，、"
DASHES = "－−‐‑‒–—―﹣•"
WIDE_SPACES = "\u3000\u00a0"
FULL_WIDTH_COLON = "："


@dataclass(frozen=True)
class _Character:
    """How a character is named in a message, in Chinese and English, and the ASCII one YAML needs there."""

    zh: str
    en: str
    ascii: str


CHARACTERS: dict[str, _Character] = {
    "：": _Character("全角冒号", "full-width colon", ":"),
    "，": _Character("全角逗号", "full-width comma", ","),
    "、": _Character("顿号", "enumeration comma", ","),
    "“": _Character("中文左双引号", "opening curly quote", '"'),
    "”": _Character("中文右双引号", "closing curly quote", '"'),
    "＂": _Character("全角双引号", "full-width double quote", '"'),
    "〝": _Character("左双引号", "opening double prime quote", '"'),
    "〞": _Character("右双引号", "closing double prime quote", '"'),
    "‘": _Character("中文左单引号", "opening curly single quote", "'"),
    "’": _Character("中文右单引号", "closing curly single quote", "'"),
    "＇": _Character("全角单引号", "full-width single quote", "'"),
    "「": _Character("直角引号", "opening corner bracket", '"'),
    "」": _Character("直角引号", "closing corner bracket", '"'),
    "『": _Character("双直角引号", "opening double corner bracket", '"'),
    "』": _Character("双直角引号", "closing double corner bracket", '"'),
    "【": _Character("中文方头括号", "opening lenticular bracket", "["),
    "】": _Character("中文方头括号", "closing lenticular bracket", "]"),
    "［": _Character("全角方括号", "full-width opening bracket", "["),
    "］": _Character("全角方括号", "full-width closing bracket", "]"),
    "｛": _Character("全角花括号", "full-width opening brace", "{"),
    "｝": _Character("全角花括号", "full-width closing brace", "}"),
    "\u3000": _Character(
        "全角空格（U+3000，看起来像两个空格）", "full-width space (U+3000, it looks like two spaces)", " "
    ),
    "\u00a0": _Character(
        "不间断空格（U+00A0，常见于从网页或 Word 复制的文字）", "no-break space (U+00A0, from web pages or Word)", " "
    ),
    "－": _Character("全角连字符", "full-width hyphen", "-"),
    "−": _Character("减号（U+2212）", "minus sign (U+2212)", "-"),
    "‐": _Character("连字符（U+2010）", "hyphen (U+2010)", "-"),
    "‑": _Character("不换行连字符（U+2011）", "non-breaking hyphen (U+2011)", "-"),
    "‒": _Character("数字线（U+2012）", "figure dash (U+2012)", "-"),
    "–": _Character("短破折号（U+2013）", "en dash (U+2013)", "-"),
    "—": _Character("破折号（U+2014）", "em dash (U+2014)", "-"),
    "―": _Character("横线（U+2015）", "horizontal bar (U+2015)", "-"),
    "﹣": _Character("小连字符（U+FE63）", "small hyphen (U+FE63)", "-"),
    "•": _Character("项目符号（U+2022，Word 的列表圆点）", "bullet (U+2022, from a Word list)", "-"),
}

# What to type instead, by where the character stands: (Chinese, English).
_FIXES: dict[str, tuple[str, str]] = {
    "key-colon": ("请改为半角冒号“:”并在后面加一个空格", 'type the half-width colon ":" followed by a space instead'),
    "url-colon": ("网址中的冒号必须是半角冒号“:”", 'a web address needs the half-width colon ":"'),
    "flow-colon": ("请改为半角冒号“:”并在后面加一个空格", 'type the half-width colon ":" followed by a space instead'),
    "flow-comma": (
        "方括号或花括号中的各项请用半角逗号“,”加一个空格分隔",
        'separate the items in brackets or braces with the half-width comma "," and a space',
    ),
    "quote": (
        "YAML 不把它当作引号：引号请用半角双引号，写成 {example}",
        "YAML does not read it as a quote: use straight quotes, as in {example}",
    ),
    "bracket-open": ("请改为半角方括号“[”", 'type the half-width bracket "[" instead'),
    "bracket-close": ("请改为半角方括号“]”", 'type the half-width bracket "]" instead'),
    "brace-open": ("请改为半角花括号“{{”", 'type the half-width brace "{{" instead'),
    "brace-close": ("请改为半角花括号“}}”", 'type the half-width brace "}}" instead'),
    "indent": (
        "缩进只能用半角空格：请删除它，改用半角空格（每级两个）",
        "indent with half-width spaces only: delete it and type spaces (two per level)",
    ),
    "after-colon": ("冒号后面请用一个半角空格", "type a half-width space after the colon"),
    "after-dash": ("“-”后面请用一个半角空格", 'type a half-width space after the "-"'),
    "dash": (
        "列表的每一项以半角减号“-”加一个空格开头",
        'start each list item with the half-width hyphen "-" and a space',
    ),
}

_CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003134f"
_PUNCTUATION_RANGES = "\u3000-\u303f\uff00-\uffef\u2018-\u201f"
# An ideograph, kana or hangul: text in Chinese, Japanese or Korean.
_CJK = re.compile(f"[{_CJK_RANGES}]")
# Such text, or the punctuation that goes with it.
_CJK_OR_PUNCTUATION = re.compile(f"[{_CJK_RANGES}{_PUNCTUATION_RANGES}]")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*[ \t]*")
_ASCII_KEY_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*[ \t]*:(?:[ \t]|$)")
_ASCII_KEY_AHEAD = re.compile(r"[ \t\u3000]*[A-Za-z_][A-Za-z0-9_-]*[ \t]*[:：]")
_STRUCTURAL_KEY = re.compile("[A-Za-z_][A-Za-z0-9_-]*[ \t]*(:[ \t\u3000\u00a0]|:$|：)")
_FLOW_KEY_COLON = re.compile("[A-Za-z_][A-Za-z0-9_-]*[ \t]*：")
_URL_COLON = re.compile("https?：")
_COMMENT = re.compile("[ \t]#")
_SPACE = " \t"
_PLAIN_STOPS = re.compile("[:：#]")  # where a plain scalar may turn out to be a key, or end in a comment
# What a flow collection turns on; a full-width comma between two Chinese characters never separates items.
_FLOW_STOPS = re.compile(
    f"[\\[\\]{{}},:#{''.join(FULL_WIDTH_CLOSERS)}]"
    f"|(?<![{_CJK_RANGES}{_PUNCTUATION_RANGES}])[{FULL_WIDTH_COMMAS}]"
    f"|[{FULL_WIDTH_COMMAS}](?![{_CJK_RANGES}{_PUNCTUATION_RANGES}])"
)

_OPENERS = "".join(FULL_WIDTH_OPENERS)
_CLOSERS = "".join(FULL_WIDTH_CLOSERS)
_DASH_CLASS = re.escape(DASHES)
_NOT_CJK = f"[^{_CJK_RANGES}{_PUNCTUATION_RANGES}]"
_LINE_START = "\n \t\ufeff"  # what may stand before a character at the start of a line's content
_QUOTES = DOUBLE_QUOTES + SINGLE_QUOTES
# A superset of the places the scanner can report in a file the parser read (a file without any of them
# is not scanned; one the parser could not read always is). It starts with one character class, so the
# regex engine skips ordinary text in C; lookarounds then check the character's neighbours. Searched in
# "\n" + text, so that the first line starts after a line break like every other.
_WORTH_SCANNING = re.compile(
    f"[{WIDE_SPACES}{FULL_WIDTH_COLON}{FULL_WIDTH_COMMAS}{_DASH_CLASS}{TYPOGRAPHIC_QUOTES}{_OPENERS}{_CLOSERS}]"
    "(?:"
    + "|".join(
        [
            f"(?<=[{_LINE_START}:\\-{WIDE_SPACES}][{WIDE_SPACES}])",  # a wide space in indentation, after : or -
            f"(?<={_NOT_CJK}{FULL_WIDTH_COLON})",  # key：value, https：//
            f"(?<=[{_LINE_START}\\-][{_DASH_CLASS}])(?=[ \\t\\u3000\\n]|$)",  # － item
            f"(?<=[{_LINE_START}:,\\[{{\\-][{TYPOGRAPHIC_QUOTES}{_OPENERS}])",  # a quote or bracket opening a value
            f"(?<={_NOT_CJK}[{FULL_WIDTH_COMMAS}{_CLOSERS}])",  # [mon，tue], [mon, tue］
            f"(?<=[{_CLOSERS}])(?=[^\\S\\n]*(?:\\n|$))",  # {zh: 稻香村｝
            f"(?<=[{FULL_WIDTH_COMMAS}])(?=[ \\t\\u3000]*[A-Za-z_])",  # {zh: 老边，en: …}
            f"(?<={_NOT_CJK}[{_QUOTES}])(?=[^\\S\\n]*(?:\\n|$))",  # "09:30” at the end of a line
        ]
    )
    + ")"
)


MAX_LINES = 5_000
"""Lines read at most: a hundred times the longest entry (a file longer than that is not an entry, and reading
it line by line in Python would take seconds)."""
MAX_SLIPS = 100
"""The most typed characters, and the most layout slips, reported for one file (a file full of them is one
mistake repeated: the first hundred show it)."""


@dataclass(frozen=True)
class Slip:
    """One slip at one place: line and column are 1-based, as in every problem."""

    line: int
    col: int
    code: str
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Scan:
    """What a file holds, line by line."""

    typed: list[Slip]
    layout: list[Slip]


def check(text: str, display_path: str, syntax: Problem | None) -> list[Problem]:
    """The slips in ``text`` as problems, with ``syntax`` (the parser's error, if any) unless a slip on its
    line or the two above explains it. Empty when the parser read the file and nothing was mistyped."""
    if syntax is None and not _WORTH_SCANNING.search("\n" + text):
        return []
    scan = scan_text(text)
    slips = list(scan.typed)
    if syntax is not None:
        typed_at = {(slip.line, slip.col) for slip in slips}
        slips += [slip for slip in scan.layout if (slip.line, slip.col) not in typed_at]
    problems = [Problem(display_path, slip.line, slip.col, slip.code, slip.params) for slip in slips]
    if syntax is not None and not _explains(slips, syntax):
        problems.append(syntax)
    return sorted(problems)


def _explains(slips: list[Slip], syntax: Problem) -> bool:
    """Whether a slip on the syntax error's line or the two above it is the likely cause."""
    if syntax.code not in ("yaml-syntax", "yaml-tab"):
        return False
    return any(syntax.line - 2 <= slip.line <= syntax.line for slip in slips)


def scan_text(text: str) -> Scan:
    """Every slip in ``text``."""
    scanner = _Scanner(text)
    scanner.run()
    return Scan(sorted(scanner.typed, key=_where), sorted(scanner.layout, key=_where)[:MAX_SLIPS])


def _where(slip: Slip) -> tuple[int, int]:
    return slip.line, slip.col


def _is_cjk(char: str) -> bool:
    return bool(_CJK_OR_PUNCTUATION.match(char))


@dataclass
class _Quote:
    """A quoted scalar still open at the end of a line."""

    char: str
    line: int
    col: int
    owner: int  # the indentation of the line it belongs to
    key_allowed: bool = False  # whether it may be a key (then a colon may follow it)


class _Scanner:
    """Walks the lines once, keeping just enough YAML context to tell structure from content."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.line_number = 0  # the line being read (1-based) and its text
        self.text = ""
        self.typed: list[Slip] = []
        self.typed_at: set[tuple[int, int]] = set()
        self.layout: list[Slip] = []
        self.block_owner: int | None = None  # inside a block scalar (| or >) of a line indented this much
        self.plain_owner: int | None = None  # inside a plain scalar that may go on, of a line indented this much
        self.child_of: int | None = None  # after "key:" with nothing: the next deeper line starts its value
        self.quote: _Quote | None = None
        self.flow: list[tuple[str, int, int]] = []  # open [ and { (with line and column), innermost last
        self.flow_owner = 0
        self.flow_key_allowed = False
        self.flow_value = False  # in a flow mapping, after the colon: a value, not a key
        self.indents: list[int] = [0]  # indentation of the open block mappings and lists
        self.key_indents: set[int] = {0}  # indentations at which a key was seen (structure, not prose)
        self.steps: Counter[int] = Counter()
        self.deeper: list[tuple[int, int, int]] = []  # (line, indentation, increase) of each deeper line

    # --- lines ------------------------------------------------------------------------------------

    def run(self) -> None:
        for number, line in enumerate(self.lines[:MAX_LINES], start=1):
            if len(self.typed) >= MAX_SLIPS:
                break  # the report is full
            if number == 1 and line.startswith("\ufeff"):
                line = line[1:]
            self.line_number = number
            self.text = line
            if self.quote is not None and not self._continue_quote():
                continue
            if self.flow:
                if self._flow_goes_on():
                    self._scan_flow(self._flow_entry(0))
                    continue
                self._unclosed_bracket()
            self._line()
        if self.quote is not None:
            self._unclosed_quote()
        if self.flow:
            self._unclosed_bracket()
        self._uneven_indentation()

    def _line(self) -> None:
        line = self.text
        stripped = line.lstrip(" \t" + WIDE_SPACES)
        if not stripped:
            return
        lead = line[: len(line) - len(stripped)]
        spaces = len(line) - len(line.lstrip(" "))  # the indentation YAML sees
        visual = len(lead) + lead.count("\u3000")  # the indentation the editor sees (U+3000 is two wide)
        wide = "\u3000" in lead or "\u00a0" in lead
        if self.block_owner is not None:
            if spaces > self.block_owner:
                return  # a line of the block text
            if visual > self.block_owner and wide:
                self._report_wide_spaces(lead, "indent")  # meant as a line of the block text
                return
            self.block_owner = None
        if stripped.startswith("#"):
            return
        if self.plain_owner is not None:
            if spaces > self.plain_owner and not _ASCII_KEY_LINE.match(stripped):
                return  # the plain text of the line above goes on (a "key: value" cannot: YAML stops there)
            self.plain_owner = None
        if stripped.startswith(("---", "...", "%")) and not self.indents[1:]:
            self.child_of = None
            return
        child_of, self.child_of = self.child_of, None
        structural = self._looks_structural(stripped)
        if child_of is not None and spaces > child_of and not structural:
            # the value of "key:" begins on this line, and reads as text: wide spaces after the
            # indentation are its own (a paragraph's first-line indent)
            self._node(len(lead), child_of, key_allowed=True, definite=False)
            return
        if wide and (structural or spaces == 0):
            self._report_wide_spaces(lead, "indent")
        if "\t" in lead and not wide:
            self.layout.append(Slip(self.line_number, lead.index("\t") + 1, "yaml-tab"))
        self._indentation(visual, typed=wide or "\t" in lead)
        definite = visual in self.key_indents
        self._node(len(lead), visual, key_allowed=True, definite=definite)

    def _looks_structural(self, stripped: str) -> bool:
        """Whether a line (without its indentation) starts like a key or a list item."""
        if stripped[:1] == "-" and stripped[1:2] in ("", " ", "\t"):
            return True
        if stripped[:1] in DASHES and stripped[1:2] in ("", " ", "\t", "\u3000"):
            return True
        return bool(_STRUCTURAL_KEY.match(stripped))

    def _report_wide_spaces(self, lead: str, fix: str) -> None:
        """One report for each run of the same wide space in ``lead``."""
        for run in re.finditer("\u3000+|\u00a0+", lead):
            self._typed(run.start(), run.group()[0], fix, count=len(run.group()))

    # --- indentation ------------------------------------------------------------------------------

    def _indentation(self, indent: int, *, typed: bool) -> None:
        """Track the open levels; note each deeper line's increase and each line that lines up with none."""
        if typed:
            return  # where the editor meant it to be is a guess: leave it out
        if indent > self.indents[-1]:
            self.deeper.append((self.line_number, indent, indent - self.indents[-1]))
            self.steps[indent - self.indents[-1]] += 1
            self.indents.append(indent)
            return
        while len(self.indents) > 1 and self.indents[-1] > indent:
            self.indents.pop()
        if self.indents[-1] != indent:
            self.deeper.append((self.line_number, indent, 0))
            self.indents.append(indent)
        self.key_indents = {level for level in self.key_indents if level <= indent}

    def _uneven_indentation(self) -> None:
        if not self.steps:
            return
        step = max(self.steps, key=lambda size: (self.steps[size], size))  # the commonest; of two, the wider
        for number, indent, increase in self.deeper:
            if increase and increase % step == 0:
                continue
            lower = indent - indent % step
            choices = sorted({lower, lower + step} - {indent})
            self.layout.append(
                Slip(
                    number,
                    1,
                    "uneven-indentation",
                    {
                        "found": indent,
                        "step": step,
                        "choices_zh": " 或 ".join(map(str, choices)),
                        "choices_en": " or ".join(map(str, choices)),
                    },
                )
            )

    # --- nodes ------------------------------------------------------------------------------------

    def _node(self, at: int, owner: int, *, key_allowed: bool, definite: bool) -> None:
        """What starts at column ``at`` (0-based) of a line indented ``owner``. A loop, not recursion:
        ``- - - x`` or ``&a &b x`` may go on for a whole line."""
        line = self.text
        while True:
            while at < len(line) and line[at] in _SPACE:
                at += 1
            if at >= len(line) or line[at] == "#":
                self.child_of = owner
                return
            char, after = line[at], line[at + 1 : at + 2]
            item = key_allowed and char == "-" and after in ("", " ", "\t")
            if key_allowed and char == "-" and after and after in WIDE_SPACES:  # "" is in every string
                self._typed(at + 1, after, "after-dash")
                item = True
            elif (
                key_allowed
                and char in DASHES
                and after in ("", " ", "\t", "\u3000")
                and self._looks_like_item(line[at + 1 :])
            ):
                self._typed(at, char, "dash")
                item = True
            if item:
                at = owner = self._item(at)
                definite = False
                continue
            if char in "&!":  # an anchor or a tag before the node
                while at < len(line) and line[at] not in _SPACE:
                    at += 1
                continue
            break
        if (char == "?" and after in ("", " ")) or char == "*":
            return
        if char in "\"'":
            closed = self._quoted(at, owner, key_allowed=key_allowed)
            if closed is not None:
                self._after_scalar(closed, owner, key_allowed=key_allowed)
            return
        if char in "[{":
            self.flow_owner, self.flow_key_allowed = owner, key_allowed
            self._scan_flow(at)
            return
        if char in FULL_WIDTH_OPENERS and self._meant_as_flow(line[at:]):
            self._typed(at, char, "bracket-open" if FULL_WIDTH_OPENERS[char] == "[" else "brace-open")
            self.text = line[:at] + FULL_WIDTH_OPENERS[char] + line[at + 1 :]  # read on as the editor meant
            self.flow_owner, self.flow_key_allowed = owner, key_allowed
            self._scan_flow(at)
            return
        if char in "|>":
            self.block_owner = owner
            return
        self._plain(at, owner, key_allowed=key_allowed, definite=definite)

    def _meant_as_flow(self, rest: str) -> bool:
        """Whether a value in full-width brackets was meant as a list or mapping, not as a bracketed text."""
        comment = _COMMENT.search(rest)
        value = (rest[: comment.start()] if comment else rest).rstrip()
        if len(value) < 2 or not (value[-1] in FULL_WIDTH_CLOSERS or value[-1] in "]}"):
            return False
        return not _CJK.search(value[1:-1]) or bool(_ASCII_KEY_AHEAD.match(value, 1))

    def _looks_like_item(self, rest: str) -> bool:
        """Whether the text after a dash-like character reads as a list item, not as prose."""
        text = rest.lstrip(" \t\u3000")
        return not text or not _is_cjk(text[0]) or bool(_ASCII_KEY_AHEAD.match(text))

    def _item(self, dash: int) -> int:
        """A list item: where the node after its dash starts (a level of its own when it is deeper)."""
        content = dash + 1
        while content < len(self.text) and self.text[content] in _SPACE + WIDE_SPACES:
            content += 1
        if content < len(self.text) and content > self.indents[-1]:
            self.indents.append(content)
        return content

    def _plain(self, at: int, owner: int, *, key_allowed: bool, definite: bool) -> None:
        """A plain scalar: a key (``key: value``, or ``key：value`` typed) or a text."""
        line = self.text
        for stop in _PLAIN_STOPS.finditer(line, at if key_allowed else len(line)):
            index = stop.start()
            char = line[index]
            nxt = line[index + 1 : index + 2]
            if char == "#" and index > at and line[index - 1] in _SPACE:
                break
            if char == ":" and key_allowed and nxt in ("", " ", "\t"):
                self._key(at, index, owner)
                self._value(index + 1, owner)
                return
            if char == ":" and key_allowed and nxt in WIDE_SPACES and _KEY.fullmatch(line[at:index]):
                self._typed(index + 1, nxt, "after-colon")
                self._key(at, index, owner)
                self._value(index + 2, owner)
                return
            if char == FULL_WIDTH_COLON and key_allowed and line[index + 1 : index + 3] != "//":
                if _KEY.fullmatch(line[at:index]) or (definite and not _CJK_OR_PUNCTUATION.search(line[at:index])):
                    self._typed(index, char, "key-colon")
                    self._key(at, index, owner)
                    self._value(index + 1, owner)
                    return
                break
        self._text_value(at)
        self.plain_owner = owner

    def _key(self, start: int, end: int, owner: int) -> None:
        """A plain key from ``start`` to ``end`` on a line indented ``owner``: quotes typed around it are slips."""
        self.key_indents.add(owner)
        self._wrapped(self.text[start:end].rstrip(), start)

    def _value(self, at: int, owner: int) -> None:
        """The value after a key's colon, on the key's line."""
        line = self.text
        while at < len(line) and line[at] in _SPACE:
            at += 1
        if at >= len(line) or line[at] == "#":
            self.child_of = owner
            return
        self._node(at, owner, key_allowed=False, definite=False)

    def _text_value(self, at: int) -> None:
        """A plain text: full-width quotes or brackets around all of it, or a full-width colon in a web address."""
        line = self.text
        end = len(line)
        comment = _COMMENT.search(line[at:])
        if comment:
            end = at + comment.start()
        value = line[at:end].rstrip()
        url = _URL_COLON.match(value)
        if url:
            self._typed(at + url.end() - 1, FULL_WIDTH_COLON, "url-colon")
        self._wrapped(value, at)

    def _wrapped(self, value: str, at: int) -> None:
        """Report typographic quotes or full-width brackets around the whole of ``value`` (at column ``at``)
        when the text inside has no Chinese: then they were meant as YAML's quotes or brackets."""
        if len(value) < 2:
            return
        first, last = value[0], value[-1]
        if first in FULL_WIDTH_OPENERS and not self._meant_as_flow(value):
            return
        if first in TYPOGRAPHIC_QUOTES and _CJK.search(value[1:-1]):
            return
        if first in TYPOGRAPHIC_QUOTES and (last in TYPOGRAPHIC_QUOTES or last in "\"'"):
            example = _straight(value[1:-1])
            self._typed(at, first, "quote", example=example)
            if last in TYPOGRAPHIC_QUOTES:
                self._typed(at + len(value) - 1, last, "quote", example=example)
        elif first in FULL_WIDTH_OPENERS:
            self._typed(at, first, "bracket-open" if FULL_WIDTH_OPENERS[first] == "[" else "brace-open")
            if last in FULL_WIDTH_CLOSERS:
                self._typed(
                    at + len(value) - 1, last, "bracket-close" if FULL_WIDTH_CLOSERS[last] == "]" else "brace-close"
                )

    def _after_scalar(self, at: int, owner: int, *, key_allowed: bool) -> None:
        """After a quoted scalar or a flow collection where a key may stand: its colon and value, or nothing."""
        line = self.text
        while at < len(line) and line[at] in _SPACE:
            at += 1
        if key_allowed and at < len(line) and line[at] == ":" and line[at + 1 : at + 2] in ("", " ", "\t"):
            self.key_indents.add(owner)
            self._value(at + 1, owner)

    # --- quoted scalars ---------------------------------------------------------------------------

    def _quoted(self, at: int, owner: int, *, key_allowed: bool) -> int | None:
        """The column after the quote that closes the one at ``at``, or None if it stays open at the end of
        the line. A typographic quote ending the line closes it, as the editor meant, and is reported."""
        line = self.text
        quote = line[at]
        end = _closing_quote(line, at + 1, quote)
        if end is not None:
            return end
        rest = line[at + 1 :].rstrip()
        twins = DOUBLE_QUOTES if quote == '"' else SINGLE_QUOTES
        if rest and rest[-1] in twins and not _CJK.search(rest):
            self._typed(at + len(rest), rest[-1], "quote", example=_straight(rest[:-1]))
            return at + len(rest) + 1
        self.quote = _Quote(quote, self.line_number, at + 1, owner, key_allowed)
        return None

    def _continue_quote(self) -> bool:
        """Go on inside a quote left open; False when this line is all inside it."""
        assert self.quote is not None
        line = self.text
        stripped = line.lstrip(" ")
        spaces = len(line) - len(stripped)
        if stripped and spaces <= self.quote.owner and self._looks_structural(stripped):
            self._unclosed_quote()  # the next key or item: the quote was never closed
            return True
        end = _closing_quote(line, 0, self.quote.char)
        if end is None:
            return False
        owner, key_allowed = self.quote.owner, self.quote.key_allowed
        self.quote = None
        if self.flow:
            self._scan_flow(end)
        else:
            self._after_scalar(end, owner, key_allowed=key_allowed)
        return False

    def _unclosed_quote(self) -> None:
        assert self.quote is not None
        name_zh, name_en = ("双引号", "double quote") if self.quote.char == '"' else ("单引号", "single quote")
        self.layout.append(
            Slip(
                self.quote.line,
                self.quote.col,
                "unclosed-quote",
                {"quote": self.quote.char, "name_zh": name_zh, "name_en": name_en},
            )
        )
        self.quote = None
        self.flow = []

    # --- flow collections -------------------------------------------------------------------------

    def _flow_goes_on(self) -> bool:
        """Whether this line carries on a flow collection left open, or begins the next key instead."""
        stripped = self.text.lstrip(" ")
        spaces = len(self.text) - len(stripped)
        return not (stripped and spaces <= self.flow_owner and self._looks_structural(stripped))

    def _scan_flow(self, at: int) -> None:
        """Walk ``[…]`` and ``{…}`` from column ``at`` to the end of the line (or where they close)."""
        line = self.text
        index = at
        while len(self.typed) < MAX_SLIPS:
            stop = _FLOW_STOPS.search(line, index)
            if stop is None:
                return
            index = stop.start()
            char = line[index]
            if char in "[{":
                self.flow.append((char, self.line_number, index + 1))
                self.flow_value = False
                index = self._flow_entry(index + 1)
            elif char in "]}":
                if self.flow:
                    self.flow.pop()
                if not self.flow:
                    self._after_scalar(index + 1, self.flow_owner, key_allowed=self.flow_key_allowed)
                    return
                index += 1
            elif char == ",":
                self.flow_value = False
                index = self._flow_entry(index + 1)
            elif char in FULL_WIDTH_COMMAS and self._comma_separates(index):
                self._typed(index, char, "flow-comma")
                self.flow_value = False
                index = self._flow_entry(index + 1)
            elif char in FULL_WIDTH_CLOSERS and self.flow and self._closer_ends(index):
                self._typed(index, char, "bracket-close" if FULL_WIDTH_CLOSERS[char] == "]" else "brace-close")
                self.flow.pop()
                if not self.flow:
                    return
                index += 1
            elif char == ":" and line[index + 1 : index + 2] in ("", " ", "\t", ",", "]", "}"):
                self.flow_value = True
                index = self._flow_entry(index + 1)
            elif char == "#" and (index == 0 or line[index - 1] in _SPACE):
                return
            else:
                index += 1
            if self.quote is not None:
                return  # a quoted entry goes on on the next line

    def _flow_entry(self, at: int) -> int:
        """At the start of an entry (or a value) in a flow collection: check how it starts; where to go on."""
        line = self.text
        while at < len(line) and line[at] in _SPACE:
            at += 1
        if at >= len(line):
            return at
        if line[at] in "\"'":  # a quote opens a scalar only here, at its start (Zhang's is text)
            end = _closing_quote(line, at + 1, line[at])
            if end is None:
                self.quote = _Quote(line[at], self.line_number, at + 1, self.flow_owner)
                return len(line)
            return end
        end = _flow_entry_end(line, at)
        entry = line[at:end].rstrip()
        if self.flow and self.flow[-1][0] == "{" and not self.flow_value:
            key = _FLOW_KEY_COLON.match(entry)
            if key:
                self._typed(at + key.end() - 1, FULL_WIDTH_COLON, "flow-colon")
                self.flow_value = True
                return self._flow_entry(at + key.end())
        if entry[:1] in TYPOGRAPHIC_QUOTES or entry[:1] in FULL_WIDTH_OPENERS:
            self._wrapped(entry, at)
            return end
        return at

    def _comma_separates(self, index: int) -> bool:
        """Whether a full-width comma in a flow collection was meant to separate its items."""
        line = self.text
        if self.flow and self.flow[-1][0] == "{":
            return bool(_ASCII_KEY_AHEAD.match(line, index + 1))
        before, after = _before(line, index), _after(line, index)
        return bool(before) and bool(after) and not _is_cjk(before) and not _is_cjk(after)

    def _closer_ends(self, index: int) -> bool:
        """Whether a full-width closing bracket ends the flow collection the editor opened with an ASCII one:
        after a word that is not Chinese, or as the last thing on the line, closing its own kind of bracket."""
        line = self.text
        before, after = _before(line, index), _after(line, index)
        if not before or not (not after or after in ",]}#" or after in _CLOSERS):
            return False
        if not _is_cjk(before):
            return True
        return not after and FULL_WIDTH_CLOSERS[line[index]] == ("]" if self.flow[-1][0] == "[" else "}")

    def _unclosed_bracket(self) -> None:
        char, line, col = self.flow[-1]
        closer = "]" if char == "[" else "}"
        name_zh, name_en = ("方括号", "bracket") if char == "[" else ("花括号", "brace")
        self.layout.append(
            Slip(line, col, "unclosed-bracket", {"closer": closer, "name_zh": name_zh, "name_en": name_en})
        )
        self.flow = []

    # --- reporting --------------------------------------------------------------------------------

    def _typed(self, index: int, char: str, fix: str, *, count: int = 1, **fix_params: str) -> None:
        """A typed character (``count`` of them in a row) at 0-based column ``index`` of the current line."""
        where = (self.line_number, index + 1)
        if where in self.typed_at or len(self.typed) >= MAX_SLIPS:
            return
        self.typed_at.add(where)
        name = CHARACTERS[char]
        fix_zh, fix_en = _FIXES[fix]
        if char in WIDE_SPACES and count > 1:
            plural = name.en.replace("space", "spaces", 1).replace("it looks", "each looks")
            what_zh, what_en = f"起有连续 {count} 个{name.zh}", f"{count} {plural}"
        elif char in WIDE_SPACES:
            what_zh, what_en = f"是一个{name.zh}", _article(name.en)
        elif char in TYPOGRAPHIC_QUOTES and char not in CORNER_QUOTES:
            # a quote set off by corner brackets, not by quotes: no doubled quotes
            what_zh, what_en = f"的「{char}」是{name.zh}", f"{_article(name.en)} ({char})"
        else:
            what_zh, what_en = f"的“{char}”是{name.zh}", f'{_article(name.en)} "{char}"'
        self.typed.append(
            Slip(
                self.line_number,
                index + 1,
                "full-width-punctuation",
                {
                    "line": self.line_number,
                    "col": index + 1,
                    "char": char,
                    "what_zh": what_zh,
                    "what_en": what_en,
                    "fix_zh": fix_zh.format(**fix_params),
                    "fix_en": fix_en.format(**fix_params),
                },
            )
        )


def _before(line: str, index: int) -> str:
    """The last character before ``index`` that is not a space or tab, or ""."""
    index -= 1
    while index >= 0 and line[index] in _SPACE:
        index -= 1
    return line[index] if index >= 0 else ""


def _after(line: str, index: int) -> str:
    """The first character after ``index`` that is not a space or tab, or ""."""
    index += 1
    while index < len(line) and line[index] in _SPACE:
        index += 1
    return line[index] if index < len(line) else ""


def _closing_quote(line: str, at: int, quote: str) -> int | None:
    """The column after the quote closing a scalar opened before ``at``, or None."""
    index = at
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index + 1
        index += 1
    return None


def _flow_entry_end(line: str, at: int) -> int:
    """Where the flow entry starting at ``at`` ends: the next comma, colon or bracket at its level."""
    index = at
    while index < len(line):
        char = line[index]
        if char in ",[]{}" or char in FULL_WIDTH_COMMAS:
            return index
        if char == ":" and line[index + 1 : index + 2] in ("", " ", "\t"):
            return index
        if char == "#" and line[index - 1 : index] in _SPACE:
            return index
        index += 1
    return index


def _article(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _straight(text: str) -> str:
    """``text`` in straight quotes, as the editor would write it in YAML."""
    return f"'{text}'" if '"' in text and "'" not in text else '"' + text.replace('"', '\\"') + '"'
