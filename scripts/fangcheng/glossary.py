"""The glossary (``overrides/locales/glossary.yml``): how the site writes its recurring names and terms in
English, and which spelling it keeps (British). The editors' guide shows it as a generated table
(:func:`glossary_section`); the tests check the UI strings, the hand-written pages, the guide and the sample
content against it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FILE_NAME = "glossary.yml"
HOW_LABELS = {
    "official": "官方英文名 official name",
    "in use": "通行译名 name in use",
    "pinyin": "拼音 pinyin",
    "ours": "本站用语 the site's term",
}


@dataclass(frozen=True)
class Term:
    """One name or term: Chinese, the English the site writes, how that English was chosen, a note in each
    language, and forms not to write."""

    zh: str
    en: str
    how: str
    note: dict[str, str] = field(default_factory=dict)
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    """The terms, and the words a spelling check may let through (British English writes them so too)."""

    terms: tuple[Term, ...]
    allowed_spellings: frozenset[str]

    def avoided(self, text: str) -> list[tuple[str, str]]:
        """Each (form found, the term's English) of a form ``text`` must not use (whole words, any case)."""
        found = []
        for term in self.terms:
            for form in term.avoid:
                if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text, re.IGNORECASE):
                    found.append((form, term.en))
        return found


def load_glossary(locales_dir: Path) -> Glossary:
    """The glossary file in ``locales_dir`` (none there: an empty glossary)."""
    path = locales_dir / FILE_NAME
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}
    terms = tuple(
        Term(
            zh=item["zh"],
            en=item["en"],
            how=item["how"],
            note=dict(item.get("note") or {}),
            avoid=tuple(item.get("avoid") or ()),
        )
        for item in data.get("terms") or ()
    )
    unknown = sorted({term.how for term in terms} - set(HOW_LABELS))
    if unknown:
        raise ValueError(f"{FILE_NAME}: unknown `how` {unknown}; use one of {sorted(HOW_LABELS)}")
    allowed = frozenset(word.lower() for word in (data.get("spelling") or {}).get("allow") or ())
    return Glossary(terms, allowed)


def glossary_section(glossary: Glossary) -> str:
    """The guide's table of terms: Chinese, English, how it was chosen, notes."""
    rows = ["| 中文 | English | 来源 How | 说明 Note |", "|---|---|---|---|"]
    for term in glossary.terms:
        note = " ".join(text for text in (term.note.get("zh"), term.note.get("en")) if text)
        not_this = f" 不写 not: {', '.join(term.avoid)}." if term.avoid else ""
        rows.append(f"| {term.zh} | {term.en} | {HOW_LABELS[term.how]} | {_cell(note + not_this)} |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.strip().replace("|", "\\|").replace("\n", " ")
