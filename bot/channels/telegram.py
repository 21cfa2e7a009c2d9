"""Telegram: the webhook (or long polling) that takes updates in, and the sender for replies.

Updates are parsed with python-telegram-bot (`Update.de_json`), a plain text message more cheaply
(`telegram_text`), and stored through `bot.intake`;
replies go out through a bare `telegram.Bot`, whose `base_url` setting is how tests point it at a
local fake Bot API. Only private chats are served: department groups receive notifications but
their members' messages are not citizens' messages.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import json
import logging
import math
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import telegram
from aiohttp import web
from telegram import error as tg_error
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import RetryLater, Undeliverable
from bot.channels.parts import PartProgress, Step
from bot.channels.telegram_text import plain_text_message
from bot.intake import AttachmentSpec, Incoming, accept, location_text
from bot.keys import SETTINGS
from bot.splitting import split_text, utf16_length
from core.phones import normalize_shared_phone
from core.settings import Settings
from core.text import nfc
from core.words import N_, in_both_languages
from storage.job_locks import JobLock
from storage.models import Channel, Citizen
from storage.object_store import open_store
from storage.services.reply_files import KeptFile

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name, not a secret)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes
MAX_UPDATE_ID = 2**63 - 1
# labels used only when a Rasa `custom` reply gives none (responses should carry their own);
# in both languages, since the reply does not say which the citizen reads
DEFAULT_LABELS = {
    "phone": ("📞", N_("citizen_button_share_phone")),
    "location": ("📍", N_("citizen_button_share_location")),
}


class UnparsableUpdate(ValueError):
    """The body is JSON but not an update python-telegram-bot can read."""


@dataclass(frozen=True)
class ParsedUpdate:
    incoming: Incoming | None  # None: a kind of update the assistant does not handle
    callback_query_id: str | None = None


# --- reading updates


def _coordinates(latitude: object, longitude: object) -> tuple[float, float] | None:
    try:
        lat, lon = float(latitude), float(longitude)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _user_fields(user: telegram.User) -> tuple[str, str | None]:
    if type(user.id) is not int:  # PTB does not check types; the chat id must be a number
        raise TypeError("user id is not an integer")
    name = " ".join(p for p in (user.first_name, user.last_name) if p)[:200] or None
    return str(user.id), name


def _language(user: telegram.User) -> str | None:
    code = user.language_code
    return code[:16] if isinstance(code, str) else None


def _from_callback(update_id: int, query: telegram.CallbackQuery) -> ParsedUpdate:
    chat = query.message.chat if query.message is not None else None
    if not query.data or query.from_user.is_bot or (chat is not None and chat.type != "private"):
        return ParsedUpdate(None, query.id)
    user_id, name = _user_fields(query.from_user)
    payload = {
        "telegram": {
            "update_id": update_id,
            "callback_query_id": query.id,
            "language_code": _language(query.from_user),
        },
        "button": True,
    }
    incoming = Incoming(Channel.TELEGRAM, str(update_id), user_id, nfc(query.data), payload, name)
    return ParsedUpdate(incoming, query.id)


def _from_message(update_id: int, message: telegram.Message, edited: bool) -> ParsedUpdate:
    user = message.from_user
    if user is None or user.is_bot or message.chat.type != "private":
        return ParsedUpdate(None)
    user_id, name = _user_fields(user)
    payload: dict[str, Any] = {
        "telegram": {
            "update_id": update_id,
            "message_id": message.message_id,
            "chat_id": message.chat.id,
            "date": message.date.isoformat() if message.date else None,
            "language_code": _language(user),
        }
    }
    if edited:
        payload["edited"] = True
    attachments: tuple[AttachmentSpec, ...] = ()
    if message.text:
        text = nfc(message.text)[:TEXT_LIMIT]
    elif message.photo:
        # sizes come smallest first; take the largest by area in case the order ever changes
        photo = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        payload["photo"] = {
            "file_id": photo.file_id,
            "file_unique_id": photo.file_unique_id,
            "width": photo.width,
            "height": photo.height,
        }
        caption = nfc(message.caption).strip() if message.caption else ""
        if caption:
            payload["photo"]["caption"] = caption
        text = caption or "/share_photo"
        attachments = (AttachmentSpec("photo", reference=photo.file_id, size=photo.file_size),)
    elif message.location:
        point = _coordinates(message.location.latitude, message.location.longitude)
        if point is None:
            return ParsedUpdate(None)
        lat, lon = point
        payload["location"] = {"latitude": lat, "longitude": lon}
        text = location_text(lat, lon)
        attachments = (AttachmentSpec("location", latitude=lat, longitude=lon),)
    elif message.contact:
        contact = message.contact
        # only the citizen's own contact card proves their number; a forwarded card does not
        own = contact.user_id is not None and contact.user_id == user.id
        phone = normalize_shared_phone(contact.phone_number) if own else None
        if phone:
            payload["contact"] = {"phone": phone, "verified": True}
            text = "/share_contact" + json.dumps({"phone": phone})
        else:
            payload["contact"] = {"verified": False}
            text = "/share_contact"
    elif message.document:
        document = message.document
        payload["file"] = {"file_id": document.file_id, "name": document.file_name}
        text = "/share_file"
        attachments = (
            AttachmentSpec(
                "file",
                reference=document.file_id,
                name=document.file_name,
                size=document.file_size,
            ),
        )
    else:  # stickers, voice notes, polls...: nothing the assistant can act on
        return ParsedUpdate(None)
    incoming = Incoming(Channel.TELEGRAM, str(update_id), user_id, text, payload, name, attachments)
    return ParsedUpdate(incoming)


def parse_update(data: dict[str, Any], bot: telegram.Bot) -> ParsedUpdate:
    """Turns one update into what the inbox stores; raises UnparsableUpdate on a broken one."""
    update_id = data.get("update_id")
    if type(update_id) is not int or not 0 <= update_id <= MAX_UPDATE_ID:
        raise UnparsableUpdate("update_id must be a non-negative integer")
    kind = next((k for k in ALLOWED_UPDATES if k in data), None)
    if kind is None:
        return ParsedUpdate(None)  # a kind of update not asked for: nothing to parse
    if kind == "message" and (plain := plain_text_message(update_id, data)) is not None:
        return ParsedUpdate(plain)
    try:
        # only the part handled is parsed: a newer Bot API field elsewhere cannot break it
        update = telegram.Update.de_json({"update_id": update_id, kind: data[kind]}, bot)
    except Exception as error:  # PTB raises KeyError, TypeError, ValueError... on bad shapes
        raise UnparsableUpdate(type(error).__name__) from error
    try:
        if update.callback_query is not None:
            return _from_callback(update_id, update.callback_query)
        if update.message is not None:
            return _from_message(update_id, update.message, edited=False)
        if update.edited_message is not None:
            return _from_message(update_id, update.edited_message, edited=True)
    except (AttributeError, TypeError, ValueError) as error:  # a field of the wrong type
        raise UnparsableUpdate(type(error).__name__) from error
    return ParsedUpdate(None)


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


# --- sending replies


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


# --- long polling, for a machine with no public HTTPS address


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
