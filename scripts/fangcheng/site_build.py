"""Build the site atomically: run MkDocs on private folders, then exchange the result with ``site/``.

Each build renders into its own folder, ``.site-build-*`` next to ``site/``: ``docs/`` (the
hand-written pages linked in, the generated ones rendered there) and ``site/`` (MkDocs' output). So
a build reads only what it rendered itself, whatever the preview or another build writes meanwhile.
A failed validation or build leaves the previous ``site/`` untouched; a successful one exchanges its
folder with ``site/`` in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``, macOS
``renamex_np(RENAME_SWAP)``), so ``site/`` is never missing or partial and stays a real folder.
Elsewhere (or on a file system without the exchange) two renames follow each other, as before.

The previous site then sits in the build's folder, which the build releases: the next build deletes it
in a child process while it validates the content (:func:`start_cleanup`), when one processor is idle.
Deleting a site of 1,500 entries (some 27,000 files and folders) takes about a second; at the end of
every build it would add that second. A failed build deletes its folder at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from fangcheng.catalogue import Catalogue
from fangcheng.model import KINDS
from fangcheng.plugin import FangchengPlugin
from fangcheng.progress import Progress
from fangcheng.render import GENERATED_FOLDERS
from fangcheng.workspace import (
    Removal,
    _libc,
    abandoned_folders,
    make_owned_dir,
    release_owned_dir,
    remove_tree,
)

__all__ = ["BuildError", "build_site", "count_pages", "exchange", "remove_tree", "source_date_epoch", "start_cleanup"]

AT_FDCWD = -100
RENAME_EXCHANGE = 2  # Linux renameat2 flag
RENAME_SWAP = 2  # macOS renamex_np flag
SYS_RENAMEAT2 = {"x86_64": 316, "aarch64": 276, "arm64": 276, "riscv64": 276}  # where libc lacks the wrapper
CACHE_DIR = ".cache"


class BuildError(Exception):
    """The site could not be built; the message says why."""


def source_date_epoch(project: Path) -> str | None:
    """The time of the checked-out commit, so that dates in the site (sitemap) are reproducible."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else None


def start_cleanup(site_dir: Path, project: Path) -> Removal:
    """Start deleting, in a child process, what earlier builds of ``site_dir`` left: the folders they
    released (the previous site) and those of builds that were killed. Call it before validating."""
    site_dir = site_dir.absolute()
    folders = []
    with contextlib.suppress(OSError):  # no parent folder yet: nothing to delete
        folders += abandoned_folders(site_dir.parent, [f".{site_dir.name}-build-*", f".{site_dir.name}-old-*"])
    with contextlib.suppress(OSError):
        folders += abandoned_folders(project.absolute() / CACHE_DIR, ["search-*"])
    return Removal(folders)


def build_site(
    mkdocs_yml: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    languages: Sequence[str] = (),
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
    cleanup: Removal | None = None,
) -> dict[str, int]:
    """Run MkDocs on ``mkdocs_yml`` and replace ``site_dir`` with the result only on success.

    Returns the number of HTML pages per language (the first of ``languages`` at the root). The
    fangcheng plugin gets ``catalogue`` (already validated) and ``progress``; whatever ends the build
    (an error, Ctrl-C), its worker and search job are stopped and waited for before this returns.
    What earlier builds left is deleted meanwhile (``cleanup``, from :func:`start_cleanup`; started here
    if not given) and waited for before this returns.
    """
    site_dir = site_dir.absolute()
    project = mkdocs_yml.absolute().parent
    cleanup = cleanup or start_cleanup(site_dir, project)
    try:
        return _build_in_workspace(mkdocs_yml, site_dir, strict, languages, catalogue, progress)
    finally:
        cleanup.wait()


def _build_in_workspace(
    mkdocs_yml: Path,
    site_dir: Path,
    strict: bool,
    languages: Sequence[str],
    catalogue: Catalogue | None,
    progress: Progress | None,
) -> dict[str, int]:
    """Build into a folder of this build's own, then exchange its site with ``site_dir``; the folder, with
    the previous site, is released to the next build (a failed build's is deleted at once)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    parent = site_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        workspace = make_owned_dir(parent, f".{site_dir.name}-build-")
    except OSError as error:
        raise BuildError(
            f"无法在 {parent} 中创建输出文件夹 / cannot create the output folder in {parent}: {error.strerror or error}"
        ) from None
    try:
        staging = workspace / "site"
        staging.mkdir()  # not from mkdtemp: the site's folders follow the umask, like every file in it
        plugin = None
        try:
            config = load_config(str(mkdocs_yml), site_dir=str(staging), strict=strict)
            config["docs_dir"] = str(_private_docs(Path(config.docs_dir), workspace / "docs"))
            plugin = config.plugins.get("fangcheng")
            if isinstance(plugin, FangchengPlugin):
                plugin.prepare(catalogue, progress, beside_dir=workspace / "beside-docs")
            build(config)
        except (Abort, MkDocsException) as error:
            raise BuildError(str(error)) from error
        except Exception as error:  # a template or plugin bug: say where, without a traceback
            raise BuildError(f"{type(error).__name__}: {error}") from error
        finally:
            if isinstance(plugin, FangchengPlugin):
                plugin.close()  # MkDocs does not tell plugins about Ctrl-C (KeyboardInterrupt)
        pages = count_pages(staging, languages)
        _swap(staging, site_dir, workspace / "old")
    except BaseException:
        remove_tree(workspace)
        raise
    release_owned_dir(workspace)  # this build's docs and the previous site: the next build deletes them
    return pages


def _private_docs(shared: Path, private: Path) -> Path:
    """This build's docs folder: the hand-written pages of ``shared`` (linked, or copied where links
    cannot be made), without the generated ``<kind>/`` folders (and ``render.GENERATED_FOLDERS``), which
    the build renders itself."""

    def link_or_copy(source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    def generated(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if name in KINDS or name in GENERATED_FOLDERS] if Path(folder) == shared else []

    if shared.is_dir():
        shutil.copytree(shared, private, ignore=generated, copy_function=link_or_copy)
    else:
        private.mkdir()
    return private


def count_pages(site: Path, languages: Sequence[str]) -> dict[str, int]:
    """HTML pages per language: the first language's at the root, each other's under ``/<lang>/``."""
    if not languages:
        return {}
    others = {lang: sum(1 for _ in (site / lang).rglob("*.html")) for lang in languages[1:]}
    total = sum(1 for _ in site.rglob("*.html"))
    return {languages[0]: total - sum(others.values()), **others}


def exchange(first: Path, second: Path) -> bool:
    """Exchange two paths in one atomic step; ``False`` where the OS or file system cannot.

    Both must exist (``FileNotFoundError`` otherwise). Linux: ``renameat2(RENAME_EXCHANGE)`` (through
    the raw system call where libc lacks the wrapper); macOS: ``renamex_np(RENAME_SWAP)``.
    """
    libc = _libc()
    if libc is None:
        return False
    a, b = os.fsencode(first), os.fsencode(second)
    if sys.platform.startswith("linux"):
        if hasattr(libc, "renameat2"):
            result = libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
        elif platform.machine() in SYS_RENAMEAT2:
            result = libc.syscall(SYS_RENAMEAT2[platform.machine()], AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
        else:
            return False
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        result = libc.renamex_np(a, b, ctypes.c_uint(RENAME_SWAP))
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _swap(new: Path, target: Path, aside: Path) -> None:
    """Put ``new`` at ``target``; the previous ``target`` ends up at ``new`` (or ``aside``).

    One atomic exchange: readers see the old site or the new one, never none or half of one.
    """
    for _ in range(10):  # another build may create or replace target meanwhile: try again
        try:
            if exchange(new, target):
                return
            break  # no atomic exchange here
        except FileNotFoundError:
            try:
                os.rename(new, target)  # no site yet: it appears whole
                return
            except OSError as error:
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
    if target.exists():  # without the exchange: two renames, with a moment in between without a site
        os.replace(target, aside)
    os.replace(new, target)
