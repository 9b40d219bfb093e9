"""The live preview's web server: the site's files as they are on disk, on loopback only.

Requests are answered by threads of their own while the site is rebuilt: the files of the served folder are
only ever replaced whole (renamed over), so a request gets the last good page at once, never a part of one.
Into every HTML page it puts the problem panel (while content or a template is broken) and a small script
that reloads the page when the site changes: it asks :data:`VERSION_PATH` with the version the page was served
at, and the server answers when a newer one is ready (long polling; nothing else to install or open).

MkDocs-free: it serves whatever folder :class:`SiteSource` says, which may change from one request to the next
(a full rebuild makes a new folder).
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

VERSION_PATH = "/__fangcheng/version"  # ?since=N: answered when the site's version is above N (or after a while)
STATUS_PATH = "/__fangcheng/status"  # the preview's state as JSON (tests and benchmarks read it)
LONG_POLL_SECONDS = 25.0
BAD_REQUEST = (
    "400 请求的地址中有不允许的字符 / Bad Request: the address holds a character that is not allowed\n".encode()
)
_BODY_END = b"</body>"

RELOAD_SCRIPT = """<script>(function(){{var v={version};function poll(){{fetch("{path}?since="+v,{{cache:"no-store"}})\
.then(function(r){{return r.json()}}).then(function(d){{if(d.version>v){{location.reload()}}else{{poll()}}}},\
function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"""

STARTING_PAGE = """<!doctype html><html lang="zh"><meta charset="utf-8"><title>正在构建 / Building</title>
<body style="font:1rem/1.5 system-ui,sans-serif;margin:2em"><h1>正在构建预览…</h1><p>Building the preview…</p>
{panel}</body></html>"""


def bad_path(path: str) -> bool:
    """Whether a request's (decoded) path holds a control character or bytes that are not UTF-8."""
    return any(ord(char) < 0x20 or ord(char) == 0x7F or "\udc80" <= char <= "\udcff" for char in path)


def refuse_bad_paths(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """``app`` (a WSGI application: ``mkdocs serve``'s) answering 400 to a path with a control character,
    instead of failing with a 500 and a traceback."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if bad_path(environ.get("PATH_INFO", "")):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [BAD_REQUEST]
        return app(environ, start_response)

    return guarded


class SiteSource(Protocol):
    """What the server serves: the folder, the problem panel for a page in a language, and the languages."""

    @property
    def site_dir(self) -> Path | None: ...

    @property
    def languages(self) -> tuple[str, ...]: ...

    def panel(self, lang: str) -> str | None: ...

    def insert_panel(self, html: str, lang: str) -> str: ...


class Versions:
    """The site's version, raised after every rebuild; waiters are woken when it goes up."""

    def __init__(self) -> None:
        self.value = 0
        self._changed = threading.Condition()

    def bump(self) -> int:
        """One more version; wake every request waiting for it."""
        with self._changed:
            self.value += 1
            self._changed.notify_all()
            return self.value

    def wait_above(self, version: int, timeout: float) -> int:
        """The version, once it is above ``version`` or ``timeout`` seconds passed."""
        with self._changed:
            self._changed.wait_for(lambda: self.value > version, timeout)
            return self.value


class PreviewServer(ThreadingHTTPServer):
    """Serves ``source`` on ``(host, port)``; ``status()`` gives what :data:`STATUS_PATH` shows."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        source: SiteSource,
        versions: Versions,
        status: Callable[[], dict[str, object]],
    ) -> None:
        super().__init__(address, _Handler)
        self.source = source
        self.versions = versions
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows what the preview did, not every request

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        split = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(split.path, errors="surrogateescape")
        if bad_path(path):
            self._send(HTTPStatus.BAD_REQUEST, BAD_REQUEST, "text/plain; charset=utf-8", head)
            return
        if path == VERSION_PATH:
            since = urllib.parse.parse_qs(split.query).get("since", ["0"])[0]
            version = self.server.versions.wait_above(int(since) if since.isdigit() else 0, LONG_POLL_SECONDS)
            self._send(HTTPStatus.OK, json.dumps({"version": version}).encode(), "application/json", head)
            return
        if path == STATUS_PATH:
            body = json.dumps(self.server.status(), ensure_ascii=False).encode()
            self._send(HTTPStatus.OK, body, "application/json", head)
            return
        source = self.server.source
        lang = _language(path, source.languages)
        for _ in range(3):  # a full rebuild may replace the folder between the look and the read: look again
            site = source.site_dir
            if site is None:
                html = STARTING_PAGE.format(panel=source.panel(lang) or "")
                self._send(HTTPStatus.OK, self._page(html.encode(), lang), "text/html; charset=utf-8", head)
                return
            found = _file_for(site, path)
            if found is None and not path.endswith("/") and _file_for(site, path + "/") is not None:
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                query = f"?{split.query}" if split.query else ""
                self.send_header("Location", urllib.parse.quote(path + "/", safe="/") + query)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = HTTPStatus.OK
            if found is None:
                status = HTTPStatus.NOT_FOUND
                found = _file_for(site, f"/{lang}/404.html") or _file_for(site, "/404.html")
                if found is None:
                    self._send(status, b"404 Not Found\n", "text/plain; charset=utf-8", head)
                    return
            try:
                data = found.read_bytes()
            except OSError:
                continue
            kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            if kind == "text/html":
                data, kind = self._page(data, lang), "text/html; charset=utf-8"
            elif kind.startswith("text/") or kind in ("application/javascript", "application/json"):
                kind += "; charset=utf-8"
            self._send(status, data, kind, head)
            return
        self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"503 try again\n", "text/plain; charset=utf-8", head)

    def _page(self, data: bytes, lang: str) -> bytes:
        """An HTML page with the problem panel and the reload script."""
        html = self.server.source.insert_panel(data.decode("utf-8", errors="replace"), lang)
        script = RELOAD_SCRIPT.format(version=self.server.versions.value, path=VERSION_PATH).encode()
        body = html.encode("utf-8")
        at = body.rfind(_BODY_END)
        return body[:at] + script + body[at:] if at >= 0 else body + script

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _language(path: str, languages: tuple[str, ...]) -> str:
    """The language of the page at ``path``: its first folder if that is a language, else the first one."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in languages[1:] else (languages[0] if languages else "zh")


def _file_for(site: Path, path: str) -> Path | None:
    """The file of ``site`` a URL path names (a folder's ``index.html``), or ``None``; never outside ``site``."""
    normal = posixpath.normpath("/" + path.lstrip("/"))
    parts = [part for part in normal.split("/") if part and part not in (".", "..")]
    candidate = site.joinpath(*parts) if parts else site
    if path.endswith("/") or not parts:
        candidate = candidate / "index.html"
    try:
        return candidate if candidate.is_file() else None
    except (OSError, ValueError):
        return None
