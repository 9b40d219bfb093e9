"""Every problem code, made by the real checker from a bad file, reads whole in each language.

One content folder holds a mistake for each code; the messages it gives are checked as an editor
reads them: no value quoted twice (``““bakery””``), no Chinese message that slips into English
("crafts or other"), no English message carrying Chinese prose, and allowed values shown as they are
written with their meaning in the message's language.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from conftest import ContentFolder, png_header

from fangcheng.codes import CODES
from fangcheng.hours import holiday_data_until
from fangcheng.load import MAX_BYTES, MAX_DEPTH, load_file
from fangcheng.problems import Problem

SHOP = "name: {zh: 老边, en: Laobian}\n"
SHOPS = {
    # code: the file's text (under content/shops/, with the schema line)
    "yaml-syntax": SHOP + "street: zhongjie: north\n",
    "yaml-tab": "name:\n\tzh: 老边\n",
    "full-width-punctuation": "name:\n  zh: 老边\nfounded：1920\nopens: “09:30”\n",
    "unclosed-quote": SHOP + 'phone: "024-2484 0000\nfounded: 1829\n',
    "unclosed-bracket": SHOP + "tags: [food, tea\nfounded: 1829\n",
    "uneven-indentation": "name:\n  zh: 老边\n   en: Laobian\n",
    "yaml-too-complex": "a: &a [*a]\n",
    "yaml-too-deep": "a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n",
    "bad-escape": SHOP + 'summary: {zh: "坏\\q"}\n',
    "control-character": SHOP + "summary: {zh: 甲\x07乙}\n",
    "invisible-character": SHOP + "summary: {zh: 甲\u202e乙}\n",
    "duplicate-key": SHOP + "founded: 1829\nfounded: 1830\n",
    "not-mapping": "- name: 老边\n",
    "complex-key": SHOP + "? [a, b]\n: c\n",
    "unknown-field": SHOP + "foundd: 1829\n",
    "missing-field": "founded: 1829\n",
    "wrong-type": SHOP + "founded: 一八二九\n",
    "invalid-choice": SHOP + "category: bakery\n",
    "text-too-long": "name: {zh: " + "长" * 201 + "}\n",
    "markdown-too-deep": SHOP + 'description: {zh: "' + "> " * 25 + '最深"}\n',
    "year-out-of-range": SHOP + "founded: 18290\n",
    "coordinates-out-of-range": SHOP + "location: {lat: 123.4, lon: 41.8}\n",
    "coordinates-outside-region": SHOP + "location: {lat: 31.23, lon: 121.47, datum: gcj02}\n",
    "bad-datum": SHOP + "location: {lat: 41.8, lon: 123.4, datum: 高德}\n",
    "bad-time": SHOP + "hours:\n  - days: [mon]\n    opens: 9.30\n    closes: '21:00'\n",
    "unsafe-url": SHOP + "website: javascript:alert(1)\n",
    "bad-slug": SHOP + "street: Zhong Jie\n",
    "bad-phone": SHOP + "phone: 电话024\n",
    "hours-empty": SHOP + "hours:\n  - {days: [mon], opens: '09:00', closes: '09:00'}\n",
    "hours-opens-at-24": SHOP + "hours:\n  - {days: [mon], opens: '24:00', closes: '09:00'}\n",
    "hours-no-days": SHOP + "hours:\n  - {days: [], opens: '09:00', closes: '18:00'}\n",
    "hours-day-twice": SHOP + "hours:\n  - {days: [mon, mon], opens: '09:00', closes: '18:00'}\n",
    "hours-overlap": SHOP + "hours:\n  - {days: [mon], opens: '09:00', closes: '18:00'}\n"
    "  - {days: [mon], opens: '17:00', closes: '20:00'}\n",
    "hours-date-twice": SHOP + "closed: [2026-02-16, 2026-02-16]\n",
    "hours-closed-and-special": SHOP + "closed: [2026-02-16]\n"
    "special_hours:\n  - {dates: [2026-02-16], opens: '10:00', closes: '16:00'}\n",
    "hours-no-dates": SHOP + "special_hours:\n  - {dates: [], opens: '10:00', closes: '16:00'}\n",
    "hours-holiday-hours-missing": SHOP + "hours:\n  - {days: [mon], opens: '09:00', closes: '18:00'}\n"
    "holidays: hours\n",
    "hours-holiday-hours-unused": SHOP + "holidays: closed\nholiday_hours:\n  - {opens: '10:00', closes: '18:00'}\n",
    "hours-holiday-data-missing": SHOP + "hours:\n  - {days: [mon], opens: '09:00', closes: '18:00'}\n"
    "holidays: closed\n",
    "unsupported-language": "name: {zh: 老边, cn: 老边}\n",
    "missing-default-language": "name: {en: Laobian}\n",
    "localized-text-expected": "name: 老边\n",
    "missing-translation": "name: {zh: 老边}\n",
    "image-missing": SHOP + "images:\n  - {file: media/nope.jpg, alt: {zh: 门面}, credit: {zh: 摄影}}\n",
    "image-outside-content": SHOP + "images:\n  - {file: ../secret.jpg, alt: {zh: 门面}, credit: {zh: 摄影}}\n",
    "image-format": SHOP + "images:\n  - {file: media/a.gif, alt: {zh: 门面}, credit: {zh: 摄影}}\n",
    "image-too-large": SHOP + "images:\n  - {file: media/large.png, alt: {zh: 门面}, credit: {zh: 摄影}}\n",
    "image-too-small": SHOP + "images:\n  - {file: media/small.jpg, alt: {zh: 门面}, credit: {zh: 摄影}}\n",
    "image-unreadable": SHOP + "images:\n  - {file: media/broken.jpg, alt: {zh: 门面}, credit: {zh: 摄影}}\n",
    "missing-credit": SHOP + "images:\n  - {file: media/ok.jpg, alt: {zh: 门面}}\n",
    "missing-alt": SHOP + "images:\n  - {file: media/ok.jpg, credit: {zh: 摄影}}\n",
    "unknown-reference": SHOP + "street: nowhere\n",
    "reference-to-draft": SHOP + "street: draft-street\n",
    # issue 19
    "yaml-merge-key": "base: &b\n  zh: 老边\nname:\n  <<: *b\n  en: Laobian\n",
    "list-too-long": SHOP + "tags: [" + ", ".join(f"t{i}" for i in range(21)) + "]\n",
    "open-data-cell-too-long": SHOP
    + "sources:\n"
    + "".join(f"  - https://example.org/{i}/{'a' * 1_900}\n" for i in range(20)),
    "invisible-text": 'name: {zh: "\u3164", en: Laobian}\n',
    "invisible-link-text": SHOP + 'description: {zh: "见 [\u200b](https://example.org/)"}\n',
    "image-too-many-pixels": SHOP + "images:\n  - {file: media/huge.png, alt: {zh: 门面}, credit: {zh: 摄影}}\n",
    "hours-overlap-overnight": SHOP + "hours:\n  - {days: [sun], opens: '20:00', closes: '10:00'}\n"
    "  - {days: [mon], opens: '08:00', closes: '09:30'}\n",
    "hours-special-overlap": SHOP + "special_hours:\n  - {dates: [2026-02-18], opens: '10:00', closes: '16:00'}\n"
    "  - {dates: [2026-02-18], opens: '15:00', closes: '20:00'}\n",
}


def write_image(path: Path, width: int = 640, fmt: str = "JPEG") -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, width * 2 // 3), (140, 28, 19)).save(path, fmt)


@pytest.fixture(scope="module")
def every_problem(tmp_path_factory: pytest.TempPathFactory) -> list[Problem]:
    """The problems of a content folder with one mistake for each code (and the loader's own for files)."""
    monkeypatch = pytest.MonkeyPatch()
    from fangcheng import rules

    monkeypatch.setattr(rules, "MAX_IMAGE_BYTES", 100)
    # a day in the holiday data's last month: the six weeks ahead reach past it
    until = holiday_data_until()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(until.year, 12, 1).timestamp())))
    site = ContentFolder(tmp_path_factory.mktemp("every-problem"))
    for code, text in SHOPS.items():
        site.write(f"shops/{code}.yml", text)
    site.write("streets/path-too-short.yml", SHOP + "path:\n  - {lat: 41.8, lon: 123.45}\n")
    site.write("streets/invalid-value.yml", SHOP + "length_m: -5\n")
    site.write("streets/draft-street.yml", "name: {zh: 草稿街, en: Draft Street}\nstatus: draft\n")
    site.write("shops/no-schema-line.yml", SHOP, schema=False)
    site.write("shops/empty.yml", "", schema=False)
    site.write("shops/gbk.yml", "name:\n  zh: 老边饺子馆\n".encode("gbk"))
    site.write("shops/Bad_Name.yml", SHOP)
    site.write("shops/twin.yml", SHOP)
    site.write("shops/twin.yaml", SHOP)
    site.write("shops/notes.txt", "notes")
    site.write("drafts/a.yml", SHOP)
    (site.content / "shops" / "folder.yml").mkdir()
    for name in ("ok.jpg", "large.png"):
        write_image(site.content / "media" / name, fmt="PNG" if name.endswith("png") else "JPEG")
    write_image(site.content / "media" / "small.jpg", width=200)
    site.write("media/a.gif", b"GIF89a")
    site.write("media/broken.jpg", b"\xff\xd8\xff not a jpeg")
    site.write("media/huge.png", png_header(13_000, 13_000))
    site.write("shops/" + "laobian-" * 13 + "dumplings.yml", SHOP)  # id-too-long
    problems = list(site.validate().problems)
    big = site.root / "big.yml"
    big.write_text("a: " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    problems += load_file(big, "content/shops/big.yml").problems
    monkeypatch.undo()
    return problems


def test_every_code_is_made_by_a_real_mistake(every_problem: list[Problem]) -> None:
    assert sorted(CODES) == sorted({problem.code for problem in every_problem})


DOUBLED = re.compile("[\"“”＂]{2}|['‘’]{2}|[「」『』]{2}")


def test_no_message_quotes_anything_twice(every_problem: list[Problem]) -> None:
    for problem in every_problem:
        for lang in ("zh", "en"):
            message = problem.message(lang)
            assert not DOUBLED.search(message), (problem.code, lang, message)


# Quoted values, examples in braces, paths and code: what an editor writes, in any language.
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"|'[^'\n]*'|\{[^}]*\}|\S*[/.]\S*|`[^`]*`")
_ENGLISH_WORDS = re.compile(r"\b(or|and|the|of|is|not|to|with|for|from|one|Did|you|mean|should|be|choose)\b", re.I)
_IDEOGRAPHS = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def test_a_chinese_message_stays_chinese(every_problem: list[Problem]) -> None:
    """Only what the editor writes (values, examples, field names) may be in English."""
    for problem in every_problem:
        message = problem.message("zh")
        prose = _QUOTED.sub(" ", message)
        assert not _ENGLISH_WORDS.search(prose), (problem.code, message)


def test_an_english_message_stays_english(every_problem: list[Problem]) -> None:
    for problem in every_problem:
        message = problem.message("en")
        assert not _IDEOGRAPHS.search(_QUOTED.sub(" ", message)), (problem.code, message)


def test_allowed_values_as_written_with_their_meaning_in_the_messages_language(every_problem: list[Problem]) -> None:
    [choice] = [p for p in every_problem if p.code == "invalid-choice"]
    assert choice.message("zh") == (
        "“category”的值“bakery”无效。可选值：restaurant（餐馆）、snacks（小吃冷饮）、tea（茶庄）、"
        "jewellery（金银首饰）、pharmacy（药店）、department-store（百货）、crafts（手工艺）、other（其他）。"
    )
    assert choice.message("en") == (
        '"bakery" is not a valid value for "category". Choose one of: restaurant, snacks (snacks and desserts), '
        "tea, jewellery, pharmacy, department-store, crafts, other."
    )


def test_a_value_found_is_shown_once_quoted_in_each_language(every_problem: list[Problem]) -> None:
    [wrong] = [p for p in every_problem if p.code == "wrong-type"]
    assert "现在是“一八二九”" in wrong.message("zh")
    assert 'not "一八二九"' in wrong.message("en")
