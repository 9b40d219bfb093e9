"""The registry of kinds and the content graph: which fields point at which kind of entry.

A kind is declared once, on its model class::

    @register_kind("streets", names=("街道", "…"), schema_type=("TouristAttraction", "Place"))
    class Street(Entry): ...

and a reference once, on its field::

    street: Annotated[Optional[Slug], RefersTo("streets", backlinks="shops_on_street", jsonld="containedInPlace")]

Everything else reads these declarations: the validator's reference rules, the "what links here"
lists and the links in the facts of rendered pages, the JSON-LD, the editors' guide, the scaffold,
the translation report. A kind's display names on the site are UI strings (``kind.<kind>`` and
``kind_one.<kind>`` in ``overrides/locales/<lang>.yml``); :class:`Kind` names those keys.
This module imports nothing from the rest of the package (the model imports it, never the other way).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

SchemaType = str | tuple[str, ...]


@dataclass(frozen=True)
class RefersTo:
    """Field metadata: the field holds the id of an entry of ``kind``.

    ``where`` restricts the targets to entries with these raw values (``(("role", "alliance"),)``),
    and ``target_names`` (Chinese, English) then names them in the validator's messages.
    ``backlinks`` names the list of entries pointing here on the target's page: its heading is the UI
    string ``label.<backlinks>``; without it the target's page does not list them. ``jsonld`` is the
    schema.org property that links the two entries in structured data (none if empty).
    """

    kind: str
    where: tuple[tuple[str, str], ...] = ()
    target_names: tuple[str, str] | None = None
    backlinks: str = ""
    jsonld: str = ""

    def accepts(self, data: dict[str, Any]) -> bool:
        """Whether an entry with the raw ``data`` may be pointed at."""
        return all(data.get(key) == value for key, value in self.where)


@dataclass(frozen=True)
class Reference:
    """One reference field of a model: its name and what it points at."""

    field: str
    refers_to: RefersTo

    @property
    def kind(self) -> str:
        """The kind of entry the field points at."""
        return self.refers_to.kind


@dataclass(frozen=True)
class Kind:
    """One kind of entry: its folder under ``content/`` (and URL segment), model and outward names.

    ``names`` (Chinese, English) is what editors read in messages, the guide and the translation
    report. ``schema_type`` is the schema.org type of its pages, ``schema_subtype`` an optional
    refinement from the entry itself (a shop's category), ``og_type`` its Open Graph type (``website``:
    Open Graph has no type for a place or a business). ``place``
    says whether the schema.org type is a Place: the coordinates and the containing place of
    something that is not (an organisation) go on its ``location``.
    """

    name: str
    model: type[Any]
    names: tuple[str, str]
    schema_type: SchemaType
    schema_subtype: Callable[[Any], SchemaType | None] | None = None
    og_type: str = "website"
    place: bool = True
    references: tuple[Reference, ...] = field(default=())

    @property
    def title_key(self) -> str:
        """The UI string of the kind's name as a heading (its browse page, the tab)."""
        return f"kind.{self.name}"

    @property
    def singular_key(self) -> str:
        """The UI string naming one entry of the kind (search results)."""
        return f"kind_one.{self.name}"

    @property
    def intro_key(self) -> str:
        """The UI string introducing its browse page (optional)."""
        return f"browse_intro.{self.name}"

    @property
    def link_type(self) -> str:
        """The schema.org type of a link to an entry of this kind."""
        return self.schema_type if isinstance(self.schema_type, str) else self.schema_type[0]

    def type_of(self, entry: Any) -> str | list[str]:
        """The schema.org type of ``entry``'s page."""
        chosen = (self.schema_subtype(entry) if self.schema_subtype else None) or self.schema_type
        return chosen if isinstance(chosen, str) else list(chosen)


REGISTRY: dict[str, Kind] = {}
"""Every kind by name, in the order they were registered (the order of the site's sections)."""

MODELS: dict[str, type[Any]] = {}
"""Every kind's model by name (``fangcheng.model.KINDS``)."""


def register_kind(
    name: str,
    *,
    names: tuple[str, str],
    schema_type: SchemaType,
    schema_subtype: Callable[[Any], SchemaType | None] | None = None,
    og_type: str = "website",
    place: bool = True,
) -> Callable[[type[Any]], type[Any]]:
    """Class decorator: register the model as the kind ``name`` (see :class:`Kind`)."""

    def register(model: type[Any]) -> type[Any]:
        if name in REGISTRY:
            raise ValueError(f"kind {name!r} is registered twice")
        references = tuple(references_of(model))
        REGISTRY[name] = Kind(name, model, names, schema_type, schema_subtype, og_type, place, references)
        MODELS[name] = model
        return model

    return register


def unregister_kind(name: str) -> None:
    """Forget the kind ``name`` (tests that add a kind for a while)."""
    REGISTRY.pop(name, None)
    MODELS.pop(name, None)


def all_kinds() -> dict[str, Kind]:
    """Every registered kind by name. The content model's kinds are registered when :mod:`fangcheng.model` is
    imported: a module that reads the kinds imports the model (or something that does)."""
    return REGISTRY


def kind_of(name: str) -> Kind:
    """The registered kind ``name``."""
    return all_kinds()[name]


def references_of(model: type[Any]) -> Iterator[Reference]:
    """The reference fields of a pydantic model, in the model's order."""
    for name, info in model.model_fields.items():
        found = refers_to(info)
        if found:
            yield Reference(name, found)


def refers_to(info: Any) -> RefersTo | None:
    """What a pydantic field (``FieldInfo``) refers to, if it is a reference."""
    metadata = [*info.metadata, *_annotated_metadata(info.annotation)]
    return next((item for item in metadata if isinstance(item, RefersTo)), None)


def references_to(kind: str) -> Iterator[tuple[Kind, Reference]]:
    """Every reference field (with the kind that has it) that points at ``kind``."""
    for source in all_kinds().values():
        for reference in source.references:
            if reference.kind == kind:
                yield source, reference


def _annotated_metadata(annotation: Any) -> list[Any]:
    """Metadata inside ``Optional[Annotated[X, ...]]`` (pydantic keeps only the outer one on the field)."""
    found: list[Any] = []
    stack = [annotation]
    while stack:
        current = stack.pop()
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            found.extend(typing.get_args(current)[1:])
            stack.append(typing.get_args(current)[0])
        elif origin in (typing.Union, types.UnionType):
            stack.extend(typing.get_args(current))
    return found
