"""Splits a long reply into parts a platform accepts (Telegram 4096, Zalo 2000 characters).

Cuts at the last paragraph break that fits, else the last line break, else the end of a sentence,
else a space, and only as a last resort inside a word. Whitespace at a cut is dropped; nothing else
is, so joining the parts gives back the words of the text in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# a sentence ends with . ! ? or … followed by a space (Vietnamese punctuates like English)
_SENTENCE_END = re.compile(r"[.!?…][)\]\"'»”]*\s")
_SPACE = re.compile(r"\s")


def utf16_length(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji outside the BMP counts twice."""
    return len(text.encode("utf-16-le")) // 2


def _longest_prefix(text: str, limit: int, measure: Callable[[str], int]) -> int:
    """The number of leading characters of `text` whose measure is at most `limit`."""
    if measure is len:
        return min(len(text), limit)
    low, high = 0, min(len(text), limit)
    while low < high:  # binary search: measure grows with the prefix
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _cut_at(window: str) -> int:
    """Where to cut a window that is too long: after the best boundary in its second half."""
    floor = len(window) // 2  # a boundary too near the start would make many tiny parts
    for boundary in ("\n\n", "\n"):
        at = window.rfind(boundary)
        if at >= floor:
            return at + len(boundary)
    ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() >= floor]
    if ends:
        return ends[-1]
    spaces = [m.end() for m in _SPACE.finditer(window) if m.end() >= floor]
    if spaces:
        return spaces[-1]
    return len(window)


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Parts of `text`, each 1..`limit` long by `measure`, cut at the most natural boundary."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    parts: list[str] = []
    rest = text.strip()
    while rest:
        if measure(rest) <= limit:
            parts.append(rest)
            break
        size = _longest_prefix(rest, limit, measure)
        # a window followed by a space ends at a boundary too: let the cut see that space (the
        # cut then ends with whitespace, which is dropped, so the part still fits)
        if rest[size].isspace():
            size += 1
        cut = _cut_at(rest[:size])
        if cut == 0:  # cannot happen with limit >= 2; kept so the loop always advances
            cut = max(size, 1)
        part = rest[:cut].rstrip()
        if part:
            parts.append(part)
        rest = rest[cut:].lstrip()
    return parts
