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

Pagefind is driven through its ``--service`` protocol (the one its own Node and Python wrappers
speak: base64-encoded JSON messages, each ended by a comma): pages go to it from memory, with no
copy of the site on disk, and in a fixed order, so the index is the same on every machine (the
command line walks folders in the file system's order).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from fangcheng.urls import page_path
from fangcheng.workspace import die_with_parent, make_owned_dir

BUNDLE = "pagefind"
# The job (and Pagefind's threads) yield the processor to the build, whose every second counts: the
# index is needed only at the end.
BACKGROUND_NICENESS = 10


class SearchIndexError(Exception):
    """Pagefind failed; the message has its output."""


class PagefindService:
    """One Pagefind process in ``--service`` mode, holding one index."""

    def __init__(self) -> None:
        from pagefind.service import get_executable  # the binary of the pagefind-bin-extended wheel

        binary = get_executable()
        if binary is None:
            raise SearchIndexError("Pagefind's binary is not installed (pip package pagefind[extended])")
        self.process = subprocess.Popen(
            [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self._responses = self._read_responses()
        self._next_id = 0
        self.index_id = self.request({"type": "NewIndex", "config": None})["index_id"]

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and return its response's payload."""
        try:
            self._send(payload)
            self._flush()
        except OSError:  # a broken pipe: Pagefind has stopped
            raise self._stopped() from None
        return self._response()

    def add_pages(self, pages: Iterable[tuple[str, str]]) -> int:
        """Index ``(url, html)`` pages, in the order given; return how many Pagefind indexed."""
        pages = list(pages)
        # Requests are written from a thread while responses are read here: Pagefind answers each
        # page as it goes, and neither side may wait for the other with a full pipe.
        failure: list[BaseException] = []

        def write() -> None:
            try:
                for url, html in pages:
                    self._send({"type": "AddFile", "index_id": self.index_id, "url": url, "file_contents": html, "file_path": None})
                self._flush()
            except OSError as error:  # Pagefind stopped: the reader below reports it
                failure.append(error)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        try:
            for _ in pages:
                self._response()
        except BaseException:
            self.process.kill()  # else the writer could wait forever on a full pipe
            raise
        finally:
            writer.join()
        return len(pages)

    def write_files(self, output_path: Path) -> int:
        """Write the index (the ``pagefind/`` bundle) into ``output_path``; return the number of files.

        The files come back in the response and are written here: Pagefind's own ``WriteFiles``
        answers before its last files are on disk, and it exits at once when its input closes.
        """
        files = self.request({"type": "GetFiles", "index_id": self.index_id})["files"]
        root = output_path.resolve()
        for file in files:  # one after another: writer threads were slower here (they contend for the folder's lock)
            path = (root / file["path"]).resolve()
            if root not in path.parents:
                raise SearchIndexError(f"Pagefind returned a file outside its bundle: {file['path']}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(file["content"]))
        _stable_entry_file(output_path / "pagefind-entry.json")
        return len(files)

    def close(self) -> None:
        """Stop the Pagefind process."""
        if self.process.stdin:
            try:
                self.process.stdin.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, payload: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}, ensure_ascii=False)
        self.process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")

    def _flush(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.flush()

    def _response(self) -> dict[str, Any]:
        try:
            payload = next(self._responses)["payload"]
        except StopIteration:
            raise self._stopped() from None
        if payload.get("type") == "Error":
            raise SearchIndexError(str(payload.get("message")))
        return payload

    def _stopped(self) -> SearchIndexError:
        return SearchIndexError(f"Pagefind stopped (exit status {self.process.wait()})")

    def _read_responses(self) -> Iterator[dict[str, Any]]:
        assert self.process.stdout is not None
        pieces: list[bytes] = []  # of the message being read (the index's files come as one large message)
        while chunk := self.process.stdout.read1(1 << 20):
            *ends, rest = chunk.split(b",")
            for end in ends:
                pieces.append(end)
                yield json.loads(base64.b64decode(b"".join(pieces)))
                pieces = []
            pieces.append(rest)


def generated_pages(docs_dir: Path, default_language: str, kinds: Iterable[str], language: str | None = None) -> list[tuple[str, str]]:
    """``(url, html)`` of every generated page under ``docs_dir`` (only those in ``language``, if
    given), as Pagefind should see it, in URL order.

    Generated pages are ``docs/<kind>/<name>.<lang>.md``: front matter, then the page's final HTML.
    """
    pages = []
    for kind in kinds:
        for source in (docs_dir / kind).glob(f"*.{language}.md" if language else "*.*.md"):
            name, lang = source.name.split(".")[:2]
            text = source.read_text(encoding="utf-8")
            if not text.startswith("---\n") or "\n---\n" not in text:
                continue  # not a generated page
            html = text.split("\n---\n", 1)[1]
            url = page_path(lang, default_language, kind, "" if name == "index" else name)
            pages.append((url, _as_page(html, lang)))
    return sorted(pages)


def _as_page(html: str, lang: str) -> str:
    return f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"></head>\n<body>\n{html}</body>\n</html>\n'


def index_pages(pages: Iterable[tuple[str, str]], output_path: Path) -> None:
    """Index ``(url, html)`` pages and write the bundle into ``output_path`` (raises :class:`SearchIndexError`)."""
    index_batches([lambda: pages], output_path)


def index_batches(batches: Iterable[Callable[[], Iterable[tuple[str, str]]]], output_path: Path) -> None:
    """Index the pages each batch returns, one batch after another, and write the bundle into
    ``output_path`` (raises :class:`SearchIndexError`).

    Pagefind indexes each language on its own, so one language's pages after another's (each in URL
    order) give the same bundle as all pages in URL order; a batch per language lets it start on the
    first language while the next is still being written.
    """
    try:
        with PagefindService() as service:
            for batch in batches:
                service.add_pages(batch())
            service.write_files(output_path)
    except OSError as error:
        raise SearchIndexError(str(error)) from error


def site_pages(site_dir: Path) -> list[tuple[str, str]]:
    """``(url, html)`` of every HTML page of a built site, in URL order (for indexing a finished site)."""
    pages = []
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir).as_posix()
        url = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        pages.append((url, path.read_text(encoding="utf-8")))
    return sorted(pages)


def index_site(site_dir: Path) -> None:
    """Index a finished site in place, into ``site_dir/pagefind``."""
    index_pages(site_pages(site_dir), site_dir / BUNDLE)


class SearchIndexJob:
    """The indexing process, running in the background."""

    def __init__(self, process: subprocess.Popen[str], work_dir: Path) -> None:
        self.process = process
        self.work_dir = work_dir

    def written(self, lang: str) -> None:
        """Tell the job that the pages of ``lang`` are all on disk (it starts once every language is);
        may be called from a forked render worker."""
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
    docs_dir: Path, default_language: str, kinds: Iterable[str], work_parent: Path, wait_for: Iterable[str] = ()
) -> SearchIndexJob:
    """Start indexing the generated pages of ``kinds`` under ``docs_dir`` in another process; return at once.

    With ``wait_for``, the process indexes those languages' pages, one language after another in that
    order, each once :meth:`SearchIndexJob.written` has been called for it. The work folder is made in
    ``work_parent`` (best on the site's file system: the finished index then moves into the site with a
    rename). The process runs at a lower priority (:data:`BACKGROUND_NICENESS`).
    """
    work_parent.mkdir(parents=True, exist_ok=True)
    work_dir = make_owned_dir(work_parent, "search-")  # a later build removes it if this one is killed
    command = [
        sys.executable, "-m", "fangcheng.search_index", str(docs_dir.absolute()), str(work_dir / BUNDLE),
        "--default-language", default_language, "--kinds", ",".join(kinds), "--wait-for", ",".join(wait_for),
        "--nice", str(BACKGROUND_NICENESS), "--parent-pid", str(os.getpid()),
    ]
    package_root = str(Path(__file__).resolve().parent.parent)  # scripts/, which holds the fangcheng package
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)}
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment
    )
    return SearchIndexJob(process, work_dir)


def _stable_entry_file(path: Path) -> None:
    """Pagefind lists the languages in a random order (a Rust HashMap): sort it, for reproducible builds."""
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def main(argv: list[str]) -> int:
    """The background job: ``python -m fangcheng.search_index DOCS_DIR OUTPUT_DIR --default-language zh
    --kinds shops,… [--wait-for zh,en]`` (languages announced one per line on stdin)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m fangcheng.search_index")
    parser.add_argument("docs_dir", type=Path)
    parser.add_argument("output_dir", type=Path)
    parser.add_argument("--default-language", required=True)
    parser.add_argument("--kinds", required=True)
    parser.add_argument("--wait-for", default="")
    parser.add_argument("--nice", type=int, default=0, help="lower this job's priority (and Pagefind's) by this much")
    parser.add_argument("--parent-pid", type=int, help="the build: this job (and Pagefind) ends when it dies")
    args = parser.parse_args(argv)
    if args.parent_pid:
        die_with_parent(args.parent_pid)
    if args.nice and hasattr(os, "nice"):
        os.nice(args.nice)
    kinds = args.kinds.split(",")
    languages = [lang for lang in args.wait_for.split(",") if lang]
    announced: set[str] = set()

    def pages_of(language: str | None) -> Callable[[], list[tuple[str, str]]]:
        def pages() -> list[tuple[str, str]]:
            while language is not None and language not in announced:
                line = sys.stdin.readline()
                if not line:
                    raise SearchIndexError("the build stopped before its pages were written")
                announced.add(line.strip())
            return generated_pages(args.docs_dir, args.default_language, kinds, language)

        return pages

    try:
        index_batches([pages_of(lang) for lang in languages] or [pages_of(None)], args.output_dir)
    except SearchIndexError as error:
        print(error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
