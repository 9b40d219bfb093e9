"""Every use of MkDocs, mkdocs-material and mkdocs-static-i18n beyond their documented configuration.

Each touch point names the upstream code it depends on and has a test in ``tests/test_compat.py`` that
fails when that code changes. The plugin checks the installed versions against the ranges pyproject.toml
gives (:func:`supported_versions`) when MkDocs starts.

Theme templates copied from Material or static-i18n are listed in :data:`TEMPLATE_COPIES`; the upstream
text each was copied from lies in ``upstream/`` (:func:`upstream_copy`). Values from content YAML reach
Material's own templates escaped once, by the plugin (:func:`escape_meta`).
"""

from __future__ import annotations

import bisect
import functools
import importlib.metadata
import os
import re
from collections.abc import Callable, Iterable, Sequence
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

# The distributions whose internals this module touches. The versions accepted are the ranges
# pyproject.toml gives for them (the package's own metadata, so the two always say the same).
TOUCHED = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")

# Our template -> the upstream text it was copied from: (package, its template, one {% block %} of it or
# None for the whole file). A copy of that text as it was when the copy was made lies in upstream/<package>/
# (upstream_copy): tests/test_compat.py fails when the installed text differs from it, and an upgrade is a
# three-way diff (CONTRIBUTING.md).
TEMPLATE_COPIES: dict[str, tuple[str, str, str | None]] = {
    # the menu's links and names escaped, the large-text switch and search form before it, and each
    # language's home on the 404
    "overrides/partials/alternate.html": ("material", "partials/alternate.html", None),
    # description and canonical escaped; no <link rel="alternate"> (see material_selects_alternate_links)
    "overrides/main.html": ("material", "base.html", "site_meta"),
    # the home page of every language titled by the site's name; no striptags
    "overrides/main.html#htmltitle": ("material", "base.html", "htmltitle"),
    # x-default added to each page's alternates
    "overrides/sitemap.xml": ("mkdocs_static_i18n", "custom_i18n_sitemap/sitemap.xml", None),
}


def supported_versions() -> dict[str, str]:
    """The version range of each touched distribution, as pyproject.toml requires it (``>=9.8.2,<9.9``)."""
    from packaging.requirements import Requirement

    ranges = {}
    for line in importlib.metadata.requires("fangcheng") or []:
        requirement = Requirement(line)
        if requirement.name in TOUCHED and not requirement.marker:
            ranges[requirement.name] = str(requirement.specifier)
    return ranges


def installed_versions(names: Iterable[str] = TOUCHED) -> dict[str, str | None]:
    """The installed version of each distribution (``None`` when it is missing)."""
    found: dict[str, str | None] = {}
    for name in names:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def version_mismatches(installed: dict[str, str | None], supported: dict[str, str] | None = None) -> list[str]:
    """``name installed (supported: range)`` for every distribution whose version is outside its range."""
    from packaging.specifiers import SpecifierSet

    supported = supported_versions() if supported is None else supported
    return [
        f"{name} {installed.get(name) or '—'} (supported: {allowed})"
        for name, allowed in sorted(supported.items())
        if installed.get(name) is None or str(installed[name]) not in SpecifierSet(allowed)
    ]


def version_message(mismatches: list[str]) -> str:
    """The bilingual message for versions outside the supported ranges."""
    listed = "; ".join(mismatches)
    return (
        f"已安装的版本不在支持的范围内 / the installed versions are outside the supported ranges: {listed}. "
        "请运行 ./scripts/build 重新安装锁定的版本；升级见 CONTRIBUTING.md "
        "/ run ./scripts/build to reinstall the pinned versions; to upgrade, see CONTRIBUTING.md "
        "(version_check: warn in mkdocs.yml turns this into a warning)."
    )


def upstream_template(package: str, name: str, block: str | None = None) -> str:
    """An installed template of ``package`` (Material's are under ``templates/``), or one block of it."""
    folder = package_files(package)
    path = folder.joinpath("templates", name) if package == "material" else folder.joinpath(name)
    text = path.read_text(encoding="utf-8")
    if block is None:
        return text
    match = re.search(r"\{%-? block " + re.escape(block) + r" -?%\}.*?\{%-? endblock -?%\}", text, re.S)
    return match.group(0) if match else ""


def upstream_copy(package: str, name: str, block: str | None = None, root: Path | None = None) -> Path:
    """Where the project keeps the upstream text a template copy was made from:
    ``upstream/<package>/<name>``, or for one block ``upstream/<package>/<name stem>.<block>.html``."""
    folder = (root or Path.cwd()) / "upstream" / package
    if block is None:
        return folder / name
    stem, _, _ = name.rpartition(".")
    return folder / f"{stem}.{block}.html"


# --- mkdocs-static-i18n -----------------------------------------------------------------------------


def i18n_plugin(config: MkDocsConfig) -> Any:
    """The mkdocs-static-i18n plugin instance, or ``None`` (a single-language site)."""
    return config.plugins.get("i18n")


def i18n_languages(config: MkDocsConfig) -> list[dict[str, Any]]:
    """The i18n plugin's ``languages`` (its documented configuration) as plain mappings."""
    i18n = i18n_plugin(config)
    if i18n is None:
        return []
    return [
        {"locale": lang.locale, "default": lang.default, "build": lang.build, "name": lang.name}
        for lang in i18n.config.languages
    ]


def current_language(config: MkDocsConfig, default: str) -> str:
    """The language being built.

    Depends on mkdocs_static_i18n/reconfigure.py ``ExtendedPlugin.reconfigure_material_theme``, which
    sets ``theme.language`` to the language of each build (``reconfigure_material: true``).
    """
    return str(config.theme.get("language") or default)


def in_nested_build(config: MkDocsConfig) -> bool:
    """Whether this ``on_post_build`` belongs to a language built *inside* the first language's build.

    Depends on mkdocs_static_i18n/plugin.py ``I18n.on_post_build`` (event priority -100): it sets
    ``self.building`` and calls ``mkdocs.commands.build.build`` once for every other language, so
    each of those builds' post_build events run while it is true; the first language's own ones
    (priority below -100) run after it is reset.
    """
    i18n = i18n_plugin(config)
    return bool(i18n is not None and getattr(i18n, "building", False))


def language_homes(config: MkDocsConfig) -> list[dict[str, Any]]:
    """Material's language menu (``extra.alternate``) leading to each language's home page.

    Depends on mkdocs_static_i18n/reconfigure.py ``ExtendedPlugin.reconfigure_material_theme``: its
    ``on_config`` (every language's build) sets ``extra.alternate`` to the languages' home pages,
    which ``reconfigure_page_context`` then points at each page's translations, page by page. A
    template that is not a page (the 404) would keep the last page's: call this in ``on_config``
    (after the i18n plugin's) and put the result back before such a template.
    """
    return list(config.extra.get("alternate") or [])


def set_language_menu(config: MkDocsConfig, links: list[dict[str, Any]]) -> None:
    """Make Material's language menu (``config.extra.alternate``) show ``links``.

    mkdocs_static_i18n/reconfigure.py ``reconfigure_page_context`` assigns the *attribute*
    ``config.extra.alternate``, which on mkdocs/config/base.py ``LegacyConfig`` (a dict with
    attributes) shadows the item that its ``on_config`` sets, and Jinja (Material's header) reads the
    attribute first: both are set here.
    """
    config.extra["alternate"] = links
    config.extra.alternate = links  # type: ignore[attr-defined]


# --- MkDocs -----------------------------------------------------------------------------------------


def skip_markdown(page: Page, html: str) -> None:
    """Make MkDocs take ``html`` as the page's content, without a Markdown pass.

    Depends on mkdocs/commands/build.py ``_populate_page``: it calls ``page.render(config, files)``
    right after the ``page_markdown`` event, and nothing else uses the Markdown instance that
    mkdocs/structure/pages.py ``Page.render`` builds (a second per 3,000 pages). The page gets an
    empty table of contents: :func:`shared_block_key` relies on that.
    """

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = html
        page.toc = get_toc([])
        del page.render  # the class's method again: this closure (and its reference to html) goes

    page.render = render  # type: ignore[method-assign]


def release_page_text(page: Page) -> None:
    """Let the page's Markdown and content go once MkDocs has written the page (the build keeps every page
    object to its end: 6,000 page texts at 3,000 entries).

    Depends on mkdocs/commands/build.py ``_build_page``: the ``post_page`` event comes after the page's
    template was rendered, and nothing reads ``page.markdown`` or ``page.content`` afterwards but
    mkdocs/structure/pages.py ``Page.title`` (a ``weak_property``: the value set here is what later pages' tabs
    and navigation read; without it, it reads ``None`` once the Markdown is gone). static-i18n builds each
    language with pages of its own.
    """
    page.title = page.title  # kept as it is now, for the tabs and navigation of the pages still to come
    page.markdown = None
    page.content = None


# Material's blocks (material/templates/base.html) that SharedBlocks renders once per folder. The text
# they were read for lies in upstream/material/base.<block>.html (upstream_copy): when Material's text
# changes, read them again for what they use.
SHARED_BLOCKS = ("tabs", "site_nav", "footer", "config")


def escape_meta(page: Page) -> None:
    """Escape, once, the page's ``title`` and ``description`` (from content YAML on generated pages) for
    Material's templates, which print them as they are: material/templates/base.html (``<title>``, the
    description ``<meta>``), partials/header.html and partials/content.html print ``page.meta.title`` /
    ``page.title`` / ``page.meta.description`` without escaping. As :class:`markupsafe.Markup` the values
    stay escaped where a template escapes again (``| e``): nothing is escaped twice. (Material's only
    ``| striptags`` on a title, in base.html's ``htmltitle`` block, is in a branch for pages without
    ``meta.title``; main.html replaces that block anyway.)
    """
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = escape(value)


def shared_block_key(name: str, page: Any) -> tuple[Any, ...] | None:
    """The key under which a Material block is rendered once and reused, or ``None`` to render it.

    Material's ``tabs``, ``site_nav``, ``footer`` and ``config`` blocks (material/templates/base.html)
    read the nav (entries are not in it, and its links are relative, so the same from every page of
    one folder), the page's ``meta.hide`` and its table of contents, which :func:`skip_markdown`
    leaves empty on every generated page. Only generated entry pages share blocks, per folder; a
    page with a table of contents never does. (The footer's previous/next links are empty too:
    entries are not in the nav.)
    """
    meta = getattr(page, "meta", None) or {}
    generated = meta.get("fangcheng") or {}
    if not generated.get("id") or getattr(page, "toc", None):
        return None
    folder = page.url.rstrip("/").rpartition("/")[0]  # "en/shops" for "en/shops/laobian/"
    return (name, folder, tuple(meta.get("hide") or ()))


class SharedBlocks:
    """Theme blocks rendered once per folder and language (``{% call fc_shared(name, page) %}``)."""

    def __init__(self) -> None:
        self.blocks: dict[tuple[Any, ...], str] = {}

    def clear(self) -> None:
        """Forget every block (a new build, or the next language)."""
        self.blocks.clear()

    def __call__(self, name: str, page: Any, caller: Callable[[], str]) -> str:
        key = shared_block_key(name, page) if name in SHARED_BLOCKS else None
        if key is None:
            return caller()
        if key not in self.blocks:
            self.blocks[key] = caller()
        return self.blocks[key]


@functools.cache
def material_selects_alternate_links() -> bool:
    """Whether Material's JavaScript still fetches ``sitemap.xml`` next to every ``link[rel=alternate]``.

    material/templates/assets/javascripts/bundle.*.min.js, from src/templates/assets/javascripts/
    integrations/alternate/index.ts ``setupAlternate`` and integrations/sitemap/index.ts
    ``fetchSitemap``: on every page it requests ``new URL("sitemap.xml", link.href)`` for each
    ``<link rel="alternate">``, to keep the page when switching language. With page-level hreflang
    links that is a 404 per link, so the site's pages have none: the hreflang alternates are in
    ``sitemap.xml`` (mkdocs-static-i18n's alternate-aware sitemap), and the language menu links each
    page's translations itself.
    """
    folder = package_files("material").joinpath("templates", "assets", "javascripts")
    bundle = next(entry for entry in folder.iterdir() if re.fullmatch(r"bundle\.[0-9a-f]+\.min\.js", entry.name))
    text = bundle.read_text(encoding="utf-8")
    return "link[rel=alternate]" in text and 'new URL("sitemap.xml"' in text


# --- one page at a time: the live preview (fangcheng.live_site) ------------------------------------


def load_fresh_config(mkdocs_yml: Path) -> MkDocsConfig:
    """Load ``mkdocs_yml`` with a new instance of every plugin.

    Depends on mkdocs/config/config_options.py ``Plugins.plugin_cache``: a plugin with ``on_startup`` or
    ``on_shutdown`` (ours) is kept there, on the option of the config class, and given again to every config
    loaded later in the process, so that ``mkdocs serve`` keeps one instance through its rebuilds. The live
    preview builds a new site beside the one it serves, and needs a plugin of its own for each.
    """
    from mkdocs.config import load_config

    option: Any = dict(MkDocsConfig._schema)["plugins"]
    option.plugin_cache.clear()
    try:
        return load_config(str(mkdocs_yml))
    finally:
        option.plugin_cache.clear()  # and this config's plugins are given to no later one


def switch_language(config: MkDocsConfig, lang: str) -> None:
    """Make ``config`` again what mkdocs-static-i18n made of it for ``lang``'s build.

    Depends on mkdocs_static_i18n/plugin.py ``I18n.on_config``: before each language's build the plugin
    sets ``current_language`` and its ``on_config`` reconfigures the one config object for it
    (reconfigure.py ``reconfigure_mkdocs_config``: ``theme.language``, ``extra.alternate``, and the
    language's own ``site_name``, ``copyright`` … through ``apply_user_overrides``, which first puts back
    what the language before changed).
    """
    i18n = i18n_plugin(config)
    if i18n is None:
        return
    i18n.current_language = lang
    i18n.on_config(config)


def rebuild_page(page: Page, config: MkDocsConfig, files: Files, doc_files: Sequence[File], nav: Any, env: Any) -> None:
    """Send ``page`` through MkDocs' page handling again, as a build does: read and convert its source, then
    render it into the theme and write it, in one step (a reader sees the old page or the new one, never a
    part). ``config`` must be in the page's language (:func:`switch_language`); ``files``, ``nav`` and ``env``
    are what that language's build made; ``doc_files`` is ``files.documentation_pages()``.

    Depends on mkdocs/commands/build.py ``_populate_page(page, config, files)`` (events ``pre_page``,
    ``page_markdown``, ``page_content``) and ``_build_page(page, config, doc_files, nav, env)`` (events
    ``page_context``, ``post_page``), which writes the page to ``page.file.abs_dest_path`` with
    mkdocs/utils ``write_file``: the page is written beside its place first, then renamed over it.
    """
    from mkdocs.commands.build import _build_page, _populate_page

    _populate_page(page, config, files)
    target = page.file.abs_dest_path
    partial = f"{target}.{os.getpid()}.part"
    page.file.abs_dest_path = partial
    try:
        _build_page(page, config, doc_files, nav, env)
    finally:
        page.file.abs_dest_path = target
    if os.path.exists(partial):
        os.replace(partial, target)


def add_file(config: MkDocsConfig, files: Files, src_uri: str, versions: Iterable[str]) -> File:
    """Put a file that is new in the docs folder (a page, or a file MkDocs copies) into the files of the language
    being built, as mkdocs-static-i18n would have (its URL, destination and alternates); return it, with its
    page when it is one.

    ``versions`` are the source URIs of every language's version of the file (``shops/x.zh.md``,
    ``shops/x.en.md``). Depends on mkdocs_static_i18n/reconfigure.py ``ExtendedPlugin.reconfigure_files``,
    run on those versions alone (they alone decide the file's alternates), and on plugin.py
    ``I18n.on_files``' ``i18n_files_per_language``, the list of each language's pages its sitemap template
    reads, kept here in the order of MkDocs' walk of the docs folder (mkdocs/structure/files.py
    ``get_files`` and ``_file_sort_key``). MkDocs: ``File``, ``Files.append``, ``set_exclusions``, ``Page``.
    """
    from mkdocs.structure.files import set_exclusions

    group = Files([File(uri, config.docs_dir, config.site_dir, config.use_directory_urls) for uri in versions])
    i18n = i18n_plugin(config)
    chosen = i18n.reconfigure_files(group, config) if i18n is not None else group
    file = next(f for f in chosen if f.src_uri == src_uri)
    set_exclusions([file], config)
    files.append(file)
    if file.is_documentation_page():
        Page(None, file, config)
        if i18n is not None:
            pages = i18n.i18n_files_per_language.setdefault(i18n.current_language, [])
            bisect.insort(pages, file, key=walk_order)
    return file


def remove_page(config: MkDocsConfig, files: Files, file: File) -> None:
    """Take a page (or another file) that left the docs folder out of the files of the language being built and
    out of the site (its folder goes too when nothing else is in it). Depends on what :func:`add_file` does."""
    files.remove(file)
    i18n = i18n_plugin(config)
    if i18n is not None:
        pages = i18n.i18n_files_per_language.get(i18n.current_language, [])
        if file in pages:
            pages.remove(file)
    target = Path(file.abs_dest_path)
    target.unlink(missing_ok=True)
    site = Path(config.site_dir)
    for folder in target.parents:
        if folder == site or not folder.is_relative_to(site):
            break
        try:
            folder.rmdir()
        except OSError:
            break


def walk_order(file: File) -> tuple[tuple[str, ...], tuple[bool, str]]:
    """Where MkDocs' walk of the docs folder first meets a page of mkdocs-static-i18n's files: the first of its
    languages' versions (its ``alternates``) in mkdocs/structure/files.py ``get_files`` order (a folder's files,
    sorted by ``_file_sort_key``, before its subfolders, sorted by name)."""
    from mkdocs.structure.files import _file_sort_key

    def key(src_uri: str) -> tuple[tuple[str, ...], tuple[bool, str]]:
        folder, _, name = src_uri.rpartition("/")
        return (tuple(folder.split("/")) if folder else (), _file_sort_key(name))

    alternates = getattr(file, "alternates", None) or {}
    return min(key(other.src_uri) for other in (file, *alternates.values()))


def rebuild_sitemap(config: MkDocsConfig, files: Files, nav: Any, env: Any, scratch: Path) -> None:
    """Write the site's ``sitemap.xml`` (and ``.gz``) again, as a build's last language does, in one step each.

    Depends on mkdocs/commands/build.py ``_build_theme_template`` (which writes to ``config.site_dir``:
    pointed at ``scratch`` meanwhile) and on mkdocs-static-i18n's sitemap, which lists every language's
    pages (``i18n_alternates``, set by its ``on_template_context``)."""
    from mkdocs.commands.build import _build_theme_template

    site_dir = config.site_dir
    scratch.mkdir(parents=True, exist_ok=True)
    config.site_dir = str(scratch)
    try:
        _build_theme_template("sitemap.xml", env, files, config, nav)
    finally:
        config.site_dir = site_dir
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        if (scratch / name).exists():
            os.replace(scratch / name, Path(site_dir) / name)
