"""The links between rendered entries, read from the reference fields the model declares.

Computed once per render (one pass over the entries and their reference fields), then looked up
per page: each entry's outgoing links (rows of its facts) and the "what links here" lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from fangcheng.kinds import all_kinds
from fangcheng.rules import Record


@dataclass(frozen=True)
class Link:
    """A reference from an entry to a shown entry: the UI string of its label and the target."""

    label: str
    target: Record


@dataclass
class Backlinks:
    """The entries pointing at a page through one reference field: a "what links here" list."""

    title: str  # the UI string of its heading
    anchor: str  # the id of its heading
    records: list[Record] = field(default_factory=list)


@dataclass
class Relations:
    """An entry's links to other shown entries, and the lists of entries pointing at it."""

    links: list[Link] = field(default_factory=list)
    backlinks: list[Backlinks] = field(default_factory=list)


def relations(
    records: Iterable[Record], shown: Callable[[str, str], Record | None]
) -> dict[tuple[str, str], Relations]:
    """Relations of every (kind, id) among ``records`` (the entries being rendered).

    ``shown(kind, id)`` is the target's record if its page is rendered too, else ``None``: a link is
    made only to a shown page. A "what links here" list holds every entry of ``records`` that names
    the page (its own page then decides whether to show it), in the order of ``records``; the lists
    follow the order of the registry, then of each model's fields.
    """
    kinds = all_kinds()
    result: dict[tuple[str, str], Relations] = defaultdict(Relations)
    incoming: dict[tuple[str, str], dict[tuple[str, str], Backlinks]] = defaultdict(dict)
    for record in records:
        for reference in kinds[record.kind].references:
            value = getattr(record.entry, reference.field, None)
            if not value:
                continue
            target = shown(reference.kind, value)
            if target is not None:
                result[(record.kind, record.id)].links.append(Link(f"label.{reference.field}", target))
            key = reference.refers_to.backlinks
            if key:
                lists = incoming[(reference.kind, value)]
                if (record.kind, reference.field) not in lists:
                    lists[(record.kind, reference.field)] = Backlinks(f"label.{key}", "fc-" + key.replace("_", "-"))
                lists[(record.kind, reference.field)].records.append(record)
    order = [(kind.name, reference.field) for kind in kinds.values() for reference in kind.references]
    for target_key, lists in incoming.items():
        result[target_key].backlinks = [lists[key] for key in order if key in lists]
    return result
