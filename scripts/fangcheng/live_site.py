"""The live preview's site (``fangcheng serve``): built once in full, then kept up to date page by page.

The first build is an ordinary MkDocs build with the fangcheng plugin in live mode (drafts shown, problems
reported instead of a failed build, what MkDocs made for each language kept: :class:`plugin.BuiltLanguage`).
After a save in ``content/`` (:meth:`LiveSite.update`):

1. only the entry files that changed are read and checked again (:class:`catalogue.CatalogueCache`), then the
   rules over the whole catalogue run;
2. a renderer is made from the one before (:class:`render.Renderer`, ``previous``) and only the pages whose
   inputs changed (:meth:`render.Renderer.inputs`: the entry, the entries it links to and that point at it,
   its nearest places, a kind's entries for its browse page …) are rendered again; the pages of the entries
   saved come first;
3. only the pages whose text changed go through MkDocs' page handling again, in each language with the
   files, nav and theme environment its build made; a new entry's page joins its language's files, a deleted
   one's leaves them (:mod:`fangcheng.compat`);
4. the home page follows when its map changes; entry plaques are written again.

The sitemap, the open data, its page and the kinds' "print all plaques" pages follow in
:meth:`LiveSite.finish` (the server runs it when no save waits). Any other change (templates, UI strings,
hand-written pages, ``mkdocs.yml``) builds the whole site again (:meth:`LiveSite.build`) in a new folder,
which replaces the served one when it is done.

Every file put into the served site is written beside its place and renamed over it: a request never reads
half a page.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from fangcheng import compat
from fangcheng.build_folder import BuildFolder
from fangcheng.catalogue import Catalogue
from fangcheng.codes import Level
from fangcheng.media import MediaError
from fangcheng.model import KINDS
from fangcheng.opendata import FILES_MARKER, DataSettings, build_open_data
from fangcheng.plaques import plaque_path
from fangcheng.plugin import FangchengPlugin, unreadable_entries
from fangcheng.plugin_config import load_site_config
from fangcheng.preview_problems import PanelItem, ProblemPanels, insert_panel, panel_language, problems_panel
from fangcheng.problems import format_text, locale_language
from fangcheng.render import TIMELINE, PageTask, Renderer, home_markers, template_location
from fangcheng.search_index import SearchDocuments, documents_beside

log = logging.getLogger("fangcheng.preview")

# language, kind, entry id ("" for a browse page or the timeline), browse page number, every card (cards.json)
TaskKey = tuple[str, str, str, int, bool]


class LiveSiteError(Exception):
    """The whole site could not be built; the message says why."""


@dataclass
class Update:
    """What one build or update did."""

    pages: int = 0  # pages sent through MkDocs
    added: int = 0
    removed: int = 0
    seconds: float = 0.0
    full: bool = False
    kept: bool = False  # a full build that could not render: the last good site stays

    def summary(self) -> str:
        """One line for the terminal, in Chinese and English."""
        if self.kept:
            return (
                "页面无法生成，预览显示上一次的页面和问题 / the pages could not be rendered: the preview shows the "
                "last good pages and the problems"
            )
        if self.full:
            return f"网站已构建，用时 {self.seconds:.1f} 秒 / site built in {self.seconds:.1f} s"
        changes = f"{self.pages} 个页面" + (f"，新增 {self.added}" if self.added else "")
        changes += f"，删除 {self.removed}" if self.removed else ""
        english = f"{self.pages} page{'s' if self.pages != 1 else ''}" + (f", {self.added} added" if self.added else "")
        english += f", {self.removed} removed" if self.removed else ""
        return f"已更新 {changes}，用时 {self.seconds:.2f} 秒 / updated {english} in {self.seconds:.2f} s"


@dataclass
class _State:
    """One full build and everything the updates after it changed."""

    site_dir: Path  # the built site, served
    config: Any  # MkDocsConfig
    plugin: FangchengPlugin
    inputs: dict[TaskKey, Any] = field(default_factory=dict)  # each MkDocs page's inputs when last rendered
    sources: dict[TaskKey, str] = field(default_factory=dict)  # each MkDocs page's file in the docs folder
    plaque_inputs: dict[TaskKey, Any] = field(default_factory=dict)  # each plaque page's
    home_inputs: Any = None
    finished: bool = True  # open data and "print all" plaques follow the content
    data_of: Any = None  # the catalogue the open data was last made from
    sitemap_stale: bool = False  # a page came or went since the sitemap was written
    current_language: str | None = None  # the language config is in (compat.switch_language)


class LiveSite:
    """The preview's site, built by :meth:`build` and kept up to date by :meth:`update` (one thread at a time)."""

    def __init__(self, mkdocs_yml: Path) -> None:
        self.mkdocs_yml = mkdocs_yml.resolve()
        self.state: _State | None = None
        self.folder: BuildFolder | None = None  # the docs folder, and a folder per built site
        self.needs_full = True  # the next change builds the whole site (the last build could not render)
        self._builds = 0
        self.failure: str | None = None  # why the last full build failed (shown until one succeeds)
        self.panels: ProblemPanels | None = None  # the problems the preview shows on every page

    # --- what the server reads ----------------------------------------------------------------------

    @property
    def site_dir(self) -> Path | None:
        """The folder being served (``None`` before the first build succeeded)."""
        return self.state.site_dir if self.state else None

    @property
    def languages(self) -> tuple[str, ...]:
        site = self.state.plugin.site if self.state else None
        return site.languages if site else ()

    def panel(self, lang: str) -> str | None:
        """The problem panel for a page (``None`` while nothing is broken)."""
        if self.failure:
            item = PanelItem("mkdocs.yml", "MkDocs", " ".join(self.failure.split()))
            return str(problems_panel([item], panel_language(lang)))
        return self.panels.html(lang) if self.panels else None

    def insert_panel(self, html: str, lang: str) -> str:
        """``html`` with the problem panel first in its body, if there is one."""
        panel = self.panel(lang)
        return insert_panel(html, panel) if panel else html

    # --- the whole site ---------------------------------------------------------------------------

    def build(self) -> Update:
        """Build the whole site into a new folder and serve it from now on (the previous one is deleted).

        On failure the previous site stays, and the problem panel says why: when MkDocs fails
        (:class:`LiveSiteError`, :attr:`failure`), and when a template or an image cannot be rendered (then the
        pages stay as they last were). The docs folder is kept from one build to the next, so that an entry
        that cannot be read keeps its last good page."""
        from mkdocs.commands.build import build
        from mkdocs.exceptions import Abort, MkDocsException

        started = time.perf_counter()
        self.needs_full = True
        site_dir = None
        try:
            config = compat.load_fresh_config(self.mkdocs_yml)
            plugin = config.plugins.get("fangcheng")
            if not isinstance(plugin, FangchengPlugin):
                raise LiveSiteError(
                    "mkdocs.yml 没有启用 fangcheng 插件 / mkdocs.yml does not enable the fangcheng plugin"
                )
            if self.folder is None:
                self.folder = BuildFolder(load_site_config(self.mkdocs_yml).cache_dir)
            self._builds += 1
            site_dir = self.folder.path / f"site-{self._builds}"
            config.site_dir = str(site_dir)
            plugin.prepare(self.folder, live=True)
            build(config)
        except (Abort, MkDocsException, LiveSiteError) as error:
            self._failed(site_dir, str(error))
            raise LiveSiteError(str(error)) from error
        except Exception as error:  # a template or plugin bug: say where, without a traceback
            self._failed(site_dir, f"{type(error).__name__}: {error}")
            raise LiveSiteError(f"{type(error).__name__}: {error}") from error
        self.failure = None
        self._set_panel(plugin.catalogue, plugin.render_errors)
        renderer = plugin.renderer
        if renderer is None and self.state is not None:  # a template or image error: the last good site stays
            _remove_site(site_dir)
            return Update(full=True, kept=True, seconds=time.perf_counter() - started)
        state = _State(site_dir, config, plugin, data_of=plugin.catalogue)
        state.current_language = compat.current_language(config, plugin.site.default_language if plugin.site else "")
        if renderer is not None:
            state.inputs = {_key(task): renderer.inputs(task) for task in renderer.tasks()}
            state.sources = {_key(task): task.path(renderer.default_language).as_posix() for task in renderer.tasks()}
            state.plaque_inputs = {_key(task): renderer.inputs(task) for task in renderer.plaque_tasks()}
            state.home_inputs = renderer.home_inputs()
        previous, self.state = self.state, state
        self.needs_full = renderer is None
        if previous is not None:
            _remove_site(previous.site_dir)
        return Update(full=True, seconds=time.perf_counter() - started)

    @property
    def search_documents(self) -> SearchDocuments | None:
        """What Pagefind indexes of the served site, if the site has search."""
        return self.state.plugin.search_documents if self.state else None

    def _failed(self, site_dir: Path | None, message: str) -> None:
        self.failure = message
        if site_dir is not None:
            _remove_site(site_dir)

    def close(self) -> None:
        """Delete the served site and the work folder."""
        self.state = None
        if self.folder is not None:
            self.folder.remove()
            self.folder = None

    # --- one save ---------------------------------------------------------------------------------

    def update(self) -> Update | None:
        """Bring the site up to date with ``content/``; ``None`` when no entry file changed what it gives.

        Raises :class:`LiveSiteError` when only a full build can (the first one failed, or its render did).
        """
        state = self.state
        if state is None or self.needs_full or state.plugin.renderer is None or state.plugin.site is None:
            raise LiveSiteError("需要完整构建 / a full build is needed")
        started = time.perf_counter()
        plugin, site, old = state.plugin, state.plugin.site, state.plugin.renderer
        catalogue = plugin.catalogues.load(site.content_dir, site, cwd=site.root)
        if catalogue is plugin.catalogue:
            return None
        errors = [p for p in catalogue.problems if p.effective_level is Level.ERROR]
        lang = locale_language()
        for problem in catalogue.problems:
            log.info(format_text(problem, lang))
        plugin.catalogue = catalogue
        if plugin.media is not None:  # an image changed: its derivatives are made again
            plugin.media.forget(
                path.relative_to(site.content_dir).as_posix()
                for path in plugin.catalogues.changed_files
                if path.is_relative_to(site.content_dir)
            )
        keep = unreadable_entries(site.content_dir, catalogue) if errors else frozenset()
        renderer = Renderer(catalogue, dataclasses.replace(old.settings, keep=keep), previous=old)
        if renderer.today != old.today:  # a new day: opening hours and dated notices change on every page
            state.inputs = dict.fromkeys(state.inputs)
            state.plaque_inputs = dict.fromkeys(state.plaque_inputs)
            state.home_inputs = None
        render_errors: list[Exception] = []
        changed, gone, inputs = self._changed_pages(state, old, renderer, keep, render_errors)
        plugin.renderer = renderer
        self._set_panel(catalogue, render_errors)  # before the pages: a fixed page never shows the old problems
        update = self._remove(state, gone)
        for group in changed:  # each group rendered, then through MkDocs: the saved entries' pages show first
            written = self._render(state, renderer, group, inputs, render_errors)
            if plugin.media is not None:
                plugin.media.publish(state.site_dir, only_new=True)
            self._through_mkdocs(state, written, inputs, update)
        state.sitemap_stale |= bool(update.added or update.removed)
        for lang_code in self._home_maps(state, renderer):
            update.pages += self._rebuild_marked(state, lang_code, home_markers(plugin.home_maps[lang_code]))
        self._plaques(state, renderer, keep, render_errors)
        state.finished = False
        self._set_panel(catalogue, render_errors)
        update.seconds = time.perf_counter() - started
        return update

    def _changed_pages(
        self,
        state: _State,
        old: Renderer,
        renderer: Renderer,
        keep: frozenset[tuple[str, str]],
        render_errors: list[Exception],
    ) -> tuple[list[list[PageTask]], list[TaskKey], dict[TaskKey, Any]]:
        """The pages whose inputs changed, in groups to bring up to date one after the other (:func:`_priority`);
        the pages that are gone (but the kept ones of entries that cannot be read now); the new inputs."""
        saved = {
            (record.kind, record.id)
            for records in renderer.records.values()
            for record in records
            if old.catalogue.get(record.kind, record.id) is not record
        }
        changed: list[PageTask] = []
        inputs: dict[TaskKey, Any] = {}
        every: set[TaskKey] = set()
        for task in renderer.tasks():
            key = _key(task)
            every.add(key)
            try:
                value = renderer.inputs(task)
            except MediaError as error:
                render_errors.append(error)
                continue
            if state.inputs.get(key) != value:
                changed.append(task)
                inputs[key] = value
        gone = [key for key in state.inputs if key not in every and not _kept(key, keep)]
        groups: dict[int, list[PageTask]] = {}
        for task in changed:
            groups.setdefault(_priority(task, saved), []).append(task)
        return [groups[priority] for priority in sorted(groups)], gone, inputs

    def _render(
        self,
        state: _State,
        renderer: Renderer,
        changed: list[PageTask],
        inputs: dict[TaskKey, Any],
        render_errors: list[Exception],
    ) -> list[tuple[PageTask, str]]:
        """Render the changed pages into the docs folder (MkDocs reads them there); return those whose text
        changed, with their file (a page whose text did not change is up to date already)."""
        docs = Path(state.config.docs_dir)
        written: list[tuple[PageTask, str]] = []
        for task in changed:
            try:
                data = renderer.render(task).encode("utf-8")
            except Exception as error:
                if not isinstance(error, TemplateError | MediaError) and not template_location(error)[0]:
                    raise
                render_errors.append(error)
                continue
            path = docs / task.path(renderer.default_language)
            if path.is_file() and path.read_bytes() == data:
                state.inputs[_key(task)] = inputs[_key(task)]
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append((task, path.relative_to(docs).as_posix()))
        return written

    def _remove(self, state: _State, gone: list[TaskKey]) -> Update:
        """Take the pages that are gone out of their language's files and out of the site."""
        update = Update()
        docs = Path(state.config.docs_dir)
        for key in gone:
            src_uri = state.sources.pop(key)
            (docs / src_uri).unlink(missing_ok=True)
            built = state.plugin.built[key[0]]
            self._switch(state, key[0])
            file = built.files.src_uris.get(src_uri)
            if file is not None:
                compat.remove_page(state.config, built.files, file)
                if state.plugin.search_documents is not None:
                    dest = Path(file.abs_dest_path).relative_to(state.site_dir)
                    state.plugin.search_documents.remove(dest.as_posix())
            del state.inputs[key]
            update.removed += 1
        return update

    def _through_mkdocs(
        self, state: _State, written: list[tuple[PageTask, str]], inputs: dict[TaskKey, Any], update: Update
    ) -> None:
        """Send the written pages through MkDocs' page handling, each in its language with what that language's
        build made; a new file joins the language's files (all its languages' versions are written by then:
        they are in one group)."""
        plugin, config = state.plugin, state.config
        docs = Path(config.docs_dir)
        pages: dict[str, Any] = {}  # each language's documentation pages (MkDocs' template context)
        for task, src_uri in written:
            built = plugin.built[task.lang]
            self._switch(state, task.lang)
            file = built.files.src_uris.get(src_uri)
            if file is None:
                stem, _, suffix = src_uri.rsplit(".", 2)
                versions = [f"{stem}.{code}.{suffix}" for code in self.languages]
                file = compat.add_file(config, built.files, src_uri, [v for v in versions if (docs / v).exists()])
                pages.pop(task.lang, None)
                update.added += 1
            if file.page is None:  # not a page: a file MkDocs copies (a kind's cards.json)
                _write_atomic(Path(file.abs_dest_path), Path(file.abs_src_path or "").read_bytes())
            else:
                if task.lang not in pages:
                    pages[task.lang] = built.files.documentation_pages()
                compat.rebuild_page(file.page, config, built.files, pages[task.lang], built.nav, built.env)
                update.pages += 1
            state.inputs[_key(task)] = inputs[_key(task)]
            state.sources[_key(task)] = src_uri

    def _plaques(
        self, state: _State, renderer: Renderer, keep: frozenset[tuple[str, str]], render_errors: list[Exception]
    ) -> None:
        """Write the changed entries' plaque pages, delete those of entries gone or now drafts (each kind's
        "print all" page follows in :meth:`finish`)."""
        plaques = {_key(task): task for task in renderer.plaque_tasks()}
        for key, task in plaques.items():
            if task.record is None:
                continue
            value = renderer.inputs(task)
            if state.plaque_inputs.get(key) == value:
                continue
            try:
                _write_atomic(state.site_dir / task.path(renderer.default_language), renderer.render(task))
            except Exception as error:
                if not isinstance(error, TemplateError) and not template_location(error)[0]:
                    raise
                render_errors.append(error)
                continue
            state.plaque_inputs[key] = value
        for key in [key for key in state.plaque_inputs if key not in plaques and key[2] and not _kept(key, keep)]:
            lang, kind, entry_id, _, _ = key
            page = plaque_path(lang, renderer.default_language, kind, entry_id).lstrip("/")
            _remove_page_file(state.site_dir, state.site_dir / page / "index.html")
            del state.plaque_inputs[key]

    def finish(self, stop: Callable[[], bool] = lambda: False) -> bool:
        """Bring what may follow a save up to date: the sitemap, the open data and its page, then each kind's
        "print all plaques" page, one after the other until ``stop()`` says a save waits. Returns whether it got through
        (else the next call goes on)."""
        state = self.state
        if state is None or state.finished or state.plugin.renderer is None:
            return True
        plugin, config, renderer = state.plugin, state.config, state.plugin.renderer
        catalogue = plugin.catalogue
        assert catalogue is not None
        if state.sitemap_stale:
            last = self.languages[-1]  # as a build writes it: in its last language, listing every language's pages
            self._switch(state, last)
            built = plugin.built[last]
            compat.rebuild_sitemap(config, built.files, built.nav, built.env, state.site_dir.with_name("scratch"))
            state.sitemap_stale = False
            if stop():
                return False
        if state.data_of is not catalogue:
            self._switch(state, self.languages[0])  # the open data is named as the default language's site is
            settings = plugin.data_settings or DataSettings(config.site_url, config.site_name, plugin.licence)
            data = build_open_data(catalogue, settings)  # the settings of the build: samples as it has them
            if plugin.open_data is None or plugin.open_data.files != data.files:
                plugin.open_data = data
                for item in data.files:
                    _write_atomic(state.site_dir / "data" / item.name, item.data)
                for lang in self.languages:
                    self._rebuild_marked(state, lang, [FILES_MARKER])
            state.data_of = catalogue
            if stop():
                return False
        for task in renderer.plaque_tasks():
            if task.record is not None:
                continue
            key, value = _key(task), renderer.inputs(task)
            if state.plaque_inputs.get(key) == value:
                continue
            if stop():
                return False
            try:
                _write_atomic(state.site_dir / task.path(renderer.default_language), renderer.render(task))
            except Exception as error:
                if not isinstance(error, TemplateError) and not template_location(error)[0]:
                    raise
                continue
            state.plaque_inputs[key] = value
        state.finished = True
        return True

    # --- helpers ------------------------------------------------------------------------------------

    def _switch(self, state: _State, lang: str) -> None:
        if state.current_language != lang:
            compat.switch_language(state.config, lang)
            state.current_language = lang

    def _home_maps(self, state: _State, renderer: Renderer) -> list[str]:
        """The languages whose home map changed (the plugin's home maps are updated)."""
        value = renderer.home_inputs()
        if value == state.home_inputs:
            return []
        state.home_inputs = value
        changed = []
        for lang in self.languages:
            home = renderer.home_map(lang)
            if state.plugin.home_maps.get(lang) != home:
                state.plugin.home_maps[lang] = home
                changed.append(lang)
        return changed

    def _rebuild_marked(self, state: _State, lang: str, markers: list[str]) -> int:
        """Send the hand-written pages of ``lang`` holding one of ``markers`` through MkDocs again; return how
        many."""
        built = state.plugin.built[lang]
        generated = {*KINDS, TIMELINE}
        count = 0
        for file in built.files.documentation_pages():
            if file.src_uri.split("/")[0] in generated or file.page is None:
                continue
            try:
                source = Path(file.abs_src_path or "").read_text(encoding="utf-8")
            except OSError:
                continue
            if any(marker in source for marker in markers):
                self._switch(state, lang)
                compat.rebuild_page(
                    file.page, state.config, built.files, built.files.documentation_pages(), built.nav, built.env
                )
                count += 1
        return count

    def _set_panel(self, catalogue: Catalogue | None, render_errors: Iterable[Exception]) -> None:
        problems = catalogue.problems if catalogue else []
        errors = [p for p in problems if p.effective_level is Level.ERROR]
        panels = ProblemPanels(errors, warnings=len(problems) - len(errors))
        for error in render_errors:
            panels.add_error(error, self.mkdocs_yml.parent)
        self.panels = panels if panels else None


def _key(task: PageTask) -> TaskKey:
    return (task.lang, task.kind, task.record.id if task.record else "", task.number, task.cards)


def _priority(task: PageTask, saved: set[tuple[str, str]]) -> int:
    """The order pages are brought up to date in: the saved entries' own pages, then the lists of every entry
    (browse pages, the timeline), then other entries' pages (the street an entry is on, those nearby …)."""
    if task.record is None:
        return 1
    return 0 if (task.kind, task.record.id) in saved else 2


def _kept(key: TaskKey, keep: frozenset[tuple[str, str]]) -> bool:
    return (key[1], key[2]) in keep


def _remove_site(site_dir: Path) -> None:
    """Delete a site the preview no longer serves, with its search documents."""
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.rmtree(documents_beside(site_dir), ignore_errors=True)


def _write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``path`` beside its place, then rename it there (a reader sees the old file or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(partial, path)


def _remove_page_file(site_dir: Path, path: Path) -> None:
    """Delete a page of the site and the folders it leaves empty."""
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == site_dir or not folder.is_relative_to(site_dir):
            break
        try:
            folder.rmdir()
        except OSError:
            break
