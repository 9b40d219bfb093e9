"""The live preview's site (fangcheng.live_site): after any series of saves in content/, updated page by page,
it is the site a fresh preview build of the same content makes, file by file."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_project, large_project, tree_digest

from fangcheng.live_site import LiveSite
from fangcheng.search_index import BUNDLE


@pytest.fixture
def preview_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def live(tmp_path: Path, preview_env: None) -> Iterator[LiveSite]:
    project = copy_project(tmp_path / "p")
    site = LiveSite(project / "mkdocs.yml")
    site.build()
    yield site
    site.close()


def content(site: LiveSite) -> Path:
    return site.mkdocs_yml.parent / "content"


def edit(site: LiveSite, name: str, old: str, new: str) -> None:
    path = content(site) / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def save(site: LiveSite) -> int:
    """Bring the site up to date as the preview does after a save; the number of pages sent through MkDocs."""
    update = site.update()
    site.finish()
    return update.pages if update else 0


def differences(live: LiveSite) -> list[str]:
    """The files of the live site that a fresh build of the same project makes otherwise (or not at all)."""
    fresh = LiveSite(live.mkdocs_yml)
    try:
        fresh.build()
        assert live.site_dir is not None and fresh.site_dir is not None
        ours, theirs = tree_digest(live.site_dir), tree_digest(fresh.site_dir)
    finally:
        fresh.close()
    return sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name))


def page(site: LiveSite, path: str) -> str:
    assert site.site_dir is not None
    return (site.site_dir / path / "index.html").read_text(encoding="utf-8")


def test_after_a_series_of_saves_the_site_is_a_fresh_builds_file_by_file(live: LiveSite) -> None:
    assert save(live) == 0  # nothing saved, nothing done

    edit(live, "shops/tianyitang.yml", "  zh: 道光四年", "  zh: 改过的道光四年")  # a summary
    assert 1 <= save(live) <= 4
    assert "改过的道光四年" in page(live, "shops/tianyitang")

    edit(live, "shops/tianyitang.yml", "Tianyitang Pharmacy", "Tianyitang Apothecary")  # a name: other pages show it
    save(live)
    for shown_on in ("en/shops/tianyitang", "en/streets/zhongjie", "en/shops", "en/timeline"):
        assert "Tianyitang Apothecary" in page(live, shown_on), shown_on

    edit(live, "shops/tianyitang.yml", "founded: 1824", "founded: 1824\nlocation: {lat: 41.8012, lon: 123.457}")
    save(live)  # a point: on the home page's map now, and the nearest places of its neighbours change
    assert "Tianyitang Apothecary" in page(live, "en")
    edit(live, "members/sample-member-3.yml", "member_of:", "park: beizhan-art\nmember_of:")  # a new reference
    save(live)
    assert "sample-member-3" in page(live, "parks/beizhan-art")
    assert differences(live) == []

    shop = (content(live) / "shops/tianyitang.yml").read_text(encoding="utf-8")
    (content(live) / "shops/new-pharmacy.yml").write_text(
        shop.replace("天益堂", "新药房").replace("Tianyitang Apothecary", "New Pharmacy"), encoding="utf-8"
    )  # added
    save(live)
    assert "New Pharmacy" in page(live, "en/shops/new-pharmacy")
    (content(live) / "shops/new-pharmacy.yml").rename(content(live) / "shops/old-pharmacy.yml")  # renamed
    save(live)
    (content(live) / "shops/baofayuan.yml").unlink()  # deleted
    save(live)
    assert live.site_dir is not None and not (live.site_dir / "shops" / "baofayuan").exists()
    edit(live, "shops/laobian-dumplings.yml", "founded:", "status: draft\nfounded:")  # a draft: its banner
    save(live)
    assert "fc-notice--draft" in page(live, "shops/laobian-dumplings")

    good = (content(live) / "shops/zhongjie-bingdian.yml").read_text(encoding="utf-8")
    edit(live, "shops/zhongjie-bingdian.yml", "name:", 'name: "')  # broken: its last good page stays
    save(live)
    assert live.panel("zh") is not None and "zhongjie-bingdian" in (live.panel("zh") or "")
    assert (live.site_dir / "shops" / "zhongjie-bingdian" / "index.html").exists()
    (content(live) / "shops/zhongjie-bingdian.yml").write_text(good.replace("冰点", "冰点城"), encoding="utf-8")
    save(live)
    assert live.panel("zh") is None
    assert differences(live) == []
    assert not any(live.site_dir.rglob("*.part")), "a partly written file was left"


def test_a_save_that_changes_nothing_shown_sends_no_page_through_mkdocs(live: LiveSite) -> None:
    edit(live, "shops/tianyitang.yml", "founded: 1824", "# a comment\nfounded: 1824")
    assert save(live) == 0


def test_a_changed_entry_is_read_again_and_no_other(live: LiveSite, monkeypatch: pytest.MonkeyPatch) -> None:
    import fangcheng.catalogue

    read: list[str] = []
    load_file = fangcheng.catalogue.load_file
    monkeypatch.setattr(
        fangcheng.catalogue,
        "load_file",
        lambda path, shown, **options: read.append(path.name) or load_file(path, shown, **options),
    )
    edit(live, "shops/tianyitang.yml", "  zh: 道光四年", "  zh: 又改过的道光四年")
    save(live)
    assert read == ["tianyitang.yml"]


def test_the_search_index_is_not_made_by_the_build_but_beside_it(live: LiveSite) -> None:
    """fangcheng serve indexes the site in the background (fangcheng.preview.SearchIndexer)."""
    assert live.site_dir is not None and not (live.site_dir / BUNDLE).exists()


def test_every_built_site_goes_when_the_preview_ends(tmp_path: Path, preview_env: None) -> None:
    project = copy_project(tmp_path / "p")
    site = LiveSite(project / "mkdocs.yml")
    site.build()
    first = site.site_dir
    edit(site, "shops/tianyitang.yml", "Tianyitang Pharmacy", "Tianyitang")
    site.build()  # a full build (a template changed …) replaces the site served
    assert first is not None and not first.exists() and site.site_dir is not None and site.site_dir.exists()
    site.close()
    assert not [p for p in (project / ".cache").glob("build-*") if p.exists()]


def test_a_template_that_cannot_render_keeps_the_last_good_pages(tmp_path: Path, preview_env: None) -> None:
    project = copy_project(tmp_path / "p")
    site = LiveSite(project / "mkdocs.yml")
    site.build()
    template = project / "overrides" / "fangcheng" / "entry.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    update = site.build()
    try:
        assert update.kept
        assert "天益堂" in page(site, "shops/tianyitang")
        assert re.search(r"overrides/fangcheng/entry\.html:\d+", site.panel("zh") or "")
        assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
    finally:
        site.close()


def test_numbered_browse_pages_and_the_cards_file_come_and_go_with_the_entries(
    tmp_path: Path, preview_env: None
) -> None:
    from fangcheng.render import CARDS_PER_PAGE

    project = large_project(tmp_path / "p", shops=CARDS_PER_PAGE)
    site = LiveSite(project / "mkdocs.yml")
    site.build()
    try:
        assert site.site_dir is not None
        shops = project / "content" / "shops"
        second, cards = (
            site.site_dir / "en" / "shops" / "page" / "2" / "index.html",
            site.site_dir / "shops" / "cards.json",
        )
        assert not second.exists() and not cards.exists()
        text = (shops / "shop-00001.yml").read_text(encoding="utf-8")
        (shops / "zz-last.yml").write_text(text.replace("name:\n  zh: ", "name:\n  zh: 最后", 1), encoding="utf-8")
        save(site)
        assert second.exists() and cards.exists() and "zz-last" in cards.read_text(encoding="utf-8")
        edit(site, "shops/shop-00002.yml", "summary:\n  zh: ", "summary:\n  zh: 改")  # on page 1, in cards.json
        save(site)
        assert differences(site) == []
        (shops / "zz-last.yml").unlink()
        save(site)
        assert not second.exists() and not cards.exists()
        assert differences(site) == []
    finally:
        site.close()


def test_a_fixed_entrys_page_is_never_served_with_the_problem_it_had(
    live: LiveSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problem panel follows the content before the pages do: a request between two pages of an update sees
    the old page, or the new one without the old problem."""
    edit(live, "shops/tianyitang.yml", "founded: 1824", "founded: 一八二四")
    save(live)
    assert live.panel("en") is not None
    panels_as_pages_went_out: list[str | None] = []
    through_mkdocs = LiveSite._through_mkdocs

    def watched(self: LiveSite, *args: object) -> None:
        panels_as_pages_went_out.append(self.panel("en"))
        through_mkdocs(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(LiveSite, "_through_mkdocs", watched)
    edit(live, "shops/tianyitang.yml", "founded: 一八二四", "founded: 1824")
    save(live)
    assert panels_as_pages_went_out and panels_as_pages_went_out == [None] * len(panels_as_pages_went_out)


def test_after_a_save_the_open_data_keeps_the_sample_entries_the_build_publishes(
    tmp_path: Path, preview_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FANGCHENG_SAMPLES", "1")  # mkdocs.yml: samples: !ENV [FANGCHENG_SAMPLES, false]
    site = LiveSite(copy_project(tmp_path / "p") / "mkdocs.yml")
    site.build()
    try:
        edit(site, "shops/tianyitang.yml", "  zh: 道光四年", "  zh: 改过的道光四年")
        save(site)
        assert site.site_dir is not None
        assert any("sample-member-2" in p.read_text(encoding="utf-8") for p in (site.site_dir / "data").iterdir())
        assert [name for name in differences(site) if name.startswith("data/")] == []
    finally:
        site.close()
