"""The Pagefind search index, built on the second core while MkDocs builds the pages.

Pagefind (its binary ships inside the ``pagefind-bin-extended`` wheel, so it works offline) indexes
only entry pages (their article has ``data-pagefind-body``), segments Chinese, and lets the browser
fetch only the index chunks a query needs.

Everything Pagefind reads of an entry page is the HTML that :mod:`fangcheng.render` wrote into
``docs/<kind>/<id>.<lang>.md``: MkDocs puts it into the page unchanged, and Pagefind ignores the rest
of the page once a ``data-pagefind-body`` exists. So the index need not wait for MkDocs. As soon as
the pages are rendered, :func:`start_search_index` starts a process that hands each generated page
(its HTML, its URL, its ``<html lang>``) to Pagefind, in URL order, and writes the index into a work
folder; :meth:`SearchIndexJob.finish` moves it into the built site. ``tests/test_search_index.py``
proves the index is the one Pagefind makes of the finished pages.

Pagefind indexes each language on its own, so the job runs one Pagefind process per language, one
after another, and merges their bundles (only ``pagefind-entry.json`` lists every language): the
largest Pagefind process then holds one language, not all (at 3,000 entries 255 MiB instead of 500).

Pagefind is driven through its ``--service`` protocol (base64-encoded JSON messages, each ended by
a comma), the one its Python API (``pagefind.index.PagefindIndex``) speaks, but not through that API:
in version 1.5.2 it sleeps 0.1 s before reading each answer (6,000 pages would take 10 minutes), its
``get_files()`` never answers once the bundle is over 2 MiB (the reading task fails on its stream
limit), and its ``add_directory()`` indexes files in the file system's order, so the bundle differs
from one machine to another (README, "Benchmarks"). Here pages go to Pagefind from memory, one at a
time and in URL order, so the index is the same on every machine.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import functools
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from fangcheng.urls import page_path
from fangcheng.workspace import PR_SET_PDEATHSIG, die_with_parent, make_owned_dir

BUNDLE = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
# The job (and Pagefind's threads) yield the processor to the build, whose every second counts: the
# index is needed only at the end.
BACKGROUND_NICENESS = 10
# Pages sent ahead of Pagefind's answers: enough to keep its threads busy, few enough that its
# answers (a few hundred bytes each) never fill the pipe back while this process is writing.
WINDOW = 32
# Pagefind's allocator (jemalloc) keeps freed memory for ten seconds by default; returned at once, the
# process's peak at 3,000 entries is 255 MiB instead of 320 (a user's own setting wins).
ALLOCATOR_ENV = "_RJEM_MALLOC_CONF"
ALLOCATOR_SETTINGS = "dirty_decay_ms:0,muzzy_decay_ms:0"

Page = tuple[str, str]  # (url, html)


class SearchIndexError(Exception):
    """Pagefind failed; the message has its output."""


class PagefindService:
    """One Pagefind process in ``--service`` mode, holding one index; it dies with this process."""

    def __init__(self) -> None:
        from pagefind.service import get_executable  # the binary of the pagefind-bin-extended wheel

        binary = get_executable()
        if binary is None:
            raise SearchIndexError("Pagefind's binary is not installed (pip package pagefind[extended])")
        environment = {ALLOCATOR_ENV: ALLOCATOR_SETTINGS, **os.environ}
        try:
            self.process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment,
                # SIGKILL when this process dies, however it dies (Linux; elsewhere Pagefind exits when
                # its input closes).
                preexec_fn=_dies_with_this_process(),
            )
        except OSError as error:
            raise SearchIndexError(f"Pagefind could not start: {error}") from error
        self._responses = self._read_responses()
        self._next_id = 0
        self.index_id = self.request({"type": "NewIndex", "config": None})["index_id"]

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and return its response's payload."""
        self._send(payload)
        self._flush()
        return self._response()

    def add_pages(self, pages: Iterable[Page]) -> int:
        """Index ``(url, html)`` pages, in the order given; return how many Pagefind indexed.

        Pages are read from ``pages`` one at a time, as they are sent: none is kept here.
        """
        waiting = count = 0
        for url, html in pages:
            if waiting == WINDOW:
                self._response()
                waiting -= 1
            self._send(
                {"type": "AddFile", "index_id": self.index_id, "url": url, "file_contents": html, "file_path": None}
            )
            waiting += 1
            count += 1
        self._flush()
        for _ in range(waiting):
            self._response()
        return count

    def write_files(self, output_path: Path) -> int:
        """Write the index (the ``pagefind/`` bundle) into ``output_path``; return the number of files.

        The files come back in the response and are written here: Pagefind's own ``WriteFiles``
        answers once its writes are started, not finished (``tokio::fs::File`` is not flushed), and
        Pagefind exits at once when its input closes. A bundle already in ``output_path`` (another
        language's) is kept, and the languages of both are listed in ``pagefind-entry.json``.
        """
        self._send({"type": "GetFiles", "index_id": self.index_id})
        self._flush()
        files = self._response()["files"]
        root = output_path.resolve()
        entry: dict[str, Any] | None = None
        for file in files:  # one after another: writer threads were slower here (they contend for the folder's lock)
            path = (root / file["path"]).resolve()
            if root not in path.parents:
                raise SearchIndexError(f"Pagefind returned a file outside its bundle: {file['path']}")
            content = base64.b64decode(file.pop("content"))  # each file's text is freed as it is written
            if path == root / ENTRY_FILE:
                entry = json.loads(content)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if entry is not None:
            _write_entry_file(root / ENTRY_FILE, entry)
        return len(files)

    def close(self) -> None:
        """Stop the Pagefind process (it ends when its input closes)."""
        self._close_input()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """Stop the Pagefind process at once."""
        self.process.kill()
        self.process.wait()
        self._close_input()

    def _close_input(self) -> None:
        if self.process.stdin:
            with contextlib.suppress(OSError):  # a broken pipe: Pagefind has stopped
                self.process.stdin.close()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # an error, Ctrl-C: nothing more is wanted from Pagefind
            self.kill()

    def _send(self, payload: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}, ensure_ascii=False)
        try:
            self.process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        except OSError:  # a broken pipe: Pagefind has stopped
            raise self._stopped() from None

    def _flush(self) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.flush()
        except OSError:
            raise self._stopped() from None

    def _response(self) -> dict[str, Any]:
        try:
            payload: dict[str, Any] = next(self._responses)["payload"]
        except StopIteration:
            raise self._stopped() from None
        if payload.get("type") == "Error":
            raise SearchIndexError(str(payload.get("message")))
        return payload

    def _stopped(self) -> SearchIndexError:
        return SearchIndexError(f"Pagefind stopped (exit status {self.process.wait()})")

    def _read_responses(self) -> Iterator[dict[str, Any]]:
        """Pagefind's messages, each decoded as it arrives: the one with the index's files is the whole
        bundle, so it is never held twice (as base64 and decoded)."""
        stdout = self.process.stdout
        assert isinstance(stdout, io.BufferedReader)
        decoded = bytearray()  # of the message being read
        carry = b""  # its base64 characters after the last whole group of four
        while chunk := stdout.read1(1 << 20):
            *ends, rest = chunk.split(b",")
            for end in ends:
                decoded += base64.b64decode(carry + end)
                carry = b""
                message = json.loads(decoded)
                decoded = bytearray()
                yield message
            rest = carry + rest
            whole = len(rest) - len(rest) % 4
            decoded += base64.b64decode(rest[:whole])
            carry = rest[whole:]


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """Linux's ``prctl``, looked up once, here: a child between fork and exec must not load a library."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _dies_with_this_process() -> Callable[[], None] | None:
    """For ``Popen(preexec_fn=…)``: the child gets SIGKILL when this process ends (Linux)."""
    prctl, parent = _prctl(), os.getpid()
    if prctl is None:
        return None

    def arrange() -> None:  # runs in the child: only a system call, then a check that this process lives
        prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arrange


def generated_pages(
    docs_dir: Path, default_language: str, kinds: Iterable[str], language: str | None = None
) -> Iterator[Page]:
    """``(url, html)`` of every generated page under ``docs_dir`` (only those in ``language``, if
    given), as Pagefind should see it, in URL order; each page is read when it is asked for.

    Generated pages are ``docs/<kind>/<name>.<lang>.md``: front matter, then the page's final HTML.
    """
    sources = []
    for kind in kinds:
        for source in (docs_dir / kind).glob(f"*.{language}.md" if language else "*.*.md"):
            name, lang = source.name.split(".")[:2]
            sources.append((page_path(lang, default_language, kind, "" if name == "index" else name), lang, source))
    for url, lang, source in sorted(sources):
        text = source.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\n---\n" in text:  # else not a generated page
            yield url, _as_page(text.split("\n---\n", 1)[1], lang)


def _as_page(html: str, lang: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"></head>\n<body>\n{html}</body>\n</html>\n'
    )


def index_pages(pages: Iterable[Page], output_path: Path) -> None:
    """Index ``(url, html)`` pages in one Pagefind process and write the bundle into ``output_path``
    (raises :class:`SearchIndexError`). What Pagefind itself makes of a site: the reference the job's
    bundle is tested against."""
    with PagefindService() as service:
        service.add_pages(pages)
        service.write_files(output_path)


def site_pages(site_dir: Path) -> list[Page]:
    """``(url, html)`` of every HTML page of a built site, in URL order (what Pagefind's command line reads)."""
    pages = []
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir).as_posix()
        url = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        pages.append((url, path.read_text(encoding="utf-8")))
    return sorted(pages)


class SearchIndexJob:
    """The indexing process, running in the background."""

    def __init__(self, process: subprocess.Popen[str], work_dir: Path) -> None:
        self.process = process
        self.work_dir = work_dir

    def written(self, lang: str) -> None:
        """Tell the job that the pages of ``lang`` are all on disk (it indexes them once the languages
        before it are done); may be called from a forked render worker."""
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(lang + "\n")
            self.process.stdin.flush()
        except OSError:
            pass  # the job has stopped: finish() reports why

    def finish(self, site_dir: Path) -> None:
        """Wait for the index and move it to ``site_dir/pagefind`` (raises :class:`SearchIndexError`)."""
        try:
            output, _ = self.process.communicate(timeout=600)
        except subprocess.TimeoutExpired as error:
            self.cancel()
            raise SearchIndexError("Pagefind took longer than 10 minutes") from error
        try:
            if self.process.returncode != 0:
                raise SearchIndexError(output.strip()[-2000:] or f"exit status {self.process.returncode}")
            target = site_dir / BUNDLE
            if target.exists():
                shutil.rmtree(target)
            shutil.move(str(self.work_dir / BUNDLE), str(target))
        finally:
            shutil.rmtree(self.work_dir, ignore_errors=True)

    def cancel(self) -> None:
        """Stop indexing (a build failed, or a newer one started) and remove its files."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.work_dir, ignore_errors=True)


def start_search_index(
    docs_dir: Path, default_language: str, kinds: Iterable[str], work_parent: Path, wait_for: Iterable[str]
) -> SearchIndexJob:
    """Start indexing the generated pages of ``kinds`` under ``docs_dir`` in another process; return at once.

    The process indexes the pages of the languages ``wait_for``, one language after another in that
    order, each once :meth:`SearchIndexJob.written` has been called for it. The work folder is made in
    ``work_parent`` (best on the site's file system: the finished index then moves into the site with a
    rename). The process runs at a lower priority (:data:`BACKGROUND_NICENESS`).
    """
    work_parent.mkdir(parents=True, exist_ok=True)
    work_dir = make_owned_dir(work_parent, "search-")  # a later build removes it if this one is killed
    command = [
        sys.executable,
        "-m",
        "fangcheng.search_index",
        str(docs_dir.absolute()),
        str(work_dir / BUNDLE),
        "--default-language",
        default_language,
        "--kinds",
        ",".join(kinds),
        "--languages",
        ",".join(wait_for),
        "--nice",
        str(BACKGROUND_NICENESS),
        "--parent-pid",
        str(os.getpid()),
    ]
    package_root = str(Path(__file__).resolve().parent.parent)  # scripts/, which holds the fangcheng package
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p),
    }
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment
    )
    return SearchIndexJob(process, work_dir)


def _write_entry_file(path: Path, entry: dict[str, Any]) -> None:
    """Write ``pagefind-entry.json``, listing the languages of ``entry`` and of the one already at ``path``.

    Its languages are sorted: Pagefind lists them in a random order (a Rust HashMap). Each language's
    record (hash, page count, stemming) depends on that language's pages only.
    """
    if path.is_file():
        earlier = json.loads(path.read_text(encoding="utf-8"))
        if earlier.get("version") != entry.get("version"):
            raise SearchIndexError(
                f"two Pagefind versions in one bundle: {earlier.get('version')}, {entry.get('version')}"
            )
        entry = {**entry, "languages": {**earlier.get("languages", {}), **entry.get("languages", {})}}
    path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def index_languages(
    docs_dir: Path,
    default_language: str,
    kinds: list[str],
    languages: Iterable[str],
    output_path: Path,
    wait: Callable[[str], None] = lambda language: None,
) -> None:
    """Index the generated pages of each language in a Pagefind process of its own, one language after
    another, into one bundle in ``output_path`` (raises :class:`SearchIndexError`).

    ``wait(language)`` returns once that language's pages are all written. The bundle is the one
    Pagefind makes of all pages at once: it indexes each language on its own.
    """
    for language in languages:
        wait(language)
        with PagefindService() as service:
            service.add_pages(generated_pages(docs_dir, default_language, kinds, language))
            service.write_files(output_path)


def main(argv: list[str]) -> int:
    """The background job: ``python -m fangcheng.search_index DOCS_DIR OUTPUT_DIR --default-language zh
    --kinds shops,… --languages zh,en`` (each language announced on a line of stdin once it is written)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m fangcheng.search_index")
    parser.add_argument("docs_dir", type=Path)
    parser.add_argument("output_dir", type=Path)
    parser.add_argument("--default-language", required=True)
    parser.add_argument("--kinds", required=True)
    parser.add_argument("--languages", required=True, help="indexed in this order, each once announced on stdin")
    parser.add_argument("--nice", type=int, default=0, help="lower this job's priority (and Pagefind's) by this much")
    parser.add_argument("--parent-pid", type=int, help="the build: this job (and Pagefind) ends when it dies")
    args = parser.parse_args(argv)
    if args.parent_pid:
        die_with_parent(args.parent_pid)
    if args.nice and hasattr(os, "nice"):
        os.nice(args.nice)
    announced: set[str] = set()

    def wait(language: str) -> None:
        while language not in announced:
            line = sys.stdin.readline()
            if not line:
                raise SearchIndexError("the build stopped before its pages were written")
            announced.add(line.strip())

    try:
        index_languages(
            args.docs_dir,
            args.default_language,
            args.kinds.split(","),
            args.languages.split(","),
            args.output_dir,
            wait,
        )
    except SearchIndexError as error:
        print(error)
        return 1
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the build reports it
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
