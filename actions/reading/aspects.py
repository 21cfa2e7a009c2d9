"""What a procedure question asks about, read from its words: the fee, the time, where to go,
or the whole procedure; and whether a message asks about a procedure at all."""

from __future__ import annotations

import re

from actions.reading.cues import SENTENCE_END, is_a_question
from actions.reading.kinds import kind_described
from actions.reading.words import folded

# the aspect a question asks about, read from its words when the intent cannot be trusted
ASPECT_WORDS = {
    "ask_fee": re.compile(
        r"(?<!\w)(?:le phi|phi|bao nhieu tien|"
        r"(?:mat|het|ton) bao nhieu(?! (?:ngay|lau|thang|tuan|hom|buoi|gio|nam))|"
        r"(?:mat|het|ton|tra|nop|dong|bao nhieu) tien|tien (?:le )?phi|khoan (?:tien|phi|thu)|"
        r"tien (?:gi|j)|"
        r"fee|fees|cost|costs|how much|price|charge)(?!\w)"
    ),
    "ask_processing_time": re.compile(
        r"(?<!\w)(?:bao lau|mat bao lau|may ngay|bao nhieu (?:ngay|thang|tuan|hom|buoi)|khi nao co|"
        r"bao gio co|thoi gian|"
        r"lay ngay|lay luon|trong ngay|may hom(?! (?:truoc|nay|qua|roi))|how long|how many days|"
        r"when will|takes|same day)(?!\w)"
    ),
    "ask_where": re.compile(
        # folded "ở đầu chợ" (at the head of the market) reads like "ở đâu" (where)
        r"(?<!\w)(?:o dau(?! (?:cho|ngo|lang|xom|duong|cau|pho|thon|hem|khu|ban|nha|tuan|thang|"
        r"nam|doc|hoi|dong|tien))|cho nao|noi nao|di dau|nop dau|ra dau|co quan nao|len dau|xa nao|"
        r"phuong nao|where|which office|go to|(?:den|toi) dau (?:xin|nop|lam|de|dang ky)|"
        r"(?:den|toi) dau\s*$|"
        # "ra xã hay ra cơ quan bảo hiểm": one office or the other
        r"(?:ra|len|den|toi|o) (?:xa|phuong|ubnd|huyen|tinh|co quan|cong an|buu dien)"
        r"(?: \w+){0,4} hay (?:ra|len|den|toi|o|phai)|"
        # "chứng thực ở bưu điện được không": whether this office will do
        r"(?:o|tai) (?:buu dien|ubnd|cong an|bo phan mot cua|xa|phuong|huyen|tinh)(?: \w+){0,2} "
        r"(?:duoc|dc) (?:khong|ko|k)|"
        # "ra xã nhà trai hay nhà gái": which side's commune
        r"(?:xa|phuong|ubnd) (?:ben |nha )?(?:trai|gai|chong|vo)(?: hay)?)(?!\w)"
    ),
}
# how people ask how to do something, without a question mark
HOW_TO = re.compile(
    r"(?<!\w)(?:thu tuc|ho so|giay to|cac buoc|quy trinh|huong dan|can gi|can nhung gi|"
    r"lam the nao|lam sao|muon lam|xin cap|dang ky|how|what documents|what papers|"
    r"i need|do i need|steps|procedure|apply)(?!\w)"
)
# how people ask for the whole procedure or one of its parts
# ("làm thủ tục sang tên mất bao lâu" names the procedure by "thủ tục" and asks its time)
WHOLE_PROCEDURE = re.compile(
    r"(?<!\w)(?:giay to gi|giay to nao|cac buoc|quy trinh (?:the nao|ra sao|nhu the nao)|"
    r"trinh tu|can gi|can nhung gi|gom nhung gi|lam the nao|lam sao|nhu the nao|"
    r"what documents|what papers|steps|how do i|how to|how can i|how does(?: \w+){0,6} work|"
    r"what is the process|the process)(?!\w)"
)
# "thủ tục", "giấy tờ" alone: the whole procedure only when nothing more precise is asked
PROCEDURE_NOUNS = re.compile(r"(?<!\w)(?:thu tuc|giay to|quy trinh)(?!\w)")
# "tự đi làm được không", "có phải làm giấy phép không", "do I have to…": whether the citizen may
# or must do it, which the whole procedure (its conditions) answers, unless it is about going
# online, which is where it is done
MAY_OR_MUST = re.compile(
    r"(?<!\w)(?:(?:duoc|dc|đc) (?:khong|ko|k)|co (?:phai|can|bat buoc|nhat thiet)(?: \w+){0,6} "
    r"(?:khong|ko|k|hay)|bat buoc phai|do i (?:have|need) to|must i|have to|is it (?:necessary|"
    r"required|mandatory)|can i|am i allowed)(?!\w)"
)
# the ways of filing online ("qua ứng dụng", "trên dvc")
_ONLINE_WAYS = (
    r"(?:online|truc tuyen|qua mang|tren mang|dich vu cong|dvc|vneid|internet|portal|"
    r"(?:qua|tren|bang) (?:ung dung|app|dien thoai))"
)
ONLINE = re.compile(rf"(?<!\w){_ONLINE_WAYS}(?!\w)")
PARTS = {
    "documents": re.compile(
        r"(?<!\w)(?:giay to|ho so gom|ho so can|can mang|mang theo|mang gi|can chuan bi|"
        r"chuan bi gi|chuan bi nhung|can nhung gi|gom nhung gi|documents|papers|paperwork|"
        r"what do i need|bring)(?!\w)"
    ),
    "steps": re.compile(
        r"(?<!\w)(?:cac buoc|quy trinh|trinh tu|lam the nao|lam sao|nhu the nao|steps|"
        r"how do i|how to|process)(?!\w)"
    ),
}
# a message about an official's conduct during a procedure is a petition, not a question
CONDUCT = re.compile(
    r"(?<!\w)(?:can bo|cong chuc|nhan vien|gay kho|nhung nhieu|hach sach|thai do|cham tre|"
    r"hen di hen lai|ngam ho so|official|officials|staff|clerk|rude)(?!\w)"
)


# online as the way to file, not what a business does ("bán hàng online")
ONLINE_FILING = re.compile(
    r"(?<!\w)(?<!ban hang )(?<!kinh doanh )(?<!mua hang )(?<!ban )(?<!sell )(?<!selling )"
    rf"{_ONLINE_WAYS}(?!\w)"
)


def _asks_if_online(words: str) -> bool:
    """ "làm online được không", "can I do it online": whether it can be filed online, which the
    place answers (where and how to file), unless a fee or a time is asked as well."""
    return bool(ONLINE_FILING.search(words) and MAY_OR_MUST.search(words))


def asked_aspect(text: str) -> str:
    """The intent a procedure question would have had: ask_fee, ask_where… or ask_procedure."""
    words = folded(text)
    for intent, pattern in ASPECT_WORDS.items():
        if pattern.search(words):
            return intent
    if _asks_if_online(words):
        return "ask_where"
    return "ask_procedure"


def _aspect_cues(text: str) -> set[str]:
    words = folded(text)
    cues = {intent for intent, pattern in ASPECT_WORDS.items() if pattern.search(words)}
    if WHOLE_PROCEDURE.search(words):
        cues.add("ask_procedure")
    # "ở bưu điện được không" asks whether that office will do: where, not the conditions
    if MAY_OR_MUST.search(words) and not ONLINE.search(words) and "ask_where" not in cues:
        cues.add("ask_procedure")
    if not cues and _asks_if_online(words):
        cues.add("ask_where")
    if not cues and PROCEDURE_NOUNS.search(words):
        cues.add("ask_procedure")
    return cues


def clear_aspect(text: str) -> str | None:
    """The one aspect a message's words ask about, or None when they ask none or several
    ("ở đâu, cần giấy tờ gì" is left to the classifier). Citizens tell their story first and
    ask last, so the last sentence's question decides when it asks one."""
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    if len(sentences) > 1:
        asked_last = _aspect_cues(sentences[-1])
        if asked_last:
            return asked_last.pop() if len(asked_last) == 1 else None
    cues = _aspect_cues(text)
    return cues.pop() if len(cues) == 1 else None


def asked_part(text: str) -> str | None:
    """The part of a procedure a follow-up asks for: "documents", "steps" or None."""
    words = folded(text)
    return next((part for part, pattern in PARTS.items() if pattern.search(words)), None)


def asks_about_a_procedure(text: str) -> bool:
    """Whether a message that names a procedure asks about it (rather than reporting how an
    office handled it)."""
    words = folded(text)
    if CONDUCT.search(words):
        return False
    return (
        is_a_question(text) or asked_aspect(text) != "ask_procedure" or bool(HOW_TO.search(words))
    )


# folded "cần bố mẹ" (needs both parents) reads as "cán bộ"
BOTH_PARENTS = re.compile(r"(?<!\w)can bo (?=me|va me|hoac me|lan me)")
# a story of how one was treated takes a sentence; a short line is more likely a question
MIN_CONDUCT_STORY_WORDS = 12


def tells_of_an_officials_conduct(text: str) -> bool:
    """ "Cán bộ tư pháp hẹn tôi ba lần lên lấy giấy khai sinh mà lần nào cũng vắng": how an
    office treated someone, told rather than asked; a petition although it names a procedure."""
    plain = folded(text)
    # not is_a_question: a story has its "lần nào", "sao"; only a question mark or a fee, time or
    # place asked makes it a question
    # "kế toán xã làm giả chữ ký để rút tiền hỗ trợ": a denunciation's words are conduct too
    conduct = CONDUCT.search(BOTH_PARENTS.sub(" ", plain)) or kind_described(text) == "to_cao"
    return (
        len(plain.split()) >= MIN_CONDUCT_STORY_WORDS
        and bool(conduct)
        and "?" not in text
        and asked_aspect(text) == "ask_procedure"
    )
