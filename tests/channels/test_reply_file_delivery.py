"""An official's photo or PDF reaches the citizen on the channel they used: Telegram as a
multipart sendPhoto / sendDocument, Zalo uploaded first (a photo made to fit its limit) and sent
by the id it gives back, the web chat as a link only that chat's session opens. Through the
gateway's real API and outbox, against the fake platforms."""

from __future__ import annotations

import base64
import io
import secrets
import uuid

from aiohttp import FormData
from PIL import Image
from sqlalchemy import select

from desk.security import sha256_hex
from storage.db import Database
from storage.models import Channel, Official
from storage.services.desk_accounts import create_api_token
from storage.services.messaging import get_or_create_citizen
from storage.services.petitions import submit_petition
from tests.channels.conftest import Gateway, eventually
from tests.fakes.telegram import Upload

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def photo(side: int = 800, noise: bool = False) -> bytes:
    image = (
        Image.effect_noise((side, side), 80).convert("RGB")
        if noise
        else Image.new("RGB", (side, side), (30, 160, 90))
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


async def _petition(database: Database, channel: Channel, user: str) -> int:
    async with database.session() as session:
        citizen = await get_or_create_citizen(session, channel, user)
        await session.commit()
        petition, _ = await submit_petition(
            session,
            idempotency_key=uuid.uuid4().hex,
            citizen_id=citizen.id,
            channel=channel,
            kind="phan_anh",
            category="khac",
            description="Ống nước vỡ trước cổng chợ",
            commune_code=None,
            address=None,
            latitude=None,
            longitude=None,
            contact_phone=None,
            anonymous=False,
            attachment_ids=None,
        )
        await session.commit()
        return petition.id


async def _token(database: Database) -> str:
    token = secrets.token_urlsafe(24)
    async with database.transaction() as session:
        official = await session.scalar(select(Official).where(Official.username == "tiepdan"))
        assert official is not None
        await create_api_token(session, official.id, "test", sha256_hex(token), None)
    return token


async def _reply(gateway: Gateway, petition_id: int, name: str, data: bytes) -> None:
    """JSON with the file in base64 for a small file; multipart for one past the JSON limit."""
    token = await _token(gateway.database)
    text = "Đã xử lý, gửi bạn ảnh/văn bản kèm theo."
    if len(data) < 256 * 1024:
        body: dict[str, object] = {
            "json": {
                "text": text,
                "file": {"name": name, "content_base64": base64.b64encode(data).decode()},
            }
        }
    else:
        form = FormData()
        form.add_field("text", text)
        form.add_field("file", io.BytesIO(data), filename=name, content_type="image/jpeg")
        body = {"data": form}
    response = await gateway.client.post(
        f"/api/v1/petitions/{petition_id}/replies",
        headers={"Authorization": f"Bearer {token}"},
        **body,  # type: ignore[arg-type]
    )
    assert response.status == 200, await response.text()


async def test_telegram_receives_the_photo_and_the_pdf_as_uploads(
    gateway: Gateway, seeded_database: Database
) -> None:
    petition_id = await _petition(gateway.database, Channel.TELEGRAM, "912001")
    await _reply(gateway, petition_id, "ong nuoc.jpg", photo())
    [sent] = await eventually(lambda: gateway.telegram.calls_to("sendPhoto"))
    upload = sent.params["photo"]
    assert isinstance(upload, Upload) and upload.filename == "ong_nuoc.jpg"
    with Image.open(io.BytesIO(upload.data)) as received:
        assert received.format == "JPEG" and received.size == (800, 800)
    assert "Đã xử lý" in str(sent.params["caption"])

    await _reply(gateway, petition_id, "quyet-dinh.pdf", PDF)
    [document] = await eventually(lambda: gateway.telegram.calls_to("sendDocument"))
    assert document.params["document"] == Upload("quyet-dinh.pdf", "application/pdf", PDF)


async def test_zalo_uploads_first_and_sends_by_id_even_after_the_token_expired(
    gateway: Gateway, seeded_database: Database
) -> None:
    petition_id = await _petition(gateway.database, Channel.ZALO, "8471000000001")
    gateway.zalo.expire_access_token()
    big = photo(1800, noise=True)
    assert len(big) > 1024 * 1024  # over Zalo's photo limit: made smaller to fit
    await _reply(gateway, petition_id, "hien truong.jpg", big)

    def file_sends() -> list[dict[str, object]]:
        return [r.body["message"] for r in gateway.zalo.sends if "attachment" in r.body["message"]]

    [message] = await eventually(file_sends)
    element = message["attachment"]["payload"]["elements"][0]  # type: ignore[index]
    uploaded = gateway.zalo.uploads[element["attachment_id"]]
    assert uploaded.path == "/v2.0/oa/upload/image" and len(uploaded.data) <= 1024 * 1024
    assert len(gateway.zalo.refreshes) == 1  # the expired token was rotated once
    assert any("Đã xử lý" in t for t in gateway.zalo.sent_texts())

    await _reply(gateway, petition_id, "bien-ban.pdf", PDF)
    await eventually(lambda: len(file_sends()) == 2)
    token = file_sends()[1]["attachment"]["payload"]["token"]  # type: ignore[index]
    assert gateway.zalo.uploads[token].data == PDF
    assert gateway.zalo.uploads[token].path == "/v2.0/oa/upload/file"


async def test_the_web_chat_shows_the_photo_to_its_own_session_only(
    gateway: Gateway, seeded_database: Database
) -> None:
    session_id = "phien-" + uuid.uuid4().hex[:12]
    petition_id = await _petition(gateway.database, Channel.WEB, session_id)
    data = photo()
    await _reply(gateway, petition_id, "anh.jpg", data)

    async def shown() -> list[dict[str, object]]:
        response = await gateway.client.get(f"/webchat/messages?session={session_id}")
        return [m for m in (await response.json())["messages"] if m.get("image")]

    [message] = await eventually(shown)
    url = str(message["image"])
    opened = await gateway.client.get(url)
    assert opened.status == 200 and opened.content_type == "image/jpeg"
    assert (await opened.read())[:2] == b"\xff\xd8"
    other = url.replace(session_id, "phien-khac-123456")
    assert (await gateway.client.get(other)).status == 404
