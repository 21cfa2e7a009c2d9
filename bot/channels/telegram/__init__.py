"""Telegram: updates come in through the webhook (`webhook`) or long polling (`polling`), are
read by `updates` (`plain_text` for the common plain text message), and replies go out through
`sender`."""

from bot.channels.telegram.polling import poll_updates
from bot.channels.telegram.sender import TELEGRAM, TelegramSender
from bot.channels.telegram.updates import ALLOWED_UPDATES, UnparsableUpdate, parse_update
from bot.channels.telegram.webhook import ROUTES, SECRET_HEADER

__all__ = [
    "ALLOWED_UPDATES",
    "ROUTES",
    "SECRET_HEADER",
    "TELEGRAM",
    "TelegramSender",
    "UnparsableUpdate",
    "parse_update",
    "poll_updates",
]
