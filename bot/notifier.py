"""Tells officials on Telegram: delivers the `notifications` rows storage adds (new, transferred-in
and assigned items), and sweeps for items that have become overdue.

Delivery goes through python-telegram-bot's `Bot` (the Telegram sender's, so its `base_url` points
tests at the fake Bot API) with retries, exponential backoff and Telegram's own flood-control wait
honoured, like the citizens' outbox. A chat's notifications go out one after the other; chats are
served side by side.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import warnings
from collections import defaultdict

import telegram
from aiohttp import web
from telegram import error as tg_error
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import RetryLater, Undeliverable
from bot.outbound import retry_delay
from bot.worker_loop import QueueWorker
from storage.db import Database
from storage.job_locks import JobLock, when_held
from storage.models import Notification, OutboxStatus
from storage.services import notifications

logger = logging.getLogger(__name__)

SWEEP_SECONDS = 600.0
POLL_SECONDS = 2.0
BATCH = 50
TEXT_LIMIT = 4096
_NUMERIC_CHAT = re.compile(r"-?\d{1,20}")
_PUBLIC_CHAT = re.compile(r"@[A-Za-z0-9_]{5,32}")
NO_PREVIEW = telegram.LinkPreviewOptions(is_disabled=True)


def chat_of(chat_id: str) -> int | str:
    """A Bot API chat: a (negative, for groups) number, or a public channel's @name."""
    chat = chat_id.strip()
    if _NUMERIC_CHAT.fullmatch(chat):
        return int(chat)
    if _PUBLIC_CHAT.fullmatch(chat):
        return chat
    raise Undeliverable("not a Telegram chat id")


def _retry_after_seconds(error: tg_error.RetryAfter) -> float:
    # PTB 22 warns on reading retry_after as an int (it becomes a timedelta); accept both
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class Notifier(QueueWorker):
    name = "notifier"

    def __init__(
        self,
        database: Database,
        bot: telegram.Bot,
        *,
        public_base_url: str,
        max_attempts: int,
        poll_seconds: float = POLL_SECONDS,
        sweep_seconds: float = SWEEP_SECONDS,
        sweep_lock: JobLock | None = None,
    ) -> None:
        super().__init__(poll_seconds)
        self.database = database
        self.bot = bot
        self.base_url = public_base_url.rstrip("/")
        self.max_attempts = max_attempts
        self.sweep_seconds = sweep_seconds
        # with several gateways, one sweeps: the one holding this lock
        self.sweep_lock = sweep_lock

    # --- the gateway runs `run` (QueueWorker's loop) and this sweep

    async def sweep_forever(self) -> None:
        while True:
            try:
                if self.sweep_lock is None:
                    await self.sweep_once()
                else:
                    await when_held(self.sweep_lock, self.sweep_once)
            except Exception:
                logger.exception("overdue sweep failed")
            await asyncio.sleep(self.sweep_seconds)

    # --- one round of each

    async def sweep_once(self, today: dt.date | None = None) -> int:
        """Queues a notice for each open item past its due date not told of yet."""
        async with self.database.transaction() as session:
            return await notifications.sweep_overdue(session, today)

    async def run_once(self) -> int:
        """Delivers the notifications now due; returns how many were settled (sent or given up)."""
        async with self.database.transaction() as session:
            batch = await notifications.claim_due(session, BATCH)
        if not batch:
            return 0
        by_chat: dict[str, list[Notification]] = defaultdict(list)
        for notification in batch:
            by_chat[notification.chat_id].append(notification)
        settled = await asyncio.gather(*(self._deliver_chat(items) for items in by_chat.values()))
        return sum(settled)

    def text_of(self, notification: Notification) -> str:
        text = notification.text
        if self.base_url and notification.link_path:
            text = f"{text}\n{self.base_url}{notification.link_path}"
        return text[:TEXT_LIMIT]

    async def _deliver_chat(self, items: list[Notification]) -> int:
        settled = 0
        for index, notification in enumerate(items):
            try:
                await self._send(notification)
            except Undeliverable as error:
                logger.warning("notification %d undeliverable: %s", notification.id, error)
                await self._mark(notification, OutboxStatus.UNDELIVERABLE, error=str(error))
                settled += 1
            except RetryLater as error:
                if notification.attempts + 1 >= self.max_attempts:
                    logger.error(
                        "notification %d dead after %d tries: %s",
                        notification.id,
                        notification.attempts + 1,
                        error,
                    )
                    await self._mark(notification, OutboxStatus.DEAD, error=str(error))
                    settled += 1
                    continue
                delay = retry_delay(notification.attempts, error.after)
                await self._mark(
                    notification, OutboxStatus.PENDING, error=str(error), retry_in=delay
                )
                if error.after is not None:
                    # flood control is per chat: the rest of this chat's batch waits as long
                    async with self.database.transaction() as session:
                        await notifications.postpone(
                            session, [n.id for n in items[index + 1 :]], delay
                        )
                    break
            else:
                await self._mark(notification, OutboxStatus.SENT)
                settled += 1
        return settled

    async def _send(self, notification: Notification) -> None:
        chat = chat_of(notification.chat_id)
        text = self.text_of(notification)
        try:
            try:
                await self.bot.send_message(chat, text, link_preview_options=NO_PREVIEW)
            except tg_error.ChatMigrated as migrated:
                # a group upgraded to a supergroup has a new id: deliver there, and say so
                logger.warning(
                    "notification %d: Telegram group %s is now %s; update the unit's chat id",
                    notification.id,
                    notification.chat_id,
                    migrated.new_chat_id,
                )
                await self.bot.send_message(
                    migrated.new_chat_id, text, link_preview_options=NO_PREVIEW
                )
        except tg_error.RetryAfter as error:
            raise RetryLater("telegram flood control", after=_retry_after_seconds(error)) from error
        except tg_error.Forbidden as error:  # the bot was removed from the group, or blocked
            raise Undeliverable(f"telegram forbidden: {error.message}") from error
        except tg_error.BadRequest as error:  # chat not found; also a NetworkError: checked first
            raise Undeliverable(f"telegram bad request: {error.message}") from error
        except tg_error.ChatMigrated as error:
            raise Undeliverable("telegram chat migrated twice") from error
        except tg_error.InvalidToken as error:  # misconfiguration: retried, then dead
            logger.error("Telegram rejected the bot token")
            raise RetryLater("telegram invalid token") from error
        except tg_error.TelegramError as error:  # NetworkError, TimedOut, 5xx
            raise RetryLater(f"telegram {type(error).__name__}: {error.message}") from error

    async def _mark(
        self,
        notification: Notification,
        status: OutboxStatus,
        *,
        error: str | None = None,
        retry_in: dt.timedelta | None = None,
    ) -> None:
        # a notification already sent must be recorded as sent, or it goes out again after its
        # lease
        await self.database.retrying(
            lambda session: notifications.mark_notification(
                session, notification.id, status, error=error, retry_in=retry_in
            )
        )


NOTIFIER = web.AppKey("notifier", Notifier)
