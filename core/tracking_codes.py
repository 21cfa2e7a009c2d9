"""Tracking codes citizens read aloud, type on phones and copy from messages.

The alphabet leaves out 0/O, 1/I/L so a code read from a screen or over the phone is never
ambiguous. A new code mixes letters and digits, so one typed without its hyphen inside a sentence
("ma k7pm3qxa sao roi") is told apart from a word; about 5.9 × 10^11 such codes make guessing
another citizen's code impractical.
"""

from __future__ import annotations

import logging
import re
import secrets

logger = logging.getLogger(__name__)

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
_ALLOWED = frozenset(ALPHABET)
_SEPARATORS = frozenset("-")


def _format(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:]}"


_CODE_IN_TEXT = re.compile(
    rf"(?<![\w-])([{ALPHABET}]{{4}})[-\s]?([{ALPHABET}]{{4}})(?![\w-])", re.IGNORECASE
)
# words that announce a code ("mã", "hồ sơ", "code"), folded to lower case without diacritics
_CODE_CUES = re.compile(
    r"\b(ma|mã|ma so|mã số|ho so|hồ sơ|tra cuu|tra cứu|code|tracking|reference|ref)\W*$",
    re.IGNORECASE,
)


def _mixes_letters_and_digits(raw: str) -> bool:
    return any(ch.isdigit() for ch in raw) and any(ch.isalpha() for ch in raw)


def new_tracking_code() -> str:
    """A fresh code like "K7M3-9QX2", drawn with `secrets`: a guessable code leaks petitions."""
    while True:
        raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if _mixes_letters_and_digits(raw):
            return _format(raw)


def find_tracking_code(text: str) -> tuple[str, int, int] | None:
    """The first tracking code in a text, canonical, with where it stands.

    With its hyphen a code is always one. Without it, eight characters are a code when they mix
    letters and digits, are typed in capitals, or follow a word that announces a code: so
    "remember" is a word, while "mã KXRTPQMA" and "ma kxrtpqma" are codes (older codes may be
    letters only).
    """
    for match in _CODE_IN_TEXT.finditer(text):
        raw = match.group(1) + match.group(2)
        if (
            "-" in match.group(0)
            or _mixes_letters_and_digits(raw)
            or raw.isupper()
            or _CODE_CUES.search(text[: match.start()])
        ):
            return _format(raw.upper()), match.start(), match.end()
    return None


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


# a reference from another system: letters and digits in hyphen- or dot-separated groups, with a
# run of three digits ("HB-2026-00487", "000.00.12.H55-240101-0001", the public-service portal's
# dossier numbers). Citizens type these to ask about a file, as they would one of ours.
_OTHER_REFERENCE = re.compile(r"(?<![\w.@-])[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+){1,6}(?![\w@-])")
OTHER_REFERENCE_MIN_LENGTH = 8
# one of our codes mistyped with a letter or digit ours never use ("Q8ZN-4LDC", "R2LX5NPV"): the
# same shape as a code, with any letters and digits
_CODE_SHAPED = re.compile(r"(?<![\w-])([A-Za-z0-9]{4})-?([A-Za-z0-9]{4})(?![\w-])")


def _looks_like_a_code(match: re.Match[str], text: str) -> bool:
    raw = match.group(1) + match.group(2)
    return _mixes_letters_and_digits(raw) and (
        "-" in match.group(0) or raw.isupper() or bool(_CODE_CUES.search(text[: match.start()]))
    )


def find_other_reference(text: str) -> str | None:
    """The first reference-shaped token that is not one of our codes, as typed, or None."""
    if find_tracking_code(text) is not None:
        return None
    for match in _OTHER_REFERENCE.finditer(text):
        token = match.group(0)
        if (
            len(token) >= OTHER_REFERENCE_MIN_LENGTH
            and re.search(r"\d{3}", token)
            and re.search(r"[A-Za-z]", token)
        ):
            return token
    for match in _CODE_SHAPED.finditer(text):
        if _looks_like_a_code(match, text):
            return match.group(0)
    return None
