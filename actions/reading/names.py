"""People's names in a message: "tôi là Lê Văn Hùng", "tên mình là tran thi hoa", a bare
"Nguyễn Văn An" typed where a yes or no was expected, "my name is Pham Minh Duc"."""

from __future__ import annotations

import re

from core.phones import find_phone
from core.text import fold, nfc

# Vietnamese family names (folded), including those common among the Mường of former Hòa Bình
SURNAMES = frozenset(
    """
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan luong trinh
    mai cao lam ha ta chu quach kieu vuong thai to trieu dao luu tong lai mac chau nong hua
    lo sam quang xa vi luc bach giap khuat tieu kim thach nghiem ton ung diep dam lang thieu phung
    au cu nghiem van khuc man bien
    """.split()
)
# words that end a name: what people say after it ("ở xóm Chiềng", "sđt 09…", "muốn phản ánh")
AFTER_NAME = frozenset(
    """
    o tai sdt so dien thoai dt sinh song hien dang muon can xin phan gui va nha day a nhe nha oi
    la cho toi minh em co o den tu nguoi dan tuoi email zalo phone living from and my i want
    would like at in live number near
    """.split()
)
# words that follow a street's or a place's name, in English, where it is named after a person
PLACE_AFTER = frozenset(
    "street road ward commune district lane alley village hamlet market school bridge".split()
)
_INTRO = re.compile(
    r"(?:^|[\s,.;:!])(?:"
    r"(?:ten|ho ten)\s+(?:cua\s+)?(?:toi|minh|em|anh|chi|tui|con|chau)\s+(?:la\s+)?"
    r"|(?:toi|minh|em|anh|chi|tui|con|chau|e|mik|mk|t)\s+ten\s+(?:la\s+)?"
    r"|(?:toi|minh|em|tui|con|chau|e|mik|mk|t)\s+la\s+"
    r"|ho\s+ten\s*:?\s*|ten\s*:\s*"
    r"|my\s+name\s+is\s+|my\s+name's\s+|my\s+name\s*[,:]\s*|i\s+am\s+|i'm\s+|this\s+is\s+"
    r"|it's\s+|it\s+is\s+"
    r"|name\s*:\s*"
    r")"
)
# "…, tên Lò Thị Xuân": "tên" opening a clause, then the name ("đổi tên con" is no introduction)
_CLAUSE_STARTS_WITH_NAME = re.compile(r"(?:^|[,.;:!]\s*)ten\s+(?:la\s+)?")
_WORD = re.compile(r"[^\W\d_]+")
# what people write before their number ("sđt", "số điện thoại", "phone")
_PHONE_WORDS = re.compile(
    r"(?i)\b(?:sđt|sdt|số điện thoại|so dien thoai|số đt|điện thoại|dien thoai|đt|phone|tel|"
    r"mobile|số|so)\b"
)
MAX_NAME_WORDS = 5


def _is_name(words: list[str], original: list[str]) -> bool:
    if not 2 <= len(words) <= MAX_NAME_WORDS:
        return False
    if words[0] in SURNAMES:
        return True
    # a name without a known family name still reads as one when each word is capitalised
    return all(w[:1].isupper() for w in original)


def _name_from(original: str) -> str | None:
    """The name at the start of `original`: words up to what people say after a name."""
    taken: list[str] = []
    folded_taken: list[str] = []
    for match in _WORD.finditer(original):
        gap = original[match.start() - 1] if match.start() else " "
        if taken and gap not in " ":
            break  # a comma or a full stop ends the name
        word = match.group(0)
        folded_word = fold(word)
        capitalised_run = word[:1].isupper() and all(t[:1].isupper() for t in taken)
        if folded_word in PLACE_AFTER:
            return None  # "Le Loi street", "Hung Vuong road": a place named after a person
        if folded_word in AFTER_NAME and not capitalised_run:
            break
        taken.append(word)
        folded_taken.append(folded_word)
        if len(taken) == MAX_NAME_WORDS:
            break
        rest = original[match.end() : match.end() + 1]
        if rest and rest not in " ":
            break
    if taken and _is_name(folded_taken, taken):
        return " ".join(taken)
    return None


# "Tôi Đinh Văn Khải, …": "tôi" straight before a capitalised name, without "là" or "tên"
_SELF_BEFORE_NAME = re.compile(
    r"(?:^|(?<=[\s,.;:!]))(?:tôi|toi|mình|minh|em|tui|cháu|chau)\s+", re.I
)


def _capitalised_name_after_self(text: str) -> str | None:
    for match in _SELF_BEFORE_NAME.finditer(text):
        name = _name_from(text[match.end() :])
        if (
            name
            and all(word[:1].isupper() for word in name.split())
            and fold(name.split()[0]).lower() in SURNAMES
        ):
            return name
    return None


def find_name(text: str) -> str | None:
    """A name the citizen introduces ("tôi là …", "tên mình là …", "my name is …")."""
    text = nfc(text)
    folded_text = fold(text)  # same length as `text`, so offsets carry over
    for intro in (_INTRO, _CLAUSE_STARTS_WITH_NAME):
        for match in intro.finditer(folded_text):
            name = _name_from(text[match.end() :])
            if name:
                return name
    return _capitalised_name_after_self(text)


def looks_like_bare_name(text: str) -> bool:
    """A message that is nothing but a person's name ("Nguyễn Văn An", "bui van thang ạ")."""
    text = nfc(text).strip()
    words = _WORD.findall(text)
    if any(c.isdigit() for c in text):
        return False
    while words and fold(words[-1]) in {"a", "nhe", "nha", "day"}:
        words.pop()
    return len(words) >= 2 and _name_from(" ".join(words)) == " ".join(words)


def read_name_answer(text: str) -> str | None:
    """The name typed when the form asks for it; the introduction and politeness dropped. A
    name holds no comma: "Nguyễn Văn Trung, chữ Tr chứ không phải Ch" names Nguyễn Văn Trung."""
    found = find_name(text)
    if found:
        return found
    parts = [p for p in re.split(r"[,;.!?\n]", nfc(text)) if p.strip()]
    if len(parts) > 1 and find_phone(text) is None:
        for part in parts:
            name = _name_from(" ".join(_WORD.findall(_polite_start(part))))
            if name:
                return name
    return _typed_name(text)


# what people put before their name ("dạ, tên là …"); typed without diacritics only in lower case,
# since "Lã", "La" and "Đà" start names
_POLITE_TYPED = frozenset({"dạ", "vâng", "tên", "là"})
_POLITE_FOLDED = frozenset({"da", "vang", "ten", "la"})


def _is_politeness(word: str) -> bool:
    low = nfc(word).lower()
    return low in _POLITE_TYPED or (word.islower() and fold(word) in _POLITE_FOLDED)


def _polite_start(text: str) -> str:
    words = text.split()
    while words and (_is_politeness(words[0]) or fold(words[0]).lower() in {"toi", "minh", "em"}):
        if fold(words[0]).lower() in {"toi", "minh", "em"} and words[0][:1].isupper():
            break
        words.pop(0)
    return " ".join(words)


def _typed_name(text: str) -> str | None:
    text = nfc(text).strip()
    phone = find_phone(text)
    if phone is not None:
        # "Đinh Thị Hoa, số điện thoại 0946 381 502": the name is what comes before the number
        text = _PHONE_WORDS.split(text[: phone.start])[0].strip(" ,.;:-")
    words = _WORD.findall(text)
    # "dạ, tên là …", "em …": politeness, except a capitalised "Minh" that starts a name
    while words and (
        _is_politeness(words[0])
        or (fold(words[0]) in {"toi", "minh", "em"} and not words[0][:1].isupper())
    ):
        words.pop(0)
    while words and fold(words[-1]) in {"a", "nhe", "nha", "day", "nhen"}:
        words.pop()
    if not words or len(words) > 7 or any(c.isdigit() for c in text):
        return None
    name = _name_from(" ".join(words))
    if name:
        return name
    # a single given name or a name the heuristics do not know is still what the citizen typed
    return " ".join(words) if len(" ".join(words)) >= 2 else None
