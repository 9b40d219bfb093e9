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


def load_catalogue(
    content_dir: Path, config: SiteConfig, *, cwd: Path | None = None, cache: FileCache | None = None
) -> Catalogue:
    """Read and check every file under ``content_dir``; paths in problems are relative to ``cwd``.

    With a ``cache`` (the preview's), an entry file unchanged since it was last read (same size, times and
    inode) is not read and checked again: what it gave then is used. The rules over the whole catalogue
    (references, ids) run every time."""
    cwd = (cwd or Path.cwd()).resolve()
    catalogue = Catalogue(content_dir, config)
    problems = catalogue.problems
    context = ValidationContext(config=config)
    cache = cache if cache is not None else FileCache()

    root = content_dir.resolve()

    def shown(path: Path) -> str:
        # The folder is resolved, the file's own name is not: a linked entry shows under the name
        # the editor gave it in content/, not where the link leads.
        key = str(path)
        if key not in cache.shown:
            cache.shown[key] = os.path.relpath(root / path.relative_to(content_dir), cwd)
        return cache.shown[key]

    entry_files, stray = _find_files(content_dir)
    problems.extend(Problem(shown(path), 1, 1, code, params) for code, path, params in stray)
    named = [(kind, path, shown(path)) for kind, path in entry_files]
    problems.extend(check_collisions(named))
    entry_paths = {str(path) for _, path in entry_files}
    others = tuple(
        item for item in cache.walk or _fingerprint(content_dir) if item[0] not in entry_paths and item[3] == "file"
    )
    cache.changed_other_files = sorted(set(cache.other_files) ^ set(others))
    if others != cache.other_files:  # an image added, changed or gone: every image check again
        cache.other_files = others
        cache.images.clear()
    files: dict[str, EntryFile] = {}
    for kind, path, display_path in named:
        stamp = _stamp(path)
        key = str(path)
        known = cache.files.get(key)
        if known is None or known.stamp != stamp or known.stamp is None or known.display_path != display_path:
            known = _load_entry(kind, path, display_path, stamp, config, context, root)
        files[key] = known
        problems.extend(known.problems)
        if known.valid and known.record is not None:
            catalogue.records[kind][path.stem] = known.record
    cache.files = files
    loaded_records = [file.record for file in files.values() if file.record is not None]
    ids = {kind: {path.stem for k, path, _ in named if k == kind} for kind in KINDS}
    drafts = {(r.kind, r.id) for r in loaded_records if r.status == "draft"}
    targets = reference_targets(loaded_records, ids)
    images: dict[str, tuple[Record, list[Problem]]] = {}
    for key, file in files.items():
        record = file.record
        if record is None:
            continue
        problems.extend(check_references(record, targets, drafts))
        checked = cache.images.get(key)
        if checked is None or checked[0] is not record:
            checked = (record, list(check_images(record, content_dir)))
        images[key] = checked
        problems.extend(checked[1])
    cache.images = images
    catalogue.problems = sort_problems(problems)
    return catalogue


@dataclass
class EntryFile:
    """What one entry file gave when it was read: its record (``None`` when it could not be read), whether
    that is valid, and the problems found in the file alone."""

    stamp: tuple[int, ...] | None  # size, times and inode when it was read; None: unreadable
    display_path: str
    record: Record | None
    valid: bool
    problems: list[Problem]


@dataclass
class FileCache:
    """Entry files as last read, with the image checks of their records (see :func:`load_catalogue`)."""

    files: dict[str, EntryFile] = field(default_factory=dict)  # by path
    images: dict[str, tuple[Record, list[Problem]]] = field(default_factory=dict)  # by path
    other_files: tuple[tuple[str, int, int, str], ...] = ()  # files but entries (images …): time and size
    changed_other_files: list[tuple[str, int, int, str]] = field(default_factory=list)  # by the last load
    shown: dict[str, str] = field(default_factory=dict)  # each path as problems show it
    walk: tuple[tuple[str, int, int, str], ...] | None = None  # the folder as just walked (CatalogueCache), if any


def _load_entry(
    kind: str,
    path: Path,
    display_path: str,
    stamp: tuple[int, ...] | None,
    config: SiteConfig,
    context: ValidationContext,
    root: Path,
) -> EntryFile:
    """Read, validate and check one entry file on its own (``root``: the content folder, resolved)."""
    problems = list(check_file_name(kind, path, display_path))
    loaded = load_file(path, display_path, inside=root)
    problems.extend(loaded.problems)
    if loaded.data is None:
        return EntryFile(stamp, display_path, None, False, problems)
    model = KINDS[kind]
    try:
        entry = model.model_validate(loaded.data, context=context)
    except ValidationError as error:
        problems.extend(problems_from_error(error, model, loaded.source_map, display_path))
        entry = None
    if any(problem.effective_level is Level.ERROR for problem in loaded.problems):
        entry = None  # e.g. a control character: the model may accept it, no page may show it
    record = Record(kind, path.stem, path, display_path, loaded.data, entry, loaded.source_map, loaded.has_schema_line)
    problems.extend(check_schema_line(record))
    problems.extend(check_hours(record))
    problems.extend(check_open_data_cells(record, config))
    problems.extend(check_translations(record, config))
    return EntryFile(stamp, display_path, record, entry is not None, problems)


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What tells that a file changed: its size, modification and change times and inode (``None`` if it
    cannot be read: such a file is read again every time)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


class CatalogueCache:
    """The last catalogue loaded, reused while no file under its content folder changed; when some did,
    only the changed entry files are read again (:class:`FileCache`).

    The preview rebuilds on every change, and each build asks again: a walk of file sizes and times
    decides (about 10 ms for 3,000 files). One per plugin instance.
    """

    def __init__(self) -> None:
        self._last: tuple[tuple[object, ...], Catalogue] | None = None
        self._files = FileCache()
        self._files_for: tuple[object, ...] | None = None

    @property
    def changed_files(self) -> list[Path]:
        """The files but entries (images …) added, changed or removed since the load before the last one."""
        return sorted({Path(path) for path, _, _, _ in self._files.changed_other_files})

    def load(self, content_dir: Path, config: SiteConfig, *, cwd: Path | None = None) -> Catalogue:
        """Like :func:`load_catalogue`, but the last result while nothing under ``content_dir`` changed."""
        where = (content_dir.resolve(), config, (cwd or Path.cwd()).resolve())
        key = (*where, _fingerprint(content_dir))
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        if self._files_for != where:
            self._files, self._files_for = FileCache(), where
        self._files.walk = key[-1]
        catalogue = load_catalogue(content_dir, config, cwd=cwd, cache=self._files)
        self._files.walk = None
        self._last = (key, catalogue)
        return catalogue


def _fingerprint(content_dir: Path) -> tuple[tuple[str, int, int, str], ...]:
    """Every file and folder under ``content_dir`` with its modification time, size and whether it is a folder,
    in order."""
    found: list[tuple[str, int, int, str]] = []
    folders = [str(content_dir)]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    stat = entry.stat(follow_symlinks=False)
                    folder = entry.is_dir(follow_symlinks=False)
                    found.append((entry.path, stat.st_mtime_ns, stat.st_size, "folder" if folder else "file"))
                    if folder:
                        folders.append(entry.path)
        except OSError:
            continue
    return tuple(sorted(found))


def _find_files(content_dir: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, Path, dict[str, object]]]]:
    """Entry files by kind, and files and folders that are in the wrong place."""
    entries: list[tuple[str, Path]] = []
    stray: list[tuple[str, Path, dict[str, object]]] = []
    if not content_dir.is_dir():
        return entries, stray
    for child in _listing(content_dir):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            if child.name in KINDS:
                for item in _listing(Path(child.path)):
                    if item.name.startswith("."):
                        continue
                    if item.name.endswith((".yml", ".yaml")):  # a folder or dead link too: load_file says so
                        entries.append((child.name, content_dir / child.name / item.name))
                    else:
                        stray.append(("stray-file", Path(item.path), {"name": f"{child.name}/{item.name}"}))
            elif child.name not in NON_ENTRY_FOLDERS:
                stray.append(("unknown-folder", Path(child.path), {"name": child.name, "kinds": ", ".join(KINDS)}))
        elif child.name.endswith((".yml", ".yaml")):
            stray.append(("stray-file", Path(child.path), {"name": child.name}))
    return entries, stray


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of ``folder`` by name."""
    with os.scandir(folder) as found:
        return sorted(found, key=lambda entry: entry.name)
