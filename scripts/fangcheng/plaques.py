"""Printable plaques for shopfronts: a QR code of each published entry's page, and where the plaque pages live.

Every plaque page is ``/plaques/<kind>/<id>/`` (``/en/plaques/…`` in English) and every kind has a
"print all" page at ``/plaques/<kind>/``: a folder of their own, so no entry id can collide with them.
A plaque page is a whole HTML document without the theme, written straight into the built site
(:func:`fangcheng.render.write_plaques`); it has no ``data-pagefind-body``, so search never lists it.
The QR code is an inline SVG drawn at render time from zxing-cpp's code (:func:`_drawing`): the same URL
always gives the same bytes.
"""

from __future__ import annotations

import re

import zxingcpp
from markupsafe import Markup

from fangcheng.urls import page_path

FOLDER = "plaques"
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
_DARK_RUN = re.compile(rb"\x00+")


def plaque_path(lang: str, default_language: str, kind: str, entry_id: str = "") -> str:
    """The site path of an entry's plaque page, or with no ``entry_id`` of the kind's "print all" page."""
    return page_path(lang, default_language, FOLDER, kind, entry_id)


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
