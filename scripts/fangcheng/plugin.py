"""Fangcheng's MkDocs plugin (``plugins: [fangcheng]`` in mkdocs.yml; options: :class:`FangchengConfig`).

- ``on_pre_build`` validates content and renders the generated pages once per build (mkdocs-static-i18n
  re-runs the build for each further language: those runs wait for the pages already being written).
  A build stops on a content error; the preview keeps serving, with the problems at the top of every
  page until they are fixed;
- ``on_page_markdown`` hands a generated page's HTML to MkDocs as it is, with no Markdown pass;
- ``on_post_template`` gives each language its own 404 page;
- languages after the first render in a worker while MkDocs builds the first; Pagefind indexes the
  pages in another process meanwhile; ``on_post_build`` (after every language) copies the image
  derivatives, writes the open data (``site/data/``, made from the catalogue with the pages: see
  :mod:`fangcheng.opendata`) and moves the index into the site; a failed or interrupted build stops both
  (:meth:`close`).

Every use of Material or mkdocs-static-i18n beyond their documented configuration is in
:mod:`fangcheng.compat`. All state of a build lives on the plugin instance.
"""

from __future__ import annotations

import copy
import gc
import logging
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

from fangcheng import compat, plaques
from fangcheng.catalogue import Catalogue, CatalogueCache
from fangcheng.cli import locale_language
from fangcheng.codes import Level
from fangcheng.config import FangchengConfig, SiteConfig, licence_of, site_config, site_url_problem
from fangcheng.media import MediaError, MediaProcessor
from fangcheng.model import KINDS
from fangcheng.opendata import FILES_MARKER, DataSettings, Licence, OpenData, build_open_data, insert_files_table
from fangcheng.preview import refuse_bad_paths
from fangcheng.preview_problems import insert_panel, item_from_error, items_from_problems, problems_panel
from fangcheng.problems import format_text
from fangcheng.progress import Progress
from fangcheng.render import RenderJob, RenderReport, RenderSettings, insert_home_map, start_render
from fangcheng.search_index import SearchIndexError, SearchIndexJob, start_search_index
from fangcheng.ui_strings import load_ui_strings
from fangcheng.workspace import return_freed_memory

log = logging.getLogger("mkdocs.plugins.fangcheng")

# Built pages' text is freed one page at a time; the memory goes back to the system every so many pages
# (at 3,000 entries the main process then peaks some 40 MiB lower; each return takes about a millisecond).
TRIM_EVERY_PAGES = 256


class FangchengPlugin(BasePlugin[FangchengConfig]):
    """Validates and renders content/ into the docs folder, and finishes the site MkDocs built."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.site: SiteConfig | None = None
        self.catalogues = CatalogueCache()
        self.progress: Progress | None = None  # the build command's progress line (large sites)
        self.media: MediaProcessor | None = None
        self.render: RenderJob | None = None  # the worker: languages after the first, rendered while MkDocs builds
        self.search: SearchIndexJob | None = None  # Pagefind, running while MkDocs builds
        self.panel: str | None = None  # the preview's notice while content or templates are broken
        self.default_404: str | None = None
        self.language_homes: dict[str, Any] = {}  # each language's menu leading to every language's home
        self.shared = compat.SharedBlocks()
        self.open_data: OpenData | None = None  # site/data/, made with the pages (opendata.py)
        self.licence: Licence | None = None
        self._versions_checked = False
        self.released_pages = 0  # generated pages whose text was freed once built
        self.beside_dir: Path | None = None  # given by the build command (prepare)
        self.beside: Path | None = None  # where this build's plaque pages and home maps are written

    # --- set-up ------------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve`` (a threaded process: the preview, rendering in-process)."""
        self.command = command

    def prepare(
        self, catalogue: Catalogue | None = None, progress: Progress | None = None, beside_dir: Path | None = None
    ) -> None:
        """Take the catalogue the build command already validated, its progress line, and the build's own
        folder for the pages that are not MkDocs pages (:attr:`RenderSettings.beside`)."""
        if catalogue is not None:
            self.catalogues.keep(catalogue, cwd=catalogue.config.root)
        self.progress = progress
        self.beside_dir = beside_dir

    @property
    def preview(self) -> bool:
        """Drafts shown and problems on every page instead of a failed build."""
        return self.command == "serve" or bool(self.config.preview)

    @event_priority(-110)  # after mkdocs-static-i18n (-100), which sets the language of this build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the versions of MkDocs, Material and static-i18n once; check the site's address; read the
        site's settings."""
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
        return config

    # --- rendering -----------------------------------------------------------------------------------

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Validate content and render the generated pages (once per build, not once per language)."""
        site = self._site()
        if compat.current_language(config, site.default_language) != site.default_language:
            self._finish_render()  # the next language: its pages must be on disk before MkDocs reads them
            self._step_building(config)
            _free_memory()  # the last language's pages and files, before this one's grow
            return
        self._step("正在生成页面", "rendering the pages")
        lang = locale_language()
        catalogue = self.catalogues.load(site.content_dir, site, cwd=site.root)
        self.panel = None
        for problem in catalogue.problems:
            log.info(format_text(problem, lang))
        errors = [p for p in catalogue.problems if p.effective_level is Level.ERROR]
        if errors and not self.preview:
            raise PluginError("内容有错误 / content has errors:\n" + "\n".join(format_text(p, lang) for p in errors))
        self.media = MediaProcessor(site.content_dir, site.cache_dir / "media")
        # Open data: published entries only, in the preview too (it shows what publishing would give).
        self.open_data = build_open_data(catalogue, DataSettings(config.site_url, config.site_name, self.licence))
        settings = RenderSettings(
            docs_dir=Path(config.docs_dir),
            templates_dir=site.templates_dir,
            locales_dir=site.locales_dir,
            site_url=config.site_url,
            include_drafts=self.preview,
            media=self.media,
            credits=_credits(config, site.languages),
            keep=_unreadable_entries(site.content_dir, catalogue) if errors else frozenset(),
            beside_dir=self.beside_dir,
        )
        self.beside = settings.beside
        panel_items = items_from_problems(errors, lang)
        self.close()  # a preview rebuild: stop what the last one left running
        self.search = None
        if self.config.search:
            self.search = start_search_index(
                Path(config.docs_dir), site.default_language, list(KINDS), site.cache_dir, wait_for=site.languages
            )
        when_written = self.search.written if self.search else None
        try:
            # No fork under `mkdocs serve`: it serves from threads. Its rebuilds render in this process.
            job = start_render(catalogue, settings, when_written, worker=self.command != "serve")
            if self.preview:
                _log_render(job.wait())
            else:
                self.render = job  # the other languages are written while MkDocs builds the first
        except (MediaError, TemplateError) as error:
            if not self.preview:
                raise _render_error(error, site.root) from error
            log.info(f"fangcheng: {error}")  # not a warning: strict mode would abort the preview
            panel_items.append(item_from_error(error, site.root, lang))
        except Exception as error:
            if not self.preview:
                raise
            log.info("fangcheng: rendering failed", exc_info=True)
            panel_items.append(item_from_error(error, site.root, lang))
        finally:
            if self.preview and self.search:
                for language in site.languages:  # index whatever could be rendered
                    self.search.written(language)
        if panel_items:
            warnings = len(catalogue.problems) - len(errors)
            self.panel = str(problems_panel(panel_items, lang, warnings=warnings))
            log.info(
                f"fangcheng: {len(panel_items)} problems: the preview shows them on every page until they are fixed"
            )
        self._step_building(config)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        """Generated pages hold finished HTML: MkDocs takes it as the page's content, with no Markdown pass."""
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
            html = insert_files_table(html, self.open_data, lang, site.default_language, strings, self.licence)
        return insert_home_map(html, self.beside, lang) if self.beside else html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Any) -> Any:
        """Give the theme templates the UI strings of the language being built (``fc_t('key')``)."""
        site = self._site()
        lang = compat.current_language(config, site.default_language)
        env.globals["fc_t"] = load_ui_strings(site.locales_dir, lang, site.default_language)
        env.globals["fc_languages"] = site.languages
        env.globals["fc_shared"] = self.shared
        self.shared.clear()  # a new build, or the next language
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Count the page, free a generated page's text (:func:`compat.release_content`); in the preview, while
        something is broken, put the problems at its top."""
        if self.progress is not None:
            self.progress.page(compat.current_language(config, self._site().default_language))
        if (page.meta.get("fangcheng") or {}).get("generated"):
            compat.release_content(page)
            self.released_pages += 1
            if self.released_pages % TRIM_EVERY_PAGES == 0:
                return_freed_memory()
        return insert_panel(output, self.panel) if self.panel else output

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
        if self.panel:
            output = insert_panel(output, self.panel)
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
        """Once every language is built: copy image derivatives into the site, write the open data and add
        the search index."""
        if compat.in_nested_build(config):
            return  # one more language, built inside the first one's build: that one finishes the job
        _free_memory()  # every language's pages, before the last Pagefind process peaks beside this one
        site_dir = Path(config.site_dir)
        if self.open_data is not None:
            self.open_data.write(site_dir)
        self._step("正在完成图片和搜索索引", "finishing images and the search index")
        if self.media is not None:
            self.media.publish(site_dir)
        self._finish_render()
        if self.beside is not None:
            # The build's own folder is moved in; the preview keeps its pages between rebuilds.
            moved = self.beside_dir is not None
            plaques.publish(self.beside, site_dir, self._site().default_language, move=moved)
        job, self.search = self.search, None
        if job is not None:
            try:
                job.finish(site_dir)
            except SearchIndexError as error:
                raise PluginError(f"搜索索引失败 / building the search index failed: {error}") from error

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """The preview answers 400, not 500 with a traceback, to a path with a control character (``/%00``)."""
        server.set_app(refuse_bad_paths(server.get_app()))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        """The build failed: stop the render worker and Pagefind, and remove Pagefind's files."""
        self.close()

    def on_shutdown(self) -> None:
        """``mkdocs serve`` ends: stop whatever still runs."""
        self.close()

    def close(self) -> None:
        """Stop and wait for the render worker and the search job, if any (also after Ctrl-C)."""
        render, self.render = self.render, None
        if render is not None:
            render.cancel()
        search, self.search = self.search, None
        if search is not None:
            search.cancel()

    # --- helpers -----------------------------------------------------------------------------------

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

    def _finish_render(self) -> None:
        """Wait for the languages still rendering in the worker; their errors stop the build."""
        job, self.render = self.render, None
        if job is not None:
            try:
                _log_render(job.wait())
            except (MediaError, TemplateError) as error:
                raise _render_error(error, self._site().root) from error


def _free_memory() -> None:
    """Collect garbage (MkDocs' pages and files refer to each other: only the cycle collector frees them)
    and give the freed memory back to the system. About 0.08 s at 3,000 entries, and some 15 MiB off the
    build's peak, which is summed over its processes while Pagefind runs beside this one."""
    gc.collect()
    return_freed_memory()


def _render_error(error: Exception, project: Path) -> PluginError:
    """The build's message for a render error: the template's file and line (or the image) when known."""
    if isinstance(error, MediaError):
        return PluginError(f"图片无法处理 / an image could not be processed: {error}")
    item = item_from_error(error, project, "en")
    return PluginError(f"模板错误 / template error: {item.where}: {item.message}")


def _log_render(report: RenderReport) -> None:
    log.info(
        f"fangcheng: {len(report.written)} pages written, {len(report.removed)} removed, {report.unchanged} unchanged"
    )


def _credits(config: MkDocsConfig, languages: tuple[str, ...]) -> dict[str, str]:
    """Each language's credit line for the plaques: its ``copyright`` in the i18n plugin's
    languages, else the site's."""
    i18n = compat.i18n_plugin(config)
    own = {lang.locale: lang.copyright for lang in i18n.config.languages} if i18n is not None else {}
    return {lang: own.get(lang) or config.copyright or "" for lang in languages}


def _unreadable_entries(content_dir: Path, catalogue: Catalogue) -> frozenset[tuple[str, str]]:
    """Entry files that exist but did not load: the preview keeps their last good pages."""
    return frozenset(
        (kind, path.stem)
        for kind in KINDS
        for path in (content_dir / kind).glob("*.y*ml")
        if path.stem not in catalogue.records[kind]
    )
