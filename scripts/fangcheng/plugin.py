"""Fangcheng's MkDocs plugin (``plugins: [fangcheng, i18n]`` in mkdocs.yml; options: :class:`FangchengConfig`).

It does the whole job, the same for ``mkdocs build``, ``mkdocs serve`` and ``fangcheng build`` (which adds
only what a command line adds: the atomic replacement of ``site/``, progress and a summary):

- ``on_config``: check the versions of MkDocs, Material and static-i18n; point MkDocs at this build's own
  docs folder (:mod:`fangcheng.build_folder`): the hand-written pages of ``docs/`` linked in, the generated
  ones rendered there;
- ``on_pre_build`` (the first language; mkdocs-static-i18n re-runs the build for each further one):
  validate the content and render every language's pages (and the entry pages' search documents). A build
  stops on a content error; the preview keeps serving, with the problems at the top of every page until they
  are fixed;
- ``on_page_markdown``: a generated page's HTML goes into the page as it is, with no Markdown pass;
- ``on_post_page``: check the page's search document; start Pagefind on the next language's documents when
  nothing else runs beside MkDocs (one Pagefind at a time, never beside the render worker);
- ``on_post_build`` (after every language): image derivatives, plaque pages, open data, the rest of the search
  index.

For ``fangcheng serve`` (:mod:`fangcheng.live_site`) the plugin also keeps what MkDocs made for each language
(:class:`BuiltLanguage`), so that the preview can send single pages through MkDocs' page handling after a save.

Every use of Material or mkdocs-static-i18n beyond their documented configuration is in
:mod:`fangcheng.compat`. All state of a build lives on the plugin instance.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache, TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from fangcheng import compat
from fangcheng.build_folder import BuildFolder, move_tree
from fangcheng.catalogue import Catalogue, CatalogueCache
from fangcheng.codes import Level
from fangcheng.config import SiteConfig, site_url_problem
from fangcheng.media import MediaError, MediaProcessor
from fangcheng.model import KINDS
from fangcheng.opendata import FILES_MARKER, DataSettings, Licence, OpenData, build_open_data, insert_files_table
from fangcheng.plugin_config import FangchengConfig, footer_of, licence_of, site_config
from fangcheng.preview_problems import ProblemPanels, item_from_error
from fangcheng.preview_server import refuse_bad_paths
from fangcheng.problems import format_text, locale_language
from fangcheng.progress import Progress
from fangcheng.render import (
    GENERATED_FOLDERS,
    PageTask,
    Renderer,
    RenderReport,
    RenderSettings,
    insert_home_map,
    template_location,
    write_pages,
    write_plaques,
)
from fangcheng.render_worker import RenderWorker
from fangcheng.search import load_pinyin
from fangcheng.search_index import (
    BUNDLE,
    IndexRun,
    SearchDocuments,
    SearchIndexError,
    documents_beside,
    merge_bundles,
)
from fangcheng.ui_strings import load_ui_strings

log = logging.getLogger("mkdocs.plugins.fangcheng")

Reporter = Callable[[Catalogue], None]


@dataclass
class BuiltLanguage:
    """What MkDocs made for one language's build (``fangcheng serve`` keeps it to rebuild single pages)."""

    files: Files
    nav: Navigation | None = None
    env: Any = None  # the theme's Jinja environment


class FangchengPlugin(BasePlugin[FangchengConfig]):
    """Validates and renders content/ into the build's docs folder, and finishes the site MkDocs built."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.site: SiteConfig | None = None
        self.catalogues = CatalogueCache()
        self.catalogue: Catalogue | None = None  # the last build's, for the build command's summary
        self.progress: Progress | None = None  # the build command's progress line
        self.report: Reporter | None = None  # the build command prints the problems itself
        self.folder: BuildFolder | None = None  # this build's docs (and the build command's staging site)
        self.folder_given = False  # made by the build command, which deletes it
        self.renderer: Renderer | None = None
        self.media: MediaProcessor | None = None
        self.panel: ProblemPanels | None = None  # the preview's notice while content or templates are broken
        self.default_404: str | None = None
        self.language_homes: dict[str, Any] = {}  # each language's menu leading to every language's home
        self.shared = compat.SharedBlocks()
        self.open_data: OpenData | None = None  # site/data/ (opendata.py), made when first needed (live: after saves)
        self.data_settings: DataSettings | None = None
        self.licence: Licence | None = None
        self.home_maps: dict[str, str] = {}  # by language
        self.source_docs: Path | None = None  # the hand-written pages (mkdocs.yml's docs_dir)
        self.live = False  # fangcheng serve: the preview that rebuilds single pages (fangcheng.live_site)
        self.built: dict[str, BuiltLanguage] = {}  # live: what MkDocs made for each language
        self.render_errors: list[Exception] = []  # the preview's template and image errors of the last render
        self.worker: RenderWorker | None = None  # the build's second core (fangcheng.render_worker)
        self.search_documents: SearchDocuments | None = None  # what Pagefind reads of each page, as written
        self.search_runs: dict[str, IndexRun] = {}  # Pagefind on each language's documents, by language
        self.index_waiting: list[str] = []  # languages whose documents are written, to index while MkDocs builds
        self.index_stale: set[str] = set()  # languages with a document changed after their Pagefind started
        self.site_root: Path | None = None  # the first language's site folder (the others are inside it)
        self._versions_checked = False

    # --- set-up ------------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve`` (the preview: drafts and problems shown)."""
        self.command = command

    def prepare(
        self,
        folder: BuildFolder | None = None,
        progress: Progress | None = None,
        report: Reporter | None = None,
        *,
        live: bool = False,
    ) -> None:
        """For the build command: the work folder it made (docs go to ``folder/docs``), its progress line, and
        what prints the problems found (instead of MkDocs' log). ``live``: for ``fangcheng serve``, a preview
        whose server shows the problems itself, indexes the site itself, and rebuilds single pages later
        (what MkDocs made for each language is kept in :attr:`built`)."""
        self.folder, self.folder_given = folder, folder is not None
        self.progress = progress
        self.report = report
        self.live = live

    @property
    def preview(self) -> bool:
        """Drafts shown and problems on every page instead of a failed build."""
        return self.command == "serve" or self.live or bool(self.config.preview)

    @event_priority(-110)  # after mkdocs-static-i18n (-100), which sets the language of this build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the versions once; check the site's address; read the site's settings; on a build's first
        language, point MkDocs at this build's docs folder."""
        if not self._versions_checked:
            self._versions_checked = True
            mismatches = compat.version_mismatches(compat.installed_versions())
            if mismatches and self.config.version_check == "error":
                raise PluginError(compat.version_message(mismatches))
            if mismatches:
                log.warning(compat.version_message(mismatches))
        site_url = site_url_problem(config.site_url)  # the CLI's build checks it before anything else
        if site_url:
            raise PluginError(site_url)
        root = Path(config.config_file_path).parent.resolve()
        self.site = site_config(self.config, compat.i18n_languages(config), root)
        licence = licence_of(self.config)
        self.licence = Licence(*licence) if licence else None
        language = compat.current_language(config, self.site.default_language)
        self.language_homes[language] = copy.deepcopy(compat.language_homes(config))
        if language == self.site.default_language:
            _set_source_date_epoch(root)
            if self.folder is None:
                self.folder = BuildFolder(self.site.cache_dir)
            docs = self.folder.path / "docs"
            self.source_docs = Path(config.docs_dir)
            _link_hand_written_pages(self.source_docs, docs)
            config.docs_dir = str(docs)
        return config

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """``mkdocs serve`` watches the hand-written pages, not the build's docs folder, which it writes itself,
        and answers 400, not 500 with a traceback, to a path with a control character (``/%00``)."""
        server.unwatch(config.docs_dir)
        if self.source_docs is not None:
            server.watch(str(self.source_docs))
        server.set_app(refuse_bad_paths(server.get_app()))
        return server

    # --- rendering -----------------------------------------------------------------------------------

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Validate content and render the generated pages of every language (once per build)."""
        site = self._site()
        lang = compat.current_language(config, site.default_language)
        if lang != site.default_language:
            documents = self.search_documents
            for built in site.languages[: site.languages.index(lang)]:  # their documents are all written now
                waiting = built in self.search_runs or built in self.index_waiting
                if documents is not None and not waiting and documents.has(built):
                    self.index_waiting.append(built)
            self._advance_indexing()
            self._step_building(config)
            return
        self.site_root = Path(config.site_dir)
        self.search_documents = None
        self.search_runs = {}
        self.index_waiting = []
        self.index_stale = set()
        if self.config.search:
            self.search_documents = SearchDocuments(self._search_folder(config), site.languages)
            self.search_documents.clear()
        self._step("正在检查内容", "checking the content")
        lang = locale_language()
        catalogue = self.catalogue = self.catalogues.load(site.content_dir, site, cwd=site.root)
        errors = [p for p in catalogue.problems if p.effective_level is Level.ERROR]
        if self.report is not None:
            self.report(catalogue)
        else:
            for problem in catalogue.problems:
                log.info(format_text(problem, lang))
        if errors and not self.preview:
            raise PluginError("内容有错误 / content has errors:\n" + "\n".join(format_text(p, lang) for p in errors))
        self._step("正在生成页面", "rendering the pages")
        self.panel = None
        self.render_errors = []
        self.media = MediaProcessor(site.content_dir, site.cache_dir / "media")
        # Open data: published entries only, in the preview too (it shows what publishing would give).
        self.open_data = None
        self.data_settings = DataSettings(config.site_url, config.site_name, self.licence, include_samples=site.samples)
        settings = RenderSettings(
            docs_dir=Path(config.docs_dir),
            templates_dir=site.templates_dir,
            locales_dir=site.locales_dir,
            site_url=config.site_url,
            include_drafts=self.preview,
            include_samples=self.preview or site.samples,
            media=self.media,
            credits=_credits(config, site.languages),
            keep=unreadable_entries(site.content_dir, catalogue) if errors else frozenset(),
        )
        panel_items = ProblemPanels(errors, warnings=len(catalogue.problems) - len(errors))
        self.renderer = None
        try:
            renderer = Renderer(catalogue, settings)
            renderer.prepare_media()
            report = self._write_pages(renderer)
            if self.search_documents is not None:
                self.index_waiting = [language for language in site.languages if self.search_documents.has(language)]
            self.home_maps = {language: renderer.home_map(language) for language in site.languages}
            if not self.preview:
                renderer.forget_fragments()  # kept only by the preview, from one save to the next
            self.renderer = renderer
            log.info(
                f"fangcheng: {len(report.written)} pages written, {len(report.removed)} removed, "
                f"{report.unchanged} unchanged"
            )
        except (MediaError, TemplateError) as error:
            if not self.preview:
                raise _render_error(error, site.root) from error
            log.info(f"fangcheng: {error}")  # not a warning: strict mode would abort the preview
            panel_items.add_error(error, site.root)
            self.render_errors.append(error)
        except Exception as error:
            if not self.preview:
                if template_location(error)[0]:  # a Python error inside a template: say where
                    raise _render_error(error, site.root) from error
                raise
            item = item_from_error(error, site.root, lang)
            log.info(f"fangcheng: {item.where}: {item.message}")  # where, not a traceback (with -v: that too)
            log.debug("fangcheng: rendering failed", exc_info=True)
            panel_items.add_error(error, site.root)
            self.render_errors.append(error)
        if panel_items:
            self.panel = panel_items
            log.info(
                f"fangcheng: {len(panel_items)} problems: the preview shows them on every page until they are fixed"
            )
        self._step_building(config)

    def _write_pages(self, renderer: Renderer) -> RenderReport:
        """Write every language's pages: the first here, the others in a :class:`RenderWorker` where one can
        run (it renders the plaques next, while MkDocs builds); what the worker did not write, written here.
        The open data is made here while the worker finishes its pages (the two took about as long)."""
        self.worker = None
        first = renderer.default_language
        others = [lang for lang in renderer.languages if lang != first]
        written = self._write_document if self.search_documents is not None else None
        if self.preview or self.live or self.folder is None or not others or not RenderWorker.available():
            return write_pages(renderer, written=written)
        load_pinyin()
        lock = self.folder.lock_descriptor()
        self.worker = RenderWorker(
            renderer, others, self.folder.path / "plaques", close=[] if lock is None else [lock], written=written
        )
        report = write_pages(renderer, [first], written)
        self._make_open_data()
        if not self.worker.pages_written():
            self.worker.stop()
            self.worker = None
            report.written += write_pages(renderer, others, written).written
        return report

    def _write_document(self, task: PageTask, text: str) -> None:
        """An entry page's search document, written as the page is rendered (in the render worker too), so that
        Pagefind can index a language while MkDocs builds; :meth:`on_post_page` checks it against the finished
        page."""
        dest = task.entry_page_file(self._site().default_language)
        if dest is not None and self.search_documents is not None:
            self.search_documents.put_fragment(dest, text, task.lang)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        """Escape the page's title and description once for the theme (:func:`compat.escape_meta`); generated
        pages hold finished HTML: MkDocs takes it as the page's content, with no Markdown pass."""
        compat.escape_meta(page)
        if (page.meta.get("fangcheng") or {}).get("generated"):
            compat.skip_markdown(page, markdown)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        """The home page's map where a hand-written page has ``<!-- fangcheng:map -->`` (render.insert_home_map),
        the open data's files where it has ``<!-- fangcheng:data-files -->`` (opendata.insert_files_table)."""
        site = self._site()
        lang = compat.current_language(config, site.default_language)
        if FILES_MARKER in html:
            strings = load_ui_strings(site.locales_dir, lang, site.default_language)
            html = insert_files_table(html, self._make_open_data(), lang, site.default_language, strings, self.licence)
        return insert_home_map(html, self.home_maps.get(lang, ""))

    @event_priority(-110)  # after mkdocs-static-i18n's (-100), which gives each language its nav
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Live: keep the language's nav."""
        if self.live:
            self.built[compat.current_language(config, self._site().default_language)] = BuiltLanguage(files, nav)
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Any) -> Any:
        """Give the theme templates the UI strings of the language being built (``fc_t('key')``)."""
        site = self._site()
        lang = compat.current_language(config, site.default_language)
        env.globals["fc_t"] = load_ui_strings(site.locales_dir, lang, site.default_language)
        env.globals["fc_languages"] = site.languages
        env.globals["fc_shared"] = self.shared
        env.globals["fc_footer"] = footer_of(self.config, self.licence, lang, site.default_language)
        # The theme's templates compiled once, not once per language and build (static-i18n gives each language
        # a new environment): Jinja's own cache, which checks each template's source against what it compiled.
        env.bytecode_cache = self._compiled_templates()
        if lang == site.default_language:
            self.shared.clear()  # a new build (its blocks are kept per language folder: see compat.SharedBlocks)
        if self.live:
            self.built[lang] = BuiltLanguage(files, self.built[lang].nav if lang in self.built else None, env)
        return env

    @event_priority(-200)  # last: the page as it is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Count the page; keep what the search index reads of it; in the preview, while something is broken,
        put the problems at its top (the live preview's server does that itself, as it serves a page)."""
        if self.progress is not None:
            self.progress.page(compat.current_language(config, self._site().default_language))
        if self.search_documents is not None and self.site_root is not None:
            dest = Path(page.file.abs_dest_path).relative_to(self.site_root).as_posix()
            if self.search_documents.put(dest, output):
                lang = self.search_documents.language_of(dest)
                if lang in self.search_runs:
                    self.index_stale.add(lang)  # Pagefind read it before: that language is indexed again
            self._advance_indexing()
        if self.panel and not self.live:
            return self.panel.insert(output, compat.current_language(config, self._site().default_language))
        if not self.live:  # the live preview sends pages through MkDocs again later
            compat.release_page_text(page)
        return output

    def on_pre_template(self, template: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        """The 404 page's language menu leads to each language's home, not to the last page built."""
        if template_name == "404.html":
            homes = self.language_homes.get(compat.current_language(config, self._site().default_language))
            if homes is not None:
                compat.set_language_menu(config, copy.deepcopy(homes))
        return template

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Give each language its own 404 page.

        mkdocs-static-i18n builds every language into the same site_dir, so each language's 404.html
        would land on the root one: the default language's stays there, the others go to /<lang>/404.html.
        """
        if template_name != "404.html":
            return output
        if self.panel and not self.live:
            output = self.panel.insert(output, compat.current_language(config, self._site().default_language))
        site = self._site()
        lang = compat.current_language(config, site.default_language)
        if lang == site.default_language:
            self.default_404 = output
            return output
        if self.default_404 is None:
            return output
        target = Path(config.site_dir) / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        return self.default_404

    # --- the end -----------------------------------------------------------------------------------

    @event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other languages in its post_build
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Once every language is built: image derivatives, plaque pages, open data and the search index."""
        if compat.in_nested_build(config):
            return  # one more language, built inside the first one's build: that one finishes the job
        site_dir = Path(config.site_dir)
        try:
            self._finish_site(site_dir)
            self._finish_index(site_dir)
        except SearchIndexError as error:
            raise PluginError(f"搜索索引失败 / building the search index failed: {error}") from error
        finally:
            self._stop_indexing()
        self._release()

    def _advance_indexing(self) -> None:
        """Start Pagefind on the next language whose documents are written, if no Pagefind runs and the render
        worker has ended: one at a time and never beside the worker (the memory target), while MkDocs builds.
        Not in the live preview: it indexes its site in the background."""
        if not self.index_waiting or self.live:
            return
        if self.worker is not None and not self.worker.ended():
            return
        if any(run.running() for run in self.search_runs.values()):
            return
        try:
            self._start_index_run(self.index_waiting.pop(0))
        except SearchIndexError as error:
            raise PluginError(f"搜索索引失败 / building the search index failed: {error}") from error

    def _start_index_run(self, lang: str) -> IndexRun:
        documents = self.search_documents
        assert documents is not None
        output = documents.folder.with_name(f"{BUNDLE}-{lang}")
        shutil.rmtree(output, ignore_errors=True)  # a stopped run's
        self.index_stale.discard(lang)
        run = self.search_runs[lang] = IndexRun(documents.of(lang), output, background=True)
        return run

    def _finish_index(self, site_dir: Path) -> None:
        """Index what is not indexed yet or changed since Pagefind read it (usually nothing: the languages were
        indexed while MkDocs built), one Pagefind at a time, and put the languages' bundles together in the site
        (a site without any entry page: Pagefind's index of the whole site, as Pagefind would make it)."""
        documents = self.search_documents
        if documents is None or self.live:
            return
        self._step("正在建立搜索索引", "building the search index")
        for lang in documents.drop_unconfirmed():  # written as rendered, but MkDocs made no such page
            if lang in self.search_runs:
                self.index_stale.add(lang)
        for lang in self.index_stale & set(self.search_runs):  # Pagefind read documents that changed since
            self.search_runs.pop(lang).stop()
        for run in self.search_runs.values():  # the one still running, if any
            run.wait()
        for lang in self._site().languages:  # what is left, one after the other
            if lang not in self.search_runs and documents.has(lang):
                self._start_index_run(lang).wait()
        if not self.search_runs:
            IndexRun(site_dir, site_dir / BUNDLE).wait()
            return
        runs = [self.search_runs[lang] for lang in self._site().languages if lang in self.search_runs]
        merge_bundles([run.output for run in runs if run.output], site_dir / BUNDLE)

    def _stop_indexing(self) -> None:
        for run in self.search_runs.values():
            run.stop()
        self.search_runs = {}

    def _finish_site(self, site_dir: Path) -> None:
        """Open data, image derivatives and plaque pages, straight into the built site."""
        self._step("正在完成图片、铭牌和开放数据", "finishing images, plaques and open data")
        open_data = self._make_open_data()
        if open_data is not None:
            open_data.write(site_dir)
        if self.media is not None:
            self.media.publish(site_dir)
        if self.worker is not None and self.worker.plaques_written():
            move_tree(self.worker.plaques_dir, site_dir)
        elif self.renderer is not None:
            try:
                write_plaques(self.renderer, site_dir)
            except Exception as error:
                if not template_location(error)[0] and not isinstance(error, TemplateError):
                    raise
                if not self.preview:
                    raise _render_error(error, self._site().root) from error
                log.info(f"fangcheng: {error}")

    def on_build_error(self, *, error: Exception) -> None:
        """The build failed: stop the render worker, delete this build's work folder (the preview keeps it for
        the next rebuild)."""
        self._release()

    def on_shutdown(self) -> None:
        """``mkdocs serve`` ends: delete the work folder."""
        self._release(finally_=True)

    # --- helpers -----------------------------------------------------------------------------------

    def _release(self, *, finally_: bool = False) -> None:
        """Stop the render worker if it runs; delete this build's work folder, unless the build command owns it
        or the preview goes on."""
        self.stop_helpers()
        if self.folder is None or self.folder_given or (self.command == "serve" and not finally_):
            return
        self.folder.remove()
        self.folder = None

    def _search_folder(self, config: MkDocsConfig) -> Path:
        """Where the search documents go: beside the live preview's site (it has a folder per built site),
        else in the work folder."""
        if self.live or self.folder is None:
            return documents_beside(Path(config.site_dir))
        return self.folder.path / "search"

    def stop_helpers(self) -> None:
        """Stop the render worker and Pagefind where they still run (the build failed or was interrupted: the
        build command calls this however MkDocs ended)."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self._stop_indexing()

    def _compiled_templates(self) -> FileSystemBytecodeCache:
        folder = self._site().cache_dir / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))

    def _make_open_data(self) -> OpenData | None:
        """This build's open data (made once, when first needed); ``None`` before the content is read."""
        if self.open_data is None and self.catalogue is not None and self.data_settings is not None:
            self.open_data = build_open_data(self.catalogue, self.data_settings)
        return self.open_data

    def _site(self) -> SiteConfig:
        if self.site is None:
            raise PluginError("fangcheng: the plugin was not configured (on_config did not run)")
        return self.site

    def _step(self, zh: str, en: str) -> None:
        if self.progress is not None:
            self.progress.step(zh, en)

    def _step_building(self, config: MkDocsConfig) -> None:
        lang = compat.current_language(config, self._site().default_language)
        self._step(f"正在构建{lang}页面", f"building the {lang} pages")


def _set_source_date_epoch(project: Path) -> None:
    """Let the checked-out commit's time stand for "now" (MkDocs reads ``SOURCE_DATE_EPOCH`` for the
    sitemap's dates), so that two builds of one commit are byte-identical; a value already set wins."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return
    value = result.stdout.strip()
    if result.returncode == 0 and value.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = value


def _link_hand_written_pages(source: Path, docs: Path) -> None:
    """Make ``docs`` hold the hand-written pages of ``source`` (linked, or copied where links cannot be made),
    beside the generated ``<kind>/`` folders the render keeps there; pages gone from ``source`` go."""
    generated = {*KINDS, *GENERATED_FOLDERS}
    docs.mkdir(parents=True, exist_ok=True)
    for child in docs.iterdir():
        if child.name not in generated:
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    if not source.is_dir():
        return
    for child in source.iterdir():
        if child.name in generated:
            continue  # left by an older version, which rendered into docs/
        target = docs / child.name
        if child.is_dir():
            shutil.copytree(child, target, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(child), str(target))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _render_error(error: Exception, project: Path) -> PluginError:
    """The build's message for a render error: the template's file and line (or the image) when known."""
    if isinstance(error, MediaError):
        return PluginError(f"图片无法处理 / an image could not be processed: {error}")
    item = item_from_error(error, project, "en")
    return PluginError(f"模板错误 / template error: {item.where}: {item.message}")


def _credits(config: MkDocsConfig, languages: tuple[str, ...]) -> dict[str, str]:
    """Each language's credit line for the plaques: its ``copyright`` in the i18n plugin's
    languages, else the site's."""
    i18n = compat.i18n_plugin(config)
    own = {lang.locale: lang.copyright for lang in i18n.config.languages} if i18n is not None else {}
    return {lang: own.get(lang) or config.copyright or "" for lang in languages}


def unreadable_entries(content_dir: Path, catalogue: Catalogue) -> frozenset[tuple[str, str]]:
    """(kind, id) of the entry files that exist but did not load: the preview keeps their last good pages."""
    return frozenset(
        (kind, path.stem)
        for kind in KINDS
        for path in (content_dir / kind).glob("*.y*ml")
        if path.stem not in catalogue.records[kind]
    )
