"""The translation report: shares per language and kind, missing texts at path:line, formats and the CI gate."""

from __future__ import annotations

import json

from conftest import MKDOCS_YML, ContentFolder, run

from fangcheng.translation_report import (
    build_report,
    format_markdown,
    format_text,
    parse_requirement,
    unmet_requirements,
)

HALF_TRANSLATED_SHOP = """\
name:
  zh: 老边饺子馆
  en: Laobian Dumplings
summary:
  zh: 百年饺子馆。
address:
  zh: 中街
  en: ""
founded: 1829
"""

DRAFT_SHOP = """\
status: draft
name:
  zh: 草稿店
"""


def test_counts_every_text_and_points_at_the_line_to_translate(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", HALF_TRANSLATED_SHOP)
    report = build_report(site.validate())
    shops = report.by_kind[("en", "shops")]
    assert (shops.translated, shops.total) == (1, 3)
    # summary has no en: at its zh line (line 6, after the schema line); address has an empty en: (line 9)
    assert [(m.path, m.line, m.field) for m in shops.missing] == [
        ("content/shops/laobian.yml", 6, "summary"),
        ("content/shops/laobian.yml", 9, "address"),
    ]
    assert shops.share_label == "33.3%"
    assert report.total("en").total == 3 and report.by_kind[("en", "streets")].share == 100.0


def test_drafts_count_only_when_asked(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", HALF_TRANSLATED_SHOP)
    site.write("shops/draft.yml", DRAFT_SHOP)
    assert build_report(site.validate()).total("en").total == 3
    with_drafts = build_report(site.validate(), include_drafts=True).total("en")
    assert with_drafts.total == 4 and ("content/shops/draft.yml", 4, "name") in [
        (m.path, m.line, m.field) for m in with_drafts.missing
    ]


def test_every_configured_language_is_reported(tmp_path) -> None:
    site = ContentFolder(tmp_path, languages=("zh", "en", "ja"))
    site.write("shops/laobian.yml", HALF_TRANSLATED_SHOP)
    report = build_report(site.validate())
    assert report.languages == ("en", "ja")
    assert report.total("ja").translated == 0 and report.total("ja").total == 3
    text = format_text(report)
    assert "日文 Japanese (ja)" in text and "content/shops/laobian.yml:3: name" in text


def test_share_is_rounded_down_so_a_gap_never_shows_as_complete(site: ContentFolder) -> None:
    site.write("shops/a.yml", "name: {zh: 甲, en: A}\n")
    report = build_report(site.validate())
    coverage = report.by_kind[("en", "shops")]
    coverage.total, coverage.translated = 10_000, 9_999
    assert coverage.share_label == "99.9%"


def test_requirements_parse_and_gate(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", HALF_TRANSLATED_SHOP)
    report = build_report(site.validate())
    assert parse_requirement("en=100") == ("en", 100.0)
    for bad in ("en", "en=", "en=abc", "en=101", "=50"):
        try:
            parse_requirement(bad)
        except ValueError as error:
            assert "en=100" in str(error)
        else:
            raise AssertionError(bad)
    assert unmet_requirements(report, [("en", 30)]) == []
    [line] = unmet_requirements(report, [("en", 34)])
    assert "33.3%" in line and "34%" in line
    assert unmet_requirements(report, [("zh", 100)]) == []
    try:
        unmet_requirements(report, [("ko", 50)])
    except ValueError as error:
        assert "ko" in str(error) and "zh, en" in str(error)
    else:
        raise AssertionError("an unknown language must be refused")


def test_files_with_errors_are_named_not_counted(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", HALF_TRANSLATED_SHOP)
    site.write("shops/broken.yml", "name: {zh: 坏}\nfounded: soon\n")
    report = build_report(site.validate())
    assert report.skipped == ["content/shops/broken.yml"]
    assert report.total("en").total == 3
    assert "content/shops/broken.yml" in format_markdown(report)


def test_command_formats_and_exit_codes(site: ContentFolder) -> None:
    (site.root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site.write("shops/laobian.yml", HALF_TRANSLATED_SHOP)
    text = run(site.root, "report")
    assert text.returncode == 0, text.stderr
    assert (
        "content/shops/laobian.yml:6: summary" in text.stdout and "content/shops/laobian.yml:9: address" in text.stdout
    )
    markdown = run(site.root, "report", "--format", "markdown")
    assert "| 英文 English (en) | 老字号店铺 shops | 1/3 | 33.3% |" in markdown.stdout
    assert "- `content/shops/laobian.yml:6` summary" in markdown.stdout
    data = json.loads(run(site.root, "report", "--format", "json").stdout)
    shops = data["languages"]["en"]["kinds"]["shops"]
    assert shops["missing"][0] == {"path": "content/shops/laobian.yml", "line": 6, "field": "summary"}
    assert data["languages"]["en"]["share"] == 33.33
    gate = run(site.root, "report", "--require", "en=100")
    assert gate.returncode == 1 and "English (en) is 33.3% translated, 100% required" in gate.stderr
    assert run(site.root, "report", "--require", "en=30").returncode == 0
    assert run(site.root, "report", "--require", "fr=30").returncode == 2
    assert run(site.root, "report", "--require", "en").returncode == 2


def test_a_file_with_only_a_cross_file_error_is_counted(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", HALF_TRANSLATED_SHOP + "street: nowhere\n")
    catalogue = site.validate()
    assert "unknown-reference" in [p.code for p in catalogue.problems]
    report = build_report(catalogue)
    assert report.skipped == [] and report.total("en").total == 3


def test_unnamed_languages_are_called_by_their_code(tmp_path) -> None:
    site = ContentFolder(tmp_path, languages=("zh", "en", "pt-BR"))
    site.write("shops/laobian.yml", HALF_TRANSLATED_SHOP)
    report = build_report(site.validate())
    text = format_text(report)
    assert "\npt-BR\n" in text and "缺少 pt-BR 翻译 / Missing pt-BR: 3" in text
    assert "| pt-BR | 老字号店铺 shops | 0/3 | 0.0% |" in format_markdown(report)
    [line] = unmet_requirements(report, [("pt-BR", 1)])
    assert line.startswith("缺少") is False and "pt-BR is 0.0% translated" in line


def test_json_share_is_rounded_down_too(site: ContentFolder) -> None:
    site.write("shops/a.yml", "name: {zh: 甲, en: A}\n")
    report = build_report(site.validate())
    coverage = report.by_kind[("en", "shops")]
    coverage.total, coverage.translated = 100_000, 99_999
    assert coverage.share_floor(2) == 99.99 and coverage.share_label == "99.9%"


def test_markdown_lists_unreadable_files_one_per_item(site: ContentFolder) -> None:
    site.write("shops/broken.yml", "name: {zh: 坏}\nfounded: soon\n")
    site.write("shops/broken2.yml", "name: [\n")
    markdown = format_markdown(build_report(site.validate()))
    assert "- `content/shops/broken.yml`\n- `content/shops/broken2.yml`" in markdown


def test_command_without_a_content_folder_is_a_usage_error(tmp_path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    result = run(tmp_path, "report", "--require", "en=100")
    assert result.returncode == 2 and "content folder not found" in result.stderr


def test_markdown_keeps_a_file_name_with_a_line_break_or_backticks_on_its_own_line(site: ContentFolder) -> None:
    """A newline in a file name broke the Markdown report: "# injected" became a heading (issue 19, point 10)."""
    site.write("shops/x\n# injected `b`.yml", "name: {zh: 甲}\n")
    site.write("shops/y\n- broken.yml", "name: {zh: 乙}\nfounded: soon\n")
    markdown = format_markdown(build_report(site.validate()))
    assert not any(line.startswith(("# injected", "- broken")) for line in markdown.splitlines())
    assert "- ``content/shops/x\\u000a# injected `b`.yml:2`` name" in markdown
    assert "- `content/shops/y\\u000a- broken.yml`" in markdown
