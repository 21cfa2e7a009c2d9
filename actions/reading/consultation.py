"""Consultations asked for in words: opting in ("nhận tham vấn", "đăng ký lấy ý kiến xã Cao
Phong", "sign me up for consultations"), opting out ("dừng nhận tham vấn", "stop
consultations"), asking for the open one or to change an answer ("tham vấn", "đổi ý kiến
tham vấn"). The NLU reads these too, so nothing here needs more than the standard library."""

from __future__ import annotations

import re
from typing import Literal

from actions.reading.words import folded

Request = Literal["on", "off", "ask"]

_TOPIC = r"(?:tham van|lay y kien|xin y kien|y kien nguoi dan|khao sat)"
_TOPIC_EN = r"(?:consultations?|surveys?|polls?)"
OFF = re.compile(
    rf"(?<!\w)(?:(?:dung|ngung|huy|tat|bo) (?:dang ky )?(?:nhan )?(?:cac )?(?:tin )?{_TOPIC}"
    rf"|khong (?:muon |can )?(?:nhan |tham gia )(?:them )?(?:tin )?{_TOPIC}"
    rf"|(?:stop|unsubscribe from|no more|leave) (?:the )?{_TOPIC_EN})(?!\w)"
)
ON = re.compile(
    rf"(?<!\w)(?:dang ky (?:nhan |tham gia |duoc )?(?:tin )?(?:cac )?{_TOPIC}"
    rf"|(?:muon|cho|xin) (?:nhan|tham gia|duoc hoi) (?:tin )?(?:cac )?{_TOPIC}"
    rf"|nhan (?:tin )?(?:cac )?{_TOPIC}"
    rf"|(?:subscribe to|sign me up for|join|take part in|join in) (?:the )?(?:public )?{_TOPIC_EN})"
    r"(?!\w)"
)
# "tham vấn" alone, or asked for: "tham vấn về thủ tục đất" is a question about a procedure
ASK = re.compile(
    rf"^(?:\w+ ){{0,2}}(?:{_TOPIC}|{_TOPIC_EN})(?: \w+){{0,2}}$"
    rf"|(?<!\w)(?:(?:tra loi|xem|mo|doi|sua|gui) (?:lai )?(?:y kien |cau tra loi )?"
    rf"(?:cho )?{_TOPIC}"
    rf"|co (?:cuoc |dot )?{_TOPIC} (?:nao|gi)|doi y kien (?:tham van|da gui|cua toi|cua em)"
    rf"|(?:answer|open|show|see) (?:the |a )?{_TOPIC_EN}"
    rf"|is there (?:a |an |any )?(?:open )?{_TOPIC_EN}"
    r"|change my (?:answer|vote|reply))(?!\w)"
)
MAX_WORDS = 16


def consultation_request(text: str) -> Request | None:
    """What a short message asks about consultations, or None when it is not about them."""
    said = folded(text)
    if not said or len(said.split()) > MAX_WORDS:
        return None
    if OFF.search(said):
        return "off"
    if ON.search(said):
        return "on"
    if ASK.search(said):
        return "ask"
    return None
