"""Reading a Telegram update into the Incoming the inbox stores.

Updates are parsed with python-telegram-bot (`Update.de_json`), a plain text message more cheaply
(`plain_text`). Only private chats are served: department groups receive notifications but their
members' messages are not citizens' messages.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import telegram

from bot.channels.telegram.plain_text import plain_text_message
from bot.intake import AttachmentSpec, Incoming, location_text
from core.phones import normalize_shared_phone
from core.text import nfc
from storage.models import Channel

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
TEXT_LIMIT = 4096
MAX_UPDATE_ID = 2**63 - 1


class UnparsableUpdate(ValueError):
    """The body is JSON but not an update python-telegram-bot can read."""


@dataclass(frozen=True)
class ParsedUpdate:
    incoming: Incoming | None  # None: a kind of update the assistant does not handle
    callback_query_id: str | None = None


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
