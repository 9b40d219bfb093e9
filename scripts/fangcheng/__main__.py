"""``python -m fangcheng``: the command line."""

from __future__ import annotations

import gc
import os
import sys

# A command runs once over a whole catalogue and then ends: look for reference cycles less often
# (mypy does the same), from before the first import. At 1,500 entries this halves the time spent
# collecting (0.65 → 0.33 s).
gc.set_threshold(200_000, 30, 30)

from fangcheng.cli import main  # noqa: E402


def run() -> int:
    """Run the command; a closed output pipe (``… | head``) ends it quietly with exit status 1.

    The interpreter then ends normally: every child process has been joined by the command, and
    tearing down a 1,500-entry build's objects was measured at under 0.1 s (``os._exit`` saved nothing).
    """
    code = main()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own advice for SIGPIPE
        return code or 1
    return code


sys.exit(run())
