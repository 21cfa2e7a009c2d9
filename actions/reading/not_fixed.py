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
    r"(?:chang|khong) (?:co )?(?:gi )?thay doi|"
    r"nothing (?:has )?changed)(?!\w)"
)
# the petition said to be done or closed, and the problem still there: about the old matter
# whatever else the message says ("ghi là đã khắc phục nhưng quán vẫn hát đến 1 giờ")
MARKED_DONE = re.compile(
    r"(?<!\w)(?:(?:bao|bao cao|ghi|noi|danh dau|he thong bao|thong bao|cap nhat|tra loi) "
    r"(?:la )?(?:da )?(?:xu ly|hoan thanh|giai quyet|xong|khac phuc|dong)|"
    # "kết quả xử lý không đúng sự thật": the answer given does not match what is there
    r"(?:ket qua|tra loi|bao cao) (?:xu ly |giai quyet )?(?:ko|khong|k) (?:dung|dung voi) "
    r"(?:su that|thuc te)|"
    r"(?:phan anh|ho so|don|kien nghi|khieu nai) (?:cua (?:toi|em|e|minh|mk|tui) )?"
    r"(?:da )?(?:bi |duoc )?dong|sao lai dong|"
    r"marked (?:it |this |my report )?(?:as )?(?:resolved|done|fixed|closed)|"
    r"(?:closed|resolved) (?:it|my report|the report|my complaint)|"
    r"(?:was|is|got|been) (?:closed|resolved|marked (?:as )?(?:done|resolved|fixed)))(?!\w)"
)
STILL = re.compile(r"(?<!\w)(?:van|chua|nhung|ma|still|not|but|nothing)(?!\w)")
# a message this long describes a new matter rather than answering about the old one
MAX_WORDS = 30


def says_not_fixed(text: str) -> bool:
    words = folded(text.replace("'", "").replace("’", ""))
    return len(words.split()) <= MAX_WORDS and bool(NOT_FIXED.search(words))


def says_marked_done_but_not(text: str) -> bool:
    """Whether the message says the petition was marked done or closed and it is not."""
    words = folded(text.replace("'", "").replace("’", ""))
    return (
        len(words.split()) <= MAX_WORDS
        and bool(MARKED_DONE.search(words))
        and bool(STILL.search(words))
    )
