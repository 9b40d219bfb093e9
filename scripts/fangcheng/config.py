"""The site's settings, read from ``mkdocs.yml`` (the one place they are set), the same way by the
command line and the MkDocs plugin.

The languages come from the mkdocs-static-i18n plugin's ``languages`` list; Fangcheng's own settings
(content folder, region, templates, …) are the ``fangcheng`` plugin's typed options
(:class:`FangchengConfig`), validated by MkDocs' own config options in both places.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import ConfigurationError

DEFAULT_LANGUAGES = ("zh", "en")
SITE_URL_CHARS = 200
"""The most characters the site's address (``site_url``, ``SITE_URL``) may have: every plaque's QR code holds
the address plus an entry's path (at most some 120 characters), far within what a code can hold
(:data:`QR_CODE_BYTES`), and small enough to scan from a printed plaque."""
QR_CODE_BYTES = 2_331
"""The longest address a QR code holds at the plaques' error correction (M; version 40, byte mode)."""
_URL_UNSAFE = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')

LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    # code: (name in Chinese, name in English), for messages and reports
    "zh": ("中文", "Chinese"),
    "en": ("英文", "English"),
    "ja": ("日文", "Japanese"),
    "ko": ("韩文", "Korean"),
    "ru": ("俄文", "Russian"),
    "fr": ("法文", "French"),
    "de": ("德文", "German"),
    "es": ("西班牙文", "Spanish"),
}


@dataclass(frozen=True)
class Region:
    """A bounding box in WGS-84 decimal degrees."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point lies inside the box (edges included)."""
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True)
class SiteConfig:
    """Languages (the default first), the region and the folders of the site."""

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    region: Region | None = None
    root: Path = field(default_factory=Path.cwd)
    content: str = "content"
    templates: str = "overrides/fangcheng"
    locales: str = "overrides/locales"
    cache: str = ".cache"

    @property
    def default_language(self) -> str:
        """The language every required text must have; the site's root language."""
        return self.languages[0]

    @property
    def content_dir(self) -> Path:
        """Where editors' YAML lives."""
        return self.root / self.content

    @property
    def templates_dir(self) -> Path:
        """The Jinja templates of generated pages."""
        return self.root / self.templates

    @property
    def locales_dir(self) -> Path:
        """The UI strings, one file per language."""
        return self.root / self.locales

    @property
    def cache_dir(self) -> Path:
        """Image derivatives and the search index's work folders."""
        return self.root / self.cache


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
    """The licence of the entries' texts, for the open data (a Frictionless ``licenses`` item)."""

    name = c.Optional(c.Type(str))  # an SPDX identifier, e.g. CC-BY-4.0
    title = c.Optional(c.Type(str))  # what readers see, e.g. 知识共享 署名 4.0 国际 / CC BY 4.0
    path = c.Optional(c.Type(str))  # the licence's address (or a path in the site)


class FangchengConfig(base.Config):
    """The ``fangcheng`` plugin's options in ``mkdocs.yml`` (paths relative to it)."""

    content_dir = c.Type(str, default="content")
    region = c.SubConfig(RegionConfig)  # none of the four sides: no region check
    templates_dir = c.Type(str, default="overrides/fangcheng")
    locales_dir = c.Type(str, default="overrides/locales")
    cache_dir = c.Type(str, default=".cache")
    preview = _Switch(default=False)  # drafts shown, problems on every page (always on under `mkdocs serve`)
    search = _Switch(default=True)  # the Pagefind index
    version_check = c.Choice(("error", "warn"), default="error")
    licence = c.SubConfig(LicenceConfig)  # of the entries' texts, stated in site/data/ (none set: none stated)


def licence_of(options: FangchengConfig) -> tuple[str | None, str | None, str | None] | None:
    """The content licence as (name, title, path), or ``None`` when none is set; it needs a name or a path."""
    name, title, path = (options.licence[key] or None for key in ("name", "title", "path"))
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


def site_url_problem(url: str | None) -> str | None:
    """Why ``url`` cannot be the site's address, in Chinese and English, or ``None`` when it can.

    Every address the site prints (canonical links, the sitemap, QR codes, plaques, the open data) is the
    site's address plus a page's path: a query or a fragment would end up in the middle of them
    (``…?utm=1/shops/x/``: every printed plaque would lead to the home page).
    """
    if not url:
        return None
    shown = url if len(url) <= 80 else url[:77] + "…"
    what_zh, what_en = (
        f"网站地址（site_url，即 SITE_URL）“{shown}”",
        f'The site address (site_url, i.e. SITE_URL) "{shown}"',
    )
    if "?" in url or "#" in url:
        return (
            f"{what_zh}不能带查询参数（?…）或片段（#…）：规范链接、网站地图、二维码、门牌和开放数据中的网址都是"
            f"在它后面接上页面路径得到的。请去掉“?”或“#”及其后的部分。 / {what_en} cannot have a query (?…) or a "
            "fragment (#…): canonical links, the sitemap, QR codes, plaques and the open data add each page's path "
            "to it. Remove the ? or # and what follows."
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or _URL_UNSAFE.search(url):
        return (
            f"{what_zh}不是完整的网址：请写以 http:// 或 https:// 开头、不含空格和引号的地址，例如 "
            f"https://example.org/fangcheng/。 / {what_en} is not a full address: write one that starts with "
            "http:// or https:// and has no spaces or quotes, e.g. https://example.org/fangcheng/."
        )
    if len(url) > SITE_URL_CHARS:
        return (
            f"{what_zh}有 {len(url):,} 个字符，最多只能有 {SITE_URL_CHARS} 个：门牌上的二维码要容纳网站地址加上页面路径"
            f"（一个二维码最多 {QR_CODE_BYTES:,} 字节，地址越长码越密，印出来越难扫）。 / {what_en} has {len(url):,} "
            f"characters, at most {SITE_URL_CHARS} are allowed: each plaque's QR code holds the site address plus a "
            f"page's path (a QR code holds at most {QR_CODE_BYTES:,} bytes, and the longer the address, the denser "
            "and harder to scan the printed code)."
        )
    return None


def check_site_url(url: str | None) -> None:
    """Raise :class:`ConfigurationError` (a bilingual message) when ``url`` cannot be the site's address."""
    problem = site_url_problem(url)
    if problem:
        raise ConfigurationError(problem)


def is_local_address(url: str | None) -> bool:
    """Whether ``url`` points at this machine (``127.0.0.1``, ``localhost`` …): fine to look at, not to publish."""
    host = (urlsplit(url).hostname or "") if url else ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def read_site_url(mkdocs_yml: Path) -> str | None:
    """The ``site_url`` of ``mkdocs_yml`` as MkDocs reads it (``!ENV`` resolved); ``None`` without one."""
    from mkdocs.utils.yaml import yaml_load

    if not mkdocs_yml.is_file():
        return None
    with mkdocs_yml.open("rb") as stream:
        data = yaml_load(stream)
    value = data.get("site_url") if isinstance(data, dict) else None
    return str(value) if value else None
