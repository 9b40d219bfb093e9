"""What may be read from the content folder: regular files inside it, and never more than a limit.

A pull request can put anything under ``content/``: a link to ``/dev/zero`` (read until memory runs
out), a FIFO named ``x.yml`` (a read that never returns), a link to a file elsewhere on the machine
(read and published), a link loop. :func:`refusal` says why such a path is not read, before
anything opens it; :func:`read_at_most` reads a regular file, at most a limit plus one byte, and
checks again on the open file (the path may change in between).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

Reason = tuple[str, str]
"""Why a path is not read: (Chinese, English), to fill a problem's ``reason_zh`` and ``reason_en``."""

OUTSIDE: Reason = ("这是指向 content/ 之外的链接", "it is a link that leads outside content/")
LOOP: Reason = ("这是一个循环链接（链接最终又指回它自己）", "it is a link that leads round in a circle")
DANGLING: Reason = ("这是一个链接，它指向的文件不存在", "it is a link to a file that does not exist")
FOLDER: Reason = ("这是一个文件夹，不是文件", "it is a folder, not a file")
SPECIAL: Reason = (
    "这不是普通文件（而是设备、管道或套接字之类）",
    "it is not a regular file (it is a device, a pipe, a socket or the like)",
)


def refusal(path: Path, inside: Path | None) -> Reason | None:
    """Why ``path`` must not be read, or ``None`` when it is (or, through links, leads to) a regular file
    inside the folder ``inside`` (an absolute, resolved path; ``None``: anywhere).

    A path that does not exist at all is not refused here: the caller says it is missing. Never raises.
    """
    if not os.path.lexists(path):
        return None
    if inside is not None and not Path(os.path.realpath(path)).is_relative_to(inside):
        return OUTSIDE
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return LOOP
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return DANGLING
        text = error.strerror or type(error).__name__
        return (text, text)
    return _kind_refusal(mode)


def _kind_refusal(mode: int) -> Reason | None:
    if stat.S_ISDIR(mode):
        return FOLDER
    if not stat.S_ISREG(mode):
        return SPECIAL
    return None


class NotRegular(OSError):
    """The path turned out not to be a regular file when it was opened."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(errno.EINVAL, reason[1])
        self.reason = reason


def read_at_most(path: Path, limit: int) -> tuple[bytes, int]:
    """The first ``limit + 1`` bytes of the regular file ``path`` (more than ``limit`` means too large) and
    its size. Raises :class:`NotRegular` if it is not a regular file, OSError if it cannot be read.

    Opened without blocking, so that a FIFO put in the file's place cannot stop the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        reason = _kind_refusal(status.st_mode)
        if reason:
            raise NotRegular(reason)
        chunks = []
        wanted = limit + 1
        while wanted > 0:
            chunk = os.read(descriptor, min(wanted, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks), status.st_size
    finally:
        os.close(descriptor)
