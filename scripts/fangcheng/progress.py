"""What a long build is doing, on stderr: an updating line on a terminal, a few plain lines in CI.

The build command hands one to the plugin, which reports steps and pages to it; it is shown for
large sites only (:meth:`Progress.show`).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

PAGE_UPDATE_EVERY = 100  # pages between two updates of a terminal's line


class Progress:
    """Progress lines on ``stream``; on a terminal one line rewritten in place."""

    def __init__(self, stream: TextIO | None = None, *, shown: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.shown = shown
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self._step = ""
        self._pages: dict[str, int] = {}

    def show(self) -> None:
        """Show the steps and pages from now on."""
        self.shown = True

    def step(self, zh: str, en: str) -> None:
        """A new step: a line of its own in CI, the terminal's line rewritten."""
        self._step = f"{zh} / {en}"
        self._show(self._step, final=not self.tty)

    def page(self, lang: str) -> None:
        """One more page of ``lang`` written (shown on a terminal every few pages)."""
        count = self._pages[lang] = self._pages.get(lang, 0) + 1
        if self.shown and self.tty and count % PAGE_UPDATE_EVERY == 0:
            self._show(f"{self._step}: {count} 页 / pages", final=False)

    def clear(self) -> None:
        """Remove the terminal's progress line (before the summary)."""
        if self.shown and self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _show(self, text: str, *, final: bool) -> None:
        if not self.shown:
            return
        elapsed = time.perf_counter() - self.started
        line = f"[{elapsed:5.1f} s] {text}"
        self.stream.write(line + "\n" if final else f"\r\x1b[K{line}")
        self.stream.flush()
