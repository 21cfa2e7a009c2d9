"""The Zalo webhook: checks the event's signature, parses it, stores it and answers 200 at once.

Zalo wants 200 within 2 s and switches a slow webhook off; Rasa is reached later by the inbox
worker. The gateway also serves the picture on Zalo's contact form (`CONTACT_IMAGE_PATH`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from aiohttp import web

from bot.channels.zalo.buttons import with_button_choice
from bot.channels.zalo.events import parse_event, timestamp_of
from bot.channels.zalo.fields import as_str
from bot.intake import accept
from bot.keys import SETTINGS

SIGNATURE_HEADER = "X-ZEvent-Signature"
# the picture on Zalo's contact form, served by the gateway (ROUTES below)
CONTACT_IMAGE_PATH = "/static/contact-card.png"


def expected_signature(app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """sha256_hex(app_id + body + timestamp + OA secret key), per the community's reading of
    Zalo's docs (unconfirmed against an official page; see docs/PROTOCOLS.md)."""
    digest = hashlib.sha256()
    digest.update(app_id.encode("utf-8"))
    digest.update(raw_body)
    digest.update(timestamp.encode("utf-8"))
    digest.update(oa_secret_key.encode("utf-8"))
    return digest.hexdigest()


def signature_matches(
    header: str | None, app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str
) -> bool:
    if not header:
        return False
    given = header.strip()
    if given[:4].lower() == "mac=":  # some senders prefix it
        given = given[4:]
    expected = expected_signature(app_id, raw_body, timestamp, oa_secret_key)
    return hmac.compare_digest(given.lower().encode("utf-8", "replace"), expected.encode())


async def webhook(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    header = request.headers.get(SIGNATURE_HEADER)
    if not header or settings.zalo_oa_secret_key is None:
        raise web.HTTPUnauthorized()
    raw = await request.read()  # the exact bytes are signed; 413 past client_max_size
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text="body is not JSON") from None
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    timestamp = timestamp_of(data)
    app_id = settings.zalo_app_id or (as_str(data.get("app_id")) or "")
    if timestamp is None or not signature_matches(
        header, app_id, raw, timestamp, settings.zalo_oa_secret_key.get_secret_value()
    ):
        raise web.HTTPUnauthorized()
    incoming = parse_event(data)
    if incoming is not None:
        if incoming.payload["zalo"]["event_name"] == "user_send_text":
            incoming = await with_button_choice(request.app, incoming)
        await accept(request.app, incoming)
    return web.Response(status=200)


CONTACT_IMAGE = Path(__file__).resolve().parents[2] / "static" / "contact-card.png"


async def contact_image(request: web.Request) -> web.FileResponse:
    return web.FileResponse(CONTACT_IMAGE, headers={"Cache-Control": "public, max-age=86400"})


ROUTES = [
    web.post("/webhooks/zalo", webhook),
    web.get(CONTACT_IMAGE_PATH, contact_image),
]
