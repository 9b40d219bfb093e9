"""The build's second core: a forked process renders the other languages' pages (and whatever the build does
with each page as it is rendered: their search documents), then every plaque page, while this one renders the
first language's pages and MkDocs builds the site.

Rendering is the largest part of a build after MkDocs' own (a third of it at 1,500 entries; the plaques a
tenth), and it is a pure function of the catalogue read before: a child forked then has everything in memory,
writes files and exits. It says through a pipe when its pages are written (MkDocs lists every language's
files when the first language's build starts), writes the plaque pages into a folder of its own (MkDocs
empties the site folder as it starts), and ends with its exit status. Whatever it could not do, this process
does itself, so that every error surfaces here, located, exactly as without the worker: the worker never
decides what a page says, only who writes it first.

Not used where a process cannot fork, in the preview (it renders single pages later, in this process), or
for a docs folder that is not new (only a full render in this process removes the files that no longer
belong).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from fangcheng.render import PageTask, Renderer, write_pages, write_plaques

PAGES_WRITTEN = b"p"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class RenderWorker:
    """The child rendering ``languages``' pages (calling ``written`` with each, as :func:`write_pages` does), then
    every plaque page into ``plaques_dir``; it closes the file descriptors ``close`` first."""

    def __init__(
        self,
        renderer: Renderer,
        languages: Sequence[str],
        plaques_dir: Path,
        *,
        close: Sequence[int] = (),
        written: Callable[[PageTask, str], None] | None = None,
    ) -> None:
        self.renderer = renderer
        self.languages = tuple(languages)
        self.plaques_dir = plaques_dir
        self._pages_written: bool | None = None
        self._status: int | None = None
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child: render, say so, exit without running the parent's clean-ups
            _die_with(parent)
            os.close(read)
            for descriptor in close:  # the build folder's lock: held by the build alone, even killed
                os.close(descriptor)
            os._exit(_work(renderer, self.languages, plaques_dir, write, written))
        os.close(write)
        self._read = read

    @staticmethod
    def available() -> bool:
        """Whether this system forks safely (Linux; macOS's system libraries may not survive a fork)."""
        return hasattr(os, "fork") and sys.platform.startswith("linux")

    def pages_written(self) -> bool:
        """Wait until the child has written its languages' pages (``False``: it failed, or was stopped)."""
        if self._pages_written is None:
            with contextlib.suppress(OSError):
                self._pages_written = os.read(self._read, 1) == PAGES_WRITTEN
            self._pages_written = bool(self._pages_written)
            os.close(self._read)
        return self._pages_written

    def plaques_written(self) -> bool:
        """Wait for the child to end; whether it wrote every plaque page."""
        self.pages_written()
        return self._wait() == 0

    def ended(self) -> bool:
        """Whether the child has ended (without waiting for it)."""
        if self._status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == 0:
                return False
            self._status = os.waitstatus_to_exitcode(status)
        return True

    def stop(self) -> None:
        """Stop the child if it still runs (the build failed or was interrupted)."""
        if self._status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._wait()
        if self._pages_written is None:
            self._pages_written = False
            os.close(self._read)

    def _wait(self) -> int:
        if self._status is None:
            _, status = os.waitpid(self.pid, 0)
            self._status = os.waitstatus_to_exitcode(status)
        return self._status


def _die_with(parent: int) -> None:
    """End this process when ``parent`` ends, however it ends (Linux's ``PR_SET_PDEATHSIG``): a killed build's
    worker must not go on writing into the folder the next build removes."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the call
        os._exit(1)


def _work(
    renderer: Renderer,
    languages: Sequence[str],
    plaques_dir: Path,
    pipe: int,
    written: Callable[[PageTask, str], None] | None,
) -> int:
    """The child's work; its exit status (0: pages and plaques written)."""
    try:
        write_pages(renderer, languages, written)
        os.write(pipe, PAGES_WRITTEN)
        os.close(pipe)
        write_plaques(renderer, plaques_dir)
        return 0
    except BaseException:  # any failure: the parent renders it again and reports it
        return 1
