"""Invisible names (issue 19, point 7): every text shown as a name or a link needs a character one can see.
A name made only of U+200B or U+3164 was accepted, and the heading, ``<title>`` and the card's link were blank."""

from __future__ import annotations

import pytest
from conftest import ContentFolder


@pytest.mark.parametrize(
    "invisible",
    [
        "\\u200b",  # zero width space
        "\\u3164",  # Hangul filler: a letter that shows nothing
        "\\u3164\\u3164\\u3164",
        "\\u115f\\u1160",
        "\\uffa0",
        "\\u2800",  # braille blank
        "\\u200b\\u3000\\u200b",  # the ideographic space inside (strip only takes it from the ends)
        "\\ufe0f\\u034f",  # a variation selector and a combining grapheme joiner
        "\\u00ad\\u2060",  # soft hyphen, word joiner
    ],
)
def test_a_name_made_of_invisible_characters_is_refused_at_its_language(site: ContentFolder, invisible: str) -> None:
    site.write("shops/laobian.yml", f'name:\n  zh: "{invisible}"\n  en: Laobian\n')
    catalogue = site.validate()
    assert [(p.path, p.line, p.col, p.code) for p in catalogue.problems] == [
        ("content/shops/laobian.yml", 3, 7, "invisible-text")
    ]
    assert "has no visible character" in catalogue.problems[0].message("en")
    assert "没有看得见的字符" in catalogue.problems[0].message("zh")
    assert "U+" in catalogue.problems[0].message("en")


def test_an_invisible_english_name_is_refused_too(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", 'name: {zh: 老边饺子馆, en: "\\u3164"}\n')
    assert site.problems() == [("content/shops/laobian.yml", 2, 23, "invisible-text")]


def test_landmark_names_and_recognition_titles_need_a_visible_character(site: ContentFolder) -> None:
    site.write(
        "streets/zhongjie.yml",
        'name: {zh: 中街, en: Zhongjie}\nlandmarks:\n  - name: {zh: "\\u200b", en: Palace}\n'
        'recognitions:\n  - title: {zh: "\\u3164", en: Title}\n    level: national\n',
    )
    assert site.problems() == [
        ("content/streets/zhongjie.yml", 4, 16, "invisible-text"),
        ("content/streets/zhongjie.yml", 6, 17, "invisible-text"),
    ]


@pytest.mark.parametrize("name", ["老边\\u200b饺子馆", "🥟", "A", "1829", "·", "ㄱ"])
def test_a_name_with_something_to_see_is_fine(site: ContentFolder, name: str) -> None:
    site.write("shops/laobian.yml", f'name: {{zh: "{name}", en: Laobian}}\n')
    assert site.problems() == []


@pytest.mark.parametrize(
    "link",
    [
        "[\\u200b](https://example.org/)",
        "[\\u3164 \\u3164](https://example.org/)",
        '<a href=\\"https://example.org/\\">\\u200b</a>',
    ],
)
def test_a_description_link_without_visible_text_is_refused(site: ContentFolder, link: str) -> None:
    site.write("shops/laobian.yml", f'name: {{zh: 老边, en: Laobian}}\ndescription:\n  zh: "见 {link}。"\n')
    catalogue = site.validate()
    assert [(p.path, p.line, p.col, p.code) for p in catalogue.problems] == [
        ("content/shops/laobian.yml", 4, 7, "invisible-link-text")
    ]
    assert "https://example.org/" in catalogue.problems[0].message("en")


def test_a_description_link_with_text_is_fine(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        'name: {zh: 老边, en: Laobian}\ndescription:\n  zh: "见 [**店铺**网站](https://example.org/)。"\n  en: "[The **shop**](https://example.org/)"\n',
    )
    assert site.problems() == []
