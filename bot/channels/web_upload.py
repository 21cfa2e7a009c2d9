"""The web chat's attach button: a photo or a PDF posted as multipart, with the same limits and
checks as a photo fetched from Telegram or Zalo (type from the bytes, size per type), kept in the
file store at once (the bytes are here: there is nothing to fetch), and passed to the assistant
as the message "/share_photo" or "/share_file" (or the caption typed with it).

The request body is read part by part, so a file larger than its limit is refused with 413
without being held in memory whole.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from typing import Any

from aiohttp import BodyPartReader, web

from bot.channels.web import SESSION_PATTERN, bad_request, session_of
from bot.keys import DATABASE, FETCHER, INBOUND, SETTINGS
from bot.metrics import MESSAGES_RECEIVED
from bot.ratelimit import LIMITER
from core.settings import Settings
from core.text import nfc
from core.words import N_, in_both_languages
from storage import media
from storage.models import Channel, utcnow
from storage.services import attachments, messaging

MAX_CAPTION = 1000
CHUNK = 64 * 1024
# what the page shows the citizen when a file is refused, by the refusal's reason
REFUSALS = {
    "too_large": N_("citizen_upload_too_large"),
    "unsupported": N_("citizen_upload_unsupported"),
    "broken": N_("citizen_upload_broken"),
}


def _refused(status: int, reason: str, settings: Settings, size: int = 0) -> web.HTTPException:
    """The refusal, in the JSON the page shows the citizen (in both languages)."""
    limit = max(settings.max_image_bytes, settings.max_document_bytes)
    text = json.dumps(
        {
            "error": reason,
            "message": in_both_languages(
                REFUSALS[reason],
                image=settings.max_image_bytes // (1024 * 1024),
                document=settings.max_document_bytes // (1024 * 1024),
            ),
        },
        ensure_ascii=False,
    )
    kwargs: dict[str, Any] = {"text": text, "content_type": "application/json"}
    if status == 413:
        return web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=size, **kwargs)
    if status == 415:
        return web.HTTPUnsupportedMediaType(**kwargs)
    return web.HTTPUnprocessableEntity(**kwargs)


async def _read_file(part: BodyPartReader, limit: int, settings: Settings) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := await part.read_chunk(CHUNK):
        total += len(chunk)
        if total > limit:
            raise _refused(413, "too_large", settings, total)
        chunks.append(chunk)
    return b"".join(chunks)


async def upload(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    if not request.content_type.startswith("multipart/"):
        raise bad_request("an upload is multipart/form-data")
    limit = max(settings.max_image_bytes, settings.max_document_bytes)
    fields: dict[str, str] = {}
    data: bytes | None = None
    name: str | None = None
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            raise bad_request("nested multipart is not accepted")
        if part.name == "file":
            name = part.filename
            data = await _read_file(part, limit, settings)
        elif part.name in ("session", "id", "caption"):
            fields[part.name] = (await part.text())[:MAX_CAPTION]
        else:
            await part.release()
    session_id = session_of(fields.get("session"))
    message_id = fields.get("id") or uuid.uuid4().hex
    if not SESSION_PATTERN.match(message_id):
        raise bad_request("id must be 8-64 letters, digits, '-' or '_'")
    if not data:
        raise bad_request("a file is needed")
    try:
        checked = media.inspect(
            data,
            max_image_bytes=settings.max_image_bytes,
            max_document_bytes=settings.max_document_bytes,
        )
    except media.Refused as refused:
        status = {"too_large": 413, "unsupported": 415}.get(refused.reason, 422)
        raise _refused(status, refused.reason, settings, len(data)) from None
    store = request.app[FETCHER].store
    digest = await asyncio.to_thread(store.put, data)
    place = None
    if checked.kind == "image":
        thumb = await asyncio.to_thread(media.thumbnail, data)
        await asyncio.to_thread(store.put, thumb, "thumb", digest)
        place = media.gps_of(data)
    kind = "photo" if checked.kind == "image" else "file"
    caption = nfc(fields.get("caption", "")).strip()
    text = caption or ("/share_photo" if kind == "photo" else "/share_file")
    sender = f"web:{session_id}"
    wait = await request.app[LIMITER].delay(sender)
    # the message and its file, committed together before the upload is acknowledged
    async with request.app[DATABASE].transaction() as session:
        message, created = await messaging.record_inbound(
            session,
            channel=Channel.WEB,
            platform_message_id=f"{session_id}:{message_id}",
            channel_user_id=session_id,
            text=text,
            payload={kind: {"name": name, "sha256": digest, "mime": checked.mime}},
            # a flooding sender's uploads wait their turn like their messages
            hold_until=utcnow() + dt.timedelta(seconds=wait) if wait > 0 else None,
        )
        # checked on a retried upload too: the file is kept once, with its first message
        if not await attachments.attachments_of_message(session, message.id):
            await attachments.add_stored_attachment(
                session,
                citizen_id=message.citizen_id,
                inbox_message_id=message.id,
                kind=kind,
                name=name,
                size=len(data),
                sha256=digest,
                mime=checked.mime,
                latitude=place[0] if place else None,
                longitude=place[1] if place else None,
            )
    if not created:
        await request.app[LIMITER].refund(sender)
    if created:
        MESSAGES_RECEIVED.labels(channel="web").inc()
        request.app[INBOUND].wake.set()
    return web.json_response(
        {"accepted": True, "duplicate": not created, "kind": kind, "mime": checked.mime},
        status=202,
    )


ROUTES = [web.post("/webchat/upload", upload)]
