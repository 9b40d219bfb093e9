"""The one MkDocs adapter: MkDocs calls these hooks (see ``hooks:`` in mkdocs.yml).

- ``on_pre_build`` validates content/ and renders docs/<kind>/ once per build (mkdocs-static-i18n
  re-runs the build for each further language: those runs reuse the pages already written). A build
  stops on a content error; the preview keeps serving, with the problems at the top of every page
  (``on_post_page``) until they are fixed;
- ``on_page_markdown`` hands a generated page's HTML to MkDocs as it is, with no Markdown pass;
- ``on_page_context`` adds hreflang alternates for the page's other languages;
- ``on_post_template`` gives each language its own 404 page;
- languages after the first render in a worker while MkDocs builds the first (``on_pre_build`` of
  the next language waits for them); once all pages are on disk, Pagefind indexes them in another
  process while MkDocs builds; ``on_post_build`` (after every language is built) copies image
  derivatives and adds the index; ``on_build_error`` stops the worker and Pagefind.

Everything else lives in the MkDocs-free core, so moving to another site builder means
rewriting this module only.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from jinja2 import TemplateError

from fangcheng import progress
from fangcheng.catalogue import Catalogue, load_catalogue_cached
from fangcheng.cli import locale_language
from fangcheng.codes import Level
from fangcheng.config import SiteConfig, load_site_config
from fangcheng.media import MediaError, MediaProcessor
from fangcheng.model import KINDS
from fangcheng.preview_problems import insert_panel, item_from_error, items_from_problems, problems_panel
from fangcheng.problems import format_text
from fangcheng.render import RenderJob, RenderReport, RenderSettings, start_render
from fangcheng.search_index import SearchIndexError, SearchIndexJob, index_site, start_search_index
from fangcheng.ui_strings import load_ui_strings
from fangcheng.urls import absolute

log = logging.getLogger("mkdocs.fangcheng")
PREVIEW_ENV = "FANGCHENG_PREVIEW"
SEARCH_ENV = "FANGCHENG_SEARCH"


@dataclass
class _BuildState:
    command: str = "build"
    site: SiteConfig | None = None
    media: MediaProcessor | None = None
    default_404: str | None = None
    problems_panel: str | None = None  # the preview's notice while content or templates are broken
    search: SearchIndexJob | None = None  # Pagefind, running while MkDocs builds
    render: RenderJob | None = None  # languages after the first, rendering while MkDocs builds the first
    fragments: dict[tuple[Any, ...], str] = field(default_factory=dict)  # theme blocks shared by entry pages


_state = _BuildState()


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is ``serve`` (the preview shows drafts)."""
    _state.command = command


def _is_first_language_build(config: MkDocsConfig) -> bool:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return True
    current = getattr(i18n, "current_language", None)
    return current is None or current == i18n.default_language


def _preview(config: MkDocsConfig) -> bool:
    return _state.command == "serve" or os.environ.get(PREVIEW_ENV) == "1"


def on_pre_build(config: MkDocsConfig) -> None:
    """Validate content and render the generated pages (once per build, not once per language)."""
    if not _is_first_language_build(config):
        _finish_render(config)  # the next language: its pages must be on disk before MkDocs looks for files
        _step_building(config)
        return
    progress.step("正在生成页面", "rendering the pages")
    project = Path(config.config_file_path).parent
    site = load_site_config(Path(config.config_file_path))
    catalogue = load_catalogue_cached(site.content_dir, site, cwd=project)
    lang = locale_language()
    preview = _preview(config)
    _state.problems_panel = None
    for problem in catalogue.problems:
        log.info(format_text(problem, lang))
    errors = [p for p in catalogue.problems if p.effective_level is Level.ERROR]
    if errors and not preview:
        raise PluginError("内容有错误 / content has errors:\n" + "\n".join(format_text(p, lang) for p in errors))
    media = MediaProcessor(site.content_dir, project / ".cache" / "media")
    settings = RenderSettings(
        docs_dir=Path(config.docs_dir),
        templates_dir=project / "overrides" / "fangcheng",
        locales_dir=project / "overrides" / "locales",
        site_url=config.site_url,
        include_drafts=preview,
        media=media,
        keep=_unreadable_entries(site.content_dir, catalogue) if errors else frozenset(),
    )
    _state.site, _state.media = site, media
    panel_items = items_from_problems(errors, lang)
    _cancel_background()
    search = _state.search = None if _search_off() else start_search_index(
        Path(config.docs_dir), site.default_language, list(KINDS), project / ".cache", wait_for=site.languages
    )
    try:
        job = start_render(catalogue, settings, when_written=search.written if search else None)
        if preview:
            _log_render(job.wait())
        else:
            _state.render = job  # the other languages are written while MkDocs builds the first
    except (MediaError, TemplateError) as error:
        if not preview:
            raise _render_error(error, project) from error
        log.info(f"fangcheng: {error}")  # not a warning: strict mode would abort the preview
        panel_items.append(item_from_error(error, project, lang))
    except Exception as error:  # noqa: BLE001 — a template bug (TypeError …) must not freeze the preview
        if not preview:
            raise
        log.info("fangcheng: rendering failed", exc_info=True)
        panel_items.append(item_from_error(error, project, lang))
    finally:
        if preview and search:
            for language in site.languages:  # index whatever could be rendered
                search.written(language)
    if panel_items:
        warnings = len(catalogue.problems) - len(errors)
        _state.problems_panel = str(problems_panel(panel_items, lang, warnings=warnings))
        log.info(f"fangcheng: {len(panel_items)} problems: the preview shows them on every page until they are fixed")
    _step_building(config)


def _language(config: MkDocsConfig) -> str:
    """The language MkDocs is building now."""
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None) if i18n is not None else None
    return str(current or config.theme.get("language") or "")


def _step_building(config: MkDocsConfig) -> None:
    lang = _language(config)
    progress.step(f"正在构建{lang}页面", f"building the {lang} pages")


def _search_off() -> bool:
    """``FANGCHENG_SEARCH=off``: no search index (quicker local builds; the search benchmark's baseline)."""
    return os.environ.get(SEARCH_ENV, "").strip().lower() == "off"


def _finish_render(config: MkDocsConfig) -> None:
    """Wait for the languages still rendering in a worker; their errors stop the build."""
    job, _state.render = _state.render, None
    if job is not None:
        try:
            _log_render(job.wait())
        except (MediaError, TemplateError) as error:
            raise _render_error(error, Path(config.config_file_path).parent) from error


def _render_error(error: Exception, project: Path) -> PluginError:
    """The build's message for a render error: the template's file and line (or the image) when known."""
    if isinstance(error, MediaError):
        return PluginError(f"图片无法处理 / an image could not be processed: {error}")
    item = item_from_error(error, project, "en")
    return PluginError(f"模板错误 / template error: {item.where}: {item.message}")


def _log_render(report: RenderReport) -> None:
    log.info(f"fangcheng: {len(report.written)} pages written, {len(report.removed)} removed, {report.unchanged} unchanged")


def _unreadable_entries(content_dir: Path, catalogue: Catalogue) -> frozenset[tuple[str, str]]:
    """Entry files that exist but did not load: the preview keeps their last good pages."""
    return frozenset(
        (kind, path.stem)
        for kind in KINDS
        for path in (content_dir / kind).glob("*.y*ml")
        if path.stem not in catalogue.records[kind]
    )


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """In the preview, while something is broken, put the problems at the top of every page."""
    progress.page(_language(config))
    return insert_panel(output, _state.problems_panel) if _state.problems_panel else output


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    """Generated pages hold finished HTML: MkDocs takes it as the page's content, with no Markdown pass.

    Even an empty Markdown conversion costs a Markdown instance per page (a second per 3,000 pages),
    so the page's ``render`` (MkDocs calls it next, with the same arguments) is replaced for this page.
    """
    if (page.meta.get("fangcheng") or {}).get("generated"):
        page.render = functools.partial(_use_generated_html, page, markdown)  # type: ignore[method-assign]
    return markdown


def _use_generated_html(page: Page, html: str, config: MkDocsConfig, files: Any) -> None:
    page.content = html
    page.toc = get_toc([])


def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:
    """Give the theme templates the UI strings of the language being built (``fc_t('key')``)."""
    site = _state.site or load_site_config(Path(config.config_file_path))
    project = Path(config.config_file_path).parent
    lang = str(config.theme.get("language") or site.default_language)
    env.globals["fc_t"] = load_ui_strings(project / "overrides" / "locales", lang, site.default_language)
    env.globals["fc_languages"] = site.languages
    env.globals["fc_shared"] = _shared_fragment
    _state.fragments = {}  # a new build, or the next language
    return env


def _shared_fragment(name: str, page: Any, caller: Callable[[], str]) -> str:
    """Render a theme block once per folder for all entry pages in it (``{% call fc_shared(…) %}``).

    Entries are not in the nav, so Material's tabs, sidebar and footer and its JSON config (whose
    links are relative) are the same on every entry page of one kind and language: only the first is
    rendered, the others reuse it. Other pages render every block as usual.
    """
    meta = getattr(page, "meta", None) or {}
    if not (meta.get("fangcheng") or {}).get("id"):
        return caller()
    folder = posixpath.dirname(page.url.rstrip("/"))  # "en/shops" for "en/shops/laobian/"
    key = (name, folder, tuple(meta.get("hide") or ()))
    if key not in _state.fragments:
        _state.fragments[key] = caller()
    return _state.fragments[key]


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """hreflang alternates: every language version of this page, plus x-default (the default language)."""
    alternates = getattr(page.file, "alternates", None) or {}
    links = []
    site = _state.site
    for lang, file in sorted(alternates.items()):
        url = absolute(config.site_url, "/" + file.url.lstrip("./")) if file.url not in ("./", ".") else absolute(config.site_url, "/")
        if url:
            links.append((lang, url))
    if site and links:
        default = dict(links).get(site.default_language)
        if default:
            links.append(("x-default", default))
    context["fc_alternates"] = links
    return context


def on_pre_template(template: Any, template_name: str, config: MkDocsConfig) -> Any:
    """The 404 page's language switcher leads to each language's home, not to the last page built."""
    i18n = config.plugins.get("i18n")
    if template_name == "404.html" and i18n is not None and getattr(i18n, "extra_alternate", None):
        config.extra["alternate"] = copy.deepcopy(i18n.extra_alternate)
    return template


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Give each language its own 404 page.

    mkdocs-static-i18n builds every language into the same site_dir, so each language's 404.html would
    land on the root one: the default language's stays there, the others go to /<lang>/404.html.
    """
    if template_name != "404.html":
        return output
    if _state.problems_panel:
        output = insert_panel(output, _state.problems_panel)
    if _is_first_language_build(config):
        _state.default_404 = output
        return output
    i18n = config.plugins.get("i18n")
    if i18n is None or _state.default_404 is None:
        return output
    target = Path(config.site_dir) / i18n.current_language / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _state.default_404


@event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other languages in its own post_build
def on_post_build(config: MkDocsConfig) -> None:
    """Once every language is built: copy image derivatives into the site and index it for search."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested build of one more language: the outer build finishes the job
    site_dir = Path(config.site_dir)
    progress.step("正在完成图片和搜索索引", "finishing images and the search index")
    if _state.media is not None:
        _state.media.publish(site_dir)
    _finish_render(config)
    job, _state.search = _state.search, None
    try:
        if job is not None:
            job.finish(site_dir)
        elif not _search_off():
            index_site(site_dir)
    except SearchIndexError as error:
        raise PluginError(f"搜索索引失败 / building the search index failed: {error}") from error


def on_build_error(error: Exception) -> None:
    """The build failed: stop the render worker and Pagefind, and remove Pagefind's files."""
    _cancel_background()


def _cancel_background() -> None:
    render, _state.render = _state.render, None
    if render is not None:
        render.cancel()
    search, _state.search = _state.search, None
    if search is not None:
        search.cancel()
