"""Images the validator accepts must build (issue 19, point 2): originals are limited in pixels and on each
side to what the derivatives can be made of (WebP holds at most 16,383 pixels a side), refused at the image's
``file:`` line from the header alone, before anything is decoded."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import IMAGE, ContentFolder, png_header
from PIL import Image, ImageFile

from fangcheng.images import MAX_PIXELS, MAX_SIDE
from fangcheng.media import MediaError, MediaProcessor


def write_png(site: ContentFolder, relative: str, width: int, height: int) -> Path:
    path = site.content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), (140, 28, 19)).save(path, "PNG")
    return path


def test_an_image_too_tall_for_webp_is_refused_at_its_file_line(site: ContentFolder) -> None:
    """600 × 17,000 validated, then the build died with WebP's "Image size exceeds WebP limit", naming no file."""
    write_png(site, "media/tall.png", 600, 17_000)
    site.write("shops/laobian.yml", IMAGE.format(file="media/tall.png"))
    catalogue = site.validate()
    assert [(p.path, p.line, p.col, p.code) for p in catalogue.problems] == [
        ("content/shops/laobian.yml", 4, 11, "image-too-many-pixels")
    ]
    message = catalogue.problems[0].message("en")
    assert "600 × 17000 pixels" in message and f"{MAX_SIDE:,} pixels on either side" in message
    assert "像素" in catalogue.problems[0].message("zh")


@pytest.mark.parametrize("side", [13_000, 20_000])
def test_an_image_of_too_many_pixels_is_refused_without_decoding_it(
    site: ContentFolder, side: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """13,000 × 13,000 (a 0.5 MB PNG) took 0.7 GB to validate; 20,000 × 20,000 was called damaged."""
    site.write("media/big.png", png_header(side, side))
    site.write("shops/laobian.yml", IMAGE.format(file="media/big.png"))

    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("the validator decoded an image larger than the limit")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert site.problems() == [("content/shops/laobian.yml", 4, 11, "image-too-many-pixels")]


def test_the_pixel_limit_is_a_megapixel_count_the_sides_can_reach() -> None:
    assert MAX_SIDE == 16_383  # WebP's limit
    assert MAX_PIXELS < MAX_SIDE * MAX_SIDE


def test_an_image_at_the_side_limit_validates_and_its_derivatives_are_made(site: ContentFolder) -> None:
    """The property: whatever the validator accepts, the image step of the build makes."""
    write_png(site, "media/edge.png", 600, MAX_SIDE)
    site.write("shops/laobian.yml", IMAGE.format(file="media/edge.png"))
    assert site.problems() == []
    processed = MediaProcessor(site.content, site.root / ".cache" / "media").process("media/edge.png")
    assert all(max(d.width, d.height) <= MAX_SIDE for d in (*processed.webp, processed.fallback, processed.social))
    with Image.open(site.root / ".cache" / processed.webp[-1].path) as derived:
        assert derived.size == (processed.webp[-1].width, processed.webp[-1].height)


def test_an_image_the_derivatives_cannot_hold_is_a_media_error_naming_the_file(site: ContentFolder) -> None:
    """Past the validator (the preview renders what it can), the error names the image, not "?"."""
    write_png(site, "media/tall.png", 600, 17_000)
    with pytest.raises(MediaError, match=r"^media/tall\.png: 600 × 17000 pixels"):
        MediaProcessor(site.content, site.root / ".cache" / "media").process("media/tall.png")
