"""Printable plaques for shopfronts: a QR code of each published entry's page, and where the plaque pages live.

Every plaque page is ``/plaques/<kind>/<id>/`` (``/en/plaques/…`` in English) and every kind has a
"print all" page at ``/plaques/<kind>/``: a folder of their own, so no entry id can collide with them
and the search index (which reads ``docs/<kind>/``) never sees them. The QR code is an inline SVG drawn at
render time from zxing-cpp's code (:func:`_drawing`, a third of a millisecond): the same URL always gives
the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

import zxingcpp
from markupsafe import Markup

from fangcheng.urls import page_path

FOLDER = "plaques"
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
_DARK_RUN = re.compile(rb"\x00+")


def plaque_path(lang: str, default_language: str, kind: str, entry_id: str = "") -> str:
    """The site path of an entry's plaque page, or with no ``entry_id`` of the kind's "print all" page."""
    return page_path(lang, default_language, FOLDER, kind, entry_id)


def plaque_source(lang: str, kind: str, entry_id: str | None) -> Path:
    """The page's file, ``<lang>/plaques/<kind>/[<id>/]index.html``, under the renderer's folder for pages
    that are not MkDocs pages (``RenderSettings.beside``): each language's ``plaques/`` folder is laid out
    as it will be in the built site.

    A plaque page is a whole HTML document of its own, without the theme (nothing of the site's header,
    nav or footer to hide in print). MkDocs never sees it: :func:`publish` puts each language's folder
    into that language's folder of the built site (copying thousands of files through MkDocs and
    mkdocs-static-i18n cost a second at 1,500 entries).
    """
    folder = Path(lang) / FOLDER / kind
    return (folder / entry_id if entry_id else folder) / "index.html"


def rendered_folders(rendered: Path) -> dict[str, Path]:
    """Each language's rendered ``plaques/`` folder under ``rendered`` (see :func:`plaque_source`)."""
    if not rendered.is_dir():
        return {}
    return {folder.parent.name: folder for folder in sorted(rendered.glob(f"*/{FOLDER}")) if folder.is_dir()}


def publish(rendered: Path, site_dir: Path, default_language: str, *, move: bool = False) -> int:
    """Put the plaque pages rendered under ``rendered`` into the built site: ``<site>/plaques/…`` for the
    default language, ``<site>/<lang>/plaques/…`` for the others. With ``move`` (``rendered`` is the build's
    own folder) each language's folder is moved in with one rename; otherwise (the preview keeps its
    pages between builds) files are linked where the file system allows, else copied. Returns the number
    of pages."""
    count = 0
    for lang, source in rendered_folders(rendered).items():
        target = site_dir / ("" if lang == default_language else lang) / FOLDER
        pages = sorted(source.rglob("index.html"))
        count += len(pages)
        target.parent.mkdir(parents=True, exist_ok=True)
        if move and not target.exists():
            with contextlib.suppress(OSError):  # another file system: linked or copied below
                os.rename(source, target)
                continue
        for page in pages:
            destination = target / page.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.unlink(missing_ok=True)
            try:
                os.link(page, destination)
            except OSError:
                shutil.copyfile(page, destination)
    return count


def short_url(url: str) -> str:
    """The URL as printed under the code: without its scheme (``example.org/fangcheng/shops/x/``)."""
    return url.split("://", 1)[-1]


def qr_svg(url: str, title: str, desc: str) -> Markup:
    """An inline SVG QR code of ``url`` (error correction M, quiet zone of four modules, white ground),
    named by ``title`` (its accessible name) and described by ``desc``, both escaped here."""
    drawing = _drawing(url)
    head, _, tail = drawing.partition(">")
    return Markup("{}><title>{}</title><desc>{}</desc>{}").format(Markup(head), title, desc, Markup(tail))


def _drawing(url: str) -> str:
    """The SVG of ``url``'s QR code without title or description: ``<svg …><path …/><path …/></svg>``.

    zxing-cpp makes the code (its writer is Zint's, in C: byte mode, the smallest version for error
    correction M, the standard's choice of mask) in a tenth of a millisecond; segno, in Python, took
    3 ms, some 9 s of a cold build of 1,500 entries in two languages. Each row's runs of dark modules
    are drawn as lines of one stroked path, on a white ground with a quiet zone of four modules.
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = zxingcpp.write_barcode_to_image(code, scale=1, add_quiet_zones=False)
    height, width = image.shape
    modules = bytes(memoryview(image))  # type: ignore[arg-type]  # one byte a module, row by row: 0 dark, 255 light
    size = width + 2 * QUIET_ZONE
    lines = "".join(
        f"M{run.start() - row * width + QUIET_ZONE} {row + QUIET_ZONE}.5h{run.end() - run.start()}"
        for row in range(height)
        for run in _DARK_RUN.finditer(modules, row * width, (row + 1) * width)
    )
    return (
        f'<svg role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="fc-qr">'
        f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/><path stroke="#000" d="{lines}"/></svg>'
    )
