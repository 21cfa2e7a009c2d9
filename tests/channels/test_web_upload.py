"""The web chat's attach button: a photo or a PDF checked from its bytes, kept once, shown to the
assistant as "/share_photo" (or its caption); anything else refused with a message the page
shows; a file over its limit refused with 413 without being read whole."""

from __future__ import annotations

import datetime as dt
import io
import random

from aiohttp import FormData
from PIL import Image

from storage.file_store import FileStore
from storage.models import AttachmentStatus
from tests.channels.conftest import Gateway, eventually

SESSION = "upload-session-1"


def jpeg(size: tuple[int, int] = (800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 160, 90)).save(out, "JPEG")
    return out.getvalue()


def form(data: bytes, name: str, **fields: str) -> FormData:
    body = FormData()
    body.add_field("session", fields.get("session", SESSION))
    if "id" in fields:
        body.add_field("id", fields["id"])
    if "caption" in fields:
        body.add_field("caption", fields["caption"])
    body.add_field("file", io.BytesIO(data), filename=name, content_type="application/octet-stream")
    return body


async def test_a_photo_is_checked_kept_once_and_passed_to_the_assistant(gateway: Gateway) -> None:
    photo = jpeg()
    response = await gateway.client.post(
        "/webchat/upload", data=form(photo, "o-ga.jpg", id="photo-msg-1")
    )
    assert response.status == 202
    assert (await response.json())["kind"] == "photo"
    again = await gateway.client.post(
        "/webchat/upload", data=form(photo, "o-ga.jpg", id="photo-msg-1")
    )
    assert (await again.json())["duplicate"] is True
    [attachment] = await gateway.attachments()
    assert attachment.status == AttachmentStatus.STORED and attachment.mime == "image/jpeg"
    assert attachment.name == "o-ga.jpg" and attachment.size == len(photo)
    store = FileStore(gateway.settings.effective_attachments_dir)
    assert store.get(str(attachment.sha256)) == photo
    assert store.get(str(attachment.sha256), "thumb") is not None
    assert await eventually(lambda: "/share_photo" in gateway.rasa.texts())
    assert len(await gateway.inbox()) == 1


async def test_a_pdf_with_a_caption_is_passed_as_the_caption(gateway: Gateway) -> None:
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = await gateway.client.post(
        "/webchat/upload", data=form(pdf, "don.pdf", caption="đơn kiến nghị của tổ dân phố")
    )
    assert response.status == 202
    [attachment] = await gateway.attachments()
    assert attachment.kind == "file" and attachment.mime == "application/pdf"
    assert await eventually(lambda: "đơn kiến nghị của tổ dân phố" in gateway.rasa.texts())


async def test_a_script_named_like_a_photo_is_refused_with_a_message(gateway: Gateway) -> None:
    response = await gateway.client.post(
        "/webchat/upload", data=form(b"#!/bin/sh\nrm -rf /\n", "anh.jpg")
    )
    assert response.status == 415
    body = await response.json()
    assert body["error"] == "unsupported" and "Chỉ nhận ảnh" in body["message"]
    assert await gateway.attachments() == [] and await gateway.inbox() == []


async def test_a_file_over_its_limit_is_refused_with_413(start_gateway) -> None:  # type: ignore[no-untyped-def]
    gateway: Gateway = await start_gateway(max_image_bytes=200_000, max_document_bytes=200_000)
    big = jpeg((3000, 3000)) + b"\0" * 300_000
    response = await gateway.client.post("/webchat/upload", data=form(big, "big.jpg"))
    assert response.status == 413
    assert "quá lớn" in (await response.json())["message"]
    assert await gateway.attachments() == []


async def test_an_upload_without_a_session_or_a_file_is_400(gateway: Gateway) -> None:
    no_session = FormData()
    no_session.add_field("file", jpeg(), filename="a.jpg")
    assert (await gateway.client.post("/webchat/upload", data=no_session)).status == 400
    no_file = FormData()
    no_file.add_field("session", SESSION)
    assert (await gateway.client.post("/webchat/upload", data=no_file)).status == 400
    json_body = await gateway.client.post("/webchat/upload", json={"session": SESSION})
    assert json_body.status == 400


async def test_a_photo_larger_than_a_message_body_is_taken(gateway: Gateway) -> None:
    # a phone's photo is a few MB: more than the 1 MiB a webhook or a chat message may be
    noise = Image.frombytes("RGB", (1400, 1400), random.Random(7).randbytes(1400 * 1400 * 3))
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=98)
    photo = out.getvalue()
    assert len(photo) > gateway.settings.max_body_bytes
    response = await gateway.client.post("/webchat/upload", data=form(photo, "big.jpg"))
    assert response.status == 202
    [attachment] = await gateway.attachments()
    assert attachment.size == len(photo)


async def test_a_flooding_sessions_uploads_wait_their_turn(start_gateway) -> None:  # type: ignore[no-untyped-def]
    gateway: Gateway = await start_gateway(sender_rate_per_minute=1)
    for n in range(2):
        response = await gateway.client.post(
            "/webchat/upload", data=form(jpeg(), f"{n}.jpg", id=f"flood-upload-{n}")
        )
        assert response.status == 202
    _, second = sorted(await gateway.inbox(), key=lambda m: m.id)
    # the second is kept, checked and stored, and handed to the assistant a minute later
    assert second.next_attempt_at - second.received_at > dt.timedelta(seconds=50)
    assert len(await gateway.attachments()) == 2
