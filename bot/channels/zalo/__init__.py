"""Zalo Official Account: events come in through the webhook (`webhook`, read by `events`),
replies go out through `sender` with the rotating access token of `tokens`, and `buttons` stands
in for the buttons Zalo OA messages do not have."""

from bot.channels.zalo.events import BadEvent, parse_event
from bot.channels.zalo.sender import ZALO, ZaloSender
from bot.channels.zalo.webhook import (
    ROUTES,
    SIGNATURE_HEADER,
    expected_signature,
    signature_matches,
)

__all__ = [
    "ROUTES",
    "SIGNATURE_HEADER",
    "ZALO",
    "BadEvent",
    "ZaloSender",
    "expected_signature",
    "parse_event",
    "signature_matches",
]
