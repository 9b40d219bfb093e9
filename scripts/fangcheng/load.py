"""Read one YAML content file into plain data plus a source map of line and column numbers.

Every scalar stays text (or ``None`` for an empty value): the content model converts
values, so YAML 1.1 implicit typing cannot corrupt data (``09:30`` is not 570, ``no``
is not False, ``0248`` is not octal). Hostile input fails fast: files over
``MAX_BYTES`` are not parsed, alias expansion is bounded by ``MAX_NODES``, nesting by
``MAX_DEPTH``, and characters that break YAML front matter or HTML (control characters,
lone surrogates, noncharacters) are reported where they are, raw or written as an escape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fangcheng import yaml_lines
from fangcheng.files import NotRegular, Reason, read_at_most, refusal
from fangcheng.problems import Problem

try:  # libyaml is ten times faster; PyYAML's pure-Python loader is the fallback.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """Composes nodes without guessing tags: every scalar stays text, so guessing is wasted work."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return (
            self.DEFAULT_SCALAR_TAG
            if kind is yaml.ScalarNode
            else (self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG)
        )


MAX_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 20
"""Lists and mappings nested deeper than this are refused. The deepest entry the model allows is
4 (the file, ``images``, one image, its ``alt``), so 20 leaves room for any mistake the model
should explain itself, and keeps every recursion over the data (here, pydantic, the source map)
far below Python's limit of 1,000 frames."""
MAX_REPORTED_CHARACTERS = 20
SCHEMA_LINE_PREFIX = "# yaml-language-server: $schema="
_NULLS = {"", "~", "null", "Null", "NULL"}

# Characters no text may hold: C0 controls but tab and line feed (a carriage return in a value can
# only come from a "\r" escape), DEL, C1 controls, lone surrogates and the noncharacters.
# The YAML reader refuses most of them in the file; escapes in double quotes let them through.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_FORBIDDEN_IN_FILE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_FORBIDDEN_IN_VALUE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
# Invisible characters that reorder text (the "Trojan Source" bidi controls): allowed, but warned about.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_FLAGGED_IN_VALUE = re.compile(f"{_FORBIDDEN_IN_VALUE.pattern}|{_BIDI_CONTROLS.pattern}")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}

Loc = tuple[str | int, ...]
Position = tuple[int, int]


class SourceMap:
    """Where every value, and every mapping key, starts, by path.

    Positions are needed only where a problem is reported, and most files have none: the map keeps
    the file's text (UTF-8, about 3 KB) and parses it again the first time a position is asked for.
    Built at load time, the positions of a 3,000-entry site took 26 MB (and the parser's ``Mark``
    objects, kept before, 19 MB more). A position is one integer (:func:`_pack`).
    """

    __slots__ = ("_source", "_value_marks", "_key_marks")

    def __init__(self, text: str | None = None) -> None:
        self._source = text.encode("utf-8") if text is not None else None
        self._value_marks: dict[Loc, int] = {}
        self._key_marks: dict[Loc, int] = {}

    def value_position(self, loc: Loc) -> Position:
        """Line and column of the value at ``loc`` (KeyError if there is none)."""
        return _unpack(self._marks()[0][loc])

    def key_position(self, loc: Loc) -> Position:
        """Line and column of the mapping key that ends ``loc`` (KeyError if there is none)."""
        return _unpack(self._marks()[1][loc])

    def locate(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of ``loc`` (its key if ``key``), or of its nearest existing parent."""
        value_marks, key_marks = self._marks()
        for end in range(len(loc), -1, -1):
            prefix = tuple(loc[:end])
            if key and prefix in key_marks:
                return _unpack(key_marks[prefix])
            if prefix in value_marks:
                return _unpack(value_marks[prefix])
        return (1, 1)

    def _marks(self) -> tuple[dict[Loc, int], dict[Loc, int]]:
        if self._source is not None:  # the text loaded once already: parsing it again cannot fail
            builder = _Builder("", record=True)
            root = yaml.compose(self._source.decode("utf-8"), Loader=_Loader)
            if root is not None:
                builder.build(root, ())
            self._value_marks, self._key_marks = builder.value_marks, builder.key_marks
            self._source = None
        return self._value_marks, self._key_marks


@dataclass
class LoadedFile:
    """What one file held: its data (``None`` when it could not be read) and where things are."""

    data: Any
    source_map: SourceMap
    problems: list[Problem]
    has_schema_line: bool = False


def load_file(path: Path, display_path: str, *, inside: Path | None = None) -> LoadedFile:
    """Read ``path`` and report problems under ``display_path``; never raises for bad content.

    Only a regular file is read (through links only where they stay inside the folder ``inside``,
    absolute and resolved), and never more than ``MAX_BYTES`` plus one byte (:mod:`fangcheng.files`).
    """
    empty = SourceMap()
    try:
        reason = refusal(path, inside)
        if reason is None:
            raw, size = read_at_most(path, MAX_BYTES)
    except NotRegular as error:
        reason = error.reason
    except OSError as error:
        return LoadedFile(None, empty, [_unreadable(display_path, error)])
    if reason is not None:
        return LoadedFile(None, empty, [_problem(display_path, 1, 1, "file-unreadable", **_reason(reason))])
    if len(raw) > MAX_BYTES:
        size = max(size, len(raw))
        return LoadedFile(None, empty, [_problem(display_path, 1, 1, "file-too-large", size=size, limit=MAX_BYTES)])
    text, problem = _decode(raw, display_path)
    if problem:
        return LoadedFile(None, empty, [problem])
    return load_text(text, display_path)


def _reason(reason: Reason) -> dict[str, str]:
    return {"reason_zh": reason[0], "reason_en": reason[1]}


def _unreadable(display_path: str, error: OSError) -> Problem:
    """Why the file could not be read, in words an editor can act on."""
    if isinstance(error, PermissionError):
        reason: Reason = ("没有读取权限", "permission denied")
    else:
        text = error.strerror or type(error).__name__
        reason = (text, text)
    return _problem(display_path, 1, 1, "file-unreadable", **_reason(reason))


def load_text(text: str, display_path: str) -> LoadedFile:
    """Parse YAML ``text`` (already decoded) into data and a source map."""
    has_schema_line = text.lstrip("\ufeff").startswith(SCHEMA_LINE_PREFIX)
    if _FORBIDDEN_IN_FILE.search(text):
        return LoadedFile(None, SourceMap(), _forbidden_in_file(text, display_path), has_schema_line)
    syntax: Problem | None = None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        root, syntax = None, _syntax_problem(error, display_path, text)
    except RecursionError:  # only PyYAML's pure-Python composer recurses; libyaml stops at depth 1,000
        return LoadedFile(
            None, SourceMap(), [_problem(display_path, 1, 1, "yaml-too-deep", limit=MAX_DEPTH)], has_schema_line
        )
    except yaml.YAMLError as error:
        return LoadedFile(
            None,
            SourceMap(),
            [_problem(display_path, 1, 1, "yaml-too-complex", detail_zh="无法读取", detail_en=str(error)[:200])],
            has_schema_line,
        )
    slips = yaml_lines.check(text, display_path, syntax)  # full-width punctuation; what a syntax error hides
    if slips:
        return LoadedFile(None, SourceMap(), slips, has_schema_line)
    if root is None:
        return LoadedFile(None, SourceMap(), [_problem(display_path, 1, 1, "empty-file")], has_schema_line)
    builder = _Builder(display_path, text)
    try:
        data = builder.build(root, ())
    except _TooComplex as error:
        return LoadedFile(
            None,
            SourceMap(),
            [_problem(display_path, error.line, error.col, error.code, **error.params)],
            has_schema_line,
        )
    line, col = _position(root.start_mark)
    problems = builder.problems
    if not isinstance(data, dict):
        found_zh, found_en = ("列表", "a list") if isinstance(data, list) else ("一段文字", "a single text")
        problems.append(_problem(display_path, line, col, "not-mapping", found_zh=found_zh, found_en=found_en))
        return LoadedFile(None, SourceMap(text), problems, has_schema_line)
    return LoadedFile(data, SourceMap(text), problems, has_schema_line)


def _decode(raw: bytes, display_path: str) -> tuple[str, Problem | None]:
    """Decode UTF-8 (a BOM is fine); explain other encodings, such as GBK from Notepad."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        guess_zh, guess_en = _guess_encoding(raw)
        return "", _problem(display_path, line, col, "not-utf8", bad_line=line, guess_zh=guess_zh, guess_en=guess_en)


_BIG5 = {"big5", "big5-hkscs", "cp950"}


def _guess_encoding(raw: bytes) -> tuple[str, str]:
    """What a file that is not UTF-8 looks like, for the message: UTF-16, Big5 (traditional Chinese, from
    Taiwan or Hong Kong) or GBK (Notepad on Chinese Windows). Nearly any bytes decode as GB18030, so chardet
    tells Big5 from it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "，看起来是 UTF-16 编码", "; it looks like UTF-16"
    import chardet  # only for files that are not UTF-8

    detected = (chardet.detect(raw).get("encoding") or "").lower()
    candidates = [("gb18030", "GBK（GB18030）", "GBK (GB18030)")]
    if detected in _BIG5:
        candidates.insert(0, (detected.replace("-", ""), "Big5（繁体中文）", "Big5 (traditional Chinese)"))
    for encoding, zh, en in candidates:
        try:
            raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return f"，看起来是 {zh}编码", f"; it looks like {en}"
    return "", ""


def _forbidden_in_file(text: str, display_path: str) -> list[Problem]:
    """A problem at each forbidden character written as it is in the file (the YAML reader refuses them)."""
    problems = []
    for match in _FORBIDDEN_IN_FILE.finditer(text):
        at = match.start()
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        problems.append(_character_problem(display_path, line, col, match.group()))
        if len(problems) == MAX_REPORTED_CHARACTERS:
            break
    return problems


def _character_problem(display_path: str, line: int, col: int, char: str) -> Problem:
    """``control-character`` (or, for a bidi control, the ``invisible-character`` warning) for ``char``."""
    point = ord(char)
    shown = f"U+{point:04X}"
    if _BIDI_CONTROLS.match(char):
        return _problem(display_path, line, col, "invisible-character", char=shown)
    if 0xD800 <= point <= 0xDFFF:
        kind_zh, kind_en = "单独的 UTF-16 代理项（不是一个字符）", "a lone UTF-16 surrogate, not a character"
    elif point in (0xFFFE, 0xFFFF) or 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE:
        kind_zh, kind_en = "Unicode 非字符", "a Unicode noncharacter"
    else:
        kind_zh, kind_en = "不可见的控制字符", "an invisible control character"
    return _problem(display_path, line, col, "control-character", char=shown, kind_zh=kind_zh, kind_en=kind_en)


def _escape_problem(error: yaml.MarkedYAMLError, display_path: str, lines: list[str]) -> Problem | None:
    """A bad ``\\`` escape in double quotes, at its backslash (libyaml calls it an unclosed quote)."""
    problem = error.problem or ""
    if "escape" not in problem and "hexdecimal" not in problem or error.problem_mark is None:
        return None
    mark = error.problem_mark
    line_text = lines[mark.line] if mark.line < len(lines) else ""
    start = line_text.rfind("\\", 0, mark.column + 1)
    if start < 0:
        return None
    escape = line_text[start:][:10].split('"')[0]
    match = re.match(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", escape)
    if match:
        escape = match.group()
        reason_zh, reason_en = (
            "是单独的 UTF-16 代理项，不是一个字符（表情符号等请直接写出，或写成 \\U0001F600 这样的 8 位形式）",
            "is a lone UTF-16 surrogate, not a character (write emoji and the like as they are, or as eight digits "
            "such as \\U0001F600)",
        )
    elif "hexdecimal" in problem:
        reason_zh, reason_en = "的十六进制数字不完整", "has too few hexadecimal digits"
    else:
        escape = escape[:2]
        reason_zh, reason_en = "不是 YAML 认识的转义", "is not an escape YAML knows"
    return _problem(
        display_path, mark.line + 1, start + 1, "bad-escape", escape=escape, reason_zh=reason_zh, reason_en=reason_en
    )


def _syntax_problem(error: yaml.MarkedYAMLError, display_path: str, text: str) -> Problem:
    lines = text.splitlines()
    if "maximum nesting depth" in (error.context or "") + (error.problem or "") and error.problem_mark:
        return _problem(display_path, *_position(error.problem_mark), "yaml-too-deep", limit=MAX_DEPTH)
    escape = _escape_problem(error, display_path, lines)
    if escape:
        return escape
    mark = error.problem_mark or error.context_mark
    past_end = mark is not None and mark.line >= len(lines)
    unclosed = "end of stream" in (error.problem or "") or "flow" in (error.context or "")
    if error.context_mark and (unclosed or past_end):
        mark = error.context_mark  # an unclosed quote or bracket: point at where it opened
    line, col = _position(mark) if mark else (1, 1)
    if line > max(len(lines), 1):
        line, col = max(len(lines), 1), len(lines[-1]) + 1 if lines else 1
    raw = " ".join(filter(None, [error.context, error.problem]))
    detail_zh, detail_en = next(((zh, en) for phrase, zh, en in _SYNTAX_HINTS if phrase in raw), (raw, raw))
    if "\t" in (error.problem or "") or _has_tab_indent(lines, line):
        tab_line = _first_tab_indented_line(lines, line)
        return _problem(display_path, tab_line, 1, "yaml-tab")
    return _problem(display_path, line, col, "yaml-syntax", detail_zh=detail_zh, detail_en=detail_en)


_SYNTAX_HINTS = [
    # (what libyaml says, what it means in Chinese, in English)
    ("quoted scalar", "引号没有成对闭合", "a quote is not closed"),
    (
        "mapping values are not allowed",
        "这里不能出现“字段: 值”（常见原因：缩进不一致，或文字中含有“冒号+空格”却没有给整段文字加引号）",
        'a "key: value" is not allowed here (usually: the indentation is off, or a text contains a colon and a space '
        "and needs quotes around it)",
    ),
    (
        "could not find expected ':'",
        "缺少冒号，或上一行的缩进不对",
        "a colon is missing, or the line above is indented wrongly",
    ),
    (
        "did not find expected key",
        "缩进不一致，或列表项“- ”与字段混在同一层",
        'the indentation is inconsistent, or a "- " list item is mixed with fields',
    ),
    ("did not find expected '-' indicator", "列表项“- ”的缩进不一致", 'the "- " list items are not indented alike'),
    (
        "flow sequence",
        "方括号 [ ] 没有成对闭合，或其中的逗号有误",
        "a [ ] bracket is not closed, or a comma in it is wrong",
    ),
    (
        "flow mapping",
        "花括号 { } 没有成对闭合，或其中的逗号有误",
        "a { } brace is not closed, or a comma in it is wrong",
    ),
    (
        "cannot start any token",
        "出现了不能作为开头的字符（如 @、` 或 %），请给这段文字加引号",
        "a text starts with a character such as @, ` or %: put it in quotes",
    ),
    (
        "expected a single document",
        "文件中只能有一个条目，请删除多余的 --- 分隔线",
        "a file holds one entry: remove the extra --- line",
    ),
    ("found undefined alias", "使用了未定义的别名（*）", "an alias (*) is used but never defined"),
    ("found duplicate anchor", "锚点（&）重复定义", "an anchor (&) is defined twice"),
]


def _has_tab_indent(lines: list[str], line: int) -> bool:
    return _first_tab_indented_line(lines, line) != line or (
        0 < line <= len(lines) and _indent_has_tab(lines[line - 1])
    )


def _first_tab_indented_line(lines: list[str], line: int) -> int:
    """The line the tab is on: the error line itself, or the closest one above it."""
    for number in range(min(line, len(lines)), max(line - 3, 0), -1):
        if _indent_has_tab(lines[number - 1]):
            return number
    return line


def _indent_has_tab(line_text: str) -> bool:
    indent = re.match(r"[ \t]*", line_text)
    return bool(indent and "\t" in indent.group(0))


class _TooComplex(Exception):
    def __init__(self, node: yaml.Node, code: str, **params: object) -> None:
        super().__init__(code)
        self.line, self.col = _position(node.start_mark)
        self.code, self.params = code, params


class _Builder:
    """Turns composed YAML nodes into dicts, lists, strings and ``None`` (with ``record``, only
    recording the position of each value and key, for a :class:`SourceMap`)."""

    def __init__(self, display_path: str, text: str = "", *, record: bool = False) -> None:
        self.display_path = display_path
        self.text = text
        self.record = record
        self.value_marks: dict[Loc, int] = {}
        self.key_marks: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self._nodes = 0
        self._active: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc, depth: int = 0) -> Any:
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _TooComplex(
                node, "yaml-too-complex", detail_zh=f"超过 {MAX_NODES} 个值", detail_en=f"more than {MAX_NODES} values"
            )
        if id(node) in self._active:
            raise _TooComplex(
                node, "yaml-too-complex", detail_zh="别名引用了自身", detail_en="an alias refers to itself"
            )
        if self.record:
            self.value_marks[loc] = _pack(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:
                return None
            if not self.record:
                self._check_characters(node)
            return node.value
        if depth >= MAX_DEPTH:
            raise _TooComplex(node, "yaml-too-deep", limit=MAX_DEPTH)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._build_mapping(node, loc, depth)
            return [self.build(item, loc + (index,), depth + 1) for index, item in enumerate(node.value)]
        finally:
            self._active.discard(id(node))

    def _check_characters(self, node: yaml.ScalarNode) -> None:
        """Report each character no text may hold (and each bidi control) at its place in the file."""
        if not _FLAGGED_IN_VALUE.search(node.value):
            return
        matches = list(_FLAGGED_IN_VALUE.finditer(node.value))[:MAX_REPORTED_CHARACTERS]
        source = self.text[node.start_mark.index : node.end_mark.index]
        used: set[int] = set()
        for match in matches:
            char = match.group()
            line, col = _position(node.start_mark)
            offset = _find_in_source(source, char, used)
            if offset is not None:
                before = source[:offset]
                newlines = before.count("\n")
                line += newlines
                col = col + offset if not newlines else offset - before.rfind("\n")
            self.problems.append(_character_problem(self.display_path, line, col, char))

    def _build_mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                if not self.record:
                    self.problems.append(_problem(self.display_path, *_position(key_node.start_mark), "complex-key"))
                continue
            key = key_node.value
            if key == "<<" and not key_node.style:  # a YAML 1.1 merge key: this loader merges nothing
                if not self.record:
                    self.problems.append(_problem(self.display_path, *_position(key_node.start_mark), "yaml-merge-key"))
                continue
            if not self.record:
                self._check_characters(key_node)
            if key in result:
                if not self.record:
                    line, col = _position(key_node.start_mark)
                    self.problems.append(
                        _problem(self.display_path, line, col, "duplicate-key", key=key, first_line=key_lines[key])
                    )
                continue
            child = loc + (key,)
            if self.record:
                self.key_marks[child] = _pack(key_node.start_mark)
            key_lines[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, child, depth + 1)
        return result


def _find_in_source(source: str, char: str, used: set[int]) -> int | None:
    """Where ``char`` is written in ``source`` (as itself or as an escape), skipping places in ``used``."""
    candidates = [index for index, found in enumerate(source) if found == char]
    candidates += [m.start() for m in _ESCAPE.finditer(source) if _unescape(m.group(1)) == char]
    for offset in sorted(candidates):
        if offset not in used:
            used.add(offset)
            return offset
    return None


def _unescape(escape: str) -> str:
    """The character a YAML double-quoted escape (without its backslash) stands for."""
    if escape[0] in "xuU" and len(escape) > 1:
        point = int(escape[1:], 16)
        return chr(point) if point <= 0x10FFFF else ""
    return _SIMPLE_ESCAPES.get(escape, escape)


def _position(mark: yaml.Mark) -> Position:
    return mark.line + 1, mark.column + 1


_COLUMN_BITS = 20  # a line is at most MAX_BYTES (< 2**20) characters long


def _pack(mark: yaml.Mark) -> int:
    """A mark's line and column as one integer (32 bytes, where a ``Mark`` and its ``__dict__`` took 150)."""
    return mark.line << _COLUMN_BITS | mark.column


def _unpack(packed: int) -> Position:
    return (packed >> _COLUMN_BITS) + 1, (packed & ((1 << _COLUMN_BITS) - 1)) + 1


def _problem(path: str, line: int, col: int, code: str, **params: object) -> Problem:
    return Problem(path, line, col, code, params)
