"""Places in what citizens type: "ngõ 12 Cù Chính Lan, phường Hòa Bình", "xom Bai xa Cao Son",
"ở thôn Đồng Chằm", "near the market in Tan Lac commune"."""

from __future__ import annotations

import re

from core.phones import find_phone
from core.text import fold, nfc

# words (folded) that start or continue an address
ADDRESS_WORDS = frozenset(
    """
    so ngo ngach hem kiet duong pho thon xom ban lang to khu ap xa phuong tran tp quan huyen tinh
    cho cau truong gan canh truoc doi sau cuoi dau ben nga km quoc lo ql tl dt chung cu toa
    street st road rd ward commune village hamlet alley lane district province city town near
    opposite market bridge school residential neighbourhood neighborhood group zone block quarter
    cong ubnd nha
    """.split()
)
# address words specific enough to show that a clause is a place, wherever it appears
UNIT_WORDS = re.compile(
    r"(?<!\w)(?:ngo|ngach|hem|kiet|thon|xom|ban|to dan pho|khu pho|khu dan cu|xa|phuong|"
    r"thi tran|thi xa|quoc lo|ql|tinh lo|so nha|so \d+|"
    r"ward|commune|village|hamlet|alley|lane|street|road)(?!\w)"
)
# an administrative unit: a place with one of these is complete enough to file without asking
ADMINISTRATIVE_UNIT = re.compile(
    r"(?<!\w)(?:xa|phuong|thi tran|ward|commune|town)\s+"
    # unaccented "xa nuoc thai", "xa hoi" are discharging and society, not a commune
    r"(?!(?:nuoc|thai|rac|khoi|ra|hoi|lu|xuong|vao|het|bua|thang)(?!\w))\w"
)
# "p Hòa Bình", "x.Cao Sơn", "tt Lương Sơn": a unit abbreviated before a capitalised name
ABBREVIATED_UNIT = re.compile(r"(?<!\w)(?:p|x|tt|tx)(?:\.\s*|\s+)(?=\w)")
# "ở …", "tại …", "in …": what follows is a place when it starts with an address word
# "vào thôn …", "từ xóm …" too: "đường vào thôn Tân Lập, xã …" names where the road is
_AT = re.compile(
    r"(?<!\w)(?:o|tai|at|in|from|near|gan|o khu vuc|khu vuc|vao|tu|truoc|canh|ben|doi dien)\s+"
)
# where a place ends: sentence marks, or what people say after giving a place
_END = re.compile(
    r"[.!?;\n]|(?<!\w)(?:co gi|co viec|sdt|so dien thoai|dien thoai|lien he|goi|muon|de nghi|"
    r"bi|dang|da|rat|qua|nhieu|khong|ko|chua|toi|minh|em|nen|thi|vi|ma|please|my|phone|"
    r"call|is|are|has|have|was|since|because|and|but|where|which|for|co|boc|gay|lam|xay ra|"
    r"suot|tu|hang|moi|ca|said|told|asked|says|who|when|if|"
    r"cung|van|luc|hom|tuan|thang|nam nay|tat|hu|mat|o ga)(?!\w)"
)
MAX_PLACE = 500


LEADING_WORDS = frozenset("da vang o tai la at in it is its it's address place".split())
LEADING_PHRASES = ("dia chi", "dia diem")
TRAILING_WORDS = frozenset("a nhe nha day oi ad admin nhen".split())


# folded unit words that spell other words with other diacritics: "xả" (discharge) is not "xã"
UNIT_SPELLINGS = {
    "xa": {"xa", "xã"},
    "phuong": {"phuong", "phường"},
    "thon": {"thon", "thôn"},
    "xom": {"xom", "xóm"},
    "ban": {"ban", "bản"},
    "ngo": {"ngo", "ngõ"},
    "to": {"to", "tổ"},
    "so": {"so", "số"},
}


def _spelled_as(original_word: str, spellings_of: dict[str, set[str]]) -> bool:
    """Whether a word is spelled as the table's word, not another its folding makes alike."""
    word = original_word.lower()
    spellings = spellings_of.get(fold(word))
    return spellings is None or word in spellings


# English puts the unit after the name: "Luong Son commune", "Hoa Binh ward"; "the commune"
# or "our ward" names none
_NOT_A_NAME = (
    r"(?!(?:the|a|an|our|my|this|that|his|her|their|your|local|same|whole|each|every|of)\s)"
)
ENGLISH_UNIT = re.compile(rf"(?<!\w){_NOT_A_NAME}[a-z]+\s+(?:commune|ward|town|district)(?!\w)")


# "in Luong Son commune", "in Hop Thinh village, Binh Nguyen commune" (the unit is checked after)
_NAMED_UNIT = re.compile(
    rf"(?:{_NOT_A_NAME}\w+\s+){{1,3}}"
    r"(?:commune|ward|town|district|village|hamlet|street|road|alley|lane)(?!\w)"
)


def _has_unit(place: str) -> bool:
    """Whether a place names an administrative unit, spelled as one ("xã", not "xả")."""
    folded_place = fold(place)
    if ENGLISH_UNIT.search(folded_place):
        return True
    for match in ADMINISTRATIVE_UNIT.finditer(folded_place):
        unit = place[match.start() : match.start() + len(match.group(0).split()[0])]
        if _spelled_as(unit, UNIT_SPELLINGS):
            return True
    return any(place[m.end()].isupper() for m in ABBREVIATED_UNIT.finditer(folded_place))


def _clean(original: str) -> str:
    """The place without politeness around it ("dạ ở …", "… ạ") or trailing punctuation."""
    words = original.strip(" ,.;:-").split()
    if len(words) > 2 and " ".join(fold(w).strip(",:") for w in words[:2]) in LEADING_PHRASES:
        words = words[2:]
    # "Dạ ở…", "da o…" are politeness; an unaccented capital "Da" is a name ("Da river")
    while (
        words
        and fold(words[0]).strip(",:") in LEADING_WORDS
        and len(words) > 1
        and not (words[0][:1].isupper() and fold(words[0]) == words[0].lower() == "da")
    ):
        words.pop(0)
    while words and fold(words[-1]).strip(",.!") in TRAILING_WORDS and len(words) > 1:
        words.pop()
    return " ".join(words).strip(" ,.;:-")


def _abbreviation_dot(text: str, folded_text: str, at: int) -> bool:
    """Whether the character at `at` is the dot of "x.Cao Sơn", "P. Tân Hòa"."""
    if text[at] != ".":
        return False
    for start in (at - 1, at - 2):
        match = ABBREVIATED_UNIT.match(folded_text, max(0, start))
        if match and match.end() > at and match.end() < len(text) and text[match.end()].isupper():
            return True
    return False


def _comma_ends_place(text: str, comma: int) -> bool:
    """A place goes on after a comma with an address word or a name ("thôn Đông, xã Tiên Lữ",
    "…, Việt Trì"); other words start what the citizen says next ("…, giờ người ta vứt rác")."""
    following = text[comma + 1 :].split(maxsplit=1)
    if not following:
        return True
    word = following[0]
    folded_word = fold(word).lower().strip(",.")
    return not (folded_word in ADDRESS_WORDS or word[:1].isupper() or word[:1].isdigit())


def _cut_at_end(text: str, folded_text: str, start: int) -> str:
    end = len(text)
    for comma in (i for i in range(start, len(text)) if text[i] == ","):
        if _comma_ends_place(text, comma):
            end = comma
            break
    for ending in _END.finditer(folded_text, start, end):
        # a capital is a name's ("xã Lâm Thao"), not the word "làm" that ends a place
        if text[ending.start()].isupper() or _abbreviation_dot(text, folded_text, ending.start()):
            continue
        end = ending.start()
        break
    return _clean(text[start:end])


# folded prepositions that other diacritics make other words: "ô" (ô tô) is not "ở"
PREPOSITION_SPELLINGS = {
    "o": {"o", "ở"},
    "tai": {"tai", "tại"},
    "gan": {"gan", "gần"},
    "vao": {"vao", "vào"},
    "tu": {"tu", "từ"},
    "truoc": {"truoc", "trước"},
    "canh": {"canh", "cạnh"},
    "ben": {"ben", "bên"},
    "doi": {"doi", "đối"},
}


def find_place(text: str) -> str | None:
    """A place the citizen mentions in passing ("ở xóm Chiềng, xã Mai Châu"): introduced by "ở",
    "tại"… and naming an administrative unit. A description's "cán bộ xã" or "trước nhà" is not
    enough to skip asking where."""
    text = nfc(text)
    folded_text = fold(text)
    for match in _AT.finditer(folded_text):
        if not _spelled_as(text[match.start() : match.end()].split()[0], PREPOSITION_SPELLINGS):
            continue  # "ô tô của xã" is a car, not "ở tổ … xã"
        after = folded_text[match.end() :]
        first = after.split(" ", 1)[0].strip(",.")
        if (
            first in ADDRESS_WORDS
            or UNIT_WORDS.match(after)
            or _NAMED_UNIT.match(after)
            or ABBREVIATED_UNIT.match(after)
        ):
            place = _cut_at_end(text, folded_text, match.end())
            if _has_unit(place):
                return place
    return None


def read_place_answer(text: str) -> str | None:
    """The place typed when the form asks where: the message without a phone number or
    politeness around it."""
    text = nfc(text).strip()
    phone = find_phone(text)
    if phone is not None:
        # "ở ngõ 3 Trần Hưng Đạo, có gì gọi mình 0977…": the place is what comes before
        mentioned = find_place(text)
        if mentioned:
            return mentioned[:MAX_PLACE]
        text = text[: phone.start].strip()
        folded_text = fold(text)
        ending = _END.search(folded_text)
        if ending and ending.start() > 0:
            text = text[: ending.start()]
    place = _clean(text)
    if not place or place.startswith("/") or not any(c.isalnum() for c in place):
        return None
    return place[:MAX_PLACE]
