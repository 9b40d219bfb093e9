"""The published catalogue as open data: ``site/data/`` holds JSON, CSV per kind, GeoJSON and a
Frictionless ``datapackage.json`` describing them.

Everything is made in memory from the validated catalogue (published entries only: drafts never,
not even in the preview), so the "Open data" page can give each file's size before it is written.
The bytes depend only on the content and the settings (``SOURCE_DATE_EPOCH`` for the package's
``created``), so two builds of one commit write identical files.

- ``catalogue.json``: every entry in every language; texts as ``{lang: text}``, points in WGS-84.
- ``<kind>.csv``: UTF-8 with a byte order mark (Excel on Chinese Windows then reads it as UTF-8), one
  column per language for texts (``name_zh``, ``name_en``), lists of plain values joined by a space,
  lists of objects as JSON; a text cell that starts with ``= + - @``, a tab or a carriage return gets a
  leading ``'`` (OWASP's advice against formula injection in spreadsheets).
- ``places.geojson``: RFC 7946 ``FeatureCollection``, ``[lon, lat]``, WGS-84, no ``crs`` member.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import os
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from pydantic import BaseModel

from fangcheng.catalogue import Catalogue
from fangcheng.config import Texts, joined_texts, text_in
from fangcheng.kinds import all_kinds
from fangcheng.model import LocalizedText, Location, unwrap_annotation
from fangcheng.plain import compact_json, field_names, list_cell, plain, safe_cell
from fangcheng.rules import Record
from fangcheng.ui_strings import UiStrings
from fangcheng.urls import absolute, page_path, relative

DATA_DIR = "data"  # under the site's root; the Open data page is /data/ (docs/data.<lang>.md)
FILES_MARKER = "<!-- fangcheng:data-files -->"  # where the Open data page lists the files
CATALOGUE_FILE = "catalogue.json"
GEOJSON_FILE = "places.geojson"
PACKAGE_FILE = "datapackage.json"
_LEFT_OUT = {"status"}  # always "published" here


@dataclass(frozen=True)
class Licence:
    """The content licence (Frictionless ``licenses`` item): an SPDX-style name, a title (one text, or one per
    language), a URL or path."""

    name: str | None = None
    title: Texts | None = None
    path: str | None = None

    def as_dict(self) -> dict[str, str]:
        """The package's licence object, without empty members (a title per language joined into one)."""
        members = (("name", self.name), ("title", joined_texts(self.title)), ("path", self.path))
        return {key: value for key, value in members if value}

    def label(self, lang: str, default_language: str) -> str:
        """What a reader of ``lang`` sees: the title in that language, else the name, else the address."""
        return text_in(self.title, lang, default_language) or self.name or self.path or ""


@dataclass(frozen=True)
class DataSettings:
    """What the files say about the site besides its entries."""

    site_url: str | None = None
    site_name: str = "Fangcheng"
    licence: Licence | None = None
    include_samples: bool = False  # sample entries (`sample: true`) only under the plugin's `samples` option


@dataclass(frozen=True)
class DataFile:
    """One file of ``site/data/``: its name, bytes, format and media type, and what it holds."""

    name: str
    data: bytes
    format: str
    mediatype: str
    kind: str | None = None  # the CSV's kind

    @property
    def size(self) -> int:
        """Its length in bytes."""
        return len(self.data)


@dataclass
class OpenData:
    """Every file of ``site/data/``, in the order the page lists them (the package last)."""

    files: list[DataFile] = field(default_factory=list)

    def write(self, site_dir: Path) -> None:
        """Write the files into ``site_dir/data/``."""
        folder = site_dir / DATA_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for item in self.files:
            (folder / item.name).write_bytes(item.data)


# --- columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One CSV column: its Frictionless field and how a record's cell is read."""

    name: str
    type: str
    cell: Callable[[Record, dict[str, Any]], str]  # (record, its fields as plain data) -> text
    description: str = ""
    enum: tuple[str, ...] = ()

    def schema(self) -> dict[str, Any]:
        """The Table Schema field."""
        result: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            result["description"] = self.description
        if self.enum:
            result["constraints"] = {"enum": list(self.enum)}
        if self.name == "id":
            result["constraints"] = {"required": True, "unique": True}
        return result


def columns(kind: str, languages: tuple[str, ...], url_of: Callable[[str, str, str], str]) -> list[Column]:
    """The CSV columns of ``kind``: id, the page's URL per language, then each field of its model."""
    found = [Column("id", "string", lambda r, d: r.id, "条目 id / Entry id")]
    for lang in languages:
        found.append(Column(f"url_{lang}", "string", _url_cell(url_of, lang), f"页面 / Page ({lang})"))
    for name, info in all_kinds()[kind].model.model_fields.items():
        if name in _LEFT_OUT:
            continue
        found.extend(_field_columns(name, unwrap_annotation(info.annotation), languages, info.description or ""))
    return found


def _field_columns(name: str, annotation: Any, languages: tuple[str, ...], description: str) -> Iterator[Column]:
    def value(record: Record) -> Any:
        return getattr(record.entry, name)

    if _is_class(annotation, LocalizedText):
        for lang in languages:
            yield Column(f"{name}_{lang}", "string", _text_cell(name, lang), f"{description} ({lang})")
    elif _is_class(annotation, Location):
        prefix = "" if name == "location" else f"{name}_"
        yield Column(f"{prefix}lat", "number", lambda r, d: _number(value(r), "lat"), "纬度 WGS-84 / Latitude, WGS-84")
        yield Column(f"{prefix}lon", "number", lambda r, d: _number(value(r), "lon"), "经度 WGS-84 / Longitude, WGS-84")
    elif typing.get_origin(annotation) is list:
        item = unwrap_annotation(typing.get_args(annotation)[0])
        if _is_class(item, BaseModel):
            yield Column(name, "array", lambda r, d: list_cell(d[name], parts=True), f"{description} (JSON)")
        else:
            yield Column(name, "string", lambda r, d: list_cell(d[name], parts=False), description)
    elif annotation is bool:
        yield Column(name, "boolean", lambda r, d: "true" if value(r) else "false", description)
    elif annotation is int:
        yield Column(name, "integer", lambda r, d: "" if value(r) is None else str(value(r)), description)
    elif annotation is float:
        yield Column(name, "number", lambda r, d: "" if value(r) is None else repr(value(r)), description)
    elif typing.get_origin(annotation) is typing.Literal:
        yield Column(name, "string", lambda r, d: value(r) or "", description, tuple(typing.get_args(annotation)))
    else:
        yield Column(name, "string", lambda r, d: "" if value(r) is None else str(plain(value(r))), description)


def _url_cell(url_of: Callable[[str, str, str], str], lang: str) -> Callable[[Record, dict[str, Any]], str]:
    return lambda record, values: url_of(lang, record.kind, record.id)


def _text_cell(name: str, lang: str) -> Callable[[Record, dict[str, Any]], str]:
    return lambda record, values: _text(getattr(record.entry, name), lang)


def _is_class(annotation: Any, base: type) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, base)


def _text(text: LocalizedText | None, lang: str) -> str:
    return (text.get(lang) or "") if text is not None else ""


def _number(location: Location | None, axis: str) -> str:
    return "" if location is None else repr(getattr(location, axis))


# --- the files ---------------------------------------------------------------------------------


def build_open_data(catalogue: Catalogue, settings: DataSettings) -> OpenData:
    """Every file of ``site/data/`` from the published entries of ``catalogue`` (drafts never)."""
    config = catalogue.config
    languages, default = config.languages, config.default_language
    kinds = list(all_kinds())
    records = {kind: catalogue.published(kind, include_samples=settings.include_samples) for kind in kinds}

    def url_of(lang: str, kind: str, entry_id: str) -> str:
        path = page_path(lang, default, kind, entry_id)
        return absolute(settings.site_url, path) or path

    entries, fields = [], {}
    for kind in kinds:
        for record in records[kind]:
            assert record.entry is not None  # published records are valid
            fields[kind, record.id] = values = {
                name: plain(getattr(record.entry, name), languages)
                for name in field_names(type(record.entry))
                if name not in _LEFT_OUT
            }
            urls = {lang: url_of(lang, kind, record.id) for lang in languages}
            entries.append({"kind": kind, "id": record.id, "url": urls, **values})
    licences = [settings.licence.as_dict()] if settings.licence else []
    document = {"name": settings.site_name, "languages": list(languages), "licenses": licences}
    files = [DataFile(CATALOGUE_FILE, _one_a_line(document, "entries", entries), "json", "application/json")]
    schemas: dict[str, list[Column]] = {}
    for kind in kinds:
        schemas[kind] = columns(kind, languages, url_of)
        files.append(DataFile(f"{kind}.csv", _csv(schemas[kind], records[kind], fields), "csv", "text/csv", kind))
    files.append(DataFile(GEOJSON_FILE, _geojson(records, languages, url_of), "geojson", "application/geo+json"))
    files.append(DataFile(PACKAGE_FILE, _package(files, schemas, settings), "json", "application/json"))
    return OpenData(files)


def _csv(table: list[Column], records: list[Record], fields: dict[tuple[str, str], dict[str, Any]]) -> bytes:
    """UTF-8 with BOM, CRLF line ends (RFC 4180), text cells made formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.name for column in table)
    texts = [column.type == "string" for column in table]
    for record in records:
        values = fields[record.kind, record.id]
        writer.writerow(
            safe_cell(cell) if text else cell
            for cell, text in zip((c.cell(record, values) for c in table), texts, strict=True)
        )
    return buffer.getvalue().encode("utf-8-sig")


def _geojson(
    records: dict[str, list[Record]], languages: tuple[str, ...], url_of: Callable[[str, str, str], str]
) -> bytes:
    """RFC 7946: a point per located entry and a line per street path, ``[lon, lat]`` in WGS-84."""
    features = []
    for kind, found in records.items():
        for record in found:
            entry = record.entry
            properties: dict[str, Any] = {"kind": kind, "id": record.id}
            for name in ("name", "summary", "address"):
                for lang in languages:
                    properties[f"{name}_{lang}"] = _text(getattr(entry, name, None), lang) or None
            for lang in languages:
                properties[f"url_{lang}"] = url_of(lang, kind, record.id)
            location = getattr(entry, "location", None)
            if location is not None:
                geometry = {"type": "Point", "coordinates": [location.lon, location.lat]}
                features.append(
                    {"type": "Feature", "id": f"{kind}/{record.id}", "geometry": geometry, "properties": properties}
                )
            path = getattr(entry, "path", None)
            if path:
                geometry = {"type": "LineString", "coordinates": [[point.lon, point.lat] for point in path]}
                features.append(
                    {
                        "type": "Feature",
                        "id": f"{kind}/{record.id}/path",
                        "geometry": geometry,
                        "properties": {**properties, "part": "path"},
                    }
                )
    return _one_a_line({"type": "FeatureCollection"}, "features", features)


def _one_a_line(head: dict[str, Any], key: str, items: list[Any]) -> bytes:
    """``head`` with ``key`` holding ``items``, one item a line (compact JSON is written by the C encoder;
    an indented one would take a second at 3,000 entries)."""
    lines = ",\n".join(compact_json(item) for item in items)
    return f"{compact_json(head)[:-1]},{compact_json(key)}:[\n{lines}\n]}}\n".encode()


def _package(files: list[DataFile], schemas: dict[str, list[Column]], settings: DataSettings) -> bytes:
    """The Frictionless Data Package describing ``files``: sizes and SHA-256 included."""
    resources = []
    for item in files:
        resource: dict[str, Any] = {
            "name": item.name.rsplit(".", 1)[0].replace("_", "-"),
            "path": item.name,
            "format": item.format,
            "mediatype": item.mediatype,
            "encoding": "utf-8-sig" if item.format == "csv" else "utf-8",
            "bytes": item.size,
            "hash": "sha256:" + hashlib.sha256(item.data).hexdigest(),
        }
        if item.kind is not None:
            resource["profile"] = "tabular-data-resource"
            resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True}
            resource["schema"] = {
                "fields": [column.schema() for column in schemas[item.kind]],
                "primaryKey": ["id"],
                "missingValues": [""],
            }
        resources.append(resource)
    package: dict[str, Any] = {"profile": "data-package", "name": "fangcheng", "title": settings.site_name}
    if settings.site_url:
        package["homepage"] = absolute(settings.site_url, f"/{DATA_DIR}/")
        package["sources"] = [{"title": settings.site_name, "path": settings.site_url}]
    if settings.licence:
        package["licenses"] = [settings.licence.as_dict()]
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        created = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        package["created"] = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    package["resources"] = resources
    return (compact_json(package, indent=1) + "\n").encode("utf-8")


# --- the Open data page ------------------------------------------------------------------------


def human_size(size: int) -> str:
    """``532 B``, ``4.2 KB``, ``12 KB``, ``3.1 MB`` (1 KB = 1,000 bytes)."""
    if size < 1000:
        return f"{size} B"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 1000 or unit == "GB":
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def files_table(data: OpenData, lang: str, default_language: str, strings: UiStrings, licence: Licence | None) -> str:
    """The Open data page's list of files: each linked, with its format and size, and what it holds.

    A list rather than a four-column table: on a 360 px phone a table squeezed file names and headers to a
    few letters a line; each item here gives the name its own line, whole (names never break inside)."""
    here = page_path(lang, default_language, DATA_DIR)
    items = []
    for item in data.files:
        what = (
            strings("opendata.file.csv", kind=strings(all_kinds()[item.kind].title_key))
            if item.kind
            else strings(f"opendata.file.{item.name.rsplit('.', 1)[0]}")
        )
        href = relative(here, f"/{DATA_DIR}/{item.name}")
        items.append(
            Markup(
                '<li class="fc-data__file"><p class="fc-data__name"><a href="{}" download><code>{}</code></a>'
                ' <span class="fc-data__meta"><span class="fc-data__format">{}</span> · '
                '<span class="fc-data__size">{}</span></span></p><p class="fc-data__what">{}</p></li>'
            ).format(
                href,
                item.name,
                item.format.upper() if item.format != "geojson" else "GeoJSON",
                human_size(item.size),
                what,
            )
        )
    listing = Markup('<h2 id="fc-data-files">{}</h2><ul class="fc-data__files" aria-labelledby="fc-data-files">{}</ul>')
    files = listing.format(strings("opendata.caption"), Markup("").join(items))
    if licence is None:
        note = Markup('<p class="fc-data__licence">{}</p>').format(strings("opendata.no_licence"))
    else:
        label = licence.label(lang, default_language)
        link = (
            Markup('<a href="{}" rel="license">{}</a>').format(licence.path, label)
            if _is_web(licence.path)
            else escape(label)
        )
        note = Markup('<p class="fc-data__licence">{} {}</p>').format(strings("opendata.licence"), link)
    return str(Markup('<div class="fc-data">{}{}</div>').format(files, note))


def _is_web(path: str | None) -> bool:
    return path is not None and path.lower().startswith(("https://", "http://"))


def insert_files_table(
    html: str, data: OpenData | None, lang: str, default_language: str, strings: UiStrings, licence: Licence | None
) -> str:
    """``html`` with :data:`FILES_MARKER` replaced by the list of files (unchanged without the marker)."""
    if FILES_MARKER not in html or data is None:
        return html
    return html.replace(FILES_MARKER, files_table(data, lang, default_language, strings, licence), 1)
