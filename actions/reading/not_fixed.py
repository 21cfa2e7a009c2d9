"""A citizen saying that what was reported is still not put right ("chưa sửa", "vẫn còn nguyên",
"vẫn chưa ai đến", "it's still broken", "not fixed"). "Nobody came" is left out: a new report
says it as often ("gọi công an xã không thấy ai đến")."""

from __future__ import annotations

import re

from actions.reading.words import folded

NOT_FIXED = re.compile(
    r"(?<!\w)(?:chua (?:duoc )?(?:sua|khac phuc|xu ly|giai quyet|thay ai|ai den|thay sua)|"
    r"van (?:con nguyen|chua|hong|the|nhu cu|y nguyen|nguyen|tat|ngap|boc mui|tac)|"
    r"(?:tac|hong|ngap|tat|bi|con) nhu cu|co sua dau|dau co sua|"
    # "báo đã xử lý mà…", "hệ thống báo hoàn thành rồi mà…", "sao lại đóng phản ánh"
    r"(?:bao|ghi|noi|danh dau) (?:la )?(?:da )?(?:xu ly|hoan thanh|giai quyet|xong)(?: roi)? ma|"
    r"sao lai dong|"
    r"not (?:been )?(?:fixed|repaired|solved|resolved)|(?:has|have)n?t been (?:fixed|repaired)|"
    r"still (?:broken|there|not fixed|the same|happening|flooded|dark|blocked|off|out|"
    r"not working)|marked (?:it |this )?(?:as )?(?:resolved|done|fixed|closed)|"
    r"nothing (?:has )?changed)(?!\w)"
)
# a message this long describes a new matter rather than answering about the old one
MAX_WORDS = 30


def says_not_fixed(text: str) -> bool:
    words = folded(text.replace("'", "").replace("’", ""))
    return len(words.split()) <= MAX_WORDS and bool(NOT_FIXED.search(words))
