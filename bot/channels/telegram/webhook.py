"""The Telegram webhook: checks the secret token, parses the update, stores it and answers.

As python-telegram-bot's own handler does: 403 on a bad secret, 400 on a body that does not
parse, 200 once the update is stored. Long polling (`polling`) feeds the same `handle_update`.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web

from bot.channels.telegram.sender import TELEGRAM
from bot.channels.telegram.updates import UnparsableUpdate, parse_update
from bot.intake import accept
from bot.keys import SETTINGS

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name, not a secret)


async def handle_update(app: web.Application, data: object) -> bool:
    """The one path of every update, webhook or polling: False if it does not parse."""
    if not isinstance(data, dict):
        return False
    sender = app[TELEGRAM]
    try:
        parsed = parse_update(data, sender.bot)
    except UnparsableUpdate as error:
        logger.info("unparsable Telegram update: %s", error)
        return False
    if parsed.callback_query_id is not None:
        sender.answer_callback_soon(parsed.callback_query_id)
    if parsed.incoming is not None:
        await accept(app, parsed.incoming)
    return True


async def webhook(request: web.Request) -> web.Response:
    secret = request.app[SETTINGS].telegram_webhook_secret
    given = request.headers.get(SECRET_HEADER)
    if (
        secret is None
        or given is None
        or not hmac.compare_digest(
            given.encode("utf-8", "replace"), secret.get_secret_value().encode("utf-8")
        )
    ):
        raise web.HTTPForbidden()
    raw = await request.read()  # answers 413 past client_max_size
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text="body is not JSON") from None
    if not await handle_update(request.app, data):
        raise web.HTTPBadRequest(text="not a Telegram update")
    return web.Response(status=200)


ROUTES = [web.post("/webhooks/telegram", webhook)]
