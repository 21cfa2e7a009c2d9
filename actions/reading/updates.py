"""A citizen turning off, or back on, the messages about their petition's moves ("tắt thông
báo", "không muốn nhận tin nữa", "stop updates"; "bật thông báo", "resume updates")."""

from __future__ import annotations

import re

from actions.reading.words import folded

OFF = re.compile(
    r"^(?:\w+ ){0,3}(?:tat|dung|ngung|huy) (?:nhan )?(?:thong bao|tin cap nhat|tin nhan thong bao)"
    r"|khong (?:muon |can )?nhan (?:them )?(?:thong bao|tin cap nhat)(?: nua)?"
    r"|(?:stop|turn off|no more|unsubscribe from) (?:the )?(?:updates|notifications)"
    r"|^unsubscribe$"
)
ON = re.compile(
    r"^(?:\w+ ){0,3}(?:bat|mo|nhan lai) (?:lai )?(?:thong bao|tin cap nhat)"
    r"|(?:resume|turn on|start) (?:the )?(?:updates|notifications)"
)
MAX_WORDS = 12


def updates_wanted(text: str) -> bool | None:
    """False to stop the messages, True to have them again, None when the text says neither."""
    words = folded(text)
    if not words or len(words.split()) > MAX_WORDS:
        return None
    if OFF.search(words):
        return False
    if ON.search(words):
        return True
    return None
