"""Site settings the core needs, read from ``mkdocs.yml`` (the one place they are set).

The languages come from the mkdocs-static-i18n plugin's ``languages`` list; the
region that coordinates must fall in comes from ``extra.fangcheng.region``.
Reading the file needs no MkDocs: unknown tags (``!ENV``, ``!!python/name``) are
read as plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
    """Languages (the default first) and the region of the site."""

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    region: Region | None = None
    root: Path = field(default_factory=Path.cwd)

    @property
    def default_language(self) -> str:
        """The language every required text must have; the site's root language."""
        return self.languages[0]

    @property
    def content_dir(self) -> Path:
        """Where editors' YAML lives."""
        return self.root / "content"


class _LenientLoader(yaml.SafeLoader):
    """A SafeLoader that reads any tag as the plain value under it."""


def _construct_untagged(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_LenientLoader.add_multi_constructor("", _construct_untagged)


def load_site_config(mkdocs_yml: Path) -> SiteConfig:
    """Read languages and region from ``mkdocs_yml``; defaults when the file is missing."""
    root = mkdocs_yml.parent.resolve()
    if not mkdocs_yml.is_file():
        return SiteConfig(root=root)
    with mkdocs_yml.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=_LenientLoader) or {}
    return SiteConfig(languages=_languages(data), region=_region(data), root=root)


def find_site_config(start: Path) -> SiteConfig:
    """The config of the project ``start`` lies in: the nearest ``mkdocs.yml`` at or above it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return load_site_config(candidate)
    return SiteConfig(root=Path.cwd().resolve())


def _languages(data: dict[str, Any]) -> tuple[str, ...]:
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages") or []
            codes = [entry["locale"] for entry in entries if entry.get("build", True) is not False]
            defaults = [entry["locale"] for entry in entries if entry.get("default")]
            if codes:
                first = defaults[0] if defaults else codes[0]
                return (first, *[code for code in codes if code != first])
    return DEFAULT_LANGUAGES


def _region(data: dict[str, Any]) -> Region | None:
    box = ((data.get("extra") or {}).get("fangcheng") or {}).get("region")
    if not box:
        return None
    return Region(*(float(box[side]) for side in ("south", "west", "north", "east")))
