"""Search keywords added to each entry page for the Pagefind index.

Tourists type pinyin ("laobian", "ma jia shao mai", "Zhongjie") and, on the English site, Chinese
names ("老边"). Pagefind indexes what a page says, so each entry page carries, at the end of its indexed
text after the anchor ``#fc-keywords`` and in attributes that are indexed but never shown (the search page
cuts excerpts at that anchor), the pinyin of its Chinese name in every useful spelling (syllables, and every run
of two or more syllables written together), the two-character pieces of the Chinese name and, on pages in
other languages, the Chinese name itself. Pinyin comes from pypinyin; an entry's ``pinyin`` field overrides it where a
character has several readings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fangcheng.model import Entry

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SYLLABLE = re.compile(r"[a-zü]+")


def pinyin_syllables(text: str) -> list[str]:
    """The toneless pinyin syllables of the Chinese characters in ``text``, in order (ü written as u,
    as on keyboards without it: 绿 → lu).

    pypinyin is imported here, not with this module: its phrase dictionary takes some 56 MiB, and only the
    process that renders entry pages (the render worker, on a large site) needs it.
    """
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin("".join(_CJK.findall(text)), style=Style.NORMAL, errors="ignore", v_to_u=True)
    return [s.replace("ü", "u") for s in syllables if s]


def spellings(syllables: list[str]) -> list[str]:
    """The syllables, and every run of two or more of them written together (laobian, jiaozi …)."""
    forms = list(syllables)
    for start in range(len(syllables)):
        for end in range(start + 2, len(syllables) + 1):
            forms.append("".join(syllables[start:end]))
    return forms


def cjk_pieces(text: str) -> list[str]:
    """Each run of Chinese characters in ``text``, its two-character pieces and its characters.

    老边饺子馆 → 老边饺子馆, 老边, 边饺, 饺子, 子馆, 老, 边, 饺, 子, 馆. The indexer and the query
    segment Chinese differently (萃华金店 is indexed with the word 金店, while the query 金店 is split
    into 金 and 店), so the name's single characters must be words of their own too.
    """
    pieces: list[str] = []
    for run in _CJK.findall(text):
        pieces.append(run)
        pieces.extend(run[i : i + 2] for i in range(len(run) - 1))
        pieces.extend(run)
    return pieces


def search_keywords(entry: Entry, lang: str, default_language: str) -> tuple[str, str]:
    """Extra words to index with ``entry`` on its page in ``lang``: (whole name, parts of the name).

    The whole name (all syllables written together, and on pages in other languages the Chinese name)
    is weighted like the title, its parts less, so that 中街 ranks above 中街冰点 for "zhongjie".
    """
    native = entry.name.get(default_language) or ""
    if entry.pinyin:
        syllables = [s for s in re.split(r"[\s'’-]+", entry.pinyin.lower()) if _SYLLABLE.fullmatch(s)]
    else:
        syllables = pinyin_syllables(native)
    whole = ["".join(syllables)] if syllables else []
    parts = spellings(syllables)
    pieces = cjk_pieces(native)
    if lang != default_language:
        whole += pieces[:1]  # the Chinese name itself, on pages in other languages
    parts += pieces[1:]  # its two-character pieces, in case the segmenter cut the name elsewhere (萃华金店 → 金店)
    return _unique(whole), _unique(word for word in parts if word not in whole)


def _unique(words: Iterable[str]) -> str:
    return " ".join(dict.fromkeys(words))
