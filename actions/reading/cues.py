"""What takes a citizen out of a form question: cancelling, asking for an official, asking a
question of their own. Read from the words, so a description is not mistaken for any of them."""

from __future__ import annotations

import re

from actions.reading.words import folded

CANCEL = re.compile(
    r"(?<!\w)(?:huy|huy bo|huy di|thoi bo|bo di|bo qua|thoi khong gui|khong gui nua|khong gui "
    r"dau|khong muon gui|khong can nua|dung lai|thoi dung|thoi khoi|khoi gui|thoi nghi|ngung|"
    r"cancel|stop|never mind|nevermind|forget it|quit|abort|dont send|do not send|"
    r"no longer want)(?!\w)"
)
# giving up in words no description uses ("tôi đổi ý rồi, không phản ánh nữa")
FIRM_CANCEL = re.compile(
    r"(?<!\w)(?:doi y|changed? my mind|"
    # "hủy" unless it is "phá hủy", "tiêu hủy", "hủy hoại" (destroying something)
    r"(?<!pha )(?<!tieu )(?<!bi )huy(?! hoai)(?: bo| di| giup| dum| don| nhe| nha| viec nay)?|"
    r"khong (?:muon |can )?(?:phan anh|gui|kien nghi|khieu nai|to cao|lam don|bao)(?: \w+){0,2} "
    r"nua|thoi khong (?:gui|phan anh|lam)|khong gui nua|khong muon gui|de (?:hom|lan|luc) khac|"
    # "thôi khỏi gửi nữa, công ty nước sửa rồi": "khỏi" is "no need to"
    r"thoi khoi(?: \w+){0,2}|khoi (?:gui|phan anh|bao|lam|kien nghi)(?: \w+){0,2} nua|"
    r"de sau|(?:gio |thoi )dung lai|dung lai (?:nhe|nha|nhen|da|a|di|thoi)|"
    r"(?:gui|lam|bao|noi|tinh) sau (?:nhe|nha|nhen|vay|a|di)|(?:lam|gui) don (?:\w+ ){0,3}gui sau|"
    # "à thôi không cần nữa, điện lực thay bóng rồi": the problem went away
    r"thoi (?:khong|ko|k) can(?: \w+){0,2} nua|"
    # "đừng gửi nữa", "thôi khoan, đừng gửi": do not send it
    r"dung (?:gui|nop|phan anh|lam don)(?: \w+){0,2} nua|(?:thoi|khoan)(?: \w+)? dung gui|"
    # "thôi để em lên xã nói trực tiếp": they will go in person instead
    r"thoi de (?:toi|em|minh|tui|chau|con|e|t) (?:\w+ ){0,4}(?:truc tiep|tu lam|tu di|tu len|"
    r"tu noi|len xa|len phuong|ra xa|ra phuong)|i ?ll (?:go|talk|speak|ask) (?:\w+ ){0,4}"
    r"(?:myself|in person)|"
    r"thoi bo|bo di|khong lam nua|cancel|(?:dont|do not) send(?! (?:\w+ )?yet)|another time|"
    r"please stop|stop it|forget it|(?:dont|do not|no longer) (?:want|wish|need) to "
    r"(?:file|send|report|continue|do|go on)|not anymore)(?!\w)"
)
# "thôi" alone, or "thôi" then "không/bỏ/hủy", is giving up; "thôi được" is not
_THOI_ALONE = re.compile(r"^(?:thoi|thoi (?:khong|bo|huy|nhe|nha|a|vay|ko)(?: .*)?)$")
MAX_CANCEL_WORDS = 10
# a firm cancel may come with its reason ("hủy đi, tôi nói chuyện được với nhà đó rồi")
MAX_FIRM_CANCEL_WORDS = 25
# a cancel said first, in a clause this short, whatever follows
MAX_LEADING_CANCEL_WORDS = 5
CLAUSE_END = re.compile(r"[,.;:!?\n]")
OFFICIAL = re.compile(
    r"(?<!\w)(?:gap|noi chuyen|lien he|chuyen|ket noi|cho (?:toi |minh |em )?gap|can|muon gap)"
    r"(?: (?:voi|cho|toi|minh|em))* (?:can bo|nhan vien|nguoi that|nguoi truc|tong dai|"
    r"tong dai vien|admin that|nguoi)|(?<!\w)(?:nguoi that|tong dai vien|real person|human|"
    r"agent|operator|noi chuyen truc tiep|gap truc tiep|chuyen (?:cho |len |sang )?can bo|"
    r"talk to (?:a |an )?(?:person|official|staff|someone|human)|speak to|"
    r"connect me)(?!\w)"
)
QUESTION = re.compile(
    r"(?<!\w)(?:gi|sao|nao|bao nhieu|bao lau|o dau|len dau|ra dau|cho nao|the nao|"
    r"nhu the nao|lam sao|"
    r"co duoc khong|duoc khong|khong a|co phai|phai khong|hay khong|"
    r"may (?:thang|ngay|nam|buoc|tuoi|loai)|how|what|where|when|which|can i|do i|is it|"
    r"does)(?!\w)"
)
MAX_OFFICIAL_WORDS = 24
SENTENCE_END = re.compile(r"[.!?;\n]+")


def wants_to_cancel(text: str, firmly: bool = False) -> bool:
    """Whether the citizen gives up; `firmly` for words a description would not use, where a
    "stop" or "dừng lại" may be part of what happened."""
    words = folded(text.replace("'", "").replace("’", ""))
    count = len(words.split())
    if not words:
        return False
    if count > MAX_FIRM_CANCEL_WORDS:
        # "Thôi hủy đi, tôi vừa gọi điện lực, họ bảo…": the cancel leads, its reason follows
        first = folded(CLAUSE_END.split(text.replace("'", ""), maxsplit=1)[0])
        return len(first.split()) <= MAX_LEADING_CANCEL_WORDS and bool(FIRM_CANCEL.search(first))
    if FIRM_CANCEL.search(words):
        return True
    if firmly or count > MAX_CANCEL_WORDS:
        return False
    return bool(CANCEL.search(words) or _THOI_ALONE.match(words))


def wants_an_official(text: str) -> bool:
    """Whether the citizen asks for a person, in a short message or in one sentence of a longer
    one ("Việc này nhiều giấy tờ lắm. Tôi muốn gặp trực tiếp cán bộ, được không ạ?")."""
    sentences = [folded(s) for s in SENTENCE_END.split(text)]
    return any(len(s.split()) <= MAX_OFFICIAL_WORDS and OFFICIAL.search(s) for s in sentences if s)


def is_a_question(text: str) -> bool:
    # folding drops punctuation, so the question mark is looked for in the text itself
    return "?" in text or bool(QUESTION.search(folded(text)))
