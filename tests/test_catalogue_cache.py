"""The catalogue as the preview loads it after each save (catalogue.CatalogueCache): only the entry files that
changed are read again, and the result is what loading every file gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import VALID_SHOP, ContentFolder

import fangcheng.catalogue
from fangcheng.catalogue import CatalogueCache, load_catalogue

STREET = "name: {zh: 中街, en: Zhongjie}\n"
IMAGE = (
    "name: {{zh: 老边, en: Laobian}}\nstreet: zhongjie\nimages:\n  - file: {file}\n"
    "    alt: {{zh: 门面, en: Shopfront}}\n    credit: {{zh: 摄影, en: Photo}}\n"
)


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the entry files read, in order."""
    names: list[str] = []
    load_file = fangcheng.catalogue.load_file

    def counting(path: Path, shown: str, **options: object):
        names.append(path.name)
        return load_file(path, shown, **options)

    monkeypatch.setattr(fangcheng.catalogue, "load_file", counting)
    return names


def fresh(site: ContentFolder):
    return load_catalogue(site.content, site.config, cwd=site.root)


def test_nothing_changed_gives_the_same_catalogue(site: ContentFolder, read: list[str]) -> None:
    site.write("shops/laobian.yml", VALID_SHOP)
    cache = CatalogueCache()
    first = cache.load(site.content, site.config, cwd=site.root)
    assert cache.load(site.content, site.config, cwd=site.root) is first
    assert read == ["laobian.yml"]


def test_only_the_changed_entry_is_read_again_and_the_rules_see_the_whole(site: ContentFolder, read: list[str]) -> None:
    site.write("streets/zhongjie.yml", STREET)
    site.write("shops/laobian.yml", VALID_SHOP + "street: zhongjie\n")
    site.write("shops/majia.yml", VALID_SHOP)
    cache = CatalogueCache()
    before = cache.load(site.content, site.config, cwd=site.root)
    read.clear()
    (site.content / "streets" / "zhongjie.yml").unlink()  # the shop's reference now leads nowhere
    site.write("shops/majia.yml", VALID_SHOP.replace("1829", "一八二九"))
    after = cache.load(site.content, site.config, cwd=site.root)
    assert read == ["majia.yml"]
    assert after.records["shops"]["laobian"] is before.records["shops"]["laobian"]  # kept: pages compare it
    assert {p.code for p in after.problems} == {"unknown-reference", "wrong-type"}
    assert after.problems == fresh(site).problems
    assert "majia" not in after.records["shops"]


def test_an_image_that_comes_is_checked_again_though_its_entry_did_not_change(
    site: ContentFolder, read: list[str]
) -> None:
    from PIL import Image

    site.write("streets/zhongjie.yml", STREET)
    site.write("shops/laobian.yml", IMAGE.format(file="media/a.jpg"))
    cache = CatalogueCache()
    assert [p.code for p in cache.load(site.content, site.config, cwd=site.root).problems] == ["image-missing"]
    (site.content / "media").mkdir()
    Image.new("RGB", (640, 480), (140, 28, 19)).save(site.content / "media" / "a.jpg", "JPEG")
    read.clear()
    again = cache.load(site.content, site.config, cwd=site.root)
    assert read == [] and again.problems == [] == fresh(site).problems
    assert cache.changed_files == [site.content / "media" / "a.jpg"]


def test_a_broken_entry_is_not_read_again_until_it_changes(site: ContentFolder, read: list[str]) -> None:
    site.write("shops/laobian.yml", b"\xff\xfe broken")
    cache = CatalogueCache()
    cache.load(site.content, site.config, cwd=site.root)
    site.write("shops/majia.yml", VALID_SHOP)
    read.clear()
    cache.load(site.content, site.config, cwd=site.root)
    assert read == ["majia.yml"]  # the broken one did not change: its problems are kept
