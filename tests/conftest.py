"""Shared helpers: build a throw-away content folder and validate it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fangcheng.catalogue import Catalogue, load_catalogue
from fangcheng.codes import CODES
from fangcheng.config import Region, SiteConfig

ROOT = Path(__file__).resolve().parent.parent
SHENYANG = Region(south=41.18, west=122.42, north=43.05, east=123.82)


def schema_line(kind: str) -> str:
    return f"# yaml-language-server: $schema=../schema/{kind}.json\n"


class ContentFolder:
    """A content/ folder in a temporary project, with helpers to write entries and validate."""

    def __init__(self, root: Path, languages: tuple[str, ...] = ("zh", "en")) -> None:
        self.root = root
        self.content = root / "content"
        self.content.mkdir()
        self.config = SiteConfig(languages=languages, region=SHENYANG, root=root)

    def write(self, relative: str, text: str | bytes, *, schema: bool = True) -> Path:
        """Write a file under content/; text is dedented and, for entries, given the schema line."""
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            body = textwrap.dedent(text).lstrip("\n")
            kind = relative.split("/")[0]
            if schema and relative.endswith((".yml", ".yaml")) and "/" in relative:
                body = schema_line(kind) + body
            path.write_text(body, encoding="utf-8")
        return path

    def validate(self) -> Catalogue:
        catalogue = load_catalogue(self.content, self.config, cwd=self.root)
        for problem in catalogue.problems:  # every message can be filled in, in every language
            missing = CODES[problem.code].placeholders() - set(problem.params)
            assert not missing, f"{problem.code} lacks {missing}"
        return catalogue

    def problems(self) -> list[tuple[str, int, int, str]]:
        """Every problem as (path, line, column, code)."""
        return [(p.path, p.line, p.col, p.code) for p in self.validate().problems]

    def codes(self) -> list[str]:
        return [p.code for p in self.validate().problems]


@pytest.fixture
def site(tmp_path: Path) -> ContentFolder:
    return ContentFolder(tmp_path)


VALID_SHOP = """\
name:
  zh: 老边饺子馆
  en: Laobian Dumplings
founded: 1829
"""
