"""Load and validate all content once: the one object everything above reads."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from fangcheng.codes import Level
from fangcheng.config import SiteConfig
from fangcheng.load import load_file
from fangcheng.model import KINDS, ValidationContext
from fangcheng.model_errors import problems_from_error
from fangcheng.problems import Problem, sort_problems
from fangcheng.rules import (
    Record,
    check_collisions,
    check_file_name,
    check_hours,
    check_images,
    check_open_data_cells,
    check_references,
    check_schema_line,
    check_translations,
    reference_targets,
)

NON_ENTRY_FOLDERS = {"media", "schema", "guide"}  # guide: the pictures of content/README.md


@dataclass
class Catalogue:
    """Every valid entry by kind and id, and every problem found on the way."""

    content_dir: Path
    config: SiteConfig
    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {kind: {} for kind in KINDS})
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        """Whether any problem is an error."""
        return any(problem.effective_level is Level.ERROR for problem in self.problems)

    def get(self, kind: str, entry_id: str) -> Record | None:
        """The record of ``kind`` with ``entry_id``, if it is valid."""
        return self.records[kind].get(entry_id)

    def published(self, kind: str, *, include_drafts: bool = False, include_samples: bool = False) -> list[Record]:
        """Records of ``kind`` sorted by id: drafts and sample entries (``sample: true``, made up to show what a
        page looks like) left out unless asked for. A production build publishes neither; the preview shows
        both, and the ``samples`` option of the plugin publishes the samples."""
        records = sorted(self.records[kind].values(), key=lambda record: record.id)
        return [
            r for r in records if (include_drafts or r.status == "published") and (include_samples or not _is_sample(r))
        ]


def _is_sample(record: Record) -> bool:
    return record.entry is not None and record.entry.sample


def load_catalogue(content_dir: Path, config: SiteConfig, *, cwd: Path | None = None) -> Catalogue:
    """Read and check every file under ``content_dir``; paths in problems are relative to ``cwd``."""
    cwd = (cwd or Path.cwd()).resolve()
    catalogue = Catalogue(content_dir, config)
    problems = catalogue.problems
    context = ValidationContext(config=config)

    root = content_dir.resolve()

    def shown(path: Path) -> str:
        # The folder is resolved, the file's own name is not: a linked entry shows under the name
        # the editor gave it in content/, not where the link leads.
        return os.path.relpath(root / path.relative_to(content_dir), cwd)

    entry_files, stray = _find_files(content_dir)
    problems.extend(Problem(shown(path), 1, 1, code, params) for code, path, params in stray)
    named = [(kind, path, shown(path)) for kind, path in entry_files]
    problems.extend(check_collisions(named))
    loaded_records: list[Record] = []
    for kind, path, display_path in named:
        problems.extend(check_file_name(kind, path, display_path))
        loaded = load_file(path, display_path, inside=root)
        problems.extend(loaded.problems)
        if loaded.data is None:
            continue
        model = KINDS[kind]
        try:
            entry = model.model_validate(loaded.data, context=context)
        except ValidationError as error:
            problems.extend(problems_from_error(error, model, loaded.source_map, display_path))
            entry = None
        if any(problem.effective_level is Level.ERROR for problem in loaded.problems):
            entry = None  # e.g. a control character: the model may accept it, no page may show it
        record = Record(
            kind, path.stem, path, display_path, loaded.data, entry, loaded.source_map, loaded.has_schema_line
        )
        loaded_records.append(record)
        if entry is not None:
            catalogue.records[kind][path.stem] = record
    ids = {kind: {path.stem for k, path, _ in named if k == kind} for kind in KINDS}
    drafts = {(r.kind, r.id) for r in loaded_records if r.status == "draft"}
    targets = reference_targets(loaded_records, ids)
    for record in loaded_records:
        problems.extend(check_schema_line(record))
        problems.extend(check_references(record, targets, drafts))
        problems.extend(check_images(record, content_dir))
        problems.extend(check_hours(record))
        problems.extend(check_open_data_cells(record, config))
        problems.extend(check_translations(record, config))
    catalogue.problems = sort_problems(problems)
    return catalogue


class CatalogueCache:
    """The last catalogue loaded, reused while no file under its content folder changed.

    The preview rebuilds on every change, and each build asks again: a walk of file sizes and times
    decides (about 10 ms for 3,000 files). One per plugin instance.
    """

    def __init__(self) -> None:
        self._last: tuple[tuple[object, ...], Catalogue] | None = None

    def load(self, content_dir: Path, config: SiteConfig, *, cwd: Path | None = None) -> Catalogue:
        """Like :func:`load_catalogue`, but the last result while nothing under ``content_dir`` changed."""
        key = (content_dir.resolve(), config, (cwd or Path.cwd()).resolve(), _fingerprint(content_dir))
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        catalogue = load_catalogue(content_dir, config, cwd=cwd)
        self._last = (key, catalogue)
        return catalogue

    def keep(self, catalogue: Catalogue, *, cwd: Path | None = None) -> None:
        """Remember a catalogue loaded elsewhere (the build command validates before MkDocs starts)."""
        content_dir = catalogue.content_dir
        key = (content_dir.resolve(), catalogue.config, (cwd or Path.cwd()).resolve(), _fingerprint(content_dir))
        self._last = (key, catalogue)


def _fingerprint(content_dir: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (str(path), stat.st_mtime_ns, stat.st_size)
        for path in sorted(content_dir.rglob("*"))
        for stat in (path.lstat(),)
    )


def _find_files(content_dir: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, Path, dict[str, object]]]]:
    """Entry files by kind, and files and folders that are in the wrong place."""
    entries: list[tuple[str, Path]] = []
    stray: list[tuple[str, Path, dict[str, object]]] = []
    if not content_dir.is_dir():
        return entries, stray
    for child in sorted(content_dir.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            if child.name in KINDS:
                for item in sorted(child.iterdir()):
                    if item.name.startswith("."):
                        continue
                    if item.suffix in (".yml", ".yaml"):  # a folder or dead link too: load_file says it cannot be read
                        entries.append((child.name, item))
                    else:
                        stray.append(("stray-file", item, {"name": f"{child.name}/{item.name}"}))
            elif child.name not in NON_ENTRY_FOLDERS:
                stray.append(("unknown-folder", child, {"name": child.name, "kinds": ", ".join(KINDS)}))
        elif child.suffix in (".yml", ".yaml"):
            stray.append(("stray-file", child, {"name": child.name}))
    return entries, stray
