"""Citizens' files read from their bytes: what is kept, what is refused, and the copies shown."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from storage import media
from storage.file_store import FileStore

LIMITS = {"max_image_bytes": 2_000_000, "max_document_bytes": 3_000_000}


def photo(kind: str = "JPEG", size: tuple[int, int] = (64, 48), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind, **save)
    return out.getvalue()


def with_exif(orientation: int, gps: bool = False) -> bytes:
    image = Image.new("RGB", (80, 40), (10, 200, 10))
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x0131] = "Phone camera 1.0"  # Software: metadata that must not leave
    if gps:
        exif[media.GPS_IFD] = {1: "N", 2: (21.0, 19.0, 57.0), 3: "E", 4: (105.0, 24.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "mime"),
    [
        ("JPEG", "image/jpeg"),
        ("PNG", "image/png"),
        ("WEBP", "image/webp"),
        ("HEIF", "image/heic"),
    ],
)
def test_photos_are_known_by_their_bytes(kind: str, mime: str) -> None:
    assert media.inspect(photo(kind), **LIMITS) == media.Checked("image", mime)


def test_a_pdf_is_a_document() -> None:
    assert media.inspect(b"%PDF-1.7\n...", **LIMITS).mime == "application/pdf"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"#!/bin/sh\nrm -rf /\n", "unsupported"),  # a script named photo.jpg
        (b"GIF89a" + b"\x00" * 20, "unsupported"),
        (photo("JPEG")[:200], "broken"),  # cut off half way
        (photo("PNG", size=(1800, 1800), compress_level=0), "too_large"),
        (b"%PDF-" + b"x" * 3_000_001, "too_large"),
    ],
)
def test_anything_else_is_refused_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(media.Refused) as refused:
        media.inspect(data, **LIMITS)
    assert refused.value.reason == reason


def test_the_copy_shown_is_upright_and_carries_no_metadata() -> None:
    rotated = with_exif(orientation=6, gps=True)  # taken with the phone turned: 90° clockwise
    shown = Image.open(io.BytesIO(media.viewable(rotated)))
    assert shown.size == (40, 80)
    assert dict(shown.getexif()) == {}
    thumb = Image.open(io.BytesIO(media.thumbnail(photo(size=(1200, 900)))))
    assert max(thumb.size) == media.THUMBNAIL_SIDE


def test_a_photos_gps_tells_where_it_was_taken() -> None:
    latitude, longitude = media.gps_of(with_exif(1, gps=True)) or (0.0, 0.0)
    assert abs(latitude - 21.3325) < 1e-3 and abs(longitude - 105.4) < 1e-3
    assert media.gps_of(photo()) is None


def test_the_store_keeps_each_content_once_by_its_hash(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    first = store.put(b"same bytes")
    assert store.put(b"same bytes") == first
    assert store.get(first) == b"same bytes"
    store.put(b"thumb", "thumb", first)
    assert store.get(first, "thumb") == b"thumb"
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 2
    with pytest.raises(ValueError, match="sha256"):
        store.get("../../etc/passwd")


def test_an_iphone_heic_photo_is_shown_as_an_upright_jpeg() -> None:
    heic = photo("HEIF", size=(120, 80))
    assert heic[4:12] == b"ftypheic"
    shown = media.viewable(heic)
    with Image.open(io.BytesIO(shown)) as image:
        assert (image.format, image.size) == ("JPEG", (120, 80))
    with Image.open(io.BytesIO(media.thumbnail(heic))) as thumb:
        assert thumb.format == "JPEG"
