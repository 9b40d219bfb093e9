"""Checks over validated entries and the whole catalogue: files, references, images, translations.

Each check is a function that yields problems; ``check_catalogue`` runs them all.
The per-field checks (types, ranges, URLs, languages) live in the model itself.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from PIL import Image as PILImage
from pydantic import BaseModel

from fangcheng import files, hours, images
from fangcheng.config import LANGUAGE_NAMES, SiteConfig
from fangcheng.kinds import RefersTo, all_kinds, kind_of
from fangcheng.load import SCHEMA_LINE_PREFIX, Loc, SourceMap
from fangcheng.model import ID_CHARS, SLUG_PATTERN, Entry, LocalizedText
from fangcheng.model_errors import dotted
from fangcheng.plain import EXCEL_CELL_CHARS, list_cell, plain, safe_cell
from fangcheng.problems import Problem

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
MAX_IMAGE_BYTES = 10_000_000
MIN_IMAGE_WIDTH = 600
_SLUG = re.compile(SLUG_PATTERN)


@dataclass
class Record:
    """One entry file: where it is, its raw data, its model (``None`` if invalid), and where each value is."""

    kind: str
    id: str
    path: Path
    display_path: str
    data: dict[str, Any]
    entry: Entry | None
    source_map: SourceMap
    has_schema_line: bool

    @property
    def status(self) -> str:
        """ "draft" or "published", read from the raw data so that invalid entries have it too."""
        return "draft" if self.data.get("status") == "draft" else "published"

    def problem(self, loc: Loc, code: str, *, key: bool = False, **params: object) -> Problem:
        """A problem at ``loc`` in this file."""
        line, col = self.source_map.locate(loc, key=key)
        return Problem(self.display_path, line, col, code, {"field": dotted(loc), **params})


def schema_line(kind: str) -> str:
    """The first line of every content file of ``kind``, which points editors' tools at its schema."""
    return f"{SCHEMA_LINE_PREFIX}../schema/{kind}.json"


def suggest_slug(name: str) -> str:
    """A valid id close to ``name``: lowercase ASCII, words joined by hyphens, at most ``ID_CHARS`` long (cut at
    a hyphen where there is one)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if len(slug) > ID_CHARS:
        cut = slug[: ID_CHARS + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[ID_CHARS // 2 :] else cut[:ID_CHARS]
    return slug.strip("-") or "new-entry"


def check_file_name(kind: str, path: Path, display_path: str) -> Iterator[Problem]:
    """The file name must be a slug, since it becomes the entry's URL."""
    if path.suffix == ".yaml":
        yield Problem(display_path, 1, 1, "bad-extension", {"name": path.name, "suggestion": path.stem + ".yml"})
    if len(path.stem) > ID_CHARS:
        shown = path.name if len(path.name) <= 60 else path.name[:40] + "…" + path.name[-8:]
        yield Problem(
            display_path,
            1,
            1,
            "id-too-long",
            {"name": shown, "length": len(path.stem), "limit": ID_CHARS, "suggestion": suggest_slug(path.stem)},
        )
    elif not _SLUG.match(path.stem):
        yield Problem(display_path, 1, 1, "bad-id", {"name": path.name, "suggestion": suggest_slug(path.stem)})


def check_collisions(files: list[tuple[str, Path, str]]) -> Iterator[Problem]:
    """Two files whose URLs ``/<kind>/<id>/`` are the same ignoring case."""
    seen: dict[str, tuple[Path, str]] = {}
    for kind, path, display_path in sorted(files, key=lambda item: item[2]):
        url = f"{kind}/{path.stem.lower()}"
        if url in seen:
            other_path, other_display = seen[url]
            yield Problem(display_path, 1, 1, "id-collision", {"name": path.name, "other": other_display})
        else:
            seen[url] = (path, display_path)


def check_schema_line(record: Record) -> Iterator[Problem]:
    """Content files start with the line that gives editors autocompletion."""
    if not record.has_schema_line:
        yield Problem(record.display_path, 1, 1, "missing-schema-line", {"line": schema_line(record.kind)})


def reference_targets(records: list[Record], ids: dict[str, set[str]]) -> dict[RefersTo, set[str]]:
    """For each reference field of the model, the ids it may point at.

    ``ids`` holds every entry file's id by kind (valid or not: a broken target is reported in its
    own file); a reference restricted by ``where`` (a member's alliance) takes the loaded entries
    whose raw values match.
    """
    targets: dict[RefersTo, set[str]] = {}
    for kind in all_kinds().values():
        for reference in kind.references:
            refers_to = reference.refers_to
            if refers_to.where:
                targets[refers_to] = {r.id for r in records if r.kind == refers_to.kind and refers_to.accepts(r.data)}
            else:
                targets[refers_to] = ids.get(refers_to.kind, set())
    return targets


def check_references(
    record: Record, targets: dict[RefersTo, set[str]], drafts: set[tuple[str, str]]
) -> Iterator[Problem]:
    """References to other entries exist, and published entries do not point at drafts."""
    for reference in kind_of(record.kind).references:
        value = record.data.get(reference.field)
        if not isinstance(value, str):
            continue
        refers_to = reference.refers_to
        known = targets.get(refers_to, set())
        if value not in known:
            kind_zh, kind_en = refers_to.target_names or kind_of(refers_to.kind).names
            close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.5)
            if close:
                hint_zh, hint_en = f"是不是想写“{close[0]}”？", f'Did you mean "{close[0]}"?'
            elif known:
                listed = ", ".join(sorted(known)[:10])
                hint_zh, hint_en = f"现有的：{listed}", f"Existing: {listed}"
            else:
                folder = refers_to.kind
                hint_zh, hint_en = f"请先在 content/{folder}/ 中添加它。", f"Add it in content/{folder}/ first."
            yield record.problem(
                (reference.field,),
                "unknown-reference",
                value=value,
                kind_zh=kind_zh,
                kind_en=kind_en,
                hint_zh=hint_zh,
                hint_en=hint_en,
            )
        elif record.status == "published" and (refers_to.kind, value) in drafts:
            yield record.problem((reference.field,), "reference-to-draft", value=value)


def check_images(record: Record, content_dir: Path) -> Iterator[Problem]:
    """Images exist, inside content/, in a format the build can resize."""
    root = content_dir.resolve()
    images = record.data.get("images")
    for index, image in enumerate(images if isinstance(images, list) else []):
        file = image.get("file") if isinstance(image, dict) else None
        if not isinstance(file, str):
            continue
        loc: Loc = ("images", index, "file")
        reason = _outside_reason(file) or files.refusal(content_dir / file, root)
        if reason == files.DANGLING or (reason is None and not os.path.lexists(content_dir / file)):
            yield record.problem(loc, "image-missing", file=file)
        elif reason in (files.FOLDER, files.SPECIAL, files.LOOP):
            yield record.problem(loc, "image-unreadable", file=file, reason_zh=reason[0], reason_en=reason[1])
        elif reason:
            yield record.problem(loc, "image-outside-content", file=file, reason_zh=reason[0], reason_en=reason[1])
        elif Path(file).suffix.lower() not in IMAGE_SUFFIXES:
            yield record.problem(loc, "image-format", file=file)
        else:
            yield from _image_quality(record, loc, content_dir / file, file)
        if not (isinstance(image, dict) and image.get("credit")):
            yield record.problem(("images", index), "missing-credit", file=file)


def _image_quality(record: Record, loc: Loc, path: Path, file: str) -> Iterator[Problem]:
    """Refuse originals too large in pixels for the derivatives (before decoding them) and unreadable ones;
    warn on originals too heavy to keep in git or too small to look sharp."""
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        yield record.problem(
            loc, "image-too-large", file=file, megabytes=round(size / 1_000_000, 1), limit=MAX_IMAGE_BYTES // 1_000_000
        )
    dimensions = _decoded_size(path)
    if dimensions is None:
        yield record.problem(loc, "image-unreadable", file=file, reason_zh=_DAMAGED[0], reason_en=_DAMAGED[1])
        return
    width, height = dimensions
    if images.too_many_pixels(width, height):
        yield record.problem(
            loc,
            "image-too-many-pixels",
            file=file,
            width=width,
            height=height,
            max_pixels=f"{images.MAX_PIXELS:,}",
            max_side=f"{images.MAX_SIDE:,}",
        )
    elif width < MIN_IMAGE_WIDTH:
        yield record.problem(loc, "image-too-small", file=file, width=width, minimum=MIN_IMAGE_WIDTH)


_DAMAGED: files.Reason = ("可能已损坏或不是真正的图片", "it may be damaged or not really an image")
_decoded: dict[tuple[str, int, int], tuple[int, int] | None] = {}


def _decoded_size(path: Path) -> tuple[int, int] | None:
    """The image's width and height once all of it decodes (``None`` if it does not), cached by file size
    and time. An image larger than :func:`images.too_many_pixels` allows is not decoded: its header says so.

    A header alone is not enough: a truncated JPEG opens, then fails the build. JPEGs decode at
    1/8 scale (libjpeg still reads every block, so a cut file fails), in a tenth of the time.
    """
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _decoded:
        size: tuple[int, int] | None
        try:
            with PILImage.open(path) as opened:
                size = opened.size
                if not images.too_many_pixels(*size):
                    opened.draft("RGB", (max(opened.width // 8, 1), max(opened.height // 8, 1)))
                    opened.load()
        except (OSError, PILImage.DecompressionBombError, ValueError, SyntaxError):
            size = None
        _decoded[key] = size
    return _decoded[key]


def _outside_reason(file: str) -> files.Reason | None:
    if PurePosixPath(file).is_absolute() or PureWindowsPath(file).is_absolute() or PureWindowsPath(file).drive:
        return "写的是绝对路径，请写相对于 content/ 的路径", "an absolute path; give a path relative to content/"
    if ".." in PurePosixPath(file.replace("\\", "/")).parts:
        return "路径中有“..”", 'the path contains ".."'
    return None


def check_translations(record: Record, config: SiteConfig) -> Iterator[Problem]:
    """Every text has every non-default language (a warning: the page falls back to the default)."""
    if record.entry is None:
        return
    others = [lang for lang in config.languages if lang != config.default_language]
    for loc, text in localized_texts(record.entry):
        for lang in others:
            if text.get(lang) is None:
                zh, en = LANGUAGE_NAMES.get(lang, (lang, lang))
                yield record.problem(loc, "missing-translation", lang=lang, language_zh=zh, language_en=en)


def localized_texts(value: object, loc: Loc = ()) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every ``LocalizedText`` inside ``value`` (an entry, a part, a list) with its path."""
    if isinstance(value, LocalizedText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from localized_texts(getattr(value, name), loc + (name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from localized_texts(item, loc + (index,))


def check_open_data_cells(record: Record, config: SiteConfig) -> Iterator[Problem]:
    """Every list fits one cell of the open data's CSV files (:data:`plain.EXCEL_CELL_CHARS`): a street path
    of 15,000 points made a cell of 487,240 characters. Within the lists' limits only long texts in many
    parts can still pass it."""
    if record.entry is None:
        return
    for name in type(record.entry).model_fields:
        value = getattr(record.entry, name)
        if not isinstance(value, list) or not value:
            continue
        parts = any(isinstance(item, BaseModel) for item in value)
        cell = safe_cell(list_cell(plain(value, config.languages), parts=parts))
        if len(cell) > EXCEL_CELL_CHARS:
            yield record.problem((name,), "open-data-cell-too-long", key=True, length=len(cell), limit=EXCEL_CELL_CHARS)


def check_hours(record: Record, today: datetime.date | None = None) -> Iterator[Problem]:
    """Opening hours that make no sense (``hours.check``), and a holiday policy that needs holiday
    data the library does not have within the timetable's weeks from ``today`` (a warning)."""
    entry = record.entry
    if entry is None or not hasattr(entry, "opening_hours"):
        return
    opening = entry.opening_hours()
    for loc, code, params in hours.check(opening):
        yield record.problem(loc, code, key=False, **params)
    today = today or hours.build_date()
    until = hours.holiday_data_until()
    if opening.holidays != "open" and today + datetime.timedelta(
        weeks=hours.TIMETABLE_WEEKS
    ) > until + datetime.timedelta(days=1):
        yield record.problem(("holidays",), "hours-holiday-data-missing", until=until.isoformat())
