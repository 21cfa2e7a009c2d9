"""Phone numbers as citizens type or share them, read with Google's libphonenumber metadata.

One place decides what a Vietnamese mobile number is, for the form, the channels and status checks:
libphonenumber knows the numbering plan (mobile ranges, the 2018 renumbering), so nothing here
hard-codes prefixes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

REGION = "VN"
# numbers written with dots, spaces or dashes inside ("0912.345.678", "0912 345 678")
_SEPARATED_DIGITS = re.compile(r"\+?\d[\d .\-()]{7,16}\d")
_LONGEST_TYPED = 40


@dataclass(frozen=True)
class FoundPhone:
    number: str  # E.164, e.g. "+84912345678"
    start: int
    end: int


def _mobile(candidate: str) -> str | None:
    try:
        parsed = phonenumbers.parse(candidate, REGION)
    except NumberParseException:
        return None
    if parsed.country_code != 84 or not phonenumbers.is_valid_number(parsed):
        return None
    if phonenumbers.number_type(parsed) not in (
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


def normalize_phone(text: str) -> str | None:
    """'0912 345 678', '84912345678', '+84 912-345-678' → '+84912345678'; None if not a mobile."""
    if len(text) > _LONGEST_TYPED:
        return None
    digits = "".join(c for c in text if c.isdigit())
    if not digits:
        return None
    if text.strip().startswith("+"):
        return _mobile("+" + digits)
    if digits.startswith("84") and len(digits) == 11:
        return _mobile("+" + digits)
    if len(digits) == 9:
        # the leading 0 left out
        return _mobile("0" + digits)
    return _mobile(digits)


def find_phone(text: str) -> FoundPhone | None:
    """The first Vietnamese mobile number written anywhere in a message, with its span."""
    for match in _SEPARATED_DIGITS.finditer(text):
        number = normalize_phone(match.group(0))
        if number is not None:
            return FoundPhone(number, match.start(), match.end())
    return None


def normalize_shared_phone(raw: object) -> str | None:
    """A number a platform shares from the citizen's account (Telegram's contact button, Zalo's
    info form) in E.164: any valid number, since the platform vouches for it; Telegram may omit
    the '+', Zalo gives "84…", a form may hold "0…"."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > _LONGEST_TYPED:
        return None
    digits = "".join(c for c in raw if c.isdigit())
    candidate = raw.strip() if raw.strip().startswith(("+", "0")) else "+" + digits
    try:
        parsed = phonenumbers.parse(candidate, REGION)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
