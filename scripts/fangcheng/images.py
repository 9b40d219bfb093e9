"""How large an original image may be: the limits the validator checks (from an image's header, before anything
is decoded) and the derivatives honour (:mod:`fangcheng.media`)."""

from __future__ import annotations

from PIL import Image

MAX_SIDE = 16_383
"""The most pixels an original may have on either side: WebP's own limit (a derivative is never larger)."""
MAX_PIXELS = 50_000_000
"""The most pixels an original may have (a 50-megapixel phone photo): decoding this many takes some 200 MB."""

# Pillow's own guard warns from 89 million pixels and refuses from 179 million at open, before the size can be
# read: every opening here checks too_many_pixels on the header before anything is decoded, so it is not needed.
Image.MAX_IMAGE_PIXELS = None


def too_many_pixels(width: int, height: int) -> bool:
    """Whether an original of ``width`` × ``height`` is larger than the derivatives can be made from."""
    return max(width, height) > MAX_SIDE or width * height > MAX_PIXELS
