"""What a citizen's file really is, read from its bytes (never its name), and the copies of a
photo that officials see: turned upright from its EXIF orientation, re-encoded without its
metadata, and a thumbnail.

Kept: JPEG, PNG, WebP and HEIC photos (iPhones' own format, read through pillow-heif; officials
and citizens are shown JPEG copies), PDF documents. Anything else, a file too large, or an image
Pillow cannot decode is refused with a reason the citizen is told in their language.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

# decoding a huge image is the classic way to exhaust a server's memory
Image.MAX_IMAGE_PIXELS = 60_000_000
pillow_heif.register_heif_opener()
IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}
PDF_MAGIC = b"%PDF-"
THUMBNAIL_SIDE = 320
GPS_IFD = 0x8825

Refusal = Literal["too_large", "unsupported", "broken"]


class Refused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason)
        self.reason: Refusal = reason


@dataclass(frozen=True)
class Checked:
    kind: Literal["image", "pdf"]
    mime: str


def inspect(data: bytes, *, max_image_bytes: int, max_document_bytes: int) -> Checked:
    """The file's kind from its bytes; raises Refused for anything not kept."""
    if data.startswith(PDF_MAGIC):
        if len(data) > max_document_bytes:
            raise Refused("too_large")
        return Checked("pdf", "application/pdf")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()  # reads the whole file: a truncated or corrupt one fails here
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise Refused("unsupported") from None
    except (OSError, SyntaxError, ValueError):
        raise Refused("broken") from None
    if kind not in IMAGE_FORMATS:
        raise Refused("unsupported")
    if len(data) > max_image_bytes:
        raise Refused("too_large")
    return Checked("image", IMAGE_FORMATS[kind])


def _upright(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        return upright.convert("RGB") if upright.mode not in ("RGB", "L") else upright.copy()


def viewable(data: bytes) -> bytes:
    """The photo upright, re-encoded as JPEG with no EXIF or other metadata (no GPS, no camera
    serial): the copy shown or sent outside the inspection role."""
    out = io.BytesIO()
    _upright(data).save(out, "JPEG", quality=88)
    return out.getvalue()


def thumbnail(data: bytes, side: int = THUMBNAIL_SIDE) -> bytes:
    image = _upright(data)
    image.thumbnail((side, side))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _degrees(value: tuple[float, float, float], reference: str) -> float:
    degrees, minutes, seconds = (float(part) for part in value)
    result = degrees + minutes / 60 + seconds / 3600
    return -result if reference in ("S", "W") else result


def gps_of(data: bytes) -> tuple[float, float] | None:
    """Where the photo was taken, from its EXIF GPS tags, if it says."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            gps = image.getexif().get_ifd(GPS_IFD)
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    try:
        latitude = _degrees(gps[2], str(gps[1]))
        longitude = _degrees(gps[4], str(gps[3]))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def fitting(data: bytes, max_bytes: int) -> bytes:
    """A JPEG no larger than `max_bytes` (a platform's upload limit), made smaller step by step;
    the bytes themselves when they already fit."""
    if len(data) <= max_bytes:
        return data
    image = _upright(data)
    side = max(image.size)
    while side > 160:
        side = int(side * 0.7)
        smaller = image.copy()
        smaller.thumbnail((side, side))
        out = io.BytesIO()
        smaller.save(out, "JPEG", quality=80)
        if out.tell() <= max_bytes:
            return out.getvalue()
    raise Refused("too_large")
