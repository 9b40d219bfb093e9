"""Problems found in content, and their text, JSON and GitHub Actions formats."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fangcheng.codes import CODES, Level

LANGUAGE_VARIABLE = "FANGCHENG_LANG"


def chosen_language(environ: Mapping[str, str]) -> str | None:
    """The message language an editor chose with ``FANGCHENG_LANG`` (zh or en), or None."""
    chosen = environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    return chosen if chosen in ("zh", "en") else None


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    """The editor's language for messages: ``FANGCHENG_LANG`` (zh or en) if set, else "zh" for a Chinese
    locale (``zh_CN.UTF-8`` …), else "en"."""
    environ = os.environ if environ is None else environ
    chosen = chosen_language(environ)
    if chosen:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place in one file (line and column are 1-based)."""

    path: str
    line: int
    col: int
    code: str
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    level: Level | None = field(default=None, compare=False)

    @property
    def effective_level(self) -> Level:
        """The problem's level: its own if given, else its code's default."""
        return self.level or CODES[self.code].level

    def message(self, lang: str) -> str:
        """The message in ``lang`` ("zh" or "en")."""
        return CODES[self.code].message(lang, self.params)

    def with_level(self, level: Level) -> Problem:
        """A copy of this problem at another level."""
        return Problem(self.path, self.line, self.col, self.code, self.params, level)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by file, line, column and code."""
    return sorted(problems)


def count_levels(problems: Iterable[Problem]) -> tuple[int, int]:
    """The number of errors and of warnings."""
    errors = warnings = 0
    for problem in problems:
        if problem.effective_level is Level.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def format_text(problem: Problem, lang: str) -> str:
    """``path:line:col: level CODE: message``, the message on one line."""
    message = " ".join(problem.message(lang).split())
    return f"{problem.path}:{problem.line}:{problem.col}: {problem.effective_level.value} {problem.code}: {message}"


def format_github(problem: Problem, lang: str) -> str:
    """A GitHub Actions workflow command, which annotates the line in a pull request: the message in ``lang``,
    then in the other language on a line of its own (editors read the annotation on the Git host's pages)."""
    props = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", problem.path),
            ("line", problem.line),
            ("col", problem.col),
            ("title", problem.code),
        )
    )
    command = "error" if problem.effective_level is Level.ERROR else "warning"
    other = "zh" if lang == "en" else "en"
    return f"::{command} {props}::{_escape_data(problem.message(lang) + chr(10) + problem.message(other))}"


def format_json(problems: list[Problem], lang: str) -> str:
    """All problems as one JSON document, with counts."""
    errors, warnings = count_levels(problems)
    document = {
        "errors": errors,
        "warnings": warnings,
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.col,
                "level": p.effective_level.value,
                "code": p.code,
                "message": p.message(lang),
            }
            for p in problems
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def format_summary(problems: list[Problem], lang: str) -> str:
    """A one-line count of errors and warnings."""
    errors, warnings = count_levels(problems)
    if lang == "en":
        return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    return f"{errors} 个错误，{warnings} 个警告"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
