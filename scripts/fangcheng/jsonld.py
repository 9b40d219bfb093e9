"""schema.org structured data (JSON-LD) for entry pages.

Each kind's type, and the property that links an entry to another, are declared with the content
model (``fangcheng.kinds``): shops are LocalBusiness subtypes chosen by category, streets are
TouristAttractions, parks are Places and members Organizations with ``memberOf``. Only facts from
the entry are used: a field
left empty stays out of the data. Every property is one schema.org defines for the type it is on
(tests/test_structured_data.py holds the allow-list): a street's titles are left out (``award``
is for organisations, people, products and creative works, not places); the page's language is
its ``<html lang>`` (``inLanguage`` is for creative works, not places or organisations); a
member's coordinates go on its ``location`` (``geo`` is a place's).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fangcheng import hours
from fangcheng.kinds import kind_of
from fangcheng.model import LocalizedText, Location, Member, Shop
from fangcheng.rules import Record

DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}

UrlOf = Callable[[str, str], str | None]


@dataclass(frozen=True)
class ImagePreview:
    """A picture as link previews show it: the absolute URL of its 1200 px JPEG, its size and alt text."""

    url: str
    width: int
    height: int
    alt: str

    def image_object(self) -> dict[str, Any]:
        """schema.org ImageObject: the alt text is its caption (what the picture shows)."""
        return {
            "@type": "ImageObject",
            "contentUrl": self.url,
            "url": self.url,
            "width": self.width,
            "height": self.height,
            "caption": self.alt,
        }


NameOf = Callable[[str, str], str | None]


def structured_data(
    record: Record, lang: str, default_language: str, url_of: UrlOf, name_of: NameOf, images: list[ImagePreview]
) -> dict[str, Any]:
    """The JSON-LD object of one entry, with texts in ``lang`` (falling back to the default)."""
    entry = record.entry
    assert entry is not None

    def text(value: LocalizedText | None) -> str | None:
        if value is None:
            return None
        return value.get(lang) or value.get(default_language)

    kind = kind_of(record.kind)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind.type_of(entry), "name": text(entry.name)}
    other_names = sorted({name for name in entry.name.root.values() if name and name != data["name"]})
    data["alternateName"] = other_names or None
    data["description"] = text(entry.summary)
    data["url"] = url_of(record.kind, record.id)
    data["image"] = [image.image_object() for image in images] or None
    data["sameAs"] = getattr(entry, "website", None)
    location: Location | None = getattr(entry, "location", None)
    geo = {"@type": "GeoCoordinates", "latitude": location.lat, "longitude": location.lon} if location else None
    data["geo"] = geo
    for reference in kind.references:
        target = getattr(entry, reference.field, None)
        if target and reference.refers_to.jsonld:
            data[reference.refers_to.jsonld] = _link(reference.kind, target, url_of, name_of)
    address = text(getattr(entry, "address", None))
    if address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": address}
    if isinstance(entry, Shop):
        data["foundingDate"] = str(entry.founded) if entry.founded else None
        data["founder"] = {"@type": "Person", "name": text(entry.founder)} if entry.founder else None
        data["telephone"] = entry.phone
        opening = entry.opening_hours()
        data["openingHoursSpecification"] = hours.opening_hours_specification(opening) or None
        data["specialOpeningHoursSpecification"] = (
            hours.special_opening_hours_specification(opening, hours.build_date()) or None
        )
        data["award"] = [_award(r.title, r.year, text) for r in entry.recognitions] or None
    elif isinstance(entry, Member):
        data["foundingDate"] = str(entry.founded) if entry.founded else None
        data["knowsAbout"] = text(entry.field)
    if not kind.place:  # an organisation: where it is (its point, the place it is in) is its location
        geo, place = data.pop("geo"), data.pop("containedInPlace", None)
        data["location"] = {"@type": "Place", "geo": geo, "containedInPlace": place} if geo else place
    return _prune(data)


def script_tag_json(data: dict[str, Any]) -> str:
    """JSON safe to put inside ``<script type="application/ld+json">``: no ``<``, ``>`` or ``&`` raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _link(kind: str, entry_id: str, url_of: UrlOf, name_of: NameOf) -> dict[str, Any] | None:
    """A reference to another entry: its kind's type, URL and name; ``None`` if it is not published."""
    name = name_of(kind, entry_id)
    if name is None:
        return None
    return {"@type": kind_of(kind).link_type, "@id": url_of(kind, entry_id), "name": name}


def _award(title: LocalizedText, year: int | None, text: Callable[[LocalizedText | None], str | None]) -> str:
    name = text(title) or ""
    return f"{name} ({year})" if year else name


def _prune(value: Any) -> Any:
    """Drop keys whose value is empty, recursively."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in (None, [], {}, "")}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value
