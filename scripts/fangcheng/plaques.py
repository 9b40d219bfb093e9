"""Printable plaques for shopfronts: a QR code of each published entry's page, and where the plaque pages live.

Every plaque page is ``/plaques/<kind>/<id>/`` (``/en/plaques/…`` in English) and every kind has a
"print all" page at ``/plaques/<kind>/``: a folder of their own, so no entry id can collide with them
and the search index (which reads ``docs/<kind>/``) never sees them. The QR code is an inline SVG made by
segno at render time: the same URL always gives the same bytes. Making one takes segno about 4 ms, so
codes are kept in the cache folder by URL (a cold build of 3,000 entries in two languages would
otherwise spend some 25 s on them).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from pathlib import Path

import segno
from markupsafe import Markup

from fangcheng.urls import page_path

FOLDER = "plaques"


def plaque_path(lang: str, default_language: str, kind: str, entry_id: str = "") -> str:
    """The site path of an entry's plaque page, or with no ``entry_id`` of the kind's "print all" page."""
    return page_path(lang, default_language, FOLDER, kind, entry_id)


def plaque_source(lang: str, kind: str, entry_id: str | None) -> Path:
    """The page's file, ``plaques/<kind>/[<id>/]index.<lang>.html``, under the renderer's generated folder.

    A plaque page is a whole HTML document of its own, without the theme (nothing of the site's header,
    nav or footer to hide in print). MkDocs never sees it: :func:`publish` puts each language's copy under
    that language's folder of the built site (copying thousands of files through MkDocs and
    mkdocs-static-i18n cost a second at 1,500 entries).
    """
    folder = Path(FOLDER) / kind
    return (folder / entry_id if entry_id else folder) / f"index.{lang}.html"


def publish(rendered: Path, site_dir: Path, default_language: str) -> int:
    """Put the plaque pages rendered under ``rendered`` (``plaques/…/index.<lang>.html``) into the built site:
    ``<site>/plaques/…/index.html`` for the default language, ``<site>/<lang>/plaques/…/index.html`` for the
    others. Files are linked where the file system allows (the build's folders are its own), else copied.
    Returns the number of pages."""
    count = 0
    for source in sorted(rendered.rglob("index.*.html")) if rendered.is_dir() else ():
        lang = source.name.split(".")[1]
        folder = source.parent.relative_to(rendered.parent)  # plaques/<kind>[/<id>]
        target = site_dir / ("" if lang == default_language else lang) / folder / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        count += 1
    return count


def short_url(url: str) -> str:
    """The URL as printed under the code: without its scheme (``example.org/fangcheng/shops/x/``)."""
    return url.split("://", 1)[-1]


def qr_svg(url: str, title: str, desc: str, cache_dir: Path | None = None) -> Markup:
    """An inline SVG QR code of ``url`` (error correction M, quiet zone of four modules, white ground),
    named by ``title`` (its accessible name) and described by ``desc``, both escaped here."""
    drawing = _cached_drawing(url, cache_dir) if cache_dir else _drawing(url)
    head, _, tail = drawing.partition(">")
    return Markup("{}><title>{}</title><desc>{}</desc>{}").format(Markup(head), title, desc, Markup(tail))


def _drawing(url: str) -> str:
    """segno's SVG of ``url`` without title or description: ``<svg …><path …/></svg>``."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        nl=False,
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="fc-qr",
        lineclass=None,
    )
    return buffer.getvalue().decode("utf-8").replace("<svg ", '<svg role="img" ', 1)


def _cached_drawing(url: str, cache_dir: Path) -> str:
    key = hashlib.sha256(f"{segno.__version__}\n{url}".encode()).hexdigest()
    path = cache_dir / key[:2] / f"{key}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    drawing = _drawing(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")  # two processes may make the same code: never a torn file
    temporary.write_text(drawing, encoding="utf-8")
    os.replace(temporary, path)
    return drawing
