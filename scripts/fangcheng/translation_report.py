"""How much of the content is translated: per language and kind, with every missing text's place.

``./scripts/report`` prints it as text, Markdown (for a pull-request comment or a CI summary) or
JSON, and ``--require en=100`` turns it into a gate. A "text field" is every ``LocalizedText`` in a
valid entry (names, summaries, addresses, descriptions, captions …); the default language is
required by the model, so only the other languages can fall short.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field

from fangcheng.catalogue import Catalogue
from fangcheng.codes import Level
from fangcheng.config import LANGUAGE_NAMES
from fangcheng.kinds import kind_of
from fangcheng.model import KINDS
from fangcheng.model_errors import dotted
from fangcheng.rules import Record, localized_texts

ALL_KINDS = "all"


@dataclass(frozen=True, order=True)
class MissingText:
    """One text without a translation: the file, the line to add it next to, and the field."""

    path: str
    line: int
    field: str


@dataclass
class Coverage:
    """Translated texts of one language in one kind (or in all kinds)."""

    language: str
    kind: str
    total: int = 0
    translated: int = 0
    missing: list[MissingText] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Percentage translated; 100 when there is nothing to translate."""
        return 100.0 if self.total == 0 else 100.0 * self.translated / self.total

    def share_floor(self, decimals: int) -> float:
        """The share rounded down, so that 99.97 % never shows as 100 %."""
        scale = 10**decimals
        return math.floor(self.share * scale) / scale

    @property
    def share_label(self) -> str:
        """The share as text, rounded down to one decimal."""
        return f"{self.share_floor(1):.1f}%"


@dataclass
class TranslationReport:
    """Coverage of every non-default language, per kind, and the files that could not be counted."""

    default_language: str
    languages: tuple[str, ...]
    by_kind: dict[tuple[str, str], Coverage]
    skipped: list[str]
    include_drafts: bool

    def total(self, language: str) -> Coverage:
        """Coverage of ``language`` over all kinds."""
        overall = Coverage(language, ALL_KINDS)
        for kind in KINDS:
            part = self.by_kind[(language, kind)]
            overall.total += part.total
            overall.translated += part.translated
            overall.missing.extend(part.missing)
        return overall


def build_report(catalogue: Catalogue, *, include_drafts: bool = False) -> TranslationReport:
    """Count every text of every valid (by default: published) entry in every non-default language."""
    config = catalogue.config
    languages = tuple(lang for lang in config.languages if lang != config.default_language)
    by_kind = {(lang, kind): Coverage(lang, kind) for lang in languages for kind in KINDS}
    for kind in KINDS:
        for record in catalogue.published(kind, include_drafts=include_drafts):
            for lang in languages:
                _count(record, lang, by_kind[(lang, kind)])
    for coverage in by_kind.values():
        coverage.missing.sort()
    loaded = {record.display_path for records in catalogue.records.values() for record in records.values()}
    unread = {
        p.path for p in catalogue.problems if p.effective_level is Level.ERROR and p.path.endswith((".yml", ".yaml"))
    } - loaded
    return TranslationReport(config.default_language, languages, by_kind, sorted(unread), include_drafts)


def _count(record: Record, lang: str, coverage: Coverage) -> None:
    assert record.entry is not None
    source_map = record.source_map
    for loc, text in localized_texts(record.entry):
        coverage.total += 1
        if text.get(lang) is not None:
            coverage.translated += 1
            continue
        # The empty translation's own line if the editor left one, else the text to translate.
        line, _ = source_map.locate(loc + (lang,))
        coverage.missing.append(MissingText(record.display_path, line, dotted(loc)))


def parse_requirement(text: str) -> tuple[str, float]:
    """``"en=100"`` → ``("en", 100.0)``; ValueError with a bilingual message otherwise."""
    lang, sep, number = text.partition("=")
    try:
        share = float(number)
    except ValueError:
        share = math.nan
    if not sep or not lang.strip() or not 0 <= share <= 100:
        raise ValueError(f"“{text}”应写成 语言=百分比，例如 en=100 / write LANGUAGE=PERCENT, e.g. en=100")
    return lang.strip(), share


def unmet_requirements(report: TranslationReport, requirements: list[tuple[str, float]]) -> list[str]:
    """One bilingual line per language below its bar; ValueError for a language the site does not have."""
    lines = []
    for lang, required in requirements:
        if lang == report.default_language:
            continue  # required by the model: always complete
        if lang not in report.languages:
            known = ", ".join((report.default_language, *report.languages))
            raise ValueError(
                f'网站没有语言“{lang}”（有：{known}）/ the site has no language "{lang}" (it has: {known})'
            )
        coverage = report.total(lang)
        if coverage.share < required:
            zh, en = _language_names(lang)
            lines.append(
                f"{zh}翻译只有 {coverage.share_label}，要求至少 {required:g}% / "
                f"{en} is {coverage.share_label} translated, {required:g}% required"
            )
    return lines


def _language_names(lang: str) -> tuple[str, str]:
    """("英文（en）", "English (en)"); a language without a known name is called by its code."""
    if lang not in LANGUAGE_NAMES:
        return f" {lang} ", lang
    zh, en = LANGUAGE_NAMES[lang]
    return f"{zh}（{lang}）", f"{en} ({lang})"


def _language_label(lang: str) -> str:
    zh, en = LANGUAGE_NAMES.get(lang, (None, None))
    return f"{zh} {en} ({lang})" if zh else lang


def _display_width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _kind_label(kind: str) -> str:
    if kind == ALL_KINDS:
        return "合计 all"
    zh, _ = kind_of(kind).names
    return f"{zh} {kind}"


def format_text(report: TranslationReport) -> str:
    """A table per language, then every missing text as ``path:line: field``."""
    out = [_heading(report)]
    for lang in report.languages:
        out.append(f"\n{_language_label(lang)}")
        for coverage in (*(report.by_kind[(lang, kind)] for kind in KINDS), report.total(lang)):
            label = _kind_label(coverage.kind)
            padding = " " * max(1, 20 - _display_width(label))
            out.append(f"  {label}{padding}{coverage.share_label:>7}  {coverage.translated}/{coverage.total}")
    for lang in report.languages:
        missing = report.total(lang).missing
        if missing:
            zh, en = _language_names(lang)
            out.append(f"\n缺少{zh}翻译 / Missing {en}: {len(missing)}")
            out.extend(f"  {m.path}:{m.line}: {m.field}" for m in missing)
    out.extend(_skipped_lines(report))
    return "\n".join(out)


def format_markdown(report: TranslationReport) -> str:
    """The same as a Markdown table and lists (for a CI job summary or a pull-request comment)."""
    out = [
        f"## {_heading(report)}",
        "",
        "| 语言 Language | 类型 Kind | 已翻译 Translated | 比例 Share |",
        "|---|---|---:|---:|",
    ]
    for lang in report.languages:
        for coverage in (*(report.by_kind[(lang, kind)] for kind in KINDS), report.total(lang)):
            label = _kind_label(coverage.kind)
            if coverage.kind == ALL_KINDS:
                label = f"**{label}**"
            out.append(
                f"| {_language_label(lang)} | {label} | {coverage.translated}/{coverage.total} | "
                f"{coverage.share_label} |"
            )
    for lang in report.languages:
        missing = report.total(lang).missing
        if missing:
            zh, en = _language_names(lang)
            out += ["", f"### 缺少{zh}翻译 / Missing {en}: {len(missing)}", ""]
            out.extend(f"- {code_span(f'{m.path}:{m.line}')} {m.field}" for m in missing)
    if report.skipped:
        out += ["", _skipped_heading(report), "", *(f"- {code_span(path)}" for path in report.skipped)]
    return "\n".join(out) + "\n"


def code_span(text: str) -> str:
    """``text`` (a file name: anything but ``/`` and NUL) as one Markdown code span on one line: characters
    that do not print (a line break would end the list item) as ``\\uXXXX``, and a fence longer than any run
    of backticks in it."""
    shown = "".join(char if char.isprintable() or char == " " else f"\\u{ord(char):04x}" for char in text)
    fence = "`" * (max((len(run) for run in re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def format_json(report: TranslationReport) -> str:
    """Machine-readable: shares, counts and missing texts per language and kind."""

    def coverage_json(coverage: Coverage) -> dict[str, object]:
        return {
            "share": coverage.share_floor(2),
            "translated": coverage.translated,
            "total": coverage.total,
            "missing": [{"path": m.path, "line": m.line, "field": m.field} for m in coverage.missing],
        }

    data = {
        "default_language": report.default_language,
        "drafts_included": report.include_drafts,
        "languages": {
            lang: {
                **{k: v for k, v in coverage_json(report.total(lang)).items() if k != "missing"},
                "kinds": {kind: coverage_json(report.by_kind[(lang, kind)]) for kind in KINDS},
            }
            for lang in report.languages
        },
        "not_counted": report.skipped,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _heading(report: TranslationReport) -> str:
    scope = (
        "已发布和草稿条目 / published and draft entries" if report.include_drafts else "已发布条目 / published entries"
    )
    return f"翻译覆盖率 / Translation coverage（{scope}）"


def _skipped_heading(report: TranslationReport) -> str:
    return (
        "无法读取、未计入的文件 / Files that could not be read, not counted "
        f"({len(report.skipped)}) — 请运行 / run ./scripts/validate:"
    )


def _skipped_lines(report: TranslationReport) -> list[str]:
    if not report.skipped:
        return []
    return ["", _skipped_heading(report), *(f"  {path}" for path in report.skipped)]
