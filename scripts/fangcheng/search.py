"""Search keywords added to each entry page for the Pagefind index.

Tourists type pinyin ("laobian", "ma jia shao mai", "Zhongjie") and, on the English site, Chinese
names ("老边"). Pagefind indexes what a page says, so each entry page carries, at the end of its indexed
text after the anchor ``#fc-keywords`` and in attributes that are indexed but never shown (the search page
cuts excerpts at that anchor), the pinyin of its Chinese name in every useful spelling (syllables, and every run
of two or more syllables written together), the two-character pieces of the Chinese name, and its name in every
other language (on an English page the Chinese name, on a Chinese page the English one). Pinyin comes from
pypinyin; an entry's ``pinyin`` field overrides it where a character has several readings.

Places an entry names (a street's landmarks) are search words too, in every language, with the pieces and
pinyin of their Chinese names: 故宫 on the English site and "Mukden Palace" on the Chinese site find the street
whose page names the Mukden Palace (沈阳故宫). They weigh less than the entry's own name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fangcheng.model import Entry, LocalizedText

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SYLLABLE = re.compile(r"[a-zü]+")


def pinyin_syllables(text: str) -> list[str]:
    """The toneless pinyin syllables of the Chinese characters in ``text``, in order (ü written as u,
    as on keyboards without it: 绿 → lu).

    pypinyin is imported here, not with this module: its phrase dictionary takes some 56 MiB, and only the
    processes that render entry pages need it (:func:`load_pinyin`).
    """
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin("".join(_CJK.findall(text)), style=Style.NORMAL, errors="ignore", v_to_u=True)
    return [s.replace("ü", "u") for s in syllables if s]


def load_pinyin() -> None:
    """Load pypinyin's dictionaries now, before the render worker forks: both processes then share one copy,
    loaded once."""
    pinyin_syllables("中")


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
    """Extra words to index with ``entry`` on its page in ``lang``: (whole name, parts of the name and the
    places it names).

    The whole name (all syllables written together, and the name in the page's other languages) is weighted
    like the title, its parts less, so that 中街 ranks above 中街冰点 for "zhongjie"; the names of the places
    the entry names (its landmarks) go with the parts.
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
    whole += [name for code, name in entry.name.root.items() if code not in (lang, default_language) and name]
    parts += pieces[1:]  # its two-character pieces, in case the segmenter cut the name elsewhere (萃华金店 → 金店)
    for place in getattr(entry, "landmarks", None) or ():
        parts += place_words(place.name, default_language)
    return _unique(whole), _unique(word for word in parts if word not in whole)


def place_words(name: LocalizedText, default_language: str) -> list[str]:
    """A place's name as search words: every language's name, and its Chinese name's two-character pieces and
    runs of pinyin syllables (沈阳故宫 → 沈阳故宫, Mukden Palace, 沈阳, 阳故, 故宫, shenyang … gugong). Single
    characters and syllables are left out: "zhan" should not find every street near a station."""
    words = [value for value in name.root.values() if value]
    native = name.get(default_language) or ""
    syllables = pinyin_syllables(native)
    pairs = [piece for piece in cjk_pieces(native) if len(piece) == 2]
    return words + pairs + spellings(syllables)[len(syllables) :]


def _unique(words: Iterable[str]) -> str:
    return " ".join(dict.fromkeys(words))
