"""The validator command: output format, exit codes, languages, and the real ./scripts/validate."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import MKDOCS_YML, ROOT, VALID_SHOP, ContentFolder, run

from fangcheng.problems import locale_language


@pytest.fixture
def project(site: ContentFolder) -> ContentFolder:
    (site.root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return site


def test_clean_content_exits_0(project: ContentFolder) -> None:
    project.write("shops/laobian.yml", VALID_SHOP)
    result = run(project.root, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "0 errors" in result.stderr


def test_errors_exit_1_with_one_line_each(project: ContentFolder) -> None:
    project.write("shops/laobian.yml", VALID_SHOP + "nmae: x\nfounded: 3000\n")
    result = run(project.root, "validate", "--lang", "en")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == 'content/shops/laobian.yml:6:1: error unknown-field: Unknown field "nmae". Did you mean "name"?'
    assert lines[1].startswith(
        'content/shops/laobian.yml:7:1: error duplicate-key: The field "founded" appears twice (first on line 5).'
    )
    assert len(lines) == 2


def test_warnings_exit_0_unless_strict(project: ContentFolder) -> None:
    project.write("shops/laobian.yml", "name: {zh: 老边饺子馆}\n")
    result = run(project.root, "validate", "--lang", "en")
    assert result.returncode == 0
    assert result.stdout.startswith("content/shops/laobian.yml:2:7: warning missing-translation: ")
    strict = run(project.root, "validate", "--strict", "--lang", "en")
    assert strict.returncode == 1
    assert strict.stdout.startswith("content/shops/laobian.yml:2:7: error missing-translation: ")


def test_content_dir_argument_and_paths_relative_to_the_working_directory(project: ContentFolder) -> None:
    project.write("shops/laobian.yml", "name: {zh: 老边饺子馆}\nfounded: x\n")
    result = run(project.root / "content", "validate", ".", "--lang", "en")
    assert result.stdout.splitlines()[0].startswith("shops/laobian.yml:3:10: error wrong-type")


def test_usage_error_exits_2(project: ContentFolder) -> None:
    assert run(project.root, "validate", "--format", "xml").returncode == 2
    assert run(project.root, "validate", "no-such-folder").returncode == 2


def test_json_format(project: ContentFolder) -> None:
    project.write("shops/laobian.yml", VALID_SHOP + "founded: 3000\n")
    result = run(project.root, "validate", "--format", "json", "--lang", "zh")
    document = json.loads(result.stdout)
    assert document["errors"] == 1
    assert document["problems"][0] | {"message": ""} == {
        "path": "content/shops/laobian.yml",
        "line": 6,
        "column": 1,
        "level": "error",
        "code": "duplicate-key",
        "message": "",
    }


def test_github_format_is_chosen_under_github_actions(project: ContentFolder) -> None:
    project.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian}\nfounded: 3000\n")
    result = run(project.root, "validate", "--lang", "en", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith(
        "::error file=content/shops/laobian.yml,line=3,col=10,title=year-out-of-range::The year 3000"
    )
    chinese_first = run(project.root, "validate", env={"GITHUB_ACTIONS": "true", "FANGCHENG_LANG": "zh"}).stdout
    [line] = chinese_first.splitlines()
    zh, en = line.split("::", 2)[2].split("%0A")
    assert zh.startswith("年份 3000 不合理") and en.startswith("The year 3000 is out of range")


def test_the_workflow_annotates_pull_requests_in_chinese_first() -> None:
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    step = workflow.split("- name: Validate content", 1)[1].split("- name:", 1)[0]
    assert "--format github" in step and "FANGCHENG_LANG: zh" in step


def test_message_language_follows_the_locale(project: ContentFolder) -> None:
    project.write("shops/laobian.yml", "name: {zh: 老边饺子馆, en: Laobian}\nfounded: 3000\n")
    assert "年份 3000" in run(project.root, "validate", env={"LANG": "zh_CN.UTF-8"}).stdout
    assert "The year 3000" in run(project.root, "validate", env={"LANG": "en_US.UTF-8"}).stdout
    assert locale_language({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    assert locale_language({}) == "en"
    assert locale_language({"FANGCHENG_LANG": "zh", "LANG": "en_US.UTF-8"}) == "zh"
    assert locale_language({"FANGCHENG_LANG": "en", "LANG": "zh_CN.UTF-8"}) == "en"
    assert locale_language({"FANGCHENG_LANG": "fr", "LANG": "zh_CN.UTF-8"}) == "zh"


def test_validate_script_on_the_sample_content() -> None:
    result = subprocess.run(
        [str(ROOT / "scripts" / "validate"), "--strict"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("kind", ["shops", "streets", "parks", "members"])
def test_new_entry_is_valid_with_every_field(project: ContentFolder, kind: str) -> None:
    from fangcheng.model import KINDS

    if kind == "shops":
        project.write("streets/zhongjie.yml", "name: {zh: 中街, en: Zhongjie}\n")
    result = run(project.root, "new", kind, "new-entry")
    assert result.returncode == 0, result.stderr
    path = project.content / kind / "new-entry.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schema/{kind}.json\n")
    for field in KINDS[kind].model_fields:
        assert f"\n{field}:" in text or f"\n# {field}:" in text, field
    validation = run(project.root, "validate", "--lang", "en")
    assert validation.returncode == 0, validation.stdout
    codes = {line.split()[2].rstrip(":") for line in validation.stdout.splitlines()}
    assert codes <= {"missing-translation"}


def test_new_refuses_a_bad_id_and_an_existing_file(project: ContentFolder) -> None:
    result = run(project.root, "new", "shops", "Lao Bian")
    assert result.returncode == 2 and "lao-bian" in result.stderr
    project.write("shops/laobian.yml", VALID_SHOP)
    before = (project.content / "shops" / "laobian.yml").read_text(encoding="utf-8")
    result = run(project.root, "new", "shops", "laobian")
    assert result.returncode == 1 and "already exists" in result.stderr
    assert (project.content / "shops" / "laobian.yml").read_text(encoding="utf-8") == before
    assert run(project.root, "new", "shop", "x").returncode == 2
