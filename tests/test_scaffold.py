"""The new-entry template (``./scripts/new``): its location makes the editor say where the point came from."""

from __future__ import annotations

import re

import pytest
from conftest import ContentFolder

from fangcheng.scaffold import DATUM_CHOICE, scaffold


def _uncomment_location(text: str, lat: str, lon: str) -> str:
    """``text`` with its location filled in as an editor does: remove the #, type the numbers, keep the rest."""
    lines = text.splitlines()
    start = lines.index("# location:")
    lines[start : start + 4] = ["location:", f"  lat: {lat}", f"  lon: {lon}", lines[start + 3].replace("# ", "", 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", ["shops", "streets", "parks", "members"])
def test_the_location_takes_no_datum_for_granted(site: ContentFolder, kind: str) -> None:
    text = scaffold(kind, "new-entry", site.config)
    assert not re.search(r"^#?\s*-?\s*datum: (wgs84|gcj02|bd09)\b", text, re.MULTILINE), "a datum filled in"
    assert "高德地图、腾讯地图 AMap, Tencent Maps → datum: gcj02" in text
    assert "百度地图 Baidu Maps → datum: bd09" in text
    assert "手机 GPS、OpenStreetMap" in text and "删除 datum 这一行" in text

    # uncommented as it is: the checker asks which map the point came from
    filled = _uncomment_location(text, "41.7985", "123.4543")
    site.write(f"{kind}/new-entry.yml", filled, schema=False)
    line = filled.splitlines().index(f"  datum: {DATUM_CHOICE}") + 1
    problems = [p for p in site.validate().problems if p.code != "missing-translation"]
    assert [(p.line, p.code) for p in problems] == [(line, "bad-datum")]
    assert "gcj02（高德、腾讯地图）" in problems[0].message("zh") and "bd09 (Baidu)" in problems[0].message("en")

    # each answer the comment offers is valid
    for answer in ("  datum: gcj02", "  datum: bd09", None):
        lines = filled.splitlines()
        if answer is None:
            del lines[line - 1]
        else:
            lines[line - 1] = answer
        site.write(f"{kind}/new-entry.yml", "\n".join(lines) + "\n", schema=False)
        assert [p.code for p in site.validate().problems if p.code != "missing-translation"] == [], answer


def test_a_street_paths_points_and_landmarks_ask_too(site: ContentFolder) -> None:
    text = scaffold("streets", "new-street", site.config)
    assert text.count(f"datum: {DATUM_CHOICE}") == 3  # the location and the two points of the path
    assert "location: {lat: , lon: , datum: 请选择}" in text  # a landmark's
