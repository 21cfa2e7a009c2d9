"""Tracking codes citizens read aloud, type on phones and copy from messages.

The alphabet leaves out 0/O, 1/I/L so a code read from a screen or over the phone is never
ambiguous; 31^8 (about 8.5 × 10^11) codes make guessing another citizen's code impractical.
"""

from __future__ import annotations

import logging
import secrets

logger = logging.getLogger(__name__)

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
_ALLOWED = frozenset(ALPHABET)
_SEPARATORS = frozenset("-")


def _format(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:]}"


def new_tracking_code() -> str:
    """A fresh code like "K7M3-9QX2", drawn with `secrets`: a guessable code leaks petitions."""
    return _format("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def normalize_tracking_code(text: str | None) -> str | None:
    """The canonical "XXXX-XXXX" form of what a citizen typed, or None when it cannot be a code.

    Accepts lowercase, spaces and a missing hyphen. Non-ASCII input is refused before uppercasing,
    because `str.upper()` turns some letters into ASCII ones ("ſ" → "S", "ß" → "SS").
    """
    if not isinstance(text, str):
        return None
    raw = "".join(ch for ch in text if not ch.isspace() and ch not in _SEPARATORS)
    if len(raw) != CODE_LENGTH or not raw.isascii():
        return None
    raw = raw.upper()
    if not all(ch in _ALLOWED for ch in raw):
        return None
    return _format(raw)
