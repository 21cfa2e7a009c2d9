"""Vietnamese mobile numbers as people type them, normalised to +84."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")
# Vietnamese mobile prefixes after the leading 0: 3x, 5x, 7x, 8x, 9x
_MOBILE = re.compile(r"^[35789]\d{8}$")


def normalize_phone(text: str) -> str | None:
    """'0912 345 678', '84912345678', '+84 912-345-678' → '+84912345678'; None if not a mobile."""
    if len(text) > 40:
        return None
    digits = "".join(_DIGITS.findall(text))
    if digits.startswith("84") and len(digits) == 11:
        national = digits[2:]
    elif digits.startswith("0") and len(digits) == 10:
        national = digits[1:]
    elif len(digits) == 9:
        national = digits
    else:
        return None
    return f"+84{national}" if _MOBILE.match(national) else None
