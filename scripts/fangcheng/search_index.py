"""Run Pagefind over a built site: one index per page language, written to ``<site>/pagefind/``.

Pagefind (its binary ships inside the ``pagefind-bin-extended`` wheel, so it works offline) indexes
only entry pages (their article has ``data-pagefind-body``), segments Chinese, and lets the browser
fetch only the index chunks a query needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


class SearchIndexError(Exception):
    """Pagefind failed; the message has its output."""


def index_site(site_dir: Path) -> None:
    """Index ``site_dir`` in place (raises :class:`SearchIndexError` on failure)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as error:
        raise SearchIndexError(str(error)) from error
    if result.returncode != 0:
        raise SearchIndexError((result.stderr or result.stdout).strip()[-2000:])
    _stable_entry_file(site_dir / "pagefind" / "pagefind-entry.json")


def _stable_entry_file(path: Path) -> None:
    """Pagefind lists the languages in a random order (a Rust HashMap): sort it, for reproducible builds."""
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
