"""The Pagefind search index of the built site, made by Pagefind's own command line.

Pagefind (its binary ships inside the ``pagefind-bin-extended`` wheel, so it works offline) indexes only
the entry pages (their article has ``data-pagefind-body``), one index per ``<html lang>``, segments
Chinese, and lets the browser fetch only the index chunks a query needs.

Pagefind reads the site's folders in the file system's order, which decides the order of pages in its
index: the same site gives the same index on one machine, but another kind of file system may number
the pages differently (search results are the same). The language list of ``pagefind-entry.json``
comes out in a random order; it is sorted here, so two builds on one machine are byte-identical.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

BUNDLE = "pagefind"
BACKGROUND_NICENESS = 10
ENTRY_FILE = "pagefind-entry.json"


class SearchIndexError(Exception):
    """Pagefind failed; the message has its output."""


def index_site(
    site_dir: Path,
    output: Path | None = None,
    *,
    background: bool = False,
    started: Callable[[subprocess.Popen[str]], None] | None = None,
) -> int:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/`` (or ``output``); return the number of
    pages indexed. ``background``: at a lower priority than this process (the preview: a save that comes while
    Pagefind runs is not slowed by it), where the system has priorities; ``started`` is given Pagefind's process
    (the preview stops it when it stops)."""
    from pagefind.service import get_executable  # the binary of the pagefind-bin-extended wheel

    binary = get_executable()
    if binary is None:
        raise SearchIndexError("Pagefind's binary is not installed (pip package pagefind[extended])")
    try:
        process = subprocess.Popen(
            [str(binary), "--site", str(site_dir), *_output(output), "--silent"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except OSError as error:
        raise SearchIndexError(f"Pagefind could not start: {error}") from None
    with process:
        if started is not None:
            started(process)
        if background and hasattr(os, "setpriority"):
            with contextlib.suppress(OSError):  # it may have ended already
                os.setpriority(os.PRIO_PROCESS, process.pid, BACKGROUND_NICENESS)
        try:
            stdout, stderr = process.communicate()
        except BaseException:  # Ctrl-C, or the build stopped: Pagefind stops too (as subprocess.run does it)
            process.kill()
            raise
    if process.returncode != 0:
        raise SearchIndexError((stderr or stdout).strip() or f"exit status {process.returncode}")
    return _sort_entry_file((output or site_dir / BUNDLE) / ENTRY_FILE)


def _output(output: Path | None) -> list[str]:
    return ["--output-path", str(output.absolute())] if output is not None else ["--output-subdir", BUNDLE]


def _sort_entry_file(path: Path) -> int:
    """Rewrite Pagefind's entry file with its languages in order; return the number of pages it lists."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return sum(language.get("page_count", 0) for language in entry["languages"].values())
