"""An official's reply may carry a photo or a PDF: checked from its bytes, a photo kept upright
without its metadata, linked to the reply, queued to the citizen with it, listed on the item
and opened under the item's access (audited). Anything else is refused and nothing is sent."""

from __future__ import annotations

import base64
import io

import pytest
from aiohttp import FormData
from PIL import Image
from sqlalchemy import select

from storage import media
from storage.errors import InvalidValue
from storage.file_store import FileStore
from storage.models import OutboxMessage, ReplyFile
from storage.services import reply_files
from tests.desk.conftest import Browser, Desk

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[media.GPS_IFD] = {1: "N", 2: (21.0, 19.0, 57.0), 3: "E", 4: (105.0, 24.0, 0.0)}
    exif[0x0112] = 6  # taken sideways: shown upright
    out = io.BytesIO()
    Image.new("RGB", (400, 200), (200, 40, 40)).save(out, "JPEG", exif=exif)
    return out.getvalue()


async def _reply(browser: Browser, petition_id: int, text: str, name: str, data: bytes) -> str:
    page = f"/desk/petitions/{petition_id}"
    await browser.get(page)
    form = FormData()
    form.add_field("csrf", browser.csrf or "")
    form.add_field("text", text)
    form.add_field("file", data, filename=name, content_type="application/octet-stream")
    response = await browser.request("POST", f"{page}/reply", data=form)
    assert response.status == 303, await response.text()
    return response.headers["Location"]


async def _outbox(desk: Desk, citizen_id: int) -> list[OutboxMessage]:
    async with desk.database.session() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.citizen_id == citizen_id)
            .order_by(OutboxMessage.id)
        )
        return list(rows.all())


async def test_a_reply_with_a_photo_goes_without_its_metadata(desk: Desk) -> None:
    petition = await desk.petition()
    browser = await desk.signed_in("tiepdan")
    went = await _reply(
        browser, petition.id, "Đã vá ổ gà, ảnh chụp sau khi sửa.", "sau sua.jpg", photo_with_gps()
    )
    assert went.endswith("?done=reply")

    async with desk.database.session() as session:
        [kept] = (await session.scalars(select(ReplyFile))).all()
    assert (kept.kind, kept.mime, kept.name) == ("photo", "image/jpeg", "sau_sua.jpg")
    data = FileStore(desk.settings.effective_attachments_dir).get(kept.sha256)
    assert data is not None and media.gps_of(data) is None
    with Image.open(io.BytesIO(data)) as shown:
        assert shown.size == (200, 400)  # turned upright by its orientation tag
        assert not shown.getexif()
    [queued] = [m for m in await _outbox(desk, petition.citizen_id) if "file" in m.body]
    assert queued.body["file"]["sha256"] == kept.sha256
    assert "Đã vá ổ gà" in queued.body["text"]

    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert f'href="/desk/reply-files/{kept.id}"' in page
    opened = await browser.get(f"/desk/reply-files/{kept.id}")
    assert opened.status == 200 and opened.content_type == "image/jpeg"
    assert await opened.read() == data
    assert "reply_file_viewed" in await desk.audit_actions()
    # another unit's official does not find it, as they do not find its item
    stranger = await desk.signed_in("xaydung")
    assert (await stranger.get(f"/desk/reply-files/{kept.id}")).status == 404


async def test_a_disguised_file_is_refused_and_nothing_is_sent(desk: Desk) -> None:
    petition = await desk.petition()
    before = len(await _outbox(desk, petition.citizen_id))
    browser = await desk.signed_in("tiepdan")
    script = b"#!/bin/sh\nrm -rf / --no-preserve-root\n"
    went = await _reply(browser, petition.id, "Xem ảnh đính kèm", "anh.jpg", script)
    assert went.endswith("?error=invalid")
    assert len(await _outbox(desk, petition.citizen_id)) == before
    async with desk.database.session() as session:
        assert (await session.scalars(select(ReplyFile))).all() == []


async def test_the_api_takes_a_pdf_as_base64_or_as_multipart(desk: Desk) -> None:
    petition = await desk.petition()
    token = await desk.token("tiepdan")
    encoded = base64.b64encode(PDF).decode()
    response = await desk.api(
        "POST",
        f"/api/v1/petitions/{petition.id}/replies",
        token,
        {
            "text": "Gửi kèm quyết định",
            "file": {"name": "quyet dinh.pdf", "content_base64": encoded},
        },
    )
    assert response.status == 200, await response.text()
    form = FormData()
    form.add_field("text", "Gửi lại bản ký số")
    form.add_field("file", PDF, filename="ban-ky-so.pdf", content_type="application/pdf")
    response = await desk.client.post(
        f"/api/v1/petitions/{petition.id}/replies",
        data=form,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status == 200, await response.text()
    files = [m.body["file"] for m in await _outbox(desk, petition.citizen_id) if "file" in m.body]
    assert [(f["kind"], f["name"], f["mime"]) for f in files] == [
        ("document", "quyet_dinh.pdf", "application/pdf"),
        ("document", "ban-ky-so.pdf", "application/pdf"),
    ]
    bad = await desk.api(
        "POST",
        f"/api/v1/petitions/{petition.id}/notes",
        token,
        {"text": "ghi chú", "file": {"name": "x.pdf", "content_base64": encoded}},
    )
    assert bad.status == 400


def test_limits_and_names(tmp_path: object) -> None:
    store = FileStore(tmp_path)  # type: ignore[arg-type]
    kept = reply_files.keep(
        store, PDF, "../../etc/passwd", max_image_bytes=10, max_document_bytes=10_000
    )
    assert kept.name == "etc_passwd.pdf" and kept.kind == "document"
    for data, reason in ((PDF * 400, "too_large"), (b"GIF89a....", "unsupported")):
        with pytest.raises(InvalidValue, match=reason):
            reply_files.keep(store, data, "x", max_image_bytes=10, max_document_bytes=10_000)
