"""The common Telegram update, a citizen's plain text message in a private chat, read straight
from the JSON.

python-telegram-bot builds a few hundred objects per update (about 0.17 ms, a third of the
webhook's time at a burst: bench/bench_webhook.py). For this one shape, whose fields the Bot API
documents, the few fields the inbox keeps are checked here instead; anything else (photos,
buttons, replies, forwards, edits, a field of an unexpected type) goes through PTB as before.
The two readings give the same Incoming (tests/unit/test_telegram_text.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.incoming import Incoming
from core.text import nfc
from storage.models import Channel

TEXT_LIMIT = 4096
MAX_DATE = 2**32  # a Unix time the Bot API can send; beyond it PTB decides
# the keys a plain text message may carry; another one means a shape for PTB to read
_MESSAGE_KEYS = frozenset({"message_id", "from", "chat", "date", "text", "entities"})
_USER_KEYS = frozenset({"id", "is_bot", "first_name", "last_name", "username", "language_code"})
_CHAT_KEYS = frozenset({"id", "type", "first_name", "last_name", "username"})


def _strings(fields: dict[str, Any], *names: str) -> bool:
    return all(fields.get(n) is None or isinstance(fields[n], str) for n in names)


def plain_text_message(update_id: int, data: dict[str, Any]) -> Incoming | None:
    """The message of `data["message"]` when it is a private chat's plain text from a person;
    None for every other shape (which the caller reads with PTB)."""
    message = data.get("message")
    if not isinstance(message, dict) or not message.keys() <= _MESSAGE_KEYS:
        return None
    user, chat, text = message.get("from"), message.get("chat"), message.get("text")
    if not (isinstance(user, dict) and isinstance(chat, dict) and isinstance(text, str) and text):
        return None
    if not (user.keys() <= _USER_KEYS and chat.keys() <= _CHAT_KEYS):
        return None
    if chat.get("type") != "private" or user.get("is_bot") is not False:
        return None
    ids = [user.get("id"), chat.get("id"), message.get("message_id"), message.get("date")]
    if not all(type(value) is int for value in ids):
        return None
    if not (_strings(user, "first_name", "last_name", "language_code") and "first_name" in user):
        return None
    user_id, chat_id, message_id, date = (value for value in ids if isinstance(value, int))
    if not 0 <= date <= MAX_DATE:
        return None
    language = user.get("language_code")
    payload = {
        "telegram": {
            "update_id": update_id,
            "message_id": message_id,
            "chat_id": chat_id,
            "date": dt.datetime.fromtimestamp(date, dt.timezone.utc).isoformat(),
            "language_code": language[:16] if isinstance(language, str) else None,
        }
    }
    name = " ".join(p for p in (user.get("first_name"), user.get("last_name")) if p)[:200] or None
    return Incoming(
        Channel.TELEGRAM, str(update_id), str(user_id), nfc(text)[:TEXT_LIMIT], payload, name
    )
