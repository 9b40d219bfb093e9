"""Image derivatives: originals in content/ become resized, compressed WebP files, a JPEG fallback and a
1200 px JPEG for link previews (Open Graph and JSON-LD: social sites prefer JPEG to WebP).

Originals are never published. Derivatives are named by a hash of the original's bytes and the
settings, kept in a cache folder between builds, and copied into the site after each build.
Metadata (EXIF, including GPS positions from phones) is dropped; EXIF rotation is applied first.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from fangcheng.images import too_many_pixels

WEBP_WIDTHS = (480, 960, 1600)
FALLBACK_WIDTH = 960
SOCIAL_WIDTH = 1200  # the width Facebook, WeChat and others recommend for a link preview
WEBP_QUALITY = 72
JPEG_QUALITY = 78
SETTINGS_VERSION = "1"
MEDIA_DIR = "media"
STEM_BYTES = 100  # of an original's name in its derivatives' names (which add some 25): file systems hold 255 bytes


class MediaError(Exception):
    """An image could not be read or converted."""


@dataclass(frozen=True)
class Derivative:
    """One generated file: its path in the site ("media/…"), size and MIME type."""

    path: str
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class ProcessedImage:
    """All derivatives of one original, largest last, the fallback for old browsers and the link preview."""

    source: str
    width: int
    height: int
    webp: tuple[Derivative, ...]
    fallback: Derivative
    social: Derivative

    def webp_srcset(self, link: Callable[[str], str]) -> str:
        """The ``srcset`` value, with each path turned into a link by ``link``."""
        return ", ".join(f"{link(d.path)} {d.width}w" for d in self.webp)


class MediaProcessor:
    """Makes and remembers derivatives of the originals under ``content_dir``."""

    def __init__(self, content_dir: Path, cache_dir: Path) -> None:
        self.content_dir = content_dir
        self.cache_dir = cache_dir
        self._done: dict[str, ProcessedImage] = {}

    def process(self, file: str) -> ProcessedImage:
        """The derivatives of ``content/<file>``, made now unless the cache has them."""
        if file in self._done:
            return self._done[file]
        try:
            processed = self._process(file, self.content_dir / file)
        except (OSError, Image.DecompressionBombError, ValueError, SyntaxError) as error:
            raise MediaError(f"{file}: {error}") from error
        self._done[file] = processed
        return processed

    def _process(self, file: str, source: Path) -> ProcessedImage:
        data = source.read_bytes()
        digest = hashlib.sha256(data + SETTINGS_VERSION.encode()).hexdigest()[:12]
        stem = "".join(c if c.isalnum() else "-" for c in Path(file).stem.lower())
        stem = stem.encode()[:STEM_BYTES].decode(errors="ignore").strip("-") or "image"
        with Image.open(source) as opened:
            if too_many_pixels(*opened.size):
                raise ValueError(f"{opened.width} × {opened.height} pixels: more than the limit")
            image = ImageOps.exif_transpose(opened)
            image.load()
        width, height = image.size
        widths = sorted({min(w, width) for w in WEBP_WIDTHS})
        webp = tuple(self._derive(image, f"{stem}-{digest}-{w}.webp", w, "WEBP") for w in widths)
        fallback = self._derive(
            image, f"{stem}-{digest}-{min(FALLBACK_WIDTH, width)}.jpg", min(FALLBACK_WIDTH, width), "JPEG"
        )
        social_width = min(SOCIAL_WIDTH, width)
        social = self._derive(image, f"{stem}-{digest}-{social_width}.jpg", social_width, "JPEG")
        return ProcessedImage(file, width, height, webp, fallback, social)

    def _derive(self, image: Image.Image, name: str, width: int, fmt: str) -> Derivative:
        height = max(1, round(image.height * width / image.width))
        target = self.cache_dir / name
        mime = "image/webp" if fmt == "WEBP" else "image/jpeg"
        if not target.is_file():
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            resized = image.resize((width, height), Image.Resampling.LANCZOS) if width != image.width else image.copy()
            if fmt == "JPEG":
                resized = _flatten(resized)
                options = {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}
            else:
                resized = resized.convert("RGBA" if "A" in resized.getbands() else "RGB")
                options = {"quality": WEBP_QUALITY, "method": 4}
            partial = target.with_name(
                f"{target.name}.{os.getpid()}.part"
            )  # one per build: builds may run side by side
            resized.save(partial, fmt, **options)
            partial.replace(target)
        return Derivative(f"{MEDIA_DIR}/{name}", width, height, mime)

    def publish(self, site_dir: Path, *, only_new: bool = False) -> None:
        """Copy every derivative made for this build into ``site_dir/media/`` (``only_new``: those not there yet;
        a derivative's name holds a hash of what it was made from)."""
        out = site_dir / MEDIA_DIR
        out.mkdir(parents=True, exist_ok=True)
        for processed in self._done.values():
            for derivative in {*processed.webp, processed.fallback, processed.social}:
                name = Path(derivative.path).name
                if not (only_new and (out / name).exists()):
                    shutil.copyfile(self.cache_dir / name, out / name)

    def forget(self, files: Iterable[str]) -> None:
        """Make the derivatives of these originals (``content/``-relative) again when next asked for: they
        changed."""
        for file in files:
            self._done.pop(file, None)


def _flatten(image: Image.Image) -> Image.Image:
    """An RGB copy, transparent areas on white (JPEG has no transparency)."""
    if "A" in image.getbands() or image.mode == "P":
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
