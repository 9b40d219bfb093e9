"""Build the site atomically: validate, run MkDocs into a temporary folder, swap it into place.

A failed validation or build leaves the previous ``site/`` untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


REMOVER_THREADS = 8


class BuildError(Exception):
    """The site could not be built; the message says why."""


def source_date_epoch(project: Path) -> str | None:
    """The time of the checked-out commit, so that dates in the site (sitemap) are reproducible."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else None


def build_site(mkdocs_yml: Path, site_dir: Path, *, strict: bool = True) -> None:
    """Run MkDocs on ``mkdocs_yml`` and replace ``site_dir`` with the result only on success.

    Unless ``SOURCE_DATE_EPOCH`` is set, the commit time stands for "now", so two builds of the
    same commit are byte-identical.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    site_dir = site_dir.absolute()
    parent = site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=parent))
    try:
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        if "SOURCE_DATE_EPOCH" not in os.environ:
            epoch = source_date_epoch(mkdocs_yml.parent)
            if epoch:
                os.environ["SOURCE_DATE_EPOCH"] = epoch
        config = load_config(str(mkdocs_yml), site_dir=str(staging), strict=strict)
        try:
            build(config)
        except (Abort, MkDocsException) as error:
            raise BuildError(str(error)) from error
        except Exception as error:  # a template or plugin bug: say where, without a traceback
            raise BuildError(f"{type(error).__name__}: {error}") from error
        _swap(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``: two renames on one file system, so readers never see half a site."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        remove_tree(old)


def remove_tree(root: Path) -> None:
    """Delete ``root`` and everything in it, from several threads.

    Deleting a file is system time spent mostly waiting for the disk (a built site of 1,500 entries
    has 6,000 files: a second on the VM this was measured on): threads wait side by side, so this
    takes half as long as :func:`shutil.rmtree`, which finishes whatever is left (and reports nothing).
    """
    files: list[str] = []
    levels: dict[int, list[str]] = {}
    for here, folders, names in os.walk(root):
        levels.setdefault(here.count(os.sep), []).append(here)
        files.extend(os.path.join(here, name) for name in names)
        files.extend(os.path.join(here, name) for name in folders if os.path.islink(os.path.join(here, name)))
    with ThreadPoolExecutor(max_workers=REMOVER_THREADS, thread_name_prefix="fangcheng-remove") as pool:
        list(pool.map(_remove_all, [(os.unlink, files[i : i + 256]) for i in range(0, len(files), 256)]))
        for depth in sorted(levels, reverse=True):  # the deepest folders first: each is empty by then
            folders = levels[depth]
            list(pool.map(_remove_all, [(os.rmdir, folders[i : i + 64]) for i in range(0, len(folders), 64)]))
    shutil.rmtree(root, ignore_errors=True)


def _remove_all(work: tuple[Callable[[str], None], list[str]]) -> None:
    remove, paths = work
    for path in paths:
        try:
            remove(path)
        except OSError:
            pass  # left for shutil.rmtree
