"""The sample content that ships with the project is valid, complete and honest."""

from __future__ import annotations

from conftest import ROOT

from fangcheng.catalogue import load_catalogue
from fangcheng.plugin_config import load_site_config

CONFIG = load_site_config(ROOT / "mkdocs.yml")
CATALOGUE = load_catalogue(ROOT / "content", CONFIG, cwd=ROOT)


def test_sample_content_has_no_problems_at_all() -> None:
    assert [(p.path, p.line, p.code) for p in CATALOGUE.problems] == []


def test_sample_content_covers_every_kind() -> None:
    assert CATALOGUE.get("streets", "zhongjie") is not None
    assert len(CATALOGUE.records["shops"]) >= 10
    assert {"zhongyangli", "jiuhaoyuan", "beizhan-art"} <= set(CATALOGUE.records["parks"])
    alliance = CATALOGUE.get("members", "fangcheng-digital-alliance")
    assert alliance is not None and alliance.entry.role == "alliance"


def test_member_entries_are_clearly_marked_samples() -> None:
    members = [r for r in CATALOGUE.records["members"].values() if r.entry.role == "member"]
    assert members
    for record in members:
        assert record.entry.sample is True, record.id
        assert "示例" in record.entry.name.get("zh") and "sample" in record.entry.name.get("en").lower(), record.id


def test_every_entry_cites_its_sources() -> None:
    for records in CATALOGUE.records.values():
        for record in records.values():
            if not record.entry.sample:
                assert record.entry.sources or record.entry.source_notes, record.display_path


def test_shops_not_in_shenhe_are_not_placed_on_zhongjie() -> None:
    names = {record.entry.name.get("zh") for record in CATALOGUE.records["shops"].values()}
    assert not names & {"鹿鸣春", "老龙口", "八王寺"}
