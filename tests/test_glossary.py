"""English that reads as one text: one spelling (British) and the glossary's names and terms
(overrides/locales/glossary.yml) in the UI strings, the hand-written pages, the editors' guide and the
sample content; the guide's glossary table is generated from the same file (tests/test_guide.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from breame.spelling import american_spelling_exists, get_british_spelling
from conftest import ROOT

from fangcheng import guide
from fangcheng.glossary import Glossary, load_glossary
from fangcheng.ui_strings import load_ui_strings

LOCALES = ROOT / "overrides" / "locales"
GLOSSARY = load_glossary(LOCALES)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _english_of(value: Any) -> Iterator[str]:
    """Every ``en:`` text of an entry's data."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "en" and isinstance(item, str):
                yield item
            else:
                yield from _english_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from _english_of(item)


def _guide_text() -> str:
    """The guide without its code (field names, YAML examples) and its generated glossary table (which lists
    the forms not to write)."""
    text = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    start, end = guide.start_marker("glossary"), guide.end_marker("glossary")
    text = text[: text.index(start)] + text[text.index(end) :]
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    return re.sub(r"`[^`\n]*`", " ", text)


def english_texts() -> dict[str, str]:
    """The site's English: UI strings, hand-written pages, the guide, each content file's English."""
    texts = {"overrides/locales/en.yml": "\n".join(_strings(yaml.safe_load((LOCALES / "en.yml").read_text("utf-8"))))}
    for page in sorted((ROOT / "docs").glob("*.en.md")):
        texts[page.relative_to(ROOT).as_posix()] = page.read_text(encoding="utf-8")
    texts["content/README.md"] = _guide_text()
    for path in sorted((ROOT / "content").glob("*/*.yml")):
        texts[path.relative_to(ROOT).as_posix()] = "\n".join(_english_of(yaml.safe_load(path.read_text("utf-8"))))
    return texts


def american_spellings(text: str, glossary: Glossary) -> list[tuple[str, str]]:
    """Each (word, its British spelling) of ``text`` that is an American spelling the glossary does not allow."""
    words = {word for word in re.findall(r"[A-Za-z]+", text) if word.lower() not in glossary.allowed_spellings}
    return sorted(
        (word, get_british_spelling(word.lower())) for word in words if american_spelling_exists(word.lower())
    )


@pytest.mark.parametrize("source", sorted(english_texts()))
def test_the_english_keeps_to_the_glossary_and_to_british_spelling(source: str) -> None:
    text = english_texts()[source]
    assert GLOSSARY.avoided(text) == [], f"{source}: write the glossary's form instead"
    assert american_spellings(text, GLOSSARY) == [], f"{source}: American spellings (British in the glossary)"


def test_the_checks_find_what_they_look_for() -> None:
    """The issue's card: "Time-honoured shops" beside "China Time-honored Brand"."""
    assert GLOSSARY.avoided("China Time-honored Brand") == [
        ("time-honored", "time-honoured shop"),
        ("China Time-honored Brand", "China Time-honoured Brand"),
    ]
    assert GLOSSARY.avoided("a time-honoured shop on Zhongjie") == []
    assert american_spellings("Gold jewelry, honored in 2006, a color draft", GLOSSARY) == [
        ("color", "colour"),
        ("honored", "honoured"),
        ("jewelry", "jewellery"),
    ]


def _by_key(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _by_key(item, f"{prefix}{key}.")
    elif isinstance(value, str):
        yield prefix.rstrip("."), value


def test_ui_strings_name_each_glossary_term_as_the_glossary_does() -> None:
    """Where a Chinese UI string is a glossary term, its English says the glossary's English."""
    zh = dict(_by_key(yaml.safe_load((LOCALES / "zh.yml").read_text("utf-8"))))
    en = dict(_by_key(yaml.safe_load((LOCALES / "en.yml").read_text("utf-8"))))
    terms = {term.zh: term for term in GLOSSARY.terms}
    checked = []
    for key, text in zh.items():
        term = terms.get(text)
        if term is not None:
            assert term.en.lower() in en[key].lower(), (key, en[key], term.en)
            checked.append(key)
    assert {"kind.shops", "mode.large_text", "category.jewellery", "footer.open_data"} <= set(checked)


def test_the_glossary_is_read_strictly(tmp_path: Path) -> None:
    (tmp_path / "glossary.yml").write_text("terms:\n  - {zh: 中街, en: Zhongjie, how: guessed}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown `how`"):
        load_glossary(tmp_path)
    assert load_glossary(tmp_path / "elsewhere") == Glossary((), frozenset())
    assert [(t.en, t.how) for t in GLOSSARY.terms if t.zh == "中街"] == [("Zhongjie", "pinyin")]


def test_one_of_a_thing_is_singular(tmp_path: Path) -> None:
    """ "1 entries" on the streets page, "1 plaques" on the staff's page: a language's ``<key>_one`` for count 1."""
    en = load_ui_strings(LOCALES, "en", "zh")
    assert (en("format.count", count=1), en("format.count", count=2)) == ("1 entry", "2 entries")
    assert en("plaque.count", count=1) == "1 plaque, on one A5 sheet"
    assert load_ui_strings(LOCALES, "zh", "zh")("format.count", count=1) == "共 1 条"  # not English's _one
    (tmp_path / "en.yml").write_text("n: '{count} things'\nn_one: one thing\n", encoding="utf-8")
    (tmp_path / "ja.yml").write_text("n: '{count} 件'\n", encoding="utf-8")
    assert load_ui_strings(tmp_path, "ja", "zh")("n", count=1) == "1 件"
