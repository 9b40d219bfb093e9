"""Ids the file system can hold (issue 19, point 5): one id length limit, in the model, the validator and
``new``; an id at the limit builds, and so does an image with a long file name."""

from __future__ import annotations

import subprocess
import sys

from conftest import VALID_SHOP, ContentFolder, copy_project, run_build
from PIL import Image

from fangcheng.media import MediaProcessor
from fangcheng.model import KINDS


def _limit() -> int:
    import fangcheng.model

    return int(getattr(fangcheng.model, "ID_CHARS", 100))


def test_an_id_longer_than_the_limit_is_refused_at_its_file(site: ContentFolder) -> None:
    """A 251-character id validated, then the build failed with "OSError: File name too long"."""
    long_id = "-".join(["laobian"] * 40)[:251].strip("-")
    site.write(f"shops/{long_id}.yml", VALID_SHOP)
    catalogue = site.validate()
    assert [(p.line, p.col, p.code) for p in catalogue.problems] == [(1, 1, "id-too-long")]
    message = catalogue.problems[0].message("en")
    assert f"has {len(long_id)} characters, at most {_limit()} are allowed" in message
    suggestion = str(catalogue.problems[0].params["suggestion"])
    assert len(suggestion) <= _limit() and f"{suggestion}.yml" in message
    assert "最多只能有" in catalogue.problems[0].message("zh")


def test_the_limit_is_the_one_of_every_reference_to_an_entry() -> None:
    schema = KINDS["shops"].model_json_schema()
    assert schema["properties"]["street"]["anyOf"][0]["maxLength"] == _limit()


def test_an_id_at_the_limit_builds(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    long_id = ("laobian-" * 20)[: _limit()].strip("-")
    long_id = long_id + "x" * (_limit() - len(long_id))
    assert len(long_id) == _limit()
    shop = project / "content" / "shops" / f"{long_id}.yml"
    shop.write_text(
        (project / "content" / "shops" / "laobian-dumplings.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run_build(project, env={"FANGCHENG_SEARCH": "off"})
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "en" / "shops" / long_id / "index.html").is_file()


def test_new_refuses_an_id_longer_than_the_limit_without_a_traceback(site: ContentFolder) -> None:
    """``./scripts/new shops <300 characters>`` printed a traceback."""
    (site.root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "fangcheng", "new", "shops", "a" * 300],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"The id has 300 characters; at most {_limit()} are allowed" in result.stderr
    assert f"最多只能有 {_limit()} 个" in result.stderr
    assert not (site.content / "shops").exists()


def test_an_image_with_a_long_file_name_gets_derivatives_the_file_system_holds(site: ContentFolder) -> None:
    name = "media/" + "门面" * 40 + "-" + "x" * 100 + ".jpg"  # 340 bytes of name: the derivatives added 24
    path = site.content / name
    path.parent.mkdir(parents=True)
    try:
        Image.new("RGB", (640, 480), (140, 28, 19)).save(path, "JPEG")
    except OSError:  # the original itself is too long for this file system: shorten it, keep the stem long
        name = "media/" + "门面" * 40 + ".jpg"
        path = site.content / name
        Image.new("RGB", (640, 480), (140, 28, 19)).save(path, "JPEG")
    processed = MediaProcessor(site.content, site.root / ".cache").process(name)
    assert all(len(d.path.split("/")[-1].encode()) <= 255 for d in (*processed.webp, processed.fallback))
