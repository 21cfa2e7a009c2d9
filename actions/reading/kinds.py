"""The kind of petition named in words: phản ánh, kiến nghị, khiếu nại, tố cáo (and English)."""

from __future__ import annotations

from actions.reading.words import first_phrase, folded, option_number

# in the order the form offers them (a typed "2" is the second)
KIND_ORDER = ("phan_anh", "kien_nghi", "khieu_nai", "to_cao")
KIND_WORDS = {
    "to_cao": ("to cao", "to giac", "denounce", "denunciation", "denouncing", "whistleblow"),
    "khieu_nai": ("khieu nai", "khieu kien", "complain", "complaint", "complaining", "appeal"),
    "kien_nghi": (
        "kien nghi",
        "de xuat",
        "proposal",
        "propose",
        "suggestion",
        "suggest",
        "recommendation",
        "recommend",
        "gop y xay dung",
    ),
    "phan_anh": ("phan anh", "bao cao", "report", "reporting", "bao tin", "phan hoi"),
}
# "đề nghị" closes many reports ("đề nghị chính quyền xử lý"): a kind only when it is the answer
ANSWER_ONLY_WORDS = {"kien_nghi": ("de nghi", "y kien", "idea")}


def read_kind(text: str, answering: bool = False) -> str | None:
    """The kind a message names; `answering` when it replies to "which kind?"."""
    if answering:
        number = option_number(text)
        if number is not None and 1 <= number <= len(KIND_ORDER):
            return KIND_ORDER[number - 1]
    text_folded = folded(text)
    for kind in ("to_cao", "khieu_nai"):
        if first_phrase(text_folded, KIND_WORDS[kind]):
            return kind
    phrases = {p: k for k, ps in KIND_WORDS.items() for p in ps}
    if answering:
        phrases.update({p: k for k, ps in ANSWER_ONLY_WORDS.items() for p in ps})
    found = first_phrase(text_folded, tuple(phrases))
    return phrases[found] if found else None
