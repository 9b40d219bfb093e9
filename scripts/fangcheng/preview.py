"""The live preview, ``fangcheng serve`` (``./scripts/serve``): the site with drafts on http://127.0.0.1:8000/,
brought up to date a moment after each save.

- It listens on loopback only, from the start: until the first build is done every page says so.
- One full build first (:class:`fangcheng.live_site.LiveSite`); then it watches ``content/``, ``docs/``,
  ``overrides/`` and ``mkdocs.yml``. A save in ``content/`` updates only the pages it touches; any other
  change builds the whole site again, in a new folder, while the old one is served.
- Saves coming together (an editor writes a file in several steps) make one rebuild; the preview writes
  nothing where it watches, so its own work never starts another.
- Every request is answered at once, rebuild or not (:mod:`fangcheng.preview_server`): the last good page,
  with the problems at its top while something is broken, and a script that reloads it after a rebuild.
- The search index (Pagefind's command line on the site's search documents) follows in the background, as do
  the open data and the "print all plaques" pages.
- A port that is taken is said in Chinese and English, with the option that picks another one; a path with a
  control character (``/%00``) is answered 400.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fangcheng.live_site import LiveSite, LiveSiteError
from fangcheng.preview_server import PreviewServer, Versions
from fangcheng.search_index import BUNDLE, SearchDocuments, SearchIndexError, index_documents

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEBOUNCE_SECONDS = 0.05  # a save's events arrive within this of each other
SEARCH_DELAY_SECONDS = 0.2  # the search index waits this long for more saves before it starts
WATCHED = ("content", "docs", "overrides")

log = logging.getLogger("fangcheng.preview")


# --- the port ------------------------------------------------------------------------------------


def port_in_use_message(host: str, port: int) -> str:
    """What the preview says when ``port`` is taken: in both languages, with the command that picks another."""
    other = free_port_after(host, port)
    return (
        f"端口 {port} 已被占用（可能另一个预览已经在运行）。请先关闭占用它的程序，或换一个端口：\n"
        f"  ./scripts/serve --port {other}\n"
        f"Port {port} is already in use (perhaps another preview is running). Stop what uses it, or choose "
        f"another port:\n"
        f"  ./scripts/serve --port {other}"
    )


def port_is_free(host: str, port: int) -> bool:
    """Whether the preview could listen on ``host:port`` now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port_after(host: str, port: int, tries: int = 20) -> int:
    """The first port after ``port`` that is free (``port + 1`` if none of the next ``tries`` is)."""
    return next(
        (candidate for candidate in range(port + 1, port + 1 + tries) if port_is_free(host, candidate)), port + 1
    )


# --- what changed ----------------------------------------------------------------------------------


class Changes:
    """Paths saved since the last rebuild: whether any was in ``content/`` only, or needs a full build."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.content = project / "content"
        self.full = False
        self.content_changed = False
        self.last = 0.0
        self._ready = threading.Condition()

    def add(self, path: str) -> None:
        """Note a saved path (ignored unless it is one the site is made from)."""
        where = Path(path)
        if not where.is_relative_to(self.project):
            return
        parts = where.relative_to(self.project).parts
        if not parts or parts[-1].startswith(".") or parts[-1].endswith("~"):
            return  # editors' swap and backup files
        if parts == ("mkdocs.yml",) or parts[0] in ("docs", "overrides"):
            kind = "full"
        elif parts[0] == "content":
            kind = "content"
        else:
            return
        with self._ready:
            if kind == "full":
                self.full = True
            else:
                self.content_changed = True
            self.last = time.monotonic()
            self._ready.notify_all()

    def request_full(self) -> None:
        with self._ready:
            self.full = True
            self.last = time.monotonic()
            self._ready.notify_all()

    def pending(self) -> bool:
        with self._ready:
            return self.full or self.content_changed

    def take(self, stop: threading.Event, timeout: float | None = None) -> tuple[bool, bool] | None:
        """Wait for a change and for the quiet after it; return (full, content) and forget them, or None when
        ``stop`` is set or ``timeout`` passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._ready:
            while not (self.full or self.content_changed):
                if stop.is_set():
                    return None
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return None
                self._ready.wait(0.2 if left is None else min(0.2, left))
            while (quiet := time.monotonic() - self.last) < DEBOUNCE_SECONDS:
                self._ready.wait(DEBOUNCE_SECONDS - quiet)
            result = (self.full, self.content_changed)
            self.full = self.content_changed = False
            return result


def watch(project: Path, changes: Changes) -> Any:
    """Start watching the folders and file the site is made from; return the observer (``.stop()`` it)."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write") or (
                event.is_directory and event.event_type == "modified"
            ):
                return  # reading is not changing (the preview reads content/ itself)
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    changes.add(os.fsdecode(path))

    observer = Observer()
    handler = Handler()
    for name in WATCHED:
        if (project / name).is_dir():
            observer.schedule(handler, str(project / name), recursive=True)
    observer.schedule(handler, str(project), recursive=False)  # mkdocs.yml
    observer.daemon = True
    observer.start()
    return observer


# --- the search index --------------------------------------------------------------------------


class SearchIndexer:
    """Indexes the served site with Pagefind's command line in the background, after the saves settle; the
    new index replaces the old one in one step (a folder renamed over)."""

    def __init__(self, site: LiveSite, versions: Versions) -> None:
        self.site = site
        self.versions = versions
        self.indexed = 0  # the site version the served index was made from
        self.wanted = 0
        self.error: str | None = None
        self._wake = threading.Condition()
        self._stop = False
        self._running: list[subprocess.Popen[str]] = []  # Pagefind (a process a language), while it runs
        self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
        self._thread.start()

    def idle(self) -> bool:
        """Whether the served index is the newest asked for (nothing to do, nothing running)."""
        with self._wake:
            return self.wanted <= self.indexed

    def schedule(self, version: int) -> None:
        with self._wake:
            self.wanted = version
            self._wake.notify_all()

    def stop(self) -> None:
        """Stop, and stop Pagefind if it runs."""
        with self._wake:
            self._stop = True
            self._wake.notify_all()
            for process in self._running:
                if process.poll() is None:
                    process.kill()

    def _started(self, process: subprocess.Popen[str]) -> None:
        with self._wake:
            self._running = [p for p in self._running if p.poll() is None] + [process]
            if self._stop:
                process.kill()

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._stop or self.wanted > self.indexed)
                if self._stop:
                    return
            time.sleep(SEARCH_DELAY_SECONDS)
            with self._wake:
                version = self.wanted
            site_dir, documents = self.site.site_dir, self.site.search_documents
            if site_dir is None or documents is None:
                continue
            started = time.perf_counter()
            try:
                _index_into_place(documents, site_dir, self._started)
                self.error = None
                log.info(
                    f"搜索索引已更新，用时 {time.perf_counter() - started:.1f} 秒 / search index updated in "
                    f"{time.perf_counter() - started:.1f} s"
                )
            except (SearchIndexError, OSError) as error:
                if self._stop:
                    return  # the preview stops: Pagefind was stopped with it
                if self.site.site_dir != site_dir:
                    continue  # a full build replaced the site meanwhile: index the new one
                self.error = str(error)
                log.warning(f"搜索索引失败 / the search index failed: {error}")
            with self._wake:
                if self.site.site_dir == site_dir:
                    self.indexed = max(self.indexed, version)


def _index_into_place(
    documents: SearchDocuments, site_dir: Path, started: Callable[[subprocess.Popen[str]], None]
) -> None:
    """Index the search documents of ``site_dir`` (every language side by side) into a new folder beside the
    site's ``pagefind/``, then put that in its place."""
    from fangcheng.site_build import replace_site

    fresh = site_dir / f".{BUNDLE}-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        index_documents(documents, fresh, background=True, started=started)
        replace_site(fresh, site_dir / BUNDLE)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


# --- the preview ---------------------------------------------------------------------------------


class Preview:
    """The site, its rebuilds, its server and its search index, for one project."""

    def __init__(self, mkdocs_yml: Path, host: str, port: int, *, say: Callable[[str], None]) -> None:
        self.project = mkdocs_yml.resolve().parent
        self.site = LiveSite(mkdocs_yml)
        self.versions = Versions()
        self.changes = Changes(self.project)
        self.say = say
        self.rebuilds = 0  # full builds and updates that changed the site
        self.busy = False
        self.search: SearchIndexer | None = None
        self.server = PreviewServer((host, port), self.site, self.versions, self.status)
        self._stop = threading.Event()

    def status(self) -> dict[str, object]:
        """What :data:`preview_server.STATUS_PATH` shows."""
        state = self.site.state
        return {
            "version": self.versions.value,
            "rebuilds": self.rebuilds,
            "busy": self.busy or self.changes.pending(),
            "finished": bool(state is None or state.finished),
            "search": self.search.indexed if self.search else None,
            "failure": self.site.failure,
            "site": str(self.site.site_dir) if self.site.site_dir else None,
        }

    def run(self) -> None:
        """Serve until interrupted: build, then watch and rebuild."""
        threading.Thread(target=self.server.serve_forever, name="server", daemon=True).start()
        observer = watch(self.project, self.changes)
        self.search = SearchIndexer(self.site, self.versions) if self._search_wanted() else None
        try:
            self._rebuild(full=True)
            while not self._stop.is_set():
                taken = self.changes.take(self._stop, timeout=0.5 if self._unfinished() else None)
                if taken is None:
                    if self._unfinished() and (self.search is None or self.search.idle()):  # after the index:
                        # Pagefind takes both cores for seconds, and what finish() does is seldom looked at
                        self.busy = True
                        self.site.finish(stop=self.changes.pending)
                        self.busy = False
                    continue
                full, _ = taken
                self._rebuild(full=full)
        finally:
            observer.stop()
            if self.search:
                self.search.stop()
            self.server.shutdown()
            self.server.server_close()
            self.site.close()

    def stop(self) -> None:
        self._stop.set()

    def _unfinished(self) -> bool:
        state = self.site.state
        return state is not None and not state.finished

    def _search_wanted(self) -> bool:
        return os.environ.get("FANGCHENG_SEARCH", "true").lower() not in ("off", "false", "0", "no")

    def _rebuild(self, *, full: bool) -> None:
        self.busy = True
        try:
            update = None
            if not full and self.site.state is not None:
                try:
                    update = self.site.update()
                except LiveSiteError:
                    full = True
                if update is None and not full:
                    return
            if full or update is None:
                self.say("正在构建整个网站 / building the whole site")
                try:
                    update = self.site.build()
                except LiveSiteError as error:
                    self.say(f"构建失败 / the build failed: {error}")
                    self.versions.bump()
                    return
            self.rebuilds += 1
            version = self.versions.bump()
            self.say(update.summary())
            if self.search is not None:
                self.search.schedule(version)
        finally:
            self.busy = False


def serve(host: str, port: int, mkdocs_yml: Path) -> int:
    """Run the preview of ``mkdocs_yml``'s site on ``host:port`` until Ctrl-C; 1 when the port is taken."""
    if not port_is_free(host, port):
        print(port_in_use_message(host, port), file=sys.stderr)
        return 1
    _show_logs()
    sys.setswitchinterval(0.001)  # requests answered between the rebuild's steps without waiting long
    try:
        preview = Preview(mkdocs_yml, host, port, say=lambda line: print(line, file=sys.stderr, flush=True))
    except OSError:
        print(port_in_use_message(host, port), file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by another program: clean up as after Ctrl-C
    address = f"http://{host}:{port}/"
    print(f"预览地址 / Serving on {address}  （按 Ctrl-C 停止 / Ctrl-C to stop）", file=sys.stderr, flush=True)
    try:
        preview.run()
    except KeyboardInterrupt:
        preview.stop()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _show_logs() -> None:
    """The plugin's lines (content problems …) and MkDocs' warnings on stderr; not MkDocs' every step."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name, level in (("mkdocs", logging.WARNING), ("mkdocs.plugins.fangcheng", logging.INFO)):
        logger = logging.getLogger(name)
        logger.setLevel(level)
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("fangcheng").addHandler(handler)
    logging.getLogger("fangcheng").setLevel(logging.INFO)
