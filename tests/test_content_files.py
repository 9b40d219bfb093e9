"""Files that are not files (issue 19, point 1): only regular files inside content/ are read, entries and
images alike, and an entry is never read past the size limit plus one byte.

The device and FIFO cases run the validator in a child process with a memory cap and a time limit: before
the fix it read ``/dev/zero`` until memory ran out and waited on the FIFO for ever.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IMAGE, VALID_SHOP, ContentFolder, write_image

from fangcheng.load import MAX_BYTES, load_file

MEMORY_CAP = 2 * 1024**3


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def validate_in_child(site: ContentFolder) -> subprocess.CompletedProcess[str]:
    """``fangcheng validate`` on ``site`` with 2 GiB of address space and 60 s at most (TimeoutExpired fails)."""
    return subprocess.run(
        [sys.executable, "-m", "fangcheng", "validate", "--lang", "en", "content"],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_capped,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_an_entry_linked_to_a_device_is_refused_without_reading_it(site: ContentFolder) -> None:
    (site.content / "shops").mkdir()
    os.symlink("/dev/zero", site.content / "shops" / "zero.yml")
    result = validate_in_child(site)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert result.stdout.startswith("content/shops/zero.yml:1:1: error file-unreadable: "), result.stdout
    assert "it is a link that leads outside content/" in result.stdout


def test_a_device_inside_content_is_not_a_regular_file(tmp_path: Path) -> None:
    """The same refusal without the link (a device node cannot be made without root: /dev/null stands in)."""
    result = load_file(Path("/dev/null"), "shops/null.yml")
    assert [(p.line, p.col, p.code) for p in result.problems] == [(1, 1, "file-unreadable")]
    assert "not a regular file" in result.problems[0].message("en") and "不是普通文件" in result.problems[0].message(
        "zh"
    )


def test_a_fifo_named_like_an_entry_does_not_hang_the_validator(site: ContentFolder) -> None:
    (site.content / "shops").mkdir()
    os.mkfifo(site.content / "shops" / "pipe.yml")
    site.write("shops/good.yml", VALID_SHOP)
    result = validate_in_child(site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/shops/pipe.yml:1:1: error file-unreadable: The file cannot be read: it is not a regular file (it is "
        "a device, a pipe, a socket or the like). An entry must be a plain, readable file; check its name, any link, "
        "and its permissions."
    ]


def test_an_entry_linked_from_outside_content_is_refused_and_never_quoted(
    site: ContentFolder, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.yml"
    secret.write_text("name: {zh: 机密, en: TOP-SECRET}\nnmae: TOP-SECRET-2\n", encoding="utf-8")
    (site.content / "shops").mkdir()
    os.symlink(secret, site.content / "shops" / "secret.yml")
    catalogue = site.validate()
    assert [(p.path, p.line, p.col, p.code) for p in catalogue.problems] == [
        ("content/shops/secret.yml", 1, 1, "file-unreadable")
    ]
    assert catalogue.records["shops"] == {}
    assert all("SECRET" not in p.message(lang) for p in catalogue.problems for lang in ("zh", "en"))


def test_a_link_inside_content_is_followed(site: ContentFolder) -> None:
    site.write("shops/real.yml", VALID_SHOP)
    os.symlink("real.yml", site.content / "shops" / "alias.yml")
    catalogue = site.validate()
    assert catalogue.problems == [] and set(catalogue.records["shops"]) == {"alias", "real"}


def test_an_image_link_loop_is_unreadable_and_hides_no_other_problem(site: ContentFolder) -> None:
    """The loop raised RuntimeError("Symlink loop"), which hid every other problem and stalled the preview."""
    media = site.content / "media"
    media.mkdir()
    os.symlink("b.jpg", media / "a.jpg")
    os.symlink("a.jpg", media / "b.jpg")
    site.write("shops/laobian.yml", IMAGE.format(file="media/a.jpg"))
    site.write("shops/other.yml", "name: {zh: 乙, en: B}\nfounded: 99\n")
    catalogue = site.validate()
    assert [(p.path, p.line, p.col, p.code) for p in catalogue.problems] == [
        ("content/shops/laobian.yml", 4, 11, "image-unreadable"),
        ("content/shops/other.yml", 3, 10, "year-out-of-range"),
    ]
    assert "round in a circle" in catalogue.problems[0].message("en")


@pytest.mark.parametrize("kind", ["fifo", "device-link", "folder"])
def test_an_image_that_is_not_a_regular_file_is_unreadable(site: ContentFolder, kind: str) -> None:
    media = site.content / "media"
    media.mkdir()
    if kind == "fifo":
        os.mkfifo(media / "a.jpg")
    elif kind == "device-link":
        os.symlink("/dev/zero", media / "a.jpg")
    else:
        (media / "a.jpg").mkdir()
    site.write("shops/laobian.yml", IMAGE.format(file="media/a.jpg"))
    expected = "image-outside-content" if kind == "device-link" else "image-unreadable"
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, expected)]


def test_an_image_link_inside_content_is_followed(site: ContentFolder) -> None:
    write_image(site, "media/real.jpg")
    os.symlink("real.jpg", site.content / "media" / "alias.jpg")
    site.write("shops/laobian.yml", IMAGE.format(file="media/alias.jpg"))
    assert site.problems() == []


def test_read_at_most_stops_one_byte_past_the_limit(tmp_path: Path) -> None:
    from fangcheng.files import read_at_most

    path = tmp_path / "big.yml"
    path.write_bytes(b"a" * (3 * MAX_BYTES))
    data, size = read_at_most(path, MAX_BYTES)
    assert len(data) == MAX_BYTES + 1 and size == 3 * MAX_BYTES
    result = load_file(path, "big.yml")
    assert [(p.code, p.params["size"]) for p in result.problems] == [("file-too-large", 3 * MAX_BYTES)]
