"""The folded words of a message, shared by the readers."""

from __future__ import annotations

import re

from core.text import normalize

_NUMBERED = re.compile(
    r"^\s*(?:so|cai|muc|option|number|no|phuong an|lua chon|chon)?\s*([1-9])\s*$"
)


def words(text: str) -> list[str]:
    """Folded, diacritic-free words with chat shorthand expanded ("ko" → "khong")."""
    return normalize(text).split()


def folded(text: str) -> str:
    return " ".join(words(text))


def has_phrase(text_folded: str, phrase: str) -> bool:
    """Whether a folded phrase occurs as whole words in a folded text."""
    return f" {phrase} " in f" {text_folded} "


def first_phrase(text_folded: str, phrases: list[str] | tuple[str, ...]) -> str | None:
    """The phrase that occurs earliest (longest first at the same place)."""
    padded = f" {text_folded} "
    best: tuple[int, int, str] | None = None
    for phrase in phrases:
        at = padded.find(f" {phrase} ")
        if at >= 0 and (best is None or (at, -len(phrase)) < (best[0], best[1])):
            best = (at, -len(phrase), phrase)
    return best[2] if best else None


def option_number(text: str) -> int | None:
    """A typed option number ("2", "số 2", "option 3") as a 1-based index."""
    found = _NUMBERED.match(folded(text))
    return int(found.group(1)) if found else None
