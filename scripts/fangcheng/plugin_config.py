"""The ``fangcheng`` plugin's options in ``mkdocs.yml`` (:class:`FangchengConfig`, validated by MkDocs' own
config options), and the :class:`~fangcheng.config.SiteConfig` made of them, read the same way by the
plugin and by the command line.

The languages come from the mkdocs-static-i18n plugin's ``languages`` list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import ConfigurationError

from fangcheng.config import DEFAULT_LANGUAGES, Region, SiteConfig, Texts, site_url_problem, text_in
from fangcheng.opendata import Licence


class _Switch(c.BaseConfigOption[bool]):
    """A yes/no option that also takes what ``!ENV`` makes of ``1``/``0`` and ``on``/``off``."""

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        if value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in ("on", "off", "yes", "no", "true", "false", ""):
            return value.strip().lower() in ("on", "yes", "true")
        raise base.ValidationError(f"expected true or false, got {value!r}")


class RegionConfig(base.Config):
    """A bounding box in WGS-84 decimal degrees."""

    south = c.Optional(c.Type((int, float)))
    west = c.Optional(c.Type((int, float)))
    north = c.Optional(c.Type((int, float)))
    east = c.Optional(c.Type((int, float)))


class LicenceConfig(base.Config):
    """The licence of the entries' texts, for the open data (a Frictionless ``licenses`` item) and the footer."""

    name = c.Optional(c.Type(str))  # an SPDX identifier, e.g. CC-BY-4.0
    # What readers see: one text, or one per language ({zh: 知识共享 署名 4.0 国际, en: Creative Commons …}).
    title = c.Optional(c.Type((str, dict)))
    path = c.Optional(c.Type(str))  # the licence's address (or a path in the site)


class PublisherConfig(base.Config):
    """Who publishes the site, named in every page's footer."""

    name = c.Optional(c.Type((str, dict)))  # one name, or one per language ({zh: …, en: …})
    url = c.Optional(c.Type(str))  # the publisher's own address, linked from its name


class FangchengConfig(base.Config):
    """The ``fangcheng`` plugin's options in ``mkdocs.yml`` (paths relative to it)."""

    content_dir = c.Type(str, default="content")
    region = c.SubConfig(RegionConfig)  # none of the four sides: no region check
    templates_dir = c.Type(str, default="overrides/fangcheng")
    locales_dir = c.Type(str, default="overrides/locales")
    cache_dir = c.Type(str, default=".cache")
    preview = _Switch(default=False)  # drafts shown, problems on every page (always on under `mkdocs serve`)
    search = _Switch(default=True)  # the Pagefind index
    samples = _Switch(default=False)  # publish sample entries (made up, `sample: true`); the preview always shows them
    version_check = c.Choice(("error", "warn"), default="error")
    licence = c.SubConfig(LicenceConfig)  # of the entries' texts, stated in site/data/ (none set: none stated)
    publisher = c.SubConfig(PublisherConfig)  # named in the footer (none set: no publisher line)


def _texts(value: object, option: str) -> Texts | None:
    """An option's text: a string, or a mapping of language codes to strings (kept as pairs, in order)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return tuple((k, v) for k, v in value.items() if v)
    raise ConfigurationError(
        f"mkdocs.yml 中 fangcheng 插件的 {option} 应为文字，或按语言写的文字（如 {{zh: …, en: …}}）"
        f" / the fangcheng plugin's {option} must be a text, or a text per language (such as {{zh: …, en: …}})"
    )


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site: a name (per language) and an address."""

    name: Texts
    url: str | None = None


def publisher_of(options: FangchengConfig) -> Publisher | None:
    """The publisher named in the footer, or ``None`` when none is set."""
    name = _texts(options.publisher["name"], "publisher.name")
    url = options.publisher["url"] or None
    if name is None:
        if url:
            raise ConfigurationError(
                "mkdocs.yml 中 fangcheng 插件的 publisher 有 url 但没有 name / the fangcheng plugin's publisher has "
                "a url but no name"
            )
        return None
    return Publisher(name, url)


@dataclass(frozen=True)
class Footer:
    """What every page's footer says besides the copyright line, in one language (``None`` where the option is
    not set): who publishes the site and the licence of its texts. ``overrides/partials/copyright.html``
    prints it."""

    publisher: str | None = None
    publisher_url: str | None = None
    licence: str | None = None
    licence_url: str | None = None


def footer_of(options: FangchengConfig, licence: Licence | None, lang: str, default_language: str) -> Footer:
    """The footer's publisher and licence for pages in ``lang``."""
    publisher = publisher_of(options)
    return Footer(
        publisher=text_in(publisher.name, lang, default_language) if publisher else None,
        publisher_url=publisher.url if publisher else None,
        licence=licence.label(lang, default_language) if licence else None,
        licence_url=licence.path if licence and licence.path else None,
    )


def licence_of(options: FangchengConfig) -> tuple[str | None, Texts | None, str | None] | None:
    """The content licence as (name, title, path), or ``None`` when none is set; it needs a name or a path.
    The title is one text, or (language, text) pairs."""
    name, path = (options.licence[key] or None for key in ("name", "path"))
    title = _texts(options.licence["title"], "licence.title")
    if not (name or title or path):
        return None
    if not (name or path):
        raise ConfigurationError(
            "mkdocs.yml 中 fangcheng 插件的 licence 需要 name（如 CC-BY-4.0）或 path（许可协议的网址） "
            "/ the fangcheng plugin's licence needs a name (such as CC-BY-4.0) or a path (the licence's address)"
        )
    return name, title, path


def site_config(options: FangchengConfig, languages: Iterable[Mapping[str, Any]], root: Path) -> SiteConfig:
    """The :class:`SiteConfig` of validated plugin ``options`` and the i18n plugin's ``languages``."""
    sides = [options.region[side] for side in ("south", "west", "north", "east")]
    if any(side is not None for side in sides) and None in sides:
        raise ConfigurationError(
            "mkdocs.yml 中 fangcheng 插件的 region 需要 south、west、north、east 四个值 "
            "/ the fangcheng plugin's region needs all of south, west, north and east"
        )
    region = Region(*(float(side) for side in sides)) if None not in sides else None
    return SiteConfig(
        languages=_languages(languages),
        region=region,
        root=root,
        content=options.content_dir,
        templates=options.templates_dir,
        locales=options.locales_dir,
        cache=options.cache_dir,
        samples=options.samples,
    )


def plugin_options(data: Mapping[str, Any] | None, config_file: Path) -> FangchengConfig:
    """Validate the ``fangcheng`` plugin's options as MkDocs does; a bilingual error when they are wrong."""
    options = FangchengConfig(config_file_path=str(config_file))
    options.load_dict(dict(data or {}))
    errors, _warnings = options.validate()
    if errors:
        listed = "; ".join(f"{key}: {error}" for key, error in errors)
        raise ConfigurationError(
            f"mkdocs.yml 中 fangcheng 插件的设置有误 / the fangcheng plugin's settings are wrong: {listed}"
        )
    return options


def load_site_config(mkdocs_yml: Path) -> SiteConfig:
    """Read the settings from ``mkdocs_yml`` with MkDocs' YAML loader; defaults when the file is missing."""
    from mkdocs.utils.yaml import yaml_load

    root = mkdocs_yml.parent.resolve()
    if not mkdocs_yml.is_file():
        return SiteConfig(root=root)
    with mkdocs_yml.open("rb") as stream:
        data = yaml_load(stream)
    plugins = _plugin_sections(data.get("plugins"))
    return site_config(
        plugin_options(plugins.get("fangcheng"), mkdocs_yml), (plugins.get("i18n") or {}).get("languages") or [], root
    )


def find_site_config(start: Path) -> SiteConfig:
    """The config of the project ``start`` lies in: the nearest ``mkdocs.yml`` at or above it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return load_site_config(candidate)
    return SiteConfig(root=Path.cwd().resolve())


def _plugin_sections(plugins: Any) -> dict[str, Any]:
    """``plugins:`` as {name: options}, whether written as a list or a mapping."""
    if isinstance(plugins, Mapping):
        return dict(plugins)
    sections: dict[str, Any] = {}
    for item in plugins or []:
        if isinstance(item, str):
            sections[item] = {}
        elif isinstance(item, Mapping):
            sections.update(item)
    return sections


def _languages(entries: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The built languages, the default first."""
    entries = list(entries)
    codes = [entry["locale"] for entry in entries if entry.get("build", True) is not False]
    defaults = [entry["locale"] for entry in entries if entry.get("default")]
    if not codes:
        return DEFAULT_LANGUAGES
    first = defaults[0] if defaults else codes[0]
    return (first, *[code for code in codes if code != first])


def check_site_url(url: str | None) -> None:
    """Raise :class:`ConfigurationError` (a bilingual message) when ``url`` cannot be the site's address."""
    problem = site_url_problem(url)
    if problem:
        raise ConfigurationError(problem)


def read_site_url(mkdocs_yml: Path) -> str | None:
    """The ``site_url`` of ``mkdocs_yml`` as MkDocs reads it (``!ENV`` resolved); ``None`` without one."""
    from mkdocs.utils.yaml import yaml_load

    if not mkdocs_yml.is_file():
        return None
    with mkdocs_yml.open("rb") as stream:
        data = yaml_load(stream)
    value = data.get("site_url") if isinstance(data, dict) else None
    return str(value) if value else None
