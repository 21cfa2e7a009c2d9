"""The web chat: a page a province can embed on its portal, and the JSON API behind it.

The page posts a message and long-polls for what the outbox has delivered to its session, so it
takes the same path as every other channel: inbox → Rasa → outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import uuid
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.keys import DATABASE, FETCHER, INBOUND, OUTBOUND
from bot.metrics import MESSAGES_DUPLICATE, MESSAGES_RECEIVED
from bot.ratelimit import LIMITER
from core.text import nfc
from storage.models import Channel, Citizen, OutboxMessage, utcnow
from storage.services import messaging
from storage.services.reply_files import KeptFile

PAGE = Path(__file__).resolve().parent.parent / "static" / "webchat.html"
SESSION_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_TEXT = 2000
MAX_WAIT_SECONDS = 25.0


class WebSender:
    """Delivery on the web is the page fetching it. Web replies are stored as delivered
    (messaging.enqueue_outbound); this settles a web row stored pending by an older release."""

    channel = Channel.WEB

    async def deliver(self, citizen: Citizen, body: dict[str, Any]) -> None:
        return None


def bad_request(reason: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=f'{{"error": "{reason}"}}', content_type="application/json")


def session_of(value: object) -> str:
    if not isinstance(value, str) or not SESSION_PATTERN.match(value):
        raise bad_request("session must be 8-64 letters, digits, '-' or '_'")
    return value


async def page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGE, headers={"Cache-Control": "no-cache"})


async def post_message(request: web.Request) -> web.Response:
    try:
        data = await request.json()
    except ValueError:
        raise bad_request("body is not JSON") from None
    if not isinstance(data, dict):
        raise bad_request("body must be a JSON object")
    session_id = session_of(data.get("session"))
    text = data.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        raise bad_request(f"text must be 1-{MAX_TEXT} characters")
    message_id = data.get("id") or uuid.uuid4().hex
    if not isinstance(message_id, str) or not SESSION_PATTERN.match(message_id):
        raise bad_request("id must be 8-64 letters, digits, '-' or '_'")
    payload: dict[str, Any] = {}
    if isinstance(data.get("metadata"), dict):
        payload["client"] = {k: v for k, v in data["metadata"].items() if isinstance(k, str)}
    database = request.app[DATABASE]
    sender = f"web:{session_id}"
    wait = await request.app[LIMITER].delay(sender)
    # committed before the 202: a message is stored before it is acknowledged
    async with database.transaction() as session:
        _, created = await messaging.record_inbound(
            session,
            channel=Channel.WEB,
            platform_message_id=f"{session_id}:{message_id}",
            channel_user_id=session_id,
            text=nfc(text.strip()),
            payload=payload,
            hold_until=utcnow() + dt.timedelta(seconds=wait) if wait > 0 else None,
        )
    if not created:
        await request.app[LIMITER].refund(sender)
    if created:
        MESSAGES_RECEIVED.labels(channel="web").inc()
        request.app[INBOUND].wake.set()
    else:
        MESSAGES_DUPLICATE.labels(channel="web").inc()
    return web.json_response({"accepted": True, "duplicate": not created}, status=202)


def _public(message: Any, session_id: str) -> dict[str, Any]:
    body = message.body
    shown: dict[str, Any] = {
        "id": message.id,
        "text": body.get("text"),
        "buttons": body.get("buttons") or [],
        "image": body.get("image"),
        "custom": body.get("custom"),
    }
    file = KeptFile.from_body(body.get("file"))
    if file is not None:
        # fetched with the session, as the messages are: only that chat can open it
        url = f"/webchat/files/{message.id}?session={session_id}"
        if file.kind == "photo":
            shown["image"] = url
        else:
            shown["file"] = {"url": url, "name": file.name}
    return shown


async def get_messages(request: web.Request) -> web.Response:
    session_id = session_of(request.query.get("session"))
    try:
        after = int(request.query.get("after", "0"))
        wait = min(float(request.query.get("wait", "0")), MAX_WAIT_SECONDS)
    except ValueError:
        raise bad_request("after and wait must be numbers") from None
    database = request.app[DATABASE]
    outbound = request.app[OUTBOUND]
    deadline = asyncio.get_running_loop().time() + max(wait, 0.0)
    citizen = None
    while True:
        async with database.session() as session:
            if citizen is None:  # looked up once it exists: a poll wakes for every reply stored
                citizen = await messaging.citizen_by_sender(session, f"web:{session_id}")
            if citizen is None:
                rows, busy = [], False
            else:
                # busy first: read after the rows, a reply sent in between would be neither in
                # the rows nor pending, and the client would stop waiting without it
                busy = await messaging.citizen_is_busy(session, citizen.id)
                rows = await messaging.delivered_since(session, citizen.id, after)
        remaining = deadline - asyncio.get_running_loop().time()
        if rows or remaining <= 0:
            shown = [_public(r, session_id) for r in rows]
            return web.json_response({"messages": shown, "busy": busy})
        async with outbound.delivered:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(outbound.delivered.wait(), timeout=min(remaining, 1.0))


async def get_file(request: web.Request) -> web.Response:
    """The photo or PDF an official sent with a reply to this chat."""
    session_id = session_of(request.query.get("session"))
    raw = request.match_info["message_id"]
    if not raw.isdigit():
        raise web.HTTPNotFound()
    async with request.app[DATABASE].session() as session:
        citizen = await messaging.citizen_by_sender(session, f"web:{session_id}")
        message = await session.get(OutboxMessage, int(raw))
    if citizen is None or message is None or message.citizen_id != citizen.id:
        raise web.HTTPNotFound()
    file = KeptFile.from_body(message.body.get("file"))
    if file is None:
        raise web.HTTPNotFound()
    # the store the attachment worker keeps files in (a folder or an object store)
    data = await asyncio.to_thread(request.app[FETCHER].store.get, file.sha256)
    if data is None:
        raise web.HTTPNotFound()
    disposition = "inline" if file.kind == "photo" else "attachment"
    return web.Response(
        body=data,
        content_type=file.mime,
        headers={
            "Content-Disposition": f'{disposition}; filename="{file.name}"',
            "Cache-Control": "private, max-age=3600",
            "X-Content-Type-Options": "nosniff",
        },
    )


ROUTES = [
    web.get("/", page),
    web.get("/webchat/files/{message_id}", get_file),
    web.post("/webchat/messages", post_message),
    web.get("/webchat/messages", get_messages),
]
