"""The site's settings as the core sees them: languages, region and folders (:class:`SiteConfig`).

They are set in ``mkdocs.yml``, the one place, and read from there by :mod:`fangcheng.plugin_config`
(the MkDocs side); nothing here knows MkDocs.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
    samples: bool = False  # publish sample entries (``sample: true``); the preview shows them anyway

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


# A text per language, as mkdocs.yml gives it: (language, text) pairs in order, or one text for every language.
Texts = str | tuple[tuple[str, str], ...]


def text_in(texts: Texts | None, lang: str, default_language: str) -> str | None:
    """The text for ``lang`` (else the default language's, else the first given), or the one text for all."""
    if texts is None or isinstance(texts, str):
        return texts
    by_lang = dict(texts)
    return by_lang.get(lang) or by_lang.get(default_language) or next(iter(by_lang.values()), None)


def joined_texts(texts: Texts | None) -> str | None:
    """Every language's text joined by " / " (for a file that has one title), or the one text."""
    if texts is None or isinstance(texts, str):
        return texts
    return " / ".join(dict.fromkeys(text for _, text in texts)) or None


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
