"""``site_url`` and the addresses built from it (issue 19, point 4): a query or a fragment is refused with a
bilingual error before anything is built, every address in the sitemap is escaped XML, a plaque's QR code
has room for the longest address the site may have, a build for the local address says so, and the
publishing job refuses to deploy such a site."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, run_build

from fangcheng import cli
from fangcheng.config import SITE_URL_CHARS, site_url_problem
from fangcheng.plaques import qr_svg

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


@pytest.mark.parametrize("url", ["https://example.org/fc/?utm=1", "https://example.org/fc/#frag"])
def test_a_site_url_with_a_query_or_fragment_is_refused_before_anything_is_built(tmp_path: Path, url: str) -> None:
    """Canonical links were right, but QR codes, plaques and the open data read …?utm=1/shops/laobian-dumplings/:
    every printed plaque led to the home page."""
    project = copy_project(tmp_path / "p")
    result = run_build(project, env={"SITE_URL": url})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "不能带查询参数（?…）或片段（#…）" in result.stderr
        and "cannot have a query (?…) or a fragment (#…)" in result.stderr
    )
    assert not (project / "site").exists()


def test_mkdocs_itself_refuses_such_a_site_url(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "out")],
        cwd=project,
        env={**os.environ, "SITE_URL": "https://example.org/fc/?utm=1", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0 and "cannot have a query (?…) or a fragment (#…)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_3000_character_site_url_is_refused_saying_what_a_qr_code_holds(tmp_path: Path) -> None:
    """It failed with zxing's raw "Error 561: Input too long for ECC level M"."""
    project = copy_project(tmp_path / "p")
    result = run_build(project, env={"SITE_URL": "https://example.org/" + "a" * 3_000 + "/"})
    assert result.returncode == 2 and "Traceback" not in result.stderr and "Error 561" not in result.stderr
    assert f"at most {SITE_URL_CHARS} are allowed" in result.stderr and "2,331 bytes" in result.stderr
    assert f"最多只能有 {SITE_URL_CHARS} 个" in result.stderr


def test_the_longest_site_url_leaves_room_for_every_plaque_address() -> None:
    longest = "https://" + "例" * (SITE_URL_CHARS - 9) + "/"  # three bytes a character
    assert site_url_problem(longest) is None
    plaque = longest + "zh-hant/members/" + "a" * 100 + "/"
    assert "<svg" in qr_svg(plaque, "title", plaque)


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("https://example.org/fangcheng/", False),
        ("http://127.0.0.1:8000/", False),
        ("https://例子.中国/方城/", False),
        ("https://example.org/a&b/", False),
        ("https://example.org/?", True),
        ("ftp://example.org/", True),
        ('https://example.org/"onmouseover="x', True),
        ("https://exa mple.org/", True),
    ],
)
def test_site_url_problem(url: str, refused: bool) -> None:
    assert (site_url_problem(url) is not None) == refused


def test_an_ampersand_in_the_site_url_is_escaped_in_the_sitemap(tmp_path: Path) -> None:
    """With "&" in site_url, sitemap.xml was not well-formed XML (the other languages' alternates were raw)."""
    project = copy_project(tmp_path / "p")
    url = "https://example.org/a&b/"
    result = run_build(project, env={"SITE_URL": url, "FANGCHENG_SEARCH": "off"})
    assert result.returncode == 0, result.stderr
    root = ElementTree.parse(project / "site" / "sitemap.xml").getroot()
    addresses = [element.text or "" for element in root.iter(LOC)]
    addresses += [element.get("href", "") for element in root.iter("{http://www.w3.org/1999/xhtml}link")]
    assert addresses and all(address.startswith(url) for address in addresses)
    assert "Note: the site address is the local" not in result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "fangcheng", "publish-check", "site"], cwd=project, capture_output=True, text=True
    )
    assert check.returncode == 0 and "can be published at https://example.org/" in check.stderr


def test_a_build_for_the_local_address_says_where_its_addresses_point() -> None:
    local = cli.build_summary(3, 0, {"zh": 9, "en": 9}, 0, 1.0, Path("site"), site_url="http://127.0.0.1:8000/")
    assert local.splitlines()[-1] == (
        "Note: the site address is the local http://127.0.0.1:8000/: QR codes, canonical links and the sitemap "
        "point at it, so this site cannot be published. Set the real address with SITE_URL first, e.g. "
        "SITE_URL=https://example.org/fangcheng/ ./scripts/build."
    )
    assert "二维码、规范链接（canonical）和网站地图都指向它" in local.splitlines()[-2]
    public = cli.build_summary(3, 0, {"zh": 9, "en": 9}, 0, 1.0, Path("site"), site_url="https://example.org/")
    assert "本机地址" not in public and "Note:" not in public


def _site(tmp_path: Path, sitemap: str) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    return site


def _sitemap(*addresses: str) -> str:
    urls = "".join(f"<url><loc>{address}</loc></url>" for address in addresses)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


@pytest.mark.parametrize(
    ("sitemap", "code", "says"),
    [
        (
            _sitemap("http://127.0.0.1:8000/", "http://127.0.0.1:8000/en/"),
            1,
            "built for the local address 127.0.0.1:8000",
        ),
        (_sitemap("http://localhost:8000/"), 1, "built for the local address localhost:8000"),
        (_sitemap("https://example.org/a&b/"), 1, "not well-formed XML"),
        (
            _sitemap("https://example.org/a&amp;b/", "https://example.org/a&amp;b/en/"),
            0,
            "can be published at https://example.org/",
        ),
    ],
)
def test_publish_check_refuses_a_site_that_must_not_be_published(
    tmp_path: Path, sitemap: str, code: int, says: str
) -> None:
    site = _site(tmp_path, sitemap)
    result = subprocess.run(
        [sys.executable, "-m", "fangcheng", "publish-check", str(site)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == code and says in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_the_publishing_job_checks_the_site_before_it_uploads_it() -> None:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps]
    check = runs.index("./scripts/publish-check site")
    upload = next(i for i, use in enumerate(uses) if use.startswith("actions/upload-pages-artifact@"))
    assert runs.index("./scripts/build") < check < upload
    assert steps[check]["if"] == steps[upload]["if"]
    script = ROOT / "scripts" / "publish-check"
    assert script.is_file() and "fangcheng publish-check" in script.read_text(encoding="utf-8")
