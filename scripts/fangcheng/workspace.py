"""A build's private folders, what dead builds left behind, and helpers that end with their build.

Every work folder a build makes (``.site-build-*`` next to ``site/``, ``.cache/search-*``) holds an
owner record: the pid of the build, its start time and its PID namespace (or ``released``, once a
successful build gives its folder up). The next build removes the folders whose owner is dead or has
released them, in a child process (:class:`Removal`), and never those of a build still running (at the
same time, in another terminal). A killed build's helper processes (the render worker, the search job) stop with it:
on Linux the kernel signals them when the build dies (``PR_SET_PDEATHSIG``); Pagefind, their own
child, exits when its input closes.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

OWNER_FILE = ".fangcheng-owner"
# A folder without an owner record (made by an older version, or a build killed in the microseconds
# between making the folder and writing the record) counts as abandoned once it is this old.
UNOWNED_GRACE_SECONDS = 600
REMOVER_THREADS = 8
PR_SET_PDEATHSIG = 1
RELEASED = "released"  # the owner record of a folder its build has given up


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, looked up once (``find_library`` runs ``ldconfig``)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


def return_freed_memory() -> None:
    """Give back to the system the memory this process has freed, where the C library can (glibc's
    ``malloc_trim``; elsewhere nothing happens).

    Python frees a built page's text, but the allocator keeps the space for later allocations; the
    build's memory (summed over its processes, while Pagefind runs beside it) counts it until then.
    """
    libc = _libc()
    trim = getattr(libc, "malloc_trim", None) if libc is not None else None
    if trim is not None:
        trim(0)


def process_identity(pid: int) -> str:
    """``"<pid> <start time> <pid namespace>"``: a pid alone may be reused by a later process."""
    start = namespace = "?"
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        start = stat.rsplit(")", 1)[1].split()[19]  # field 22, counted after the command's name
    except (OSError, IndexError, UnicodeDecodeError):
        pass
    with contextlib.suppress(OSError):
        namespace = str(os.stat("/proc/self/ns/pid").st_ino)
    return f"{pid} {start} {namespace}"


def owner_is_alive(record: str) -> bool:
    """Whether the process an owner record names still runs (``True`` when that cannot be known)."""
    if record.strip() == RELEASED:
        return False
    try:
        pid_text, start, namespace = record.split()
        pid = int(pid_text)
    except ValueError:
        return False  # a torn or foreign record: written by no running build
    here = process_identity(os.getpid()).split()
    if namespace != here[2]:
        return True  # another PID namespace (a container): its pids mean nothing here
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    now = process_identity(pid).split()[1]
    return start == "?" or now == "?" or now == start


def make_owned_dir(parent: Path, prefix: str) -> Path:
    """A new folder in ``parent`` whose owner is this process."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    (path / OWNER_FILE).write_text(process_identity(os.getpid()) + "\n", encoding="ascii")
    return path


def _abandoned(folder: Path) -> bool:
    try:
        record = (folder / OWNER_FILE).read_text(encoding="ascii")
    except FileNotFoundError:
        legacy_pid = folder.name.rsplit("-", 1)[-1]  # ".site-old-<pid>" of earlier versions
        if folder.name.startswith(".") and "-old-" in folder.name and legacy_pid.isdigit():
            return not owner_is_alive(process_identity(int(legacy_pid)))
        try:
            return time.time() - folder.stat().st_mtime > UNOWNED_GRACE_SECONDS
        except OSError:
            return False
    except (OSError, UnicodeDecodeError):
        return False
    return not owner_is_alive(record)


def abandoned_folders(parent: Path, patterns: Iterable[str]) -> list[Path]:
    """The folders in ``parent`` matching ``patterns`` whose owner is dead or has released them."""
    return [
        folder
        for pattern in patterns
        for folder in sorted(parent.glob(pattern))
        if folder.is_dir() and not folder.is_symlink() and _abandoned(folder)
    ]


def release_owned_dir(path: Path) -> None:
    """Give up ``path``: the next build removes it (:func:`abandoned_folders`), even one of this process."""
    (path / OWNER_FILE).write_text(RELEASED + "\n", encoding="ascii")


class Removal:
    """Deletes ``folders`` in a child process, started at once, while the build goes on (none when empty)."""

    def __init__(self, folders: list[Path]) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        if folders:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _REMOVE_SCRIPT, *map(str, folders)], stdin=subprocess.DEVNULL
            )

    def wait(self) -> None:
        """Wait until the folders are gone (or the child has stopped: the next build tries again)."""
        if self._process is not None:
            self._process.wait()


# shutil.rmtree in C-level calls: a child of its own does not wait for the build's process to let go of
# Python's global lock after each file, as a thread of the build would.
_REMOVE_SCRIPT = "import shutil, sys\nfor folder in sys.argv[1:]: shutil.rmtree(folder, ignore_errors=True)"


def die_with_parent(parent_pid: int) -> None:
    """Make this helper process end when ``parent_pid`` (the build) dies, even by SIGKILL (Linux).

    Elsewhere the helper notices a closed pipe instead. Exits at once if the build is already gone.
    """
    if sys.platform.startswith("linux"):
        libc = _libc()
        if libc is not None:
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent_pid:  # the build died before the line above took effect
        os._exit(1)


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
        with contextlib.suppress(OSError):  # left for shutil.rmtree
            remove(path)
