"""Corrections typed at the petition summary: "sửa địa chỉ thành ngõ 12 Cù Chính Lan", "sai số,
đúng là 0987 111 222", "change the place to Tan Lac market"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from actions.reading.categories import read_category
from actions.reading.kinds import read_kind
from core.phones import find_phone
from core.text import fold, nfc

# the form's slot each way of naming a field stands for (folded; longest names first)
FIELD_WORDS = {
    "petition_place": (
        "dia chi",
        "dia diem",
        "vi tri",
        "noi xay ra",
        "cho xay ra",
        "cho do",
        "cho day",
        "cho nay",
        "address",
        "place",
        "location",
        "noi",
    ),
    "petition_phone": (
        "so dien thoai",
        "dien thoai",
        "sdt",
        "sđt",
        "dt",
        "phone number",
        "phone",
        "number",
        "so",
    ),
    "petition_description": (
        "noi dung",
        "mo ta",
        "su viec",
        "description",
        "details",
        "detail",
        "content",
        "text",
    ),
    # "loại vấn đề" is the area, though "loại" alone is the kind
    "petition_category": ("loai van de", "linh vuc", "category", "area", "the loai", "van de"),
    "petition_name": ("ho ten", "ho va ten", "ten", "name"),
    "petition_kind": ("loai don", "loai", "kind", "type"),
}
CHANGE_WORDS = re.compile(
    r"(?<!\w)(?:sua|doi|thay|chinh|cap nhat|sai|nham|nhap nham|ghi nham|change|correct|fix|"
    r"update|edit|wrong|mistake|lai|typo|misspel\w*|misspelt|spelling|should be|thieu dau|"
    r"sai chinh ta|go sai|viet sai|dung ra la|ghi|write|put)(?!\w)"
)
# what separates a field from its new value: "thành", "là", "to", ":"
_VALUE_AFTER = re.compile(
    r"(?<!\w)(?:thanh la|thanh|dung la|moi la|phai la|la|sang|to|into|should be|is)(?!\w)|[:=]"
)


# "… chứ không phải Tân Lạc", "…, not Tan Lac": the wrong value, said after the right one
_NOT_THAT = re.compile(r"(?<!\w)(?:chu khong phai|chu ko phai|khong phai la|khong phai|not)(?!\w)")
# clauses around a value that ask or apologise ("sửa giúp tôi", "lúc nãy tôi ghi nhầm")
_ASKING = re.compile(
    r"^(?:(?:ban |ad )?(?:sua|doi|thay|chinh|cap nhat)(?: lai)? (?:giup|dum|ho|cho)(?: \w+)?|"
    r"giup (?:toi|em|minh)|nhe|nha|a|please|thanks|thank you|can you|could you)$"
)
MAX_LEAD_WORDS = 6
_PARTS = re.compile(r"[,;]|(?<=\w{3})[.!]\s+")


def _clean_value(value: str) -> str | None:
    """The new value alone: without the clauses that say it was wrong or ask to change it, and
    without the wrong value named after it."""
    # sentences split too ("…is wrong. It's Hung Lo commune"), not an abbreviation's dot ("P. Tân")
    parts = [p.strip() for p in _PARTS.split(value) if p.strip()]
    while (
        len(parts) > 1
        and len(fold(parts[0]).split()) <= MAX_LEAD_WORDS
        and (CHANGE_WORDS.search(fold(parts[0])) and not _NOT_THAT.search(fold(parts[0])))
    ):
        parts.pop(0)  # "lúc nãy tôi ghi nhầm"
    while len(parts) > 1 and _ASKING.match(fold(parts[-1]).strip(" ?!.")):
        parts.pop()  # "sửa giúp tôi"
    kept = ", ".join(parts)
    wrong = _NOT_THAT.search(fold(kept))
    if wrong and wrong.start() > 0:
        kept = kept[: wrong.start()]
    return kept.strip(" ,.:;-?!\"'") or None


@dataclass(frozen=True)
class Correction:
    slot: str
    value: str | None  # None: the citizen named the field only; ask it again


def _field_at(folded_text: str) -> tuple[str, int, int] | None:
    best: tuple[int, int, str] | None = None
    for slot, names in FIELD_WORDS.items():
        for name in names:
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", folded_text):
                key = (match.start(), -len(name), slot)
                if best is None or key < best:
                    best = key
    if best is None:
        return None
    start, negative_length, slot = best
    return slot, start, start - negative_length


def read_correction(text: str) -> Correction | None:
    """The field a message typed at the summary changes, and its new value if it gives one."""
    text = nfc(text).strip()
    folded_text = fold(text)
    phone = find_phone(text)
    field = _field_at(folded_text)
    if phone is not None and (field is None or field[0] == "petition_phone"):
        # a number typed at the summary replaces the phone
        return Correction("petition_phone", phone.number)
    if field is None:
        return None
    slot, start, field_end = field
    if start > 0 and CHANGE_WORDS.search(folded_text) is None:
        # a field named in passing, not as the thing to change
        return None
    if slot == "petition_phone":
        return Correction(slot, None)
    separator = _VALUE_AFTER.search(folded_text, field_end)
    value = _clean_value(text[separator.end() :] if separator else text[field_end:])
    # "sửa loại thành xây dựng trái phép": the new value is an area, so the area changes
    if (
        slot == "petition_kind"
        and value
        and read_kind(value, answering=True) is None
        and read_category(value, answering=True) is not None
    ):
        return Correction("petition_category", value)
    return Correction(slot, value)


def says_it_was_wrong(text: str) -> bool:
    """Whether a message says something typed before was wrong ("gõ nhầm", "sửa", "tên đúng
    là"), which a correction outside the summary must say."""
    return CHANGE_WORDS.search(fold(nfc(text))) is not None or "dung la" in fold(nfc(text))
