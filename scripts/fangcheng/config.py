"""The site's settings as the core sees them: languages, region and folders (:class:`SiteConfig`).

They are set in ``mkdocs.yml``, the one place, and read from there by :mod:`fangcheng.plugin_config`
(the MkDocs side); nothing here knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LANGUAGES = ("zh", "en")

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
