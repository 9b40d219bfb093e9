"""The one MkDocs adapter: MkDocs calls these hooks (see ``hooks:`` in mkdocs.yml).

- ``on_pre_build`` validates content/ and renders docs/<kind>/ once per build (mkdocs-static-i18n
  re-runs the build for each further language: those runs reuse the pages already written);
- ``on_page_context`` adds hreflang alternates for the page's other languages;
- ``on_post_build`` copies image derivatives into the site.

Everything else lives in the MkDocs-free core, so moving to another site builder means
rewriting this module only.
"""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from fangcheng.catalogue import load_catalogue_cached
from fangcheng.cli import locale_language
from fangcheng.config import SiteConfig, load_site_config
from fangcheng.media import MediaError, MediaProcessor
from fangcheng.problems import format_text
from fangcheng.render import RenderSettings, render_site
from fangcheng.ui_strings import load_ui_strings
from fangcheng.urls import absolute

log = logging.getLogger("mkdocs.fangcheng")
PREVIEW_ENV = "FANGCHENG_PREVIEW"


@dataclass
class _BuildState:
    command: str = "build"
    site: SiteConfig | None = None
    media: MediaProcessor | None = None
    default_404: bytes | None = None


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
        return
    project = Path(config.config_file_path).parent
    site = load_site_config(Path(config.config_file_path))
    catalogue = load_catalogue_cached(site.content_dir, site, cwd=project)
    lang = locale_language()
    for problem in catalogue.problems:
        log.info(format_text(problem, lang))
    if catalogue.has_errors:
        errors = "\n".join(format_text(p, lang) for p in catalogue.problems if p.effective_level.value == "error")
        raise PluginError(f"内容有错误 / content has errors:\n{errors}")
    media = MediaProcessor(site.content_dir, project / ".cache" / "media")
    settings = RenderSettings(
        docs_dir=Path(config.docs_dir),
        templates_dir=project / "overrides" / "fangcheng",
        locales_dir=project / "overrides" / "locales",
        site_url=config.site_url,
        include_drafts=_preview(config),
        media=media,
    )
    try:
        report = render_site(catalogue, settings)
    except MediaError as error:
        raise PluginError(f"图片无法处理 / an image could not be processed: {error}") from error
    log.info(f"fangcheng: {len(report.written)} pages written, {len(report.removed)} removed, {report.unchanged} unchanged")
    _state.site, _state.media = site, media


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    """Generated pages hold finished HTML: keep it aside so Markdown does not re-parse it (10x faster)."""
    if (page.meta.get("fangcheng") or {}).get("generated"):
        page.fangcheng_html = markdown  # type: ignore[attr-defined]
        return ""
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    """Put the generated HTML kept aside by ``on_page_markdown`` in place of the (empty) Markdown output."""
    return getattr(page, "fangcheng_html", None) or html


def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:
    """Give the theme templates the UI strings of the language being built (``fc_t('key')``)."""
    site = _state.site or load_site_config(Path(config.config_file_path))
    project = Path(config.config_file_path).parent
    lang = str(config.theme.get("language") or site.default_language)
    env.globals["fc_t"] = load_ui_strings(project / "overrides" / "locales", lang, site.default_language)
    env.globals["fc_languages"] = site.languages
    return env


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


def on_post_build(config: MkDocsConfig) -> None:
    """Copy image derivatives into the site, and give each language its own 404 page.

    mkdocs-static-i18n builds every language into the same site_dir, so each language's 404.html
    lands on the root one: keep the default language's there and move the others to /<lang>/.
    """
    site_dir = Path(config.site_dir)
    page_404 = site_dir / "404.html"
    if _is_first_language_build(config):
        if _state.media is not None:
            _state.media.publish(site_dir)
        _state.default_404 = page_404.read_bytes() if page_404.is_file() else None
        return
    i18n = config.plugins.get("i18n")
    if i18n is not None and page_404.is_file() and _state.default_404 is not None:
        target = site_dir / i18n.current_language / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(page_404, target)
        page_404.write_bytes(_state.default_404)
