"""UI strings (labels, notices): one YAML file per language in ``overrides/locales/``.

A key missing from a language falls back along an explicit chain: the language itself,
then English, then the site's default language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FALLBACK_LANGUAGE = "en"


class UiStrings:
    """Look up a UI string by dotted key (``label.founded``) in one language, with fallback."""

    def __init__(self, lang: str, layers: list[tuple[str, dict[str, Any]]]) -> None:
        self.lang = lang
        self._layers = layers

    def __call__(self, key: str, **params: object) -> str:
        """The string for ``key``, formatted with ``params``; KeyError if no language has it. With ``count=1``,
        the language's ``<key>_one`` where it has one ("1 entry", not "1 entries")."""
        for _, layer in self._layers:
            value = _dig(layer, key)
            if isinstance(value, str):
                one = _dig(layer, key + "_one") if params.get("count") == 1 else None
                value = one if isinstance(one, str) else value
                return value.format(**params) if params else value
        raise KeyError(
            f"UI string '{key}' is missing from overrides/locales/ (looked in {[lang for lang, _ in self._layers]})"
        )

    def get(self, key: str, default: str = "") -> str:
        """The string for ``key``, or ``default`` when no language has it."""
        try:
            return self(key)
        except KeyError:
            return default

    def source_language(self, key: str) -> str:
        """The language the string for ``key`` actually comes from."""
        for lang, layer in self._layers:
            if isinstance(_dig(layer, key), str):
                return lang
        raise KeyError(key)


def _dig(layer: dict[str, Any], key: str) -> Any:
    value: Any = layer
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def read_locale_file(locales_dir: Path, lang: str) -> dict[str, Any]:
    """The parsed strings file of ``lang``, or an empty mapping if there is none."""
    path = locales_dir / f"{lang}.yml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream) or {}


def load_ui_strings(locales_dir: Path, lang: str, default_language: str) -> UiStrings:
    """The strings of ``lang`` with the fallback chain lang → English → default language."""
    chain: list[str] = []
    for candidate in (lang, FALLBACK_LANGUAGE, default_language):
        if candidate not in chain:
            chain.append(candidate)
    return UiStrings(lang, [(code, read_locale_file(locales_dir, code)) for code in chain])
