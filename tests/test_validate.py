"""Every editor mistake gets a problem at the right file, line and column, with the right code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import IMAGE, VALID_SHOP, ContentFolder, write_image

from fangcheng.rules import schema_line

STREET = """\
name: {zh: 中街, en: Zhongjie}
"""


def test_a_valid_entry_has_no_problems(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", VALID_SHOP)
    catalogue = site.validate()
    assert catalogue.problems == []
    entry = catalogue.get("shops", "laobian").entry
    assert entry.founded == 1829 and entry.name.get("en") == "Laobian Dumplings"


def test_unknown_field_suggests_the_right_name(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", VALID_SHOP + "nmae: x\n")
    catalogue = site.validate()
    assert site.problems() == [("content/shops/laobian.yml", 6, 1, "unknown-field")]
    problem = catalogue.problems[0]
    assert "name" in problem.message("en") and "did you mean" in problem.message("en").lower()
    assert "是不是想写“name”" in problem.message("zh")


def test_unknown_field_in_a_nested_part(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", VALID_SHOP + "location:\n  lat: 41.8\n  lon: 123.4\n  alt: 40\n")
    assert site.problems() == [("content/shops/laobian.yml", 9, 3, "unknown-field")]


def test_missing_required_name(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "founded: 1829\n")
    catalogue = site.validate()
    assert site.problems() == [("content/shops/laobian.yml", 2, 1, "missing-field")]
    assert "name: {zh: 老边饺子馆, en: Laobian Dumplings}" in catalogue.problems[0].message("en")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("founded: abc", ("content/shops/laobian.yml", 5, 10, "wrong-type")),
        ("founded: 18.5", ("content/shops/laobian.yml", 5, 10, "wrong-type")),
        ("images: a.jpg", ("content/shops/laobian.yml", 5, 9, "wrong-type")),
        ("location: 41.8, 123.4", ("content/shops/laobian.yml", 5, 11, "wrong-type")),
        ("sample: maybe", ("content/shops/laobian.yml", 5, 9, "wrong-type")),
        ("summary: 饺子老店", ("content/shops/laobian.yml", 5, 10, "localized-text-expected")),
        ("status: hidden", ("content/shops/laobian.yml", 5, 9, "invalid-choice")),
        ("category: food", ("content/shops/laobian.yml", 5, 11, "invalid-choice")),
        ("phone: call us", ("content/shops/laobian.yml", 5, 8, "bad-phone")),
        ("tags: [Food]", ("content/shops/laobian.yml", 5, 8, "bad-slug")),
    ],
)
def test_wrong_types_and_values(site: ContentFolder, line: str, expected: tuple) -> None:
    site.write("shops/laobian.yml", "name:\n  zh: 老边饺子馆\n  en: Laobian Dumplings\n" + line + "\n")
    assert site.problems() == [expected]


def test_wrong_type_message_shows_an_example(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name: {zh: 老边}\nfounded: 道光年间\n")
    message = site.validate().problems[0].message("zh")
    assert "整数" in message and "founded: 1829" in message


@pytest.mark.parametrize("year", ["3000", "999", "0"])
def test_founding_year_out_of_range(site: ContentFolder, year: str) -> None:
    site.write("shops/laobian.yml", f"name: {{zh: 老边}}\nfounded: {year}\n")
    assert site.problems() == [("content/shops/laobian.yml", 3, 10, "year-out-of-range")]


def test_times_stay_text_and_bad_times_are_caught(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        "name: {zh: 老边, en: Laobian}\nhours:\n  - days: [mon, tue]\n    opens: 09:30\n    closes: 25:00\n",
    )
    catalogue = site.validate()
    assert site.problems() == [("content/shops/laobian.yml", 6, 13, "bad-time")]
    site.write(
        "shops/laobian.yml",
        "name: {zh: 老边, en: Laobian}\nhours:\n  - days: [mon, tue]\n    opens: 09:30\n    closes: '21:00'\n",
    )
    catalogue = site.validate()
    assert catalogue.problems == []
    assert catalogue.get("shops", "laobian").entry.hours[0].opens == "09:30"


def test_latitude_out_of_range_hints_at_swapped_values(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name: {zh: 老边}\nlocation:\n  lat: 123.456889\n  lon: 41.801333\n")
    catalogue = site.validate()
    assert site.problems() == [("content/shops/laobian.yml", 4, 8, "coordinates-out-of-range")]
    assert "swapped" in catalogue.problems[0].message("en")


def test_longitude_out_of_range(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name: {zh: 老边}\nlocation: {lat: 41.8, lon: 223.4}\n")
    assert site.problems() == [("content/shops/laobian.yml", 3, 28, "coordinates-out-of-range")]


def test_point_outside_the_region(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name: {zh: 老边}\nlocation: {lat: 39.9042, lon: 116.4074}\n")
    assert site.problems() == [("content/shops/laobian.yml", 3, 11, "coordinates-outside-region")]


def test_swapped_point_inside_both_ranges_is_caught_by_the_region(tmp_path: Path) -> None:
    from fangcheng.config import Region, SiteConfig

    site = ContentFolder(tmp_path)
    site.config = SiteConfig(region=Region(south=20, west=30, north=40, east=50), root=tmp_path)
    site.write("shops/laobian.yml", "name: {zh: 老边}\nlocation: {lat: 45, lon: 35}\n")
    catalogue = site.validate()
    assert [p.code for p in catalogue.problems] == ["coordinates-outside-region"]
    assert "交换" in catalogue.problems[0].message("zh")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/a",
        "www.example.com",
        "https://",
    ],
)
def test_only_http_urls(site: ContentFolder, url: str) -> None:
    site.write("shops/laobian.yml", f"name: {{zh: 老边}}\nsources:\n  - https://example.com/ok\n  - '{url}'\n")
    assert site.problems() == [("content/shops/laobian.yml", 5, 5, "unsafe-url")]


def test_website_must_be_http(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name: {zh: 老边}\nwebsite: javascript:alert(1)\n")
    assert site.problems() == [("content/shops/laobian.yml", 3, 10, "unsafe-url")]


def test_existing_image_is_fine(site: ContentFolder) -> None:
    write_image(site, "media/a.jpg")
    site.write("shops/laobian.yml", IMAGE.format(file="media/a.jpg"))
    assert site.problems() == []


def test_missing_image(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", IMAGE.format(file="media/nope.jpg"))
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-missing")]


@pytest.mark.parametrize("file", ["../secret.jpg", "media/../../secret.jpg", "/etc/passwd", "C:\\\\photos\\\\a.jpg"])
def test_image_outside_content(site: ContentFolder, file: str) -> None:
    (site.root / "secret.jpg").write_bytes(b"x")
    site.write("shops/laobian.yml", IMAGE.format(file=f'"{file}"'))
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-outside-content")]


def test_image_symlink_leaving_the_repository(site: ContentFolder, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "photo.jpg"
    outside.write_bytes(b"x")
    (site.content / "media").mkdir()
    os.symlink(outside, site.content / "media" / "link.jpg")
    site.write("shops/laobian.yml", IMAGE.format(file="media/link.jpg"))
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-outside-content")]


def test_image_format(site: ContentFolder) -> None:
    write_image(site, "media/a.gif", fmt="GIF")
    site.write("shops/laobian.yml", IMAGE.format(file="media/a.gif"))
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-format")]


def test_missing_alt_text(site: ContentFolder) -> None:
    write_image(site, "media/a.jpg")
    site.write(
        "shops/laobian.yml",
        "name: {zh: 老边, en: Laobian}\nimages:\n  - file: media/a.jpg\n    credit: {zh: 沈河区委宣传部}\n",
    )
    assert site.problems() == [("content/shops/laobian.yml", 4, 5, "missing-alt")]


def test_empty_alt_text(site: ContentFolder) -> None:
    write_image(site, "media/a.jpg")
    site.write(
        "shops/laobian.yml",
        "name: {zh: 老边, en: Laobian}\nimages:\n  - file: media/a.jpg\n"
        "    alt: {zh: '', en: ''}\n    credit: {zh: 摄影, en: Photo}\n",
    )
    assert site.problems() == [("content/shops/laobian.yml", 5, 10, "missing-default-language")]


def test_small_image_is_warned(site: ContentFolder) -> None:
    write_image(site, "media/a.jpg", width=300)
    site.write("shops/laobian.yml", IMAGE.format(file="media/a.jpg"))
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-too-small")]


def test_huge_original_is_warned(site: ContentFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    from fangcheng import rules

    monkeypatch.setattr(rules, "MAX_IMAGE_BYTES", 100)
    write_image(site, "media/a.png", fmt="PNG")
    site.write("shops/laobian.yml", IMAGE.format(file="media/a.png"))
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-too-large")]


def test_damaged_image_is_an_error(site: ContentFolder) -> None:
    site.write("media/a.jpg", b"\xff\xd8\xff not really a jpeg")
    site.write("shops/laobian.yml", IMAGE.format(file="media/a.jpg"))
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-unreadable")]


def test_missing_credit_is_warned(site: ContentFolder) -> None:
    write_image(site, "media/a.jpg")
    site.write(
        "shops/laobian.yml",
        "name: {zh: 老边, en: Laobian}\nimages:\n  - file: media/a.jpg\n    alt: {zh: 门面, en: Shopfront}\n",
    )
    assert site.problems() == [("content/shops/laobian.yml", 4, 5, "missing-credit")]


def test_reference_to_a_missing_street_suggests_the_right_one(site: ContentFolder) -> None:
    site.write("streets/zhongjie.yml", STREET)
    site.write("shops/laobian.yml", VALID_SHOP + "street: zhongjei\n")
    catalogue = site.validate()
    assert site.problems() == [("content/shops/laobian.yml", 6, 9, "unknown-reference")]
    assert '"zhongjie"' in catalogue.problems[0].message("en")


def test_member_references_park_and_alliance(site: ContentFolder) -> None:
    site.write("parks/jiuhaoyuan.yml", "name: {zh: 九号院, en: Jiuhaoyuan}\n")
    site.write("members/alliance.yml", "name: {zh: 联盟, en: Alliance}\nrole: alliance\n")
    site.write("members/studio.yml", "name: {zh: 示例, en: Sample}\npark: jiuhaoyaun\nmember_of: studio\n")
    assert site.problems() == [
        ("content/members/studio.yml", 3, 7, "unknown-reference"),
        ("content/members/studio.yml", 4, 12, "unknown-reference"),
    ]


def test_reference_is_checked_even_when_the_entry_has_other_errors(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", VALID_SHOP + "street: nowhere\nfounded2: 1\n")
    assert site.codes() == ["unknown-reference", "unknown-field"]


def test_published_entry_pointing_at_a_draft_is_warned(site: ContentFolder) -> None:
    site.write("streets/zhongjie.yml", STREET + "status: draft\n")
    site.write("shops/laobian.yml", VALID_SHOP + "street: zhongjie\n")
    assert site.problems() == [("content/shops/laobian.yml", 6, 9, "reference-to-draft")]


@pytest.mark.parametrize("name", ["Laobian.yml", "lao_bian.yml", "老边.yml", "lao--bian.yml", "-laobian.yml"])
def test_file_name_must_be_a_slug(site: ContentFolder, name: str) -> None:
    site.write(f"shops/{name}", VALID_SHOP)
    assert site.problems() == [(f"content/shops/{name}", 1, 1, "bad-id")]


def test_ids_colliding_ignoring_case(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", VALID_SHOP)
    site.write("shops/LAOBIAN.yml", VALID_SHOP)
    assert site.problems() == [
        ("content/shops/LAOBIAN.yml", 1, 1, "bad-id"),
        ("content/shops/laobian.yml", 1, 1, "id-collision"),
    ]


def test_yaml_extension_is_refused_and_collides(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", VALID_SHOP)
    site.write("shops/laobian.yaml", VALID_SHOP)
    assert site.problems() == [
        ("content/shops/laobian.yaml", 1, 1, "bad-extension"),
        ("content/shops/laobian.yml", 1, 1, "id-collision"),
    ]


def test_stray_files_and_folders_are_warned(site: ContentFolder) -> None:
    site.write("shop/laobian.yml", VALID_SHOP)
    site.write("shops/notes.txt", "x")
    site.write("shops/.DS_Store", b"x")
    assert site.problems() == [
        ("content/shop", 1, 1, "unknown-folder"),
        ("content/shops/notes.txt", 1, 1, "stray-file"),
    ]


def test_unsupported_language_code_points_at_the_key(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name:\n  zh: 老边饺子馆\n  jp: 老辺餃子館\n")
    catalogue = site.validate()
    assert site.problems() == [("content/shops/laobian.yml", 4, 3, "unsupported-language")]
    site.write("shops/laobian.yml", "name:\n  cn: 老边饺子馆\n  en: Laobian\n")
    catalogue = site.validate()
    assert [(p.line, p.code) for p in catalogue.problems] == [(3, "unsupported-language")]
    assert "zh" in catalogue.problems[0].message("en")


def test_missing_default_language(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", "name:\n  en: Laobian Dumplings\n")
    assert site.problems() == [("content/shops/laobian.yml", 3, 3, "missing-default-language")]


def test_missing_translation_is_a_warning_per_field(site: ContentFolder) -> None:
    site.write(
        "shops/laobian.yml",
        "name:\n  zh: 老边饺子馆\nsummary:\n  zh: 饺子\n  en: Dumplings\n"
        "recognitions:\n  - title: {zh: 中华老字号}\n    level: national\n",
    )
    catalogue = site.validate()
    assert site.problems() == [
        ("content/shops/laobian.yml", 3, 3, "missing-translation"),
        ("content/shops/laobian.yml", 8, 12, "missing-translation"),
    ]
    assert not catalogue.has_errors


def test_a_third_language_is_configuration(tmp_path: Path) -> None:
    site = ContentFolder(tmp_path, languages=("zh", "en", "ja"))
    site.write("shops/laobian.yml", "name:\n  zh: 老边饺子馆\n  en: Laobian Dumplings\n  ja: 老辺餃子館\n")
    assert site.problems() == []


def test_missing_schema_line_is_warned(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", VALID_SHOP, schema=False)
    assert site.problems() == [("content/shops/laobian.yml", 1, 1, "missing-schema-line")]


def test_all_problems_in_one_run_sorted_by_file_and_position(site: ContentFolder) -> None:
    site.write("shops/b.yml", "name: {zh: 乙}\nfounded: 3000\nnmae: x\n")
    site.write("shops/a.yml", "name:\n\tzh: 甲\n")
    site.write("parks/c.yml", b"name: {zh: \xc0\xcf}\n")
    assert site.problems() == [
        ("content/parks/c.yml", 1, 12, "not-utf8"),
        ("content/shops/a.yml", 3, 1, "yaml-tab"),
        ("content/shops/b.yml", 3, 10, "year-out-of-range"),
        ("content/shops/b.yml", 4, 1, "unknown-field"),
    ]


def test_duplicate_key_does_not_hide_other_problems(site: ContentFolder) -> None:
    site.write("shops/a.yml", "name: {zh: 甲}\nfounded: 1800\nfounded: 3000\nstatus: gone\n")
    assert site.codes() == ["duplicate-key", "invalid-choice"]


def test_random_damage_never_raises(site: ContentFolder) -> None:
    """Delete, duplicate and swap bytes of a real entry many times: always problems, never a traceback."""
    import random

    original = (Path(__file__).parent.parent / "content" / "shops" / "baofayuan.yml").read_bytes()
    rng = random.Random(20261126)
    for _ in range(300):
        data = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            action = rng.choice(["delete", "insert", "swap"])
            if action == "delete":
                del data[at]
            elif action == "insert":
                data.insert(at, rng.choice(b":-[]{}&*!|>'\"\t\n #%@`\x00\xff"))
            else:
                other = rng.randrange(len(data))
                data[at], data[other] = data[other], data[at]
        site.write("shops/baofayuan.yml", bytes(data))
        site.validate()


# --- issue 11: robustness ------------------------------------------------------------------------


def test_truncated_jpeg_is_unreadable_at_its_file_line(site: ContentFolder) -> None:
    """A cut JPEG has a good header: it passed validation and then failed the build, naming no entry."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 50).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    site.write("media/cut.jpg", data[: len(data) * 3 // 4])
    site.write("media/whole.jpg", data)
    site.write(
        "shops/laobian.yml",
        IMAGE.format(file="media/whole.jpg")
        + "  - file: media/cut.jpg\n    alt: {zh: 门面, en: Shopfront}\n    credit: {zh: 摄影, en: Photo}\n",
    )
    assert site.problems() == [("content/shops/laobian.yml", 7, 11, "image-unreadable")]


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_truncated_png_and_webp_are_unreadable(site: ContentFolder, fmt: str) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 50).convert("RGB").save(buffer, fmt)
    suffix = fmt.lower()
    site.write(f"media/a.{suffix}", buffer.getvalue()[: buffer.tell() * 2 // 3])
    site.write("shops/laobian.yml", IMAGE.format(file=f"media/a.{suffix}"))
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-unreadable")]


def test_a_replaced_image_is_decoded_again(site: ContentFolder) -> None:
    write_image(site, "media/a.jpg")
    site.write("shops/laobian.yml", IMAGE.format(file="media/a.jpg"))
    assert site.problems() == []
    data = (site.content / "media" / "a.jpg").read_bytes()
    site.write("media/a.jpg", data[: len(data) // 2])
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-unreadable")]


def test_a_linked_entry_is_reported_under_its_own_name(site: ContentFolder) -> None:
    """Problems in a symlinked entry were reported at the path the link leads to, which the editor does not know.
    (A link that stays inside content/; one that leads outside is refused: test_content_files.py.)"""
    elsewhere = site.content / "shops" / ".shared-entry.yml"  # hidden: not an entry of its own
    elsewhere.parent.mkdir()
    elsewhere.write_text(schema_line("shops") + "\nname: {zh: 甲, en: A}\nnmae: x\n", encoding="utf-8")
    os.symlink(".shared-entry.yml", site.content / "shops" / "linked.yml")
    assert site.problems() == [("content/shops/linked.yml", 3, 1, "unknown-field")]


def test_a_folder_named_like_an_entry_is_unreadable_not_stray(site: ContentFolder) -> None:
    (site.content / "shops" / "odd.yml").mkdir(parents=True)
    assert site.problems() == [("content/shops/odd.yml", 1, 1, "file-unreadable")]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (
            "shops",
            "status:\nsample:\nsummary:\ndescription:\nfounded:\ncategory:\nstreet:\nphone:\nwebsite:\npinyin:\nlocation:\nimages:\nhours:\ntags:\n",
        ),
        ("streets", "status:\nlength_m:\nlandmarks:\ntransit:\naddress:\n"),
        ("parks", "approved:\nwebsite:\nsource_notes:\n"),
        ("members", "role:\nmember_of:\npark:\nfield:\nfounded:\n"),
    ],
)
def test_every_empty_optional_field_is_the_same_as_no_field(site: ContentFolder, kind: str, text: str) -> None:
    """`status:` and `sample:` left empty were errors while every other empty optional field was accepted."""
    site.write(f"{kind}/a.yml", "name: {zh: 甲}\n" + text)
    catalogue = site.validate()
    assert [p.code for p in catalogue.problems if p.code != "missing-translation"] == []
    entry = catalogue.get(kind, "a").entry
    assert entry.status == "published" and entry.sample is False


def test_empty_optional_fields_inside_parts(site: ContentFolder) -> None:
    write_image(site, "media/a.jpg")
    site.write(
        "shops/a.yml",
        "name: {zh: 甲, en: A}\n"
        "images:\n  - file: media/a.jpg\n    alt: {zh: 门面, en: Front}\n"
        "    credit: {zh: 摄影, en: Photo}\n    caption:\n"
        "recognitions:\n  - title: {zh: 老字号, en: Old brand}\n    level: national\n    year:\n    source:\n",
    )
    assert site.codes() == []


def test_empty_required_fields_are_still_errors(site: ContentFolder) -> None:
    site.write("shops/a.yml", "name:\nrecognitions:\n  - title: {zh: 老字号}\n    level:\n")
    assert site.problems() == [
        ("content/shops/a.yml", 2, 6, "localized-text-expected"),
        ("content/shops/a.yml", 5, 11, "invalid-choice"),
    ]


@pytest.mark.parametrize(
    ("field", "limit"),
    [("name", 200), ("summary", 500), ("description", 10_000), ("source_notes", 2_000), ("address", 2_000)],
)
def test_texts_have_a_length_limit_per_language(site: ContentFolder, field: str, limit: int) -> None:
    name = "" if field == "name" else "name: {zh: 甲}\n"
    site.write("shops/a.yml", name + f"{field}:\n  zh: {'字' * limit}\n  en: {'x' * (limit + 1)}\n")
    catalogue = site.validate()
    assert site.problems() == [("content/shops/a.yml", 5 if field != "name" else 4, 7, "text-too-long")]
    problem = catalogue.problems[0]
    assert problem.params["field"] == f"{field}.en"
    assert f"{limit + 1}" in problem.message("en") and f"{limit:}" in problem.message("zh")


def test_image_texts_and_plain_strings_have_limits(site: ContentFolder) -> None:
    write_image(site, "media/a.jpg")
    site.write(
        "shops/a.yml",
        f"name: {{zh: 甲}}\npinyin: {'a' * 201}\nwebsite: https://example.org/{'a' * 2000}\n"
        f"images:\n  - file: media/a.jpg\n    alt: {{zh: {'门' * 2001}}}\n    credit: {{zh: 摄影}}\n",
    )
    assert site.problems() == [
        ("content/shops/a.yml", 3, 9, "text-too-long"),
        ("content/shops/a.yml", 4, 10, "text-too-long"),
        ("content/shops/a.yml", 7, 15, "text-too-long"),
    ]


def test_control_character_in_any_kind_is_located(site: ContentFolder) -> None:
    site.write("members/a.yml", 'name: {zh: "甲\\x7f"}\nfield: {zh: "乙\\u0085"}\n')
    site.write("parks/b.yml", "name: {zh: 甲\x9b}\n")
    site.write("streets/c.yml", 'name: {zh: 甲}\nlandmarks:\n  - name: {zh: "\\x01"}\n')
    catalogue = site.validate()
    assert all(
        catalogue.get(kind, name) is None for kind, name in [("members", "a"), ("parks", "b"), ("streets", "c")]
    )  # no page for them
    assert [p for p in site.problems() if p[3] != "missing-translation"] == [
        ("content/members/a.yml", 2, 14, "control-character"),
        ("content/members/a.yml", 3, 15, "control-character"),
        ("content/parks/b.yml", 2, 13, "control-character"),
        ("content/streets/c.yml", 4, 16, "invisible-text"),  # nothing but the control character: nothing to see
        ("content/streets/c.yml", 4, 17, "control-character"),
    ]


def test_markdown_nested_past_what_the_page_shows_is_located(site: ContentFolder) -> None:
    quotes = "> " * 25 + "最深的一句"
    site.write("shops/a.yml", f'name: {{zh: 甲}}\ndescription:\n  zh: 好的介绍\n  en: "{quotes}"\n')
    catalogue = site.validate()
    assert site.problems() == [("content/shops/a.yml", 5, 7, "markdown-too-deep")]
    assert catalogue.get("shops", "a") is None
    assert "description.en" in catalogue.problems[0].message("en")


def test_markdown_nested_a_few_levels_is_fine(site: ContentFolder) -> None:
    site.write(
        "shops/a.yml", "name: {zh: 甲, en: A}\ndescription:\n  zh: |\n    - 一\n      - 二\n        > 三\n  en: x\n"
    )
    assert site.problems() == []


# --- points as editors copy them, street paths, opening hours (issue 13) ------------------------------

SHOP = "name: {zh: 老边, en: Laobian}\n"


def test_a_gcj02_point_is_converted_to_wgs84(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", SHOP + "location: {lat: 41.80350, lon: 123.46010, datum: GCJ-02}\n")
    catalogue = site.validate()
    assert catalogue.problems == []
    location = catalogue.get("shops", "laobian").entry.location
    assert location.datum == "gcj02"
    # AMap's point of Zhongjie lies about 600 m north-east of the WGS-84 one.
    assert 41.800 < location.lat < 41.8030 and 123.453 < location.lon < 123.4550


def test_an_unknown_datum(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", SHOP + "location: {lat: 41.8, lon: 123.45, datum: amap}\n")
    catalogue = site.validate()
    assert site.problems() == [("content/shops/laobian.yml", 3, 43, "bad-datum")]
    assert "gcj02" in catalogue.problems[0].message("en") and "百度" in catalogue.problems[0].message("zh")


def test_outside_the_region_hint_names_the_datum(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", SHOP + "location:\n  lat: 39.9042\n  lon: 116.4074\n  datum: bd09\n")
    catalogue = site.validate()
    assert site.problems() == [("content/shops/laobian.yml", 4, 3, "coordinates-outside-region")]
    assert "datum: bd09" in catalogue.problems[0].message("en") and "datum: bd09" in catalogue.problems[0].message("zh")
    site.write("shops/laobian.yml", SHOP + "location: {lat: 39.9042, lon: 116.4074}\n")
    catalogue = site.validate()
    assert "datum: gcj02" in catalogue.problems[0].message("en")


def test_swapped_point_hint_survives_a_datum(tmp_path: Path) -> None:
    from fangcheng.config import Region, SiteConfig

    site = ContentFolder(tmp_path)
    site.config = SiteConfig(region=Region(south=20, west=30, north=40, east=50), root=tmp_path)
    site.write("shops/laobian.yml", "name: {zh: 老边}\nlocation: {lat: 45, lon: 35, datum: gcj02}\n")
    catalogue = site.validate()
    assert [p.code for p in catalogue.problems] == ["coordinates-outside-region"]
    assert "交换" in catalogue.problems[0].message("zh")


STREET_PATH = "name: {zh: 中街, en: Zhongjie}\npath:\n  - {lat: 41.8013, lon: 123.4510}\n"


def test_a_street_path(site: ContentFolder) -> None:
    site.write("streets/zhongjie.yml", STREET_PATH + "  - {lat: 41.8014, lon: 123.4625, datum: gcj02}\n")
    catalogue = site.validate()
    assert catalogue.problems == []
    path = catalogue.get("streets", "zhongjie").entry.path
    assert len(path) == 2 and path[0].lat == 41.8013 and path[1].lon < 123.4625


def test_a_path_of_one_point(site: ContentFolder) -> None:
    site.write("streets/zhongjie.yml", STREET_PATH)
    catalogue = site.validate()
    assert site.problems() == [("content/streets/zhongjie.yml", 4, 3, "path-too-short")]
    assert "(it has 1)" in catalogue.problems[0].message("en")


def test_a_path_point_outside_the_region(site: ContentFolder) -> None:
    site.write("streets/zhongjie.yml", STREET_PATH + "  - {lat: 31.2304, lon: 121.4737}\n")
    assert site.problems() == [("content/streets/zhongjie.yml", 5, 5, "coordinates-outside-region")]


def test_a_path_point_with_a_bad_datum(site: ContentFolder) -> None:
    site.write("streets/zhongjie.yml", STREET_PATH + "  - lat: 41.8014\n    lon: 123.4625\n    datum: wgs-85\n")
    assert site.problems() == [("content/streets/zhongjie.yml", 7, 12, "bad-datum")]


HOURS = SHOP + "hours:\n  - days: [mon, tue, wed]\n    opens: '09:30'\n    closes: '21:00'\n"


def test_hours_across_midnight_and_dated_exceptions_are_valid(
    site: ContentFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: the holiday data covers the weeks ahead
    site.write(
        "shops/laobian.yml",
        SHOP
        + (
            "hours:\n  - days: [fri, sat]\n    opens: '18:00'\n    closes: '02:00'\n"
            "closed: [2026-02-16, 2026-02-17]\n"
            "special_hours:\n  - dates: [2026-02-18]\n    opens: '10:00'\n    closes: '16:00'\n"
            "holidays: hours\nholiday_hours:\n  - {opens: '10:00', closes: '18:00'}\n"
        ),
    )
    catalogue = site.validate()
    assert catalogue.problems == []
    shop = catalogue.get("shops", "laobian").entry
    assert shop.opening_hours().special[0].dates[0].isoformat() == "2026-02-18"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("hours:\n  - days: [mon]\n    opens: '09:30'\n    closes: '09:30'\n", (5, 13, "hours-empty")),
        ("hours:\n  - days: [mon]\n    opens: '24:00'\n    closes: '09:30'\n", (4, 12, "hours-opens-at-24")),
        ("hours:\n  - days: []\n    opens: '09:00'\n    closes: '17:00'\n", (3, 11, "hours-no-days")),
        ("hours:\n  - days: [mon, tue, mon]\n    opens: '09:00'\n    closes: '17:00'\n", (3, 22, "hours-day-twice")),
        ("hours:\n  - days: [mon, tuesday]\n    opens: '09:00'\n    closes: '17:00'\n", (3, 17, "invalid-choice")),
        (
            "hours:\n  - days: [mon]\n    opens: '09:00'\n    closes: '17:00'\n"
            "  - days: [mon]\n    opens: '16:00'\n    closes: '20:00'\n",
            (6, 5, "hours-overlap"),
        ),
        ("closed: [2026-02-16, 2026-02-16]\n", (2, 22, "hours-date-twice")),
        ("closed: [2026-02-30]\n", (2, 10, "wrong-type")),
        (
            "closed: [2026-02-16]\nspecial_hours:\n  - dates: [2026-02-16]\n    opens: '10:00'\n    closes: '14:00'\n",
            (4, 13, "hours-closed-and-special"),
        ),
        ("special_hours:\n  - dates: []\n    opens: '10:00'\n    closes: '14:00'\n", (3, 12, "hours-no-dates")),
        ("special_hours:\n  - dates: [2026-02-16]\n    opens: '10:00'\n    closes: '10:00'\n", (5, 13, "hours-empty")),
        ("holidays: sometimes\n", (2, 11, "invalid-choice")),
        ("holidays: hours\n", (2, 11, "hours-holiday-hours-missing")),
        (
            "holidays: open\nholiday_hours:\n  - {opens: '10:00', closes: '18:00'}\n",
            (4, 3, "hours-holiday-hours-unused"),
        ),
        ("holidays: hours\nholiday_hours:\n  - {opens: '10:00', closes: '10:00'}\n", (4, 30, "hours-empty")),
    ],
)
def test_hours_that_make_no_sense(site: ContentFolder, extra: str, expected: tuple) -> None:
    site.write("shops/laobian.yml", SHOP + extra)
    line, col, code = expected
    problems = [p for p in site.problems() if p[3] != "hours-holiday-data-missing"]
    assert problems == [("content/shops/laobian.yml", line + 1, col, code)]


def test_hours_overlap_message_names_the_other_row(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", HOURS + "  - days: [wed]\n    opens: '20:00'\n    closes: '23:00'\n")
    catalogue = site.validate()
    message = catalogue.problems[0].message("en")
    assert '"wed"' in message and "row 1" in message and "第 1 行" in catalogue.problems[0].message("zh")


def test_holiday_policy_beyond_the_holiday_data_is_a_warning(
    site: ContentFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fangcheng.hours import holiday_data_until

    until = holiday_data_until()
    site.write("shops/laobian.yml", HOURS + "holidays: closed\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 UTC: the six weeks are covered
    if until.year >= 2026:
        assert site.problems() == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(__import__("datetime").datetime(until.year, 12, 1).timestamp())))
    catalogue = site.validate()
    assert site.problems() == [("content/shops/laobian.yml", 7, 11, "hours-holiday-data-missing")]
    assert catalogue.problems[0].effective_level.value == "warning"
    assert until.isoformat() in catalogue.problems[0].message("en")
    site.write("shops/laobian.yml", HOURS)  # holidays change nothing: no holiday data needed
    assert site.problems() == []
