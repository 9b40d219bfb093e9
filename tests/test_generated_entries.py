"""Generated entries (issue 19, point 11): property-based tests with Hypothesis.

Entries of every kind are generated from the content model itself: each field's type, length limit, list
maximum, choices and checks are read from the model, so a field added later is generated too. Texts mix
hostile fragments (markup, template syntax, scheme-relative and script links, invisible, bidi and full-width
characters) with any printable Unicode; numbers go to their extremes; lists reach their maxima. Three
properties:

- the validator never raises, whatever a file holds (any value of any type where a field is expected, and
  text that is not YAML at all), and every message it gives can be filled in, in both languages;
- whatever it accepts renders: every page of the generated entries in both languages (their front matter
  reads back), their plaques and QR codes, and the open data, every CSV cell within Excel's limit;
- nothing from YAML reaches a page unescaped (the markers of ``tests/hostile.py``).

Profiles: the default one is short (the whole file takes a few seconds, the same examples on every run, so
the suite cannot flicker, and a failing example is shown as found, unshrunk); for an occasional long run with
new examples each time, shrunk when one fails::

    FANGCHENG_HYPOTHESIS=long ./scripts/test tests/test_generated_entries.py
"""

from __future__ import annotations

import atexit
import csv
import datetime
import functools
import io
import os
import shutil
import tempfile
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT, SHENYANG
from hostile import PAYLOAD, RAW_MARKERS
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from PIL import Image
from pydantic import BaseModel

from fangcheng.catalogue import load_catalogue
from fangcheng.codes import CODES
from fangcheng.config import SiteConfig
from fangcheng.kinds import RefersTo
from fangcheng.markup import has_visible_character, invisible_links, is_nested_too_deep
from fangcheng.media import MediaProcessor
from fangcheng.model import ID_CHARS, KINDS, AtMost, LocalizedText, Location
from fangcheng.opendata import DataSettings, build_open_data
from fangcheng.plain import EXCEL_CELL_CHARS
from fangcheng.render import Renderer, RenderSettings, write_pages, write_plaques

settings.register_profile(
    "default",
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a failing example as found: shrinking these takes minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.register_profile(
    "long",
    parent=settings.get_profile("default"),
    max_examples=2_000,
    derandomize=False,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
PROFILE = os.environ.get("FANGCHENG_HYPOTHESIS", "default")
settings.load_profile(PROFILE)
A_FEW_SITES = settings(max_examples=6 if PROFILE == "default" else settings.default.max_examples)  # each renders all

LANGUAGES = ("zh", "en")
SITE_URL = "https://example.org/fc/"
PHOTO = "media/photo.jpg"
THIS_YEAR = datetime.date.today().year

# --- text --------------------------------------------------------------------------------------------

FRAGMENTS = [
    *PAYLOAD.split(" "),
    "[x](javascript:alert(3))",
    "[y](//evil.example/y)",
    "<a href=//evil.example/w>w</a>",
    "</svg>",
    "{{ 7*7 }}",
    "&amp;",
    "<!--",
    "\\",
    '"',
    "'",
    "：",
    "“引号”",
    "\u3000",
    "\u200b",
    "\u202e",
    "\u3164",
    "老边饺子馆",
    "Laobian",
    "\n",
    "\n\n",
    "# ",
    "- ",
    "> ",
    "**",
    "`",
    "|",
    "---",
    "🥟",
    "x" * 300,
]
# Anything printable, without what the loader refuses (controls, surrogates, noncharacters: tested elsewhere).
_PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn"))


def _text(max_size: int) -> st.SearchStrategy[str]:
    """Hostile text of at most ``max_size`` characters: fragments and printable Unicode, or one fragment repeated
    up to the limit."""
    pieces = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(_PRINTABLE, max_size=20)), max_size=12)
    return st.one_of(
        pieces.map("".join),
        st.sampled_from(FRAGMENTS).map(lambda fragment: (fragment * (max_size // len(fragment) + 1))[:max_size]),
    ).map(lambda text: text[:max_size])


def _visible(text: str) -> str:
    return text if has_visible_character(text) else "名" + text


def _localized(limit: int, *, name: bool, markdown: bool) -> st.SearchStrategy[dict[str, str]]:
    """A valid text per language: the default language always, English often."""
    text = _text(limit - 1).map(lambda value: value.strip() or "文")
    if name:
        text = text.map(lambda value: _visible(value)[:limit])
    if markdown:
        text = text.filter(lambda value: not is_nested_too_deep(value) and not invisible_links(value))
    return st.fixed_dictionaries({"zh": text}, optional={"en": text})


# --- values from the model ----------------------------------------------------------------------------


def _unpack(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """The type a field holds and every piece of metadata on the way (through Optional and Annotated)."""
    metadata = list(metadata)
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *more = typing.get_args(annotation)
            metadata += more
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0]
        else:
            return annotation, metadata


def _limit(metadata: list[Any]) -> int | None:
    for item in metadata:
        limit = getattr(getattr(item, "func", None), "keywords", {}).get("limit") or getattr(item, "max_length", None)
        if limit:
            return int(limit)
        for inner in getattr(item, "metadata", []) or []:  # a Field(max_length=…) inside Annotated
            if getattr(inner, "max_length", None):
                return int(inner.max_length)
    return None


def _checks(metadata: list[Any]) -> set[str]:
    return {getattr(getattr(item, "func", None), "__name__", "") for item in metadata} - {""}


def _at_most(metadata: list[Any]) -> int | None:
    return next((item.max_items for item in metadata if isinstance(item, AtMost)), None)


_WORDS = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12), min_size=1, max_size=12)
SLUGS = _WORDS.map(lambda words: "-".join(words)[:ID_CHARS].strip("-"))  # SLUG_PATTERN, cheaper than from_regex
_LOCATION = st.fixed_dictionaries(
    {"lat": st.floats(41.3, 42.9), "lon": st.floats(122.6, 123.6)},
    optional={"datum": st.sampled_from(["wgs84", "WGS-84", "gcj02", "BD09ll"])},
)
_DATES = st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31))
_TIMES = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))


PART_TEXT_CHARS = 300
"""Texts in the parts of a list (images, landmarks …) stay this short: together, long ones would not fit one cell
of the open data's CSV files, which the validator refuses (open-data-cell-too-long, test_bounded_work.py)."""


def valid_value(
    name: str, annotation: Any, metadata: list[Any], targets: dict[str, str], *, in_part: bool = False
) -> st.SearchStrategy[Any]:
    """A value the model accepts for the field ``name``, hostile wherever the model allows text."""
    kind, metadata = _unpack(annotation, metadata)
    limit, checks = _limit(metadata), _checks(metadata)
    reference = next((item for item in metadata if isinstance(item, RefersTo)), None)
    if reference is not None:
        return st.just(targets[reference.kind]) if reference.kind in targets and not reference.where else st.nothing()
    if kind is LocalizedText:
        limit = min(limit or 2_000, PART_TEXT_CHARS) if in_part else limit or 2_000
        return _localized(limit, name="_check_visible" in checks, markdown=name == "description")
    if typing.get_origin(kind) is list:
        return _valid_list(name, typing.get_args(kind)[0], _at_most(metadata) or 10, targets)
    if kind is Location:
        return _LOCATION
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return model_dict(kind, targets)
    if typing.get_origin(kind) is typing.Literal:
        return st.sampled_from(typing.get_args(kind))
    if kind is bool:
        return st.booleans()
    if kind is int:
        return st.integers(1000, THIS_YEAR)
    if kind is float:
        return st.floats(min_value=1e-6, max_value=1e9)
    if kind is datetime.date:
        return _DATES
    if "_check_url" in checks:
        path = st.text(st.characters(codec="ascii", categories=("L", "N", "P", "S")), max_size=200)
        return st.builds(
            lambda host, rest: f"https://{host}/{rest}", st.sampled_from(["example.org", "例子.中国"]), path
        )
    if "_check_slug" in checks:
        return SLUGS
    if "_check_time" in checks:
        return _TIMES
    if "_check_phone" in checks:
        middle = st.text("0123456789 ()-", min_size=4, max_size=24)
        return st.builds(lambda plus, middle: f"{plus}1{middle}9", st.sampled_from(["", "+"]), middle)
    if name == "file":
        return st.just(PHOTO)
    return _text(limit or 200).map(lambda value: value.strip() or "x")


def _valid_list(name: str, item: Any, most: int, targets: dict[str, str]) -> st.SearchStrategy[list[Any]]:
    if name == "path":  # a street's line: none, a few points, or as many as allowed (drawn at once: cheaper)
        along = st.builds(
            lambda count, lat, lon: [{"lat": lat + 1e-5 * i, "lon": lon + 1e-4 * i} for i in range(count)],
            st.sampled_from([2, most]),
            st.floats(41.3, 42.8),
            st.floats(122.6, 123.5),
        )
        return st.one_of(st.just([]), st.lists(_LOCATION, min_size=2, max_size=4), along)
    if name in ("closed", "dates"):
        return (
            st.integers(0, 3_000)
            .map(
                lambda start: [datetime.date(2026, 1, 1) + datetime.timedelta(days=start + 2 * i) for i in range(most)]
            )
            .flatmap(lambda full: st.integers(0, len(full)).map(lambda count: full[:count]))
        )
    values = valid_value(name, item, [], targets)
    short = st.lists(values, max_size=min(most, 3))
    if name in ("sources", "tags"):
        return st.one_of(short, st.lists(values, min_size=most, max_size=most, unique=True))
    return short


def model_dict(model: type[BaseModel], targets: dict[str, str]) -> st.SearchStrategy[dict[str, Any]]:
    """A valid mapping for ``model``: every required field, any of the optional ones."""
    required, optional = {}, {}
    for name, field in model.model_fields.items():
        strategy = valid_value(name, field.annotation, list(field.metadata), targets, in_part=True)
        (required if field.is_required() else optional)[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


# Opening hours are generated whole: rows that cannot cross, dates kept apart.
_HOURS = st.fixed_dictionaries(
    {},
    optional={
        "hours": st.lists(
            st.fixed_dictionaries(
                {
                    "days": st.lists(
                        st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
                        min_size=1,
                        max_size=7,
                        unique=True,
                    ),
                    "opens": st.sampled_from(["08:00", "09:30", "20:00"]),
                    "closes": st.sampled_from(["12:00", "21:00", "24:00"]),
                }
            ),
            max_size=1,
        ),
        "closed": st.integers(0, 400).map(
            lambda n: [datetime.date(2026, 1, 1) + datetime.timedelta(days=2 * i) for i in range(min(n, 366))]
        ),
        "special_hours": st.lists(st.integers(0, 30), max_size=2, unique=True).map(
            lambda days: [
                {
                    "dates": [datetime.date(2026, 1, 1) + datetime.timedelta(days=2 * d + 1)],
                    "opens": "10:00",
                    "closes": "02:00" if i else "16:00",
                }
                for i, d in enumerate(days)
            ]
        ),
        "holidays": st.sampled_from(["open", "closed"]),
    },
)
_HOURS_FIELDS = {"hours", "closed", "special_hours", "holidays", "holiday_hours"}


def entry(kind: str, targets: dict[str, str]) -> st.SearchStrategy[dict[str, Any]]:
    model = KINDS[kind]
    fields = {
        name: valid_value(name, field.annotation, list(field.metadata), targets)
        for name, field in model.model_fields.items()
        if name not in _HOURS_FIELDS and name not in ("status", "member_of")
    }
    required = {name: fields.pop(name) for name in list(fields) if model.model_fields[name].is_required()}
    base = st.fixed_dictionaries(required, optional=fields)
    if "hours" in model.model_fields:
        return st.tuples(base, _HOURS).map(lambda parts: {**parts[0], **parts[1]})
    return base


SITES = SLUGS.map(lambda slug: slug[: ID_CHARS - 8].strip("-") or "x").flatmap(
    lambda base: st.fixed_dictionaries(
        {kind: entry(kind, {"streets": f"{base}-street", "parks": f"{base}-park"}) for kind in KINDS}
    ).map(lambda entries: {(kind, f"{base}-{kind.rstrip('s')}"): data for kind, data in entries.items()})
)


# --- the project ----------------------------------------------------------------------------------


@functools.cache
def _shared_folders() -> Path:
    """A photo for the entries' images and a cache of its derivatives, made once per session."""
    folder = Path(tempfile.mkdtemp(prefix="fangcheng-generated-"))
    atexit.register(shutil.rmtree, folder, True)
    Image.new("RGB", (800, 600), (140, 28, 19)).save(folder / "photo.jpg", "JPEG")
    return folder


def write_content(
    root: Path, entries: dict[tuple[str, str], Any], raw: dict[tuple[str, str], str | bytes] | None = None
) -> SiteConfig:
    """Write each entry as YAML (or, for ``raw`` ones, as the text or bytes given) under ``root/content``."""
    content = root / "content"
    (content / "media").mkdir(parents=True)
    (content / PHOTO).write_bytes((_shared_folders() / "photo.jpg").read_bytes())
    for (kind, entry_id), data in entries.items():
        path = content / kind / f"{entry_id}.yml"
        path.parent.mkdir(exist_ok=True)
        given = (raw or {}).get((kind, entry_id))
        if isinstance(given, bytes):
            path.write_bytes(given)
            continue
        text = given if given is not None else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(f"# yaml-language-server: $schema=../schema/{kind}.json\n{text}", encoding="utf-8")
    return SiteConfig(languages=LANGUAGES, region=SHENYANG, root=root)


def _messages_fill(catalogue: Any) -> None:
    for problem in catalogue.problems:
        code = CODES[problem.code]
        assert not code.placeholders() - set(problem.params), problem
        assert all(problem.message(lang) for lang in LANGUAGES), problem


# --- the properties -------------------------------------------------------------------------------

GARBAGE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        _text(300),
        _DATES,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_text(12), inner, max_size=4)),
    max_leaves=12,
)


@given(
    SITES.flatmap(
        lambda site: st.fixed_dictionaries(
            {
                key: st.one_of(
                    st.just(data),
                    st.dictionaries(st.sampled_from(sorted(data) + ["zh", "<<", "nmae"]), GARBAGE).map(
                        lambda junk, data=data: {**data, **junk}
                    ),
                )
                for key, data in site.items()
            }
        )
    ),
    st.dictionaries(
        st.sampled_from([(kind, "raw") for kind in KINDS]), st.one_of(_text(400), st.binary(max_size=300)), max_size=2
    ),
)
def test_the_validator_never_raises_whatever_a_file_holds(
    entries: dict[tuple[str, str], Any], raw: dict[tuple[str, str], str | bytes]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = write_content(root, {**entries, **dict.fromkeys(raw)}, raw)
        catalogue = load_catalogue(root / "content", config, cwd=root)
        _messages_fill(catalogue)


@A_FEW_SITES
@given(SITES)
def test_whatever_the_validator_accepts_renders_escaped_and_fits_the_open_data(
    entries: dict[tuple[str, str], Any],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = write_content(root, entries)
        catalogue = load_catalogue(root / "content", config, cwd=root)
        errors = [p for p in catalogue.problems if p.effective_level.value == "error"]
        note("\n".join(f"{p.path}:{p.line}:{p.col} {p.code} {p.message('en')}" for p in errors))
        assert errors == [], "a value generated within the model's rules was refused"
        settings_ = RenderSettings(
            docs_dir=root / "docs",
            templates_dir=ROOT / "overrides" / "fangcheng",
            locales_dir=ROOT / "overrides" / "locales",
            site_url=SITE_URL,
            media=MediaProcessor(root / "content", _shared_folders() / "cache"),
        )
        renderer = Renderer(catalogue, settings_)
        renderer.prepare_media()
        written = write_pages(renderer).written
        assert written and write_plaques(renderer, root / "site")
        pages = [(path, path.read_text(encoding="utf-8")) for path in written]
        pages += [(path, path.read_text(encoding="utf-8")) for path in (root / "site").rglob("*.html")]
        pages += [(Path(f"home-map.{lang}"), renderer.home_map(lang)) for lang in LANGUAGES]
        leaks = []
        for path, text in pages:
            if path.suffix == ".md":  # front matter (data: main.html escapes it, test_escaping.py), then HTML
                front, text = text.removeprefix("---\n").split("\n---\n", 1)
                assert isinstance(yaml.safe_load(front), dict), path
            lowered = text.lower()
            leaks += [f"{path.name}: {marker}" for marker in RAW_MARKERS if marker.lower() in lowered]
        assert leaks == []
        data = build_open_data(catalogue, DataSettings(SITE_URL))
        for item in data.files:
            if item.format == "csv":
                cells = [cell for row in csv.reader(io.StringIO(item.data.decode("utf-8-sig"))) for cell in row]
                assert max(len(cell) for cell in cells) <= EXCEL_CELL_CHARS, item.name
