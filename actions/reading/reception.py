"""Reception by chat, read from the words: asking when a unit's head receives citizens or to
book a meeting ("khi nào chủ tịch xã tiếp dân", "dat lich gap chu tich xa", "when can I meet the
commune chairman"), cancelling or moving an appointment ("hủy lịch TD-…", "đổi lịch"), its code,
and which of the offered days a typed answer picks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Literal

from actions.reading.cues import wants_an_official
from actions.reading.kinds import asks_for_a_petition, kind_described
from actions.reading.words import folded, option_number

Request = Literal["ask", "cancel", "move"]

ASK = re.compile(
    r"(?<!\w)(?:tiep dan|tiep cong dan|gap (?:truc tiep )?(?:chu tich|lanh dao|pho chu tich)|"
    r"lich (?:tiep|gap)|dat lich (?:gap|tiep|hen)|dang ky (?:gap|tiep)|"
    r"hen gap (?:chu tich|lanh dao)|"
    r"meet (?:the )?(?:commune |ward |provincial |province )?(?:chairman|chairwoman|chair|leader)|"
    r"reception (?:day|days|hours)|citizen reception|book (?:a |an )?(?:meeting|appointment))"
    r"(?!\w)"
)
CANCEL = re.compile(
    r"(?<!\w)(?:huy (?:lich|cuoc hen|hen|buoi hen)|khong (?:den|di) (?:gap|duoc) (?:nua|hom do)|"
    r"cancel (?:my |the )?(?:appointment|meeting|booking))(?!\w)"
)
MOVE = re.compile(
    r"(?<!\w)(?:doi lich|doi ngay (?:gap|hen)|doi gio (?:gap|hen)|doi lich hen|doi sang ngay|"
    r"chuyen lich|reschedule|move (?:my |the )?(?:appointment|meeting|booking)|"
    r"change (?:my |the )?(?:appointment|meeting|booking))(?!\w)"
)
CODE = re.compile(r"\bTD-?([2-9A-HJ-NP-Z]{6})\b", re.IGNORECASE)
WEEKDAYS = {
    "thu hai": 1,
    "thu 2": 1,
    "monday": 1,
    "thu ba": 2,
    "thu 3": 2,
    "tuesday": 2,
    "thu tu": 3,
    "thu 4": 3,
    "wednesday": 3,
    "thu nam": 4,
    "thu 5": 4,
    "thursday": 4,
    "thu sau": 5,
    "thu 6": 5,
    "friday": 5,
}
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)")
_DAY_WORD = re.compile(r"(?:ngay|day)\s+(\d{1,2})(?!\d)")


def reception_request(text: str) -> Request | None:
    """What a message asks of reception, or None (a petition about reception is a petition)."""
    if text.startswith("/"):
        return None
    words = folded(text)
    if CANCEL.search(words):
        return "cancel"
    if MOVE.search(words):
        return "move"
    # "cho tôi nói chuyện với cán bộ tiếp dân" wants an official now, here: a handoff
    if (
        ASK.search(words)
        and not wants_an_official(text)
        and not asks_for_a_petition(text)
        and kind_described(text) is None
    ):
        return "ask"
    return None


def booking_code(text: str) -> str | None:
    found = CODE.search(text)
    return f"TD-{found.group(1).upper()}" if found else None


def read_day_choice(text: str, offered: Sequence[dt.date]) -> dt.date | None:
    """The offered day a typed answer picks: its number in the list, "3/12", "ngày 3",
    "thứ năm", "thursday"; None when it picks none or several."""
    number = option_number(text)
    if number is not None and 1 <= number <= len(offered) and len(folded(text).split()) <= 3:
        return offered[number - 1]
    words = folded(text)
    if re.search(r"(?<!\w)(?:dau tien|som nhat|gan nhat|first|earliest|soonest)(?!\w)", words):
        return offered[0] if offered else None
    for match in _DAY_MONTH.finditer(text):
        day, month = int(match.group(1)), int(match.group(2))
        picked = [d for d in offered if (d.day, d.month) == (day, month)]
        if len(picked) == 1:
            return picked[0]
    for match in _DAY_WORD.finditer(words):
        picked = [d for d in offered if d.day == int(match.group(1))]
        if len(picked) == 1:
            return picked[0]
    for name, weekday in WEEKDAYS.items():
        if re.search(rf"(?<!\w){name}(?!\w)", words):
            picked = [d for d in offered if d.isoweekday() == weekday]
            if len(picked) == 1:
                return picked[0]
    return None
