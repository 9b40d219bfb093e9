"""A build's own work folder, ``.cache/build-*``: the pages it renders (its docs folder) and, for the build
command, the site it builds before that replaces ``site/``.

A folder of its own per build means a build reads only what it rendered itself, whatever a preview or
another build writes meanwhile, and leaves nothing in ``docs/``. The build deletes its folder when it
ends, however it ends short of being killed. A running build holds a lock on a file in its folder
(``flock``, which the operating system releases when the process ends, even killed), so the next build
deletes the folders of killed builds and never those of builds still running.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import IO

LOCK_FILE = ".lock"
PREFIX = "build-"
# A folder whose lock file is missing (a build killed between making the folder and locking it) is
# left alone this long after it was made, in case its build is just about to lock it.
UNLOCKED_GRACE_SECONDS = 60


class BuildFolder:
    """A new folder under ``parent`` (made if need be), locked by this process until :meth:`remove`."""

    def __init__(self, parent: Path) -> None:
        parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(parent)
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        # Locked before it gets its name: another build never finds the lock file unlocked.
        unnamed = self.path / (LOCK_FILE + ".new")
        self._lock: IO[str] | None = unnamed.open("w", encoding="ascii")
        fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        unnamed.rename(self.path / LOCK_FILE)

    def lock_descriptor(self) -> int | None:
        """The lock's file descriptor, which a forked helper closes (the lock then ends with this process)."""
        return self._lock.fileno() if self._lock is not None else None

    def remove(self) -> None:
        """Delete the folder and everything in it (again: nothing)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None
            shutil.rmtree(self.path, ignore_errors=True)


def remove_abandoned(parent: Path) -> list[Path]:
    """Delete the build folders in ``parent`` that no running build holds; return them."""
    removed = []
    for folder in sorted(parent.glob(PREFIX + "*")):
        if folder.is_dir() and not folder.is_symlink() and _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        lock = (folder / LOCK_FILE).open("r", encoding="ascii")
    except FileNotFoundError:
        with contextlib.suppress(OSError):
            return time.time() - folder.stat().st_mtime > UNLOCKED_GRACE_SECONDS
        return False
    except OSError:
        return False
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a build holds it
        return True


def same_file_system(first: Path, second: Path) -> bool:
    """Whether two existing folders are on one file system (a rename between them cannot fail for that)."""
    return os.stat(first).st_dev == os.stat(second).st_dev


def move_tree(source: Path, target: Path) -> None:
    """Move every file under ``source`` to the same place under ``target``, folders by one rename where
    ``target`` has none of that name yet (by copying where ``target`` is on another file system)."""
    for item in source.iterdir():
        destination = target / item.name
        if item.is_dir() and destination.is_dir():
            move_tree(item, destination)
        else:
            shutil.move(item, destination)
    shutil.rmtree(source, ignore_errors=True)
