"""Open data (site/data/): JSON, CSV per kind, GeoJSON and a Frictionless data package, and the Open data page."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest
from conftest import ROOT, SHENYANG, VALID_SHOP, ContentFolder, copy_project, run_build
from hostile import ENTRY_ID, PAYLOAD, write_hostile_entries
from mkdocs.exceptions import ConfigurationError

from fangcheng.opendata import DataSettings, Licence, build_open_data, human_size, safe_cell
from fangcheng.plugin_config import licence_of, load_site_config, plugin_options

SITE_URL = "https://example.org/fangcheng/"
FORMULAS = {"zh": '=HYPERLINK("https://evil.example/","点我")', "en": "+cmd|' /C calc'!A0"}
KINDS = ("shops", "streets", "parks", "members")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with a draft, hostile entries of every kind and a formula-like shop, at a sub-path."""
    project = copy_project(tmp_path_factory.mktemp("opendata"))
    draft = project / "content" / "shops" / "tianyitang.yml"
    draft.write_text(draft.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    write_hostile_entries(project)
    (project / "content" / "shops" / "formula.yml").write_text(
        "# yaml-language-server: $schema=../schema/shops.json\n"
        + f"name:\n  zh: '{FORMULAS['zh']}'\n  en: \"{FORMULAS['en']}\"\n"
        + "summary:\n  zh: '@SUM(A1:A9)'\n  en: '-2+3, \"quoted\", 逗号'\nphone: '+86 24 1234 5678'\nfounded: 1900\n",
        encoding="utf-8",
    )
    result = run_build(project, env={"SITE_URL": SITE_URL, "FANGCHENG_SEARCH": "off"})
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site" / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_the_package_validates_with_frictionless(data: Path) -> None:
    report = frictionless.validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "note"])
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            # mkdocs.yml gives a title per language: the package, one file for every language, holds both
            "title": "知识共享 署名 4.0 国际（CC BY 4.0） / Creative Commons Attribution 4.0 International (CC BY 4.0)",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]
    assert package["sources"] == [{"title": "方城", "path": SITE_URL}]
    assert package["created"] == "2023-11-14T22:13:20Z"  # SOURCE_DATE_EPOCH=1700000000
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == {"catalogue.json", "places.geojson", *(f"{kind}.csv" for kind in KINDS)}
    for kind in KINDS:
        resource = resources[f"{kind}.csv"]
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8-sig")
        assert resource["schema"]["fields"][0] == {
            "name": "id",
            "type": "string",
            "description": "条目 id / Entry id",
            "constraints": {"required": True, "unique": True},
        }
    assert resources["places.geojson"]["mediatype"] == "application/geo+json"
    shop_fields = {f["name"]: f["type"] for f in resources["shops.csv"]["schema"]["fields"]}
    assert shop_fields["founded"] == "integer" and shop_fields["lat"] == "number" and shop_fields["sample"] == "boolean"
    assert shop_fields["recognitions"] == "array" and shop_fields["name_zh"] == shop_fields["name_en"] == "string"


def test_a_changed_file_fails_validation(data: Path, tmp_path: Path) -> None:
    """The package's sizes and checksums are checked: the validation above can fail."""
    for item in data.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    shops = tmp_path / "shops.csv"
    shops.write_bytes(shops.read_bytes().replace("宝发园".encode(), "宝发圆".encode()))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert {error[0] for error in report.flatten(["type"])} == {"hash-count"}


def test_csv_has_a_bom_and_a_column_per_language(data: Path) -> None:
    catalogue = json.loads((data / "catalogue.json").read_text(encoding="utf-8"))
    for kind in KINDS:
        raw = (data / f"{kind}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbfid,url_zh,url_en,name_zh,name_en,summary_zh,summary_en,")
        assert b"\r\n" in raw
        rows = read_csv(data / f"{kind}.csv")
        assert [row["id"] for row in rows] == [e["id"] for e in catalogue["entries"] if e["kind"] == kind]
    shops = {row["id"]: row for row in read_csv(data / "shops.csv")}
    laobian = shops["laobian-dumplings"]
    assert (laobian["name_zh"], laobian["name_en"]) == ("老边饺子馆", "Laobian Dumplings")
    assert laobian["url_en"] == SITE_URL + "en/shops/laobian-dumplings/"
    assert laobian["founded"] == "1829"
    assert json.loads(laobian["recognitions"])[0]["title"]["zh"]  # lists of objects are JSON, texts {lang: text}
    street = {row["id"]: row for row in read_csv(data / "streets.csv")}["zhongjie"]
    assert (street["lat"], street["lon"]) == ("41.801333", "123.456889")
    assert street["sources"].startswith("https://") and " https://" in street["sources"]  # joined by a space


def test_csv_cells_that_look_like_formulas_get_a_quote(data: Path) -> None:
    row = {r["id"]: r for r in read_csv(data / "shops.csv")}["formula"]
    assert row["name_zh"] == "'" + FORMULAS["zh"]
    assert row["name_en"] == "'" + FORMULAS["en"]
    assert row["summary_zh"] == "'@SUM(A1:A9)"
    assert row["summary_en"] == '\'-2+3, "quoted", 逗号'
    assert row["phone"] == "'+86 24 1234 5678"
    assert row["founded"] == "1900"  # numbers are not texts: no quote


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_safe_cell_quotes_every_formula_start(start: str) -> None:
    assert safe_cell(start + "1+1") == "'" + start + "1+1"


def test_safe_cell_leaves_other_text() -> None:
    assert safe_cell("老边 = good") == "老边 = good"
    assert safe_cell("") == ""


def test_hostile_text_stays_data(data: Path) -> None:
    catalogue = json.loads((data / "catalogue.json").read_text(encoding="utf-8"))
    hostile = [e for e in catalogue["entries"] if e["id"] == ENTRY_ID]
    assert {e["kind"] for e in hostile} == set(KINDS)
    for entry in hostile:
        assert entry["name"]["zh"].startswith(PAYLOAD) and entry["name"]["en"].startswith(PAYLOAD)
        row = {r["id"]: r for r in read_csv(data / f"{entry['kind']}.csv")}[ENTRY_ID]
        assert (
            row["name_zh"] == entry["name"]["zh"] and row["name_en"] == entry["name"]["en"]
        )  # quoted, read back whole
    geo = json.loads((data / "places.geojson").read_text(encoding="utf-8"))
    assert any(f["properties"]["name_en"].startswith(PAYLOAD) for f in geo["features"])
    page = (data / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and PAYLOAD not in page


def test_geojson_is_rfc_7946_lon_lat_inside_the_region(data: Path) -> None:
    geo = json.loads((data / "places.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and "crs" not in geo
    points = []
    for feature in geo["features"]:
        geometry = feature["geometry"]
        points += [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
        assert {"name_zh", "name_en", "url_zh", "url_en"} <= set(feature["properties"])
    assert len(points) > 5
    for lon, lat in points:
        assert SHENYANG.contains(lat, lon), (lon, lat)
    zhongjie = next(f for f in geo["features"] if f["id"] == "streets/zhongjie")
    lon, lat = zhongjie["geometry"]["coordinates"]
    assert lon == pytest.approx(123.46, abs=0.01) and lat == pytest.approx(41.80, abs=0.01)
    assert (
        zhongjie["properties"]["name_zh"] == "中街"
        and zhongjie["properties"]["name_en"] == "Zhongjie Pedestrian Street"
    )


def test_catalogue_json_has_every_published_entry_in_every_language(data: Path) -> None:
    catalogue = json.loads((data / "catalogue.json").read_text(encoding="utf-8"))
    assert catalogue["languages"] == ["zh", "en"]
    ids = {(e["kind"], e["id"]) for e in catalogue["entries"]}
    expected = {(kind, path.stem) for kind in KINDS for path in (ROOT / "content" / kind).glob("*.yml")}
    assert ids == (expected - {("shops", "tianyitang")}) | {(k, ENTRY_ID) for k in KINDS} | {("shops", "formula")}
    street = next(e for e in catalogue["entries"] if e["id"] == "zhongjie")
    assert list(street)[:5] == ["kind", "id", "url", "name", "summary"]
    assert street["url"] == {"zh": SITE_URL + "streets/zhongjie/", "en": SITE_URL + "en/streets/zhongjie/"}
    assert street["name"] == {"zh": "中街", "en": "Zhongjie Pedestrian Street"}
    assert street["location"] == {"lat": 41.801333, "lon": 123.456889}
    assert "status" not in street


def test_drafts_never_appear_in_the_data(data: Path) -> None:
    for item in data.iterdir():
        if item.name != "index.html":
            assert b"tianyitang" not in item.read_bytes(), item.name
            assert "天益堂".encode() not in item.read_bytes(), item.name


def test_drafts_stay_out_of_the_data_in_the_preview_too(site: ContentFolder) -> None:
    site.write("shops/laobian.yml", VALID_SHOP)
    site.write("shops/secret.yml", VALID_SHOP.replace("老边饺子馆", "秘密草稿") + "status: draft\n")
    catalogue = site.validate()
    assert not catalogue.problems
    files = build_open_data(catalogue, DataSettings()).files
    assert all(b"secret" not in f.data and "秘密草稿".encode() not in f.data for f in files)
    assert any(b"laobian" in f.data for f in files)


def test_the_open_data_page_lists_each_file_with_its_size(data: Path) -> None:
    site = data.parent
    for page, prefix in ((site / "data" / "index.html", ""), (site / "en" / "data" / "index.html", "../../data/")):
        html = page.read_text(encoding="utf-8")
        for item in sorted(data.iterdir()):
            if item.name == "index.html":
                continue
            row = re.search(
                rf'<li class="fc-data__file">.{{0,80}}<a href="{re.escape(prefix + item.name)}" download>.*?</li>', html
            )
            assert row, (page, item.name)
            assert f'<span class="fc-data__size">{human_size(item.stat().st_size)}</span>' in row.group()
        assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "开放数据" in (site / "data" / "index.html").read_text(encoding="utf-8")
    assert "Open data" in (site / "en" / "data" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1000, "1.0 KB"),
        (4_249, "4.2 KB"),
        (12_345, "12 KB"),
        (999_499, "999 KB"),
        (3_100_000, "3.1 MB"),
    ],
)
def test_human_size(size: int, shown: str) -> None:
    assert human_size(size) == shown


def test_the_files_are_the_same_in_every_run() -> None:
    """Byte-identical whatever the hash seed (no set order, no clock): a second process, another seed."""
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from fangcheng.catalogue import load_catalogue\n"
        "from fangcheng.plugin_config import load_site_config\n"
        "from fangcheng.opendata import DataSettings, Licence, build_open_data\n"
        f"root = Path({str(ROOT)!r})\n"
        "catalogue = load_catalogue(root / 'content', load_site_config(root / 'mkdocs.yml'), cwd=root)\n"
        "files = build_open_data(catalogue, DataSettings('https://example.org/', 'x', Licence('CC-BY-4.0'))).files\n"
        "print(hashlib.sha256(b''.join(f.name.encode() + f.data for f in files)).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    assert len(digests) == 1


def test_created_only_from_source_date_epoch(site: ContentFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    site.write("shops/laobian.yml", VALID_SHOP)
    catalogue = site.validate()
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    package = json.loads(build_open_data(catalogue, DataSettings()).files[-1].data)
    assert "created" not in package and "licenses" not in package
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert json.loads(build_open_data(catalogue, DataSettings()).files[-1].data)["created"] == "1970-01-02T00:00:00Z"


def test_the_licence_comes_from_mkdocs_yml() -> None:
    config = ROOT / "mkdocs.yml"
    assert licence_of(plugin_options({}, config)) is None
    options = plugin_options(
        {"licence": {"name": "CC-BY-SA-4.0", "path": "https://creativecommons.org/licenses/by-sa/4.0/"}}, config
    )
    assert licence_of(options) == ("CC-BY-SA-4.0", None, "https://creativecommons.org/licenses/by-sa/4.0/")
    with pytest.raises(ConfigurationError, match="licence 需要 name.*needs a name"):
        licence_of(plugin_options({"licence": {"title": "随便用"}}, config))
    assert load_site_config(config)  # the project's own settings still read
    assert Licence("CC0-1.0").as_dict() == {"name": "CC0-1.0"}
