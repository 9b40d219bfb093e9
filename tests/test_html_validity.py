"""Every page of the built sample site passes the Nu HTML Checker (vnu), CSS included.

The checker is the npm package vnu-jar at the version pinned in tests/tools/package-lock.json, run with
Java 17; ``scripts/_checkers.sh`` (run by ./scripts/test) installs both. Like the browser tests, this test
never skips: without the checker it fails with the command that installs it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / ".cache" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = (
    "./scripts/_checkers.sh  (as root it installs openjdk-17-jre-headless with apt-get; "
    "then vnu-jar with npm ci into .cache/node)"
)

# The one accepted error: Material's own toggles (`<input class="md-toggle" type="checkbox" … autocomplete="off">`
# for the drawer and search) carry `autocomplete`, which HTML allows only on text-like inputs.
MATERIAL_TOGGLE_AUTOCOMPLETE = "Attribute “autocomplete” is only allowed when the input type is"


def is_material_toggle_autocomplete(message: dict[str, object]) -> bool:
    extract = str(message.get("extract", ""))
    return (
        str(message.get("message", "")).startswith(MATERIAL_TOGGLE_AUTOCOMPLETE)
        and 'class="md-toggle"' in extract
        and 'type="checkbox"' in extract
    )


def run_vnu(site: Path) -> list[dict[str, object]]:
    """Every message vnu gives about the HTML pages and stylesheets under ``site``."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(f"the Nu HTML Checker is missing (java: {java}, {VNU_JAR.relative_to(ROOT)}): run  {INSTALL}")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", "--also-check-css", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its JSON report to stderr and exits 1 when there are errors.
    report = json.loads(result.stderr)
    return report["messages"]


def describe(message: dict[str, object], site: Path) -> str:
    url = str(message.get("url", "")).replace(site.as_uri(), "").replace(f"file:{site}", "")
    return (
        f"{url}:{message.get('lastLine')}: {message.get('type')}/{message.get('subType', '')}: {message.get('message')}"
    )


def test_every_page_passes_the_nu_html_checker(sample_site: Path) -> None:
    pages = {path.relative_to(sample_site).as_posix() for path in sample_site.rglob("*.html")}
    # Every kind of page, in both languages, is among those checked.
    for lang in ("", "en/"):
        for page in (
            "index.html",
            "404.html",
            "search/index.html",
            "shops/index.html",
            "shops/laobian-dumplings/index.html",
            "streets/zhongjie/index.html",
            "parks/zhongyangli/index.html",
            "members/fangcheng-digital-alliance/index.html",
            "members/sample-member-1/index.html",
            "plaques/shops/laobian-dumplings/index.html",
            "plaques/shops/index.html",
            "data/index.html",
        ):
            assert lang + page in pages
    messages = run_vnu(sample_site)
    accepted = [m for m in messages if is_material_toggle_autocomplete(m)]
    problems = [describe(m, sample_site) for m in messages if not is_material_toggle_autocomplete(m)]
    assert problems == [], "\n".join(problems)
    # The exception names exactly Material's two toggles on each page, nothing else (plaque pages have no theme).
    themed = [page for page in pages if "plaques/" not in page]
    assert len(accepted) == 2 * len(themed)


def test_the_exception_is_only_materials_toggles() -> None:
    toggle = {
        "type": "error",
        "message": MATERIAL_TOGGLE_AUTOCOMPLETE + " “color”, …",
        "extract": '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
    }
    ours = {**toggle, "extract": '<input class="fc-thing" type="checkbox" autocomplete="off">'}
    assert is_material_toggle_autocomplete(toggle)
    assert not is_material_toggle_autocomplete(ours)


def test_a_missing_checker_fails_with_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys.modules[__name__], "VNU_JAR", ROOT / ".cache" / "no-such" / "vnu.jar")
    with pytest.raises(pytest.fail.Exception, match=r"run  \./scripts/_checkers\.sh"):
        run_vnu(tmp_path)
