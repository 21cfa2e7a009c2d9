"""Sending replies to Telegram: text, buttons, keyboards, photos and files, and PTB's errors
mapped to the outbox's two kinds of failure.

Replies go out through a bare `telegram.Bot`, whose `base_url` setting is how tests point it at a
local fake Bot API.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

import telegram
from aiohttp import web
from telegram import error as tg_error
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import RetryLater, Undeliverable
from bot.channels.parts import PartProgress, Step
from bot.channels.telegram.updates import TEXT_LIMIT
from bot.splitting import split_text, utf16_length
from core.settings import Settings
from core.words import N_, in_both_languages
from storage.models import Channel, Citizen
from storage.object_store import open_store
from storage.services.reply_files import KeptFile

logger = logging.getLogger(__name__)

CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes
# labels used only when a Rasa `custom` reply gives none (responses should carry their own);
# in both languages, since the reply does not say which the citizen reads
DEFAULT_LABELS = {
    "phone": ("📞", N_("citizen_button_share_phone")),
    "location": ("📍", N_("citizen_button_share_location")),
}


def _retry_after_seconds(error: tg_error.RetryAfter) -> float:
    # PTB 22 warns on reading retry_after as an int (it becomes a timedelta); accept both
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def _mapped(call: Awaitable[object]) -> None:
    """Runs one Bot API call, turning PTB's errors into the outbox's two kinds of failure."""
    try:
        await call
    except tg_error.RetryAfter as error:
        raise RetryLater("telegram flood control", after=_retry_after_seconds(error)) from error
    except tg_error.Forbidden as error:  # the citizen blocked the bot or deleted the account
        raise Undeliverable(f"telegram forbidden: {error.message}") from error
    except tg_error.BadRequest as error:  # also a subclass of NetworkError: checked first
        raise Undeliverable(f"telegram bad request: {error.message}") from error
    except tg_error.ChatMigrated as error:
        raise Undeliverable("telegram chat migrated") from error
    except tg_error.InvalidToken as error:  # misconfiguration: retried, dead-lettered, requeued
        logger.error("Telegram rejected the bot token")
        raise RetryLater("telegram invalid token") from error
    except tg_error.TelegramError as error:  # NetworkError, TimedOut, 5xx, Conflict
        raise RetryLater(f"telegram {type(error).__name__}: {error.message}") from error


def _inline_keyboard(buttons: object) -> telegram.InlineKeyboardMarkup | None:
    if not isinstance(buttons, list):
        return None
    rows = []
    for button in buttons:
        if not isinstance(button, dict):
            continue
        title, payload = button.get("title"), button.get("payload")
        if not isinstance(title, str) or not isinstance(payload, str) or not title or not payload:
            continue
        if len(payload.encode("utf-8")) > CALLBACK_DATA_LIMIT:
            # the project's payloads are short intents; a long one is a domain bug to fix there
            logger.warning("button payload over %d bytes skipped", CALLBACK_DATA_LIMIT)
            continue
        rows.append([telegram.InlineKeyboardButton(title, callback_data=payload)])
    return telegram.InlineKeyboardMarkup(rows) if rows else None


Markup = telegram.InlineKeyboardMarkup | telegram.ReplyKeyboardMarkup | telegram.ReplyKeyboardRemove


def _custom_markup(custom: dict[str, Any]) -> tuple[Markup | None, str | None]:
    """A reply keyboard asked for by a Rasa `custom` reply, and its default text."""
    if custom.get("remove_keyboard"):
        return telegram.ReplyKeyboardRemove(), None
    request = custom.get("request")
    if request not in DEFAULT_LABELS:
        return None, None
    icon, key = DEFAULT_LABELS[request]
    label = custom.get("button") or custom.get("label") or f"{icon} {in_both_languages(key)}"
    button = telegram.KeyboardButton(
        str(label),
        request_contact=True if request == "phone" else None,
        request_location=True if request == "location" else None,
    )
    keyboard = telegram.ReplyKeyboardMarkup(
        [[button]], resize_keyboard=True, one_time_keyboard=True
    )
    return keyboard, str(label)


class TelegramSender:
    channel = Channel.TELEGRAM

    def __init__(self, settings: Settings) -> None:
        assert settings.telegram_bot_token is not None
        # httpx logs every request URL at INFO, and Bot API URLs contain the token
        logging.getLogger("httpx").setLevel(logging.WARNING)
        self._requests = (
            HTTPXRequest(connection_pool_size=32, read_timeout=10.0),
            HTTPXRequest(connection_pool_size=1),
        )
        self.bot = telegram.Bot(
            settings.telegram_bot_token.get_secret_value(),
            base_url=f"{settings.telegram_api_base_url.rstrip('/')}/bot",
            base_file_url=f"{settings.telegram_api_base_url.rstrip('/')}/file/bot",
            request=self._requests[0],
            get_updates_request=self._requests[1],
        )
        self._progress = PartProgress()
        self._answers: set[asyncio.Task[None]] = set()
        # officials' photos and PDFs, uploaded with the reply (sendPhoto / sendDocument)
        self.files = open_store(settings)

    async def close(self) -> None:
        if self._answers:
            await asyncio.wait(self._answers, timeout=5)
        for request in self._requests:
            await request.shutdown()

    def answer_callback_soon(self, query_id: str) -> None:
        """Stops the citizen's button spinner; not awaited, so the webhook answers at once."""
        task = asyncio.create_task(self._answer_callback(query_id))
        self._answers.add(task)
        task.add_done_callback(self._answers.discard)

    async def _answer_callback(self, query_id: str) -> None:
        try:
            await self.bot.answer_callback_query(query_id)
        except tg_error.TelegramError as error:  # too old, already answered, network: cosmetic
            logger.warning("answerCallbackQuery failed: %s", type(error).__name__)

    async def deliver(self, citizen: Citizen, body: dict[str, Any]) -> None:
        if not citizen.channel_user_id.lstrip("-").isdigit():
            raise Undeliverable("not a Telegram chat id")
        steps = self._steps(int(citizen.channel_user_id), body)
        if not steps:
            logger.warning("reply with nothing Telegram can show skipped (keys %s)", sorted(body))
            return
        await self._progress.run(citizen.id, body, steps)

    def _steps(self, chat_id: int, body: dict[str, Any]) -> list[Step]:
        custom = body.get("custom") if isinstance(body.get("custom"), dict) else {}
        assert isinstance(custom, dict)
        markup: Markup | None = _inline_keyboard(body.get("buttons"))
        custom_markup, custom_label = _custom_markup(custom)
        markup = markup or custom_markup
        text = body.get("text") or custom.get("text") or custom_label or ""
        text = text if isinstance(text, str) else str(text)
        image = body.get("image") if isinstance(body.get("image"), str) else None
        file = KeptFile.from_body(body.get("file"))
        steps: list[Step] = []
        if file is not None:
            caption = text if text and utf16_length(text) <= CAPTION_LIMIT else None
            if text and caption is None:
                steps += self._text_steps(chat_id, text, None)
            steps.append(self._file_step(chat_id, file, caption, markup))
        elif image is not None:
            caption = text if text and utf16_length(text) <= CAPTION_LIMIT else None
            if text and caption is None:
                steps += self._text_steps(chat_id, text, None)
            steps.append(
                self._call(
                    self.bot.send_photo, chat_id, photo=image, caption=caption, reply_markup=markup
                )
            )
        elif text:
            steps += self._text_steps(chat_id, text, markup)
        return steps

    def _file_step(
        self, chat_id: int, file: KeptFile, caption: str | None, markup: Markup | None
    ) -> Step:
        """A multipart upload of the file's bytes from the store."""

        async def step() -> None:
            data = await asyncio.to_thread(self.files.get, file.sha256)
            if data is None:
                raise Undeliverable(f"file {file.sha256[:12]} is not in the file store")
            upload = telegram.InputFile(data, filename=file.name)
            if file.kind == "photo":
                sent = self.bot.send_photo(
                    chat_id, photo=upload, caption=caption, reply_markup=markup
                )
            else:
                sent = self.bot.send_document(
                    chat_id, document=upload, caption=caption, reply_markup=markup
                )
            await _mapped(sent)

        return step

    def _text_steps(self, chat_id: int, text: str, markup: Markup | None) -> list[Step]:
        parts = split_text(text, TEXT_LIMIT, utf16_length)
        return [
            self._call(
                self.bot.send_message,
                chat_id,
                text=part,
                reply_markup=markup if index == len(parts) - 1 else None,
            )
            for index, part in enumerate(parts)
        ]

    @staticmethod
    def _call(method: Callable[..., Awaitable[object]], chat_id: int, **kwargs: Any) -> Step:
        async def step() -> None:
            await _mapped(method(chat_id, **kwargs))

        return step


TELEGRAM = web.AppKey("telegram", TelegramSender)
