"""Where pages live on the site, as absolute site paths ("/en/shops/laobian/"), and links between them.

Links in generated pages are relative, so the site works at any sub-path of any host.
"""

from __future__ import annotations


def language_root(lang: str, default_language: str) -> str:
    """``/`` for the default language, ``/<lang>/`` for the others (mkdocs-static-i18n's layout)."""
    return "/" if lang == default_language else f"/{lang}/"


def page_path(lang: str, default_language: str, *parts: str) -> str:
    """The site path of a page: ``page_path("en", "zh", "shops", "laobian")`` is ``/en/shops/laobian/``."""
    inner = "/".join(part.strip("/") for part in parts if part)
    return language_root(lang, default_language) + (inner + "/" if inner else "")


def relative(from_page: str, to_path: str) -> str:
    """A relative link from the page at ``from_page`` (a folder path ending in "/") to ``to_path``.

    Both are site paths as :func:`page_path` makes them (absolute, no ``.`` or ``..`` parts), so the
    common folders are dropped without ``posixpath.relpath``'s normalizing (a tenth of the time of an
    entry page's render went there).
    """
    start = [part for part in from_page.split("/") if part]
    target = [part for part in to_path.split("/") if part]
    common = 0
    for here, there in zip(start, target, strict=False):
        if here != there:
            break
        common += 1
    link = "/".join([".."] * (len(start) - common) + target[common:]) or "."
    if to_path.endswith("/"):
        link = "./" if link == "." else link + "/"
    return link


def absolute(site_url: str | None, path: str) -> str | None:
    """The full URL of a site path, or ``None`` when the site has no ``site_url``."""
    if not site_url:
        return None
    return site_url.rstrip("/") + path
