"""The Pagefind search index of the built site, made by Pagefind's own command line.

Pagefind (its binary ships inside the ``pagefind-bin-extended`` wheel, so it works offline) indexes only
the entry pages (their article has ``data-pagefind-body``), one index per ``<html lang>``, segments
Chinese, and lets the browser fetch only the index chunks a query needs.

Pagefind reads only what it indexes of each page, but it parses all of it: the header, the nav and the footer
of every page. :class:`SearchDocuments` keeps what Pagefind reads of each page (its ``<html lang>`` and its
``data-pagefind-body`` element) as a small document at the page's place, and Pagefind indexes those: the same
index, made in a third of the CPU time (5.1 s → 3.2 s wall, 8.4 s → 3.3 s CPU at 1,500 entries). A page whose
part cannot be cut out cleanly, or of which Pagefind may read more (an ``h1`` or a ``data-pagefind-``
attribute outside the element), is kept whole.

An entry page's document is written as the page is rendered (:meth:`SearchDocuments.put_fragment`), before
MkDocs has made the page, so that the build can index a language while MkDocs builds; as MkDocs writes each
page, :meth:`SearchDocuments.put` checks its document and corrects it if the theme made it differ (the build
then indexes that language again). ``tests/test_search_index.py`` checks that the index equals Pagefind's
index of the finished site.

Pagefind reads the site's folders in the file system's order, which decides the order of pages in its
index: the same site gives the same index on one machine, but another kind of file system may number
the pages differently (search results are the same). The language list of ``pagefind-entry.json``
comes out in a random order; it is sorted here, so two builds on one machine are byte-identical.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from fangcheng.build_folder import move_tree

BUNDLE = "pagefind"
BACKGROUND_NICENESS = 10
ENTRY_FILE = "pagefind-entry.json"


class SearchIndexError(Exception):
    """Pagefind failed; the message has its output."""


_BODY = "data-pagefind-body"
_START_TAG = re.compile(  # a start tag: text and attribute values hold no "<", ">" or quote unescaped
    r"""<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>"""
)
_ATTRIBUTE_NAME = re.compile(r"""\s([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_ATTRIBUTE_PREFIX = "data-pagefind-"
_READ_ANYWHERE = ("<h1", "<H1", _ATTRIBUTE_PREFIX, _ATTRIBUTE_PREFIX.upper())  # see _read_outside
_HTML_LANG = re.compile(r'<html\b[^>]*?\slang="([^"]*)"')
_SKIPPED = r"!--.*?-->|script\b.*?</script\s*>|style\b.*?</style\s*>"  # after "<": where a tag-like text is not a tag


def search_document(html: str) -> str | None:
    """What Pagefind reads of the finished page ``html``, as a small document: its ``<html lang>`` and its one
    ``data-pagefind-body`` element (the whole page where that element cannot be cut out cleanly, or where
    Pagefind may read something outside it); ``None`` for a page Pagefind does not index."""
    if _BODY not in html:
        return None
    span = _body_span(html)
    if span is None or _read_outside(html, *span):
        return html
    lang = _HTML_LANG.search(html)
    return _document(html[span[0] : span[1]], lang.group(1) if lang else None)


def fragment_document(html: str, lang: str) -> str | None:
    """The search document a page whose content is ``html`` will have in ``lang`` (the page's ``<html lang>``),
    if ``html`` has one ``data-pagefind-body`` element that can be cut out cleanly; else ``None``."""
    span = _body_span(html) if _BODY in html else None
    return None if span is None else _document(html[span[0] : span[1]], lang)


def _document(element: str, lang: str | None) -> str:
    lang_attribute = f' lang="{lang}"' if lang is not None else ""
    return f'<!DOCTYPE html><html{lang_attribute}><head><meta charset="utf-8"></head><body>{element}</body></html>'


def _body_span(html: str) -> tuple[int, int] | None:
    """Where the ``data-pagefind-body`` element of ``html`` is, if there is exactly one and its tags balance."""
    found = []
    at = html.find(_BODY)
    while at >= 0:
        tag = _start_tag_around(html, at)
        if tag is not None and _BODY in _ATTRIBUTE_NAME.findall(tag.group(2)):
            found.append(tag)
        at = html.find(_BODY, at + len(_BODY))
    if len(found) != 1:
        return None
    tag = found[0]
    name = re.escape(tag.group(1).lower())
    # Every alternative starts with "<", written once in front: the engine then skips from one "<" to the next
    # instead of trying each alternative at every character (four times faster on an entry page).
    marks = re.compile(rf"<(?:{_SKIPPED}|(?P<open>{name}\b)|(?P<close>/{name}\s*>))", re.IGNORECASE | re.DOTALL)
    depth = 0
    for mark in marks.finditer(html, tag.start()):
        if mark.group("open"):
            depth += 1
        elif mark.group("close"):
            depth -= 1
        else:
            continue  # a comment, a script or a style
        if depth == 0:
            return tag.start(), mark.end()
    return None


def _read_outside(html: str, start: int, end: int) -> bool:
    """Whether Pagefind may read something of ``html`` outside ``html[start:end]``, its indexed element: an
    ``h1`` (its default title) or a tag with a ``data-pagefind-`` attribute (metadata, filters, sort keys), in
    lower or upper case. (A regular expression ignoring case took a quarter of a millisecond a page.)"""
    for mark in _READ_ANYWHERE:
        for part_start, part_end in ((0, start), (end, len(html))):
            at = html.find(mark, part_start, part_end)
            while at >= 0:
                tag = _start_tag_around(html, at)
                if tag is not None and (
                    mark.startswith("<")
                    or any(name.lower().startswith(_ATTRIBUTE_PREFIX) for name in _ATTRIBUTE_NAME.findall(tag.group(2)))
                ):
                    return True
                at = html.find(mark, at + 1, part_end)
    return False


def _start_tag_around(html: str, at: int) -> re.Match[str] | None:
    """The start tag that the text at ``at`` is part of, if it is part of one."""
    start = html.rfind("<", 0, at + 1)
    tag = _START_TAG.match(html, start) if start >= 0 else None
    return tag if tag is not None and tag.end() > at else None


def documents_beside(site_dir: Path) -> Path:
    """The search documents' folder of a site that has a folder of its own for them (the live preview's)."""
    return site_dir.with_name(f"{site_dir.name}-search")


class SearchDocuments:
    """The folders of what Pagefind reads of each page (:func:`search_document`), one per language, each file at
    the page's place in the site (``<folder>/en/en/shops/x/index.html`` for ``en/shops/x/``), so that Pagefind
    can index one language at a time with the site's addresses. An entry page's document is written as the page
    is rendered (:meth:`put_fragment`, in the render worker too), then checked as MkDocs writes the page
    (:meth:`put`); each file is written in one step (a Pagefind may be reading)."""

    def __init__(self, folder: Path, languages: Sequence[str]) -> None:
        self.folder = folder
        self.languages = tuple(languages)  # the first is the default: its pages are at the site's root
        self.confirmed: set[str] = set()  # the pages whose finished page :meth:`put` saw, since :meth:`clear`

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.confirmed.clear()
        for lang in self.languages:
            self.of(lang).mkdir(parents=True, exist_ok=True)

    def drop_unconfirmed(self) -> set[str]:
        """Delete the documents written before MkDocs made their page that no finished page confirmed (MkDocs left
        the page out: ``exclude_docs``, a draft, another address); return the languages that had one."""
        dropped = set()
        for lang in self.languages:
            root = str(self.of(lang))
            for folder, _, names in os.walk(root):
                inside = folder[len(root) :].strip(os.sep).replace(os.sep, "/")
                for name in names:
                    if name.endswith(".html") and f"{inside}/{name}".lstrip("/") not in self.confirmed:
                        Path(folder, name).unlink(missing_ok=True)
                        dropped.add(lang)
        return dropped

    def of(self, lang: str) -> Path:
        """The folder of ``lang``'s documents (Pagefind's ``--site`` for that language)."""
        return self.folder / lang

    def has(self, lang: str) -> bool:
        """Whether ``lang`` has a page to index (Pagefind refuses a folder without one)."""
        return any(self.of(lang).rglob("*.html"))

    def put(self, dest_uri: str, html: str) -> bool:
        """Keep what Pagefind reads of the finished page ``html`` at ``dest_uri`` (a path in the site), or nothing
        if it reads nothing of it; whether that changed the document."""
        self.confirmed.add(dest_uri)
        return self._keep(dest_uri, search_document(html))

    def put_fragment(self, dest_uri: str, html: str, lang: str) -> None:
        """Write, before MkDocs has made the page, the document the page at ``dest_uri`` will have if its content
        is ``html`` (:func:`fragment_document`); :meth:`put` of the finished page then finds it unchanged, or
        corrects it."""
        document = fragment_document(html, lang)
        if document is not None:
            self._keep(dest_uri, document)

    def remove(self, dest_uri: str) -> bool:
        """Forget the document of the page at ``dest_uri``; whether there was one."""
        try:
            self._path(dest_uri).unlink()
        except FileNotFoundError:
            return False
        return True

    def language_of(self, dest_uri: str) -> str:
        """The language of the page at ``dest_uri``."""
        first = dest_uri.split("/", 1)[0]
        return first if first in self.languages[1:] else self.languages[0]

    def _keep(self, dest_uri: str, document: str | None) -> bool:
        if document is None:
            return self.remove(dest_uri)
        path = self._path(dest_uri)
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if path.read_text(encoding="utf-8") == document:
                return False
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_text(document, encoding="utf-8")
        os.replace(partial, path)
        return True

    def _path(self, dest_uri: str) -> Path:
        return self.of(self.language_of(dest_uri)) / dest_uri


class IndexRun:
    """Pagefind indexing ``source`` into ``output`` (``source/pagefind/`` if not given), started at once;
    :meth:`wait` for it. ``background``: at a lower priority than this process, where the system has
    priorities."""

    def __init__(self, source: Path, output: Path | None = None, *, background: bool = False) -> None:
        from pagefind.service import get_executable  # the binary of the pagefind-bin-extended wheel

        binary = get_executable()
        if binary is None:
            raise SearchIndexError("Pagefind's binary is not installed (pip package pagefind[extended])")
        self.output = output
        self.entry_file = (output or source / BUNDLE) / ENTRY_FILE
        try:
            self.process = subprocess.Popen(
                [str(binary), "--site", str(source), *_output(output), "--silent"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        except OSError as error:
            raise SearchIndexError(f"Pagefind could not start: {error}") from None
        if background and hasattr(os, "setpriority"):
            with contextlib.suppress(OSError):  # it may have ended already
                os.setpriority(os.PRIO_PROCESS, self.process.pid, BACKGROUND_NICENESS)

    def wait(self) -> int:
        """Wait for Pagefind; return the number of pages indexed."""
        try:
            stdout, stderr = self.process.communicate()
        except BaseException:  # Ctrl-C, or the build stopped: Pagefind stops too (as subprocess.run does it)
            self.stop()
            raise
        if self.process.returncode != 0:
            raise SearchIndexError((stderr or stdout).strip() or f"exit status {self.process.returncode}")
        return _sort_entry_file(self.entry_file)

    def running(self) -> bool:
        """Whether Pagefind still runs."""
        return self.process.poll() is None

    def stop(self) -> None:
        """Stop Pagefind if it still runs."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def index_documents(
    documents: SearchDocuments,
    output: Path,
    *,
    background: bool = False,
    started: Callable[[subprocess.Popen[str]], None] | None = None,
) -> int:
    """Index every language's documents side by side (one Pagefind a language), then merge the bundles into
    ``output``; return the number of pages indexed. The preview's way: the index follows a save sooner."""
    runs: dict[str, IndexRun] = {}
    try:
        for lang in documents.languages:
            if documents.has(lang):
                runs[lang] = IndexRun(
                    documents.of(lang), output.with_name(f"{output.name}-{lang}"), background=background
                )
                if started is not None:
                    started(runs[lang].process)
        for run in runs.values():
            run.wait()
        return merge_bundles([run.output for run in runs.values() if run.output], output)
    finally:
        for run in runs.values():
            run.stop()
            if run.output is not None:
                shutil.rmtree(run.output, ignore_errors=True)


def merge_bundles(bundles: Sequence[Path], output: Path) -> int:
    """Put the bundles of Pagefind's runs on single languages together in ``output`` (each folder is deleted);
    return the number of pages indexed. Each language's files have names of their own (hashes of their
    content, or the language in the name); the scripts and styles are the same in every bundle; the entry
    file lists every language. The result is the bundle of one run over every language, byte for byte
    (``tests/test_search_index.py``)."""
    if not bundles:
        raise SearchIndexError("Pagefind had no page to index")
    entry: dict[str, object] = {}
    languages: dict[str, object] = {}
    output.mkdir(parents=True, exist_ok=True)
    for bundle in bundles:
        bundle_entry = json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
        languages.update(bundle_entry.get("languages", {}))
        entry = {**bundle_entry, **entry}
        (bundle / ENTRY_FILE).unlink()
        move_tree(bundle, output)  # the scripts and styles of every bundle are the same files
    entry["languages"] = languages
    (output / ENTRY_FILE).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return _sort_entry_file(output / ENTRY_FILE)


def index_site(source: Path, output: Path | None = None) -> int:
    """Index the pages in ``source`` (a built site, or one language's search documents) into
    ``source/pagefind/`` (or ``output``), as Pagefind's command line does; return the number of pages indexed."""
    return IndexRun(source, output).wait()


def _output(output: Path | None) -> list[str]:
    return ["--output-path", str(output.absolute())] if output is not None else ["--output-subdir", BUNDLE]


def _sort_entry_file(path: Path) -> int:
    """Rewrite Pagefind's entry file with its languages in order; return the number of pages it lists."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return sum(language.get("page_count", 0) for language in entry["languages"].values())
