"""Yes and no in every form people type them: có, co, ừ, uh, ok, dc, đúng rồi, không, ko, k, hông,
no, nope…"""

from __future__ import annotations

import re

from actions.reading.words import folded, words

YES = frozenset(
    """
    co vang da u uh um uhm uk uki ok oke okay okie oki okela oce duoc dung chuan phai yes yep
    yeah yup ya yea sure y gui dong chac correct right confirm send tat xac chinh
    """.split()
)
NO = frozenset(
    """
    khong hong hok hem khum kh chua no nope nah not dont never sai negative n
    """.split()
)
# "wait", "khoan gửi đã": neither yes nor no, and never a go-ahead to send
HOLD = re.compile(
    r"(?<!\w)(?:khoan|tu tu|doi (?:da|chut|ti|xiu|em|toi|minh)|cho (?:chut|ti|xiu|da)|"
    r"chua gui|dung voi|wait|hold on|not yet|hang on|(?:dont|do not) send (?:\w+ )?yet)(?!\w)"
)
# particles and forms of address that carry no answer ("dạ", "ạ", "ad ơi", "nhé")
FILLER = frozenset("a oi ad admin nhe nha nhen ban minh em anh chi ah thi vay the ma".split())


def read_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when the message is neither.

    The first answer word decides ("không, ghi tên tôi" is no; "ok gửi đi" is yes); "dạ không" is
    no because "dạ" is politeness before the answer.
    """
    if holds_back(text):
        return None
    tokens = [t for t in words(text.replace("'", "").replace("’", "")) if t not in FILLER]
    if tokens[:1] == ["da"] and len(tokens) > 1 and tokens[1] in NO:
        return False
    for token in tokens[:3]:
        if token in NO:
            return False
        if token in YES:
            return True
    if any(t in NO for t in tokens):
        return False
    if any(t in YES for t in tokens):
        return True
    return None


def holds_back(text: str) -> bool:
    """Whether the citizen asks to wait ("khoan gửi đã", "đợi chút", "wait, not yet")."""
    return bool(HOLD.search(folded(text.replace("'", "").replace("’", ""))))


# "đủ rồi", "vậy thôi", "that's all": nothing to add to what was said
NOTHING_MORE = re.compile(
    r"(?<!\w)(?:du roi|vay thoi|the thoi|chi vay|chi the|het roi|co vay|"
    r"(?:khong|ko) co (?:gi|j) (?:them|nua)|(?:khong|ko|k) (?:them|can) (?:gi|j)|"
    r"thats all|that is all|thats it|nothing (?:else|more)|no more|nope that s it)(?!\w)"
)


def says_nothing_more(text: str) -> bool:
    """Whether a short message asked for more details says there is nothing to add."""
    if len(words(text)) > 6:
        return False
    return bool(NOTHING_MORE.search(folded(text.replace("'", "").replace("’", "")))) or (
        read_yes_no(text) is False
    )
