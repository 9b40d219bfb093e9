"""The build command's build: MkDocs (with the fangcheng plugin, which does the whole job) builds the site
into a work folder, which then replaces ``site/`` in one step.

A failed or interrupted build leaves the previous ``site/`` whole. On Linux the new site and the old one
change places in one atomic step (``renameat2(RENAME_EXCHANGE)``), so ``site/`` is never missing or
partial; elsewhere two renames follow each other. The previous site is deleted before this returns, so
nothing but ``site/`` (and caches under ``.cache/``) remains.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fangcheng.build_folder import BuildFolder, same_file_system
from fangcheng.catalogue import Catalogue
from fangcheng.plugin import FangchengPlugin, Reporter
from fangcheng.progress import Progress

AT_FDCWD = -100
RENAME_EXCHANGE = 2  # Linux renameat2 flag


class BuildError(Exception):
    """The site could not be built; the message says why."""


@dataclass
class BuiltSite:
    """What a successful build made."""

    catalogue: Catalogue
    pages: dict[str, int]  # HTML pages per language


def build_site(
    mkdocs_yml: Path,
    site_dir: Path,
    cache_dir: Path,
    languages: Sequence[str],
    *,
    progress: Progress | None = None,
    report: Reporter | None = None,
) -> BuiltSite:
    """Run MkDocs on ``mkdocs_yml`` into a work folder under ``cache_dir``; on success replace ``site_dir``
    with the result. ``report`` prints the problems the content has (before the build stops on errors)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    site_dir = site_dir.absolute()
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        folder = BuildFolder(cache_dir.absolute())
    except OSError as error:
        raise BuildError(f"无法创建工作文件夹 / cannot create the work folder: {error}") from None
    plugin = None
    staging = folder.path / "site"
    try:
        # The new site is made where one rename can put it in place: beside site/ if .cache/ is elsewhere.
        if not same_file_system(folder.path, site_dir.parent):
            staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
        try:
            config = load_config(str(mkdocs_yml), site_dir=str(staging))
            plugin = config.plugins.get("fangcheng")
            if not isinstance(plugin, FangchengPlugin):
                raise BuildError("mkdocs.yml 没有启用 fangcheng 插件 / mkdocs.yml does not enable the fangcheng plugin")
            plugin.prepare(folder, progress, report)
            build(config)
        except (Abort, MkDocsException) as error:
            raise BuildError(str(error)) from error
        except BuildError:
            raise
        except Exception as error:  # a template or plugin bug: say where, without a traceback
            raise BuildError(f"{type(error).__name__}: {error}") from error
        assert plugin.catalogue is not None
        pages = count_pages(staging, languages)
        replace_site(staging, site_dir)
        return BuiltSite(plugin.catalogue, pages)
    finally:
        if plugin is not None:
            plugin.stop_helpers()  # MkDocs calls no plugin event on Ctrl-C
        folder.remove()
        if staging.parent != folder.path:
            shutil.rmtree(staging, ignore_errors=True)


def count_pages(site: Path, languages: Sequence[str]) -> dict[str, int]:
    """HTML pages per language: the first language's at the root, each other's under ``/<lang>/``."""
    if not languages:
        return {}
    counts = dict.fromkeys(languages, 0)
    root = str(site)
    for folder, _, names in os.walk(root):  # one walk: pathlib's rglob per language took three times as long
        first = folder[len(root) :].lstrip(os.sep).split(os.sep, 1)[0]
        lang = first if first in counts and first != languages[0] else languages[0]
        counts[lang] += sum(1 for name in names if name.endswith(".html"))
    return counts


def replace_site(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target``; the previous ``target`` ends up at ``new`` (deleted by the caller)."""
    if target.exists() and exchange(new, target):
        return
    if target.exists():
        aside = new.with_name(new.name + "-old")
        os.replace(target, aside)
        os.replace(new, target)
        os.replace(aside, new)
    else:
        os.replace(new, target)


def exchange(first: Path, second: Path) -> bool:
    """Exchange two existing paths in one atomic step; ``False`` where the system cannot (not Linux, an old C
    library, a file system without it)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))
