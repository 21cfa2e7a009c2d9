"""Telegram long polling (getUpdates), for a machine with no public HTTPS address."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from aiohttp import web
from telegram import error as tg_error

from bot.channels.telegram.sender import TELEGRAM
from bot.channels.telegram.updates import ALLOWED_UPDATES
from bot.channels.telegram.webhook import handle_update
from bot.keys import SETTINGS
from storage.job_locks import JobLock

logger = logging.getLogger(__name__)


async def _until_held(lock: JobLock, pause: float) -> None:
    """Waits, looking again every `pause` seconds, until this gateway holds the lock: the lock
    of a process that died frees itself, with no event to wait on."""
    while True:
        if await lock.held():
            return
        await asyncio.sleep(pause)


async def poll_updates(
    app: web.Application,
    *,
    timeout: int = 25,
    pause: float = 5.0,
    lock: JobLock | None = None,
) -> None:
    """Feeds getUpdates into the webhook's own path until cancelled.

    getUpdates is read as raw JSON (not PTB's `get_updates`) so one update PTB cannot parse is
    skipped like a webhook's 400 instead of blocking every update behind it. Telegram answers
    409 to a second poller, so with several gateways only the one holding `lock` polls.
    """
    if lock is not None:
        await _until_held(lock, pause)
    settings = app[SETTINGS]
    sender = app[TELEGRAM]
    assert settings.telegram_bot_token is not None
    url = (
        f"{settings.telegram_api_base_url.rstrip('/')}/bot"
        f"{settings.telegram_bot_token.get_secret_value()}/getUpdates"
    )
    try:
        await sender.bot.delete_webhook()  # getUpdates answers 409 while a webhook is set
    except tg_error.TelegramError as error:
        logger.warning("deleteWebhook before polling failed: %s", type(error).__name__)
    offset: int | None = None
    client_timeout = aiohttp.ClientTimeout(total=timeout + 15)
    async with aiohttp.ClientSession(timeout=client_timeout) as session:
        while True:
            query: dict[str, Any] = {"timeout": timeout, "allowed_updates": ALLOWED_UPDATES}
            if offset is not None:
                query["offset"] = offset
            try:
                async with session.post(url, json=query) as response:
                    answer = await response.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                # never log the error itself: its text can carry the URL, and so the token
                logger.warning("getUpdates failed: %s", type(error).__name__)
                await asyncio.sleep(pause)
                continue
            if not isinstance(answer, dict) or not answer.get("ok"):
                logger.warning("getUpdates refused (HTTP %d)", response.status)
                await asyncio.sleep(pause)
                continue
            for data in answer.get("result") or []:
                update_id = data.get("update_id") if isinstance(data, dict) else None
                try:
                    await handle_update(app, data)
                except Exception:  # storage down: keep the offset, fetch it again
                    logger.exception("storing a polled update failed")
                    await asyncio.sleep(pause)
                    break
                if isinstance(update_id, int):
                    offset = update_id + 1
