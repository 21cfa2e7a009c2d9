"""The answer to "someone reported this already: follow that report, or send your own?", typed:
"theo dõi chung", "gộp vào", "ok", "follow it" follow it; "gửi riêng", "không phải", "cái khác",
"my own", "not the same" send one's own."""

from __future__ import annotations

import re

from actions.reading.words import folded
from actions.reading.yes_no import read_yes_no

OWN = re.compile(
    r"(?<!\w)(?:rieng|khong (?:phai|giong|trung|lien quan)|cai khac|viec khac|cho khac|khac nhau|"
    r"own|separate|separately|new one|different|not the same|another one|not it|not mine)(?!\w)"
)
FOLLOW = re.compile(
    r"(?<!\w)(?:theo doi|chung|gop|them vao|cung (?:viec|cho|cai)|trung|dung (?:roi|la)|"
    r"follow|join|add (?:mine|it|me)|same|that one|thats it|its the same)(?!\w)"
)


def read_join_answer(text: str) -> bool | None:
    """True to follow the earlier report, False to send one's own, None when it says neither."""
    plain = folded(text.replace("'", "").replace("’", ""))
    if OWN.search(plain):
        return False
    if FOLLOW.search(plain):
        return True
    return read_yes_no(text)
