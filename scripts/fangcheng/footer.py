"""What every page's footer says besides the copyright line: who publishes the site and the licence of its
texts, both from the ``fangcheng`` plugin's options in ``mkdocs.yml`` (``publisher``, ``licence``), in the
language of the page. ``overrides/partials/copyright.html`` prints it."""

from __future__ import annotations

from dataclasses import dataclass

from fangcheng.config import FangchengConfig, publisher_of, text_in
from fangcheng.opendata import Licence


@dataclass(frozen=True)
class Footer:
    """The footer's facts in one language (``None`` where the option is not set)."""

    publisher: str | None = None
    publisher_url: str | None = None
    licence: str | None = None
    licence_url: str | None = None


def footer_of(options: FangchengConfig, licence: Licence | None, lang: str, default_language: str) -> Footer:
    """The footer's publisher and licence for pages in ``lang``."""
    publisher = publisher_of(options)
    return Footer(
        publisher=text_in(publisher.name, lang, default_language) if publisher else None,
        publisher_url=publisher.url if publisher else None,
        licence=licence.label(lang, default_language) if licence else None,
        licence_url=licence.path if licence and licence.path else None,
    )
