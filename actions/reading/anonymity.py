"""Whether the citizen wants to stay unnamed, said in words ("phản ánh ẩn danh", "không muốn để
lộ tên", "ghi tên tôi", "I'd rather stay anonymous", "put my name on it")."""

from __future__ import annotations

import re

from actions.reading.words import folded, has_phrase
from actions.reading.yes_no import read_yes_no
from core.text import fold, nfc

# checked in this order: "không ẩn danh" holds "ẩn danh", "không ghi tên" holds "ghi tên"
NOT_ANONYMOUS = (
    "khong an danh",
    "khong can an danh",
    "khong muon an danh",
    "not anonymous",
    "not anonymously",
    "dont need to be anonymous",
    "no need for anonymity",
    "no need to be anonymous",
    "no need to stay anonymous",
    "dont need anonymity",
    "khong can giau ten",
    "khong can an ten",
    "khong can dau ten",
)
ANONYMOUS = (
    "an danh",
    "giau ten",
    "an ten",
    "khong ghi ten",
    "khong de ten",
    "khong muon de lo ten",
    "khong muon lo ten",
    "khong lo ten",
    "khong muon de ten",
    "khong muon ghi ten",
    "khong muon neu ten",
    "khong neu ten",
    "khong muon khai ten",
    "khong muon cho biet ten",
    "khong muon ai biet",
    "dau ten",
    "khong muon cung cap ten",
    "khong cho biet ten",
    "giu kin ten",
    "giu bi mat danh tinh",
    "bi mat danh tinh",
    "anonymous",
    "anonymously",
    "dont want to give my name",
    "do not want to give my name",
    "not want to give my name",
    "without giving my name",
    "not to give my name",
    "dont want to be named",
    "keep my name secret",
    "keep my identity secret",
    "keep my name private",
    "not reveal my name",
    "without my name",
    "dont want my name",
    "do not want my name",
    "hide my name",
    "keep my name out",
    "no name",
    "rather not give my name",
    "rather not be named",
    "rather not get involved",
    "dont put my name",
    "do not put my name",
    "dont use my name",
    "dont mention my name",
    "leave my name out",
    "leave out my name",
)
NAMED = (
    "ghi ten",
    "de ten",
    # "gửi công khai", not a description's "thu tiền mà không công khai"
    "gui cong khai",
    "cong khai ten",
    "cong khai danh tinh",
    "with my name",
    "put my name",
    "use my name",
    "my name on it",
    "include my name",
    "give my name",
    "fine with my name",
)


# "đừng để tên tôi" (don't put my name): said with the accents only, since folded "dung de ten"
# is also "đúng, để tên" (right, put my name)
_DONT_NAME = re.compile(
    r"(?<!\w)(?:đừng|khỏi)\s+(?:để|ghi|nêu|lộ|cho\s+biết|công\s+khai)\s+(?:tên|danh\s+tính)"
)

_UNACCENTED_DONT_NAME = re.compile(r"(?<!\w)(?:dung|khoi)\s+(?:de|ghi|neu)\s+ten")

# where a message's clauses meet: punctuation, or "nhưng" / "mà" / "but"
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;.!]+|(?<!\w)(?:nhung|ma|but)(?!\w))\s*")


def _wish_in(clause_folded: str) -> bool | None:
    for phrases, wish in ((NOT_ANONYMOUS, False), (ANONYMOUS, True), (NAMED, False)):
        if any(has_phrase(clause_folded, p) for p in phrases):
            return wish
    return None


def read_anonymity_wish(text: str) -> bool | None:
    """True to stay unnamed, False to be named, None when the message does not say.

    The last clause that says decides, since people correct themselves as they type ("định để
    tên nhưng thôi, cho tôi ẩn danh"); "không, ghi tên tôi" is a no and then a name, where
    "không ghi tên" is a wish to stay unnamed."""
    if _DONT_NAME.search(nfc(text).lower()):
        return True
    plain = fold(nfc(text).replace("'", "").replace("’", "")).lower()
    clauses = _CLAUSE_BREAK.split(plain)
    # "co, dung de ten toi": a yes to staying unnamed, then "đừng để tên" typed without accents
    if len(clauses) > 1 and read_yes_no(clauses[0]) is True and _UNACCENTED_DONT_NAME.search(plain):
        return True
    for clause in reversed(clauses):
        wish = _wish_in(folded(clause))
        if wish is not None:
            return wish
    return None


def without_anonymity_wish(text: str) -> str:
    """The message without the clause that asks to stay unnamed ("một tụ điểm cờ bạc, nhưng cho
    tôi giấu tên vì sợ bị trả thù" → "một tụ điểm cờ bạc"): a wish, not what happened."""
    text = nfc(text)
    if read_anonymity_wish(text) is None:
        return text
    plain = fold(text)  # the same length as `text`, so its offsets cut the original
    spans, start = [], 0
    for found in _CLAUSE_BREAK.finditer(plain):
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, len(plain)))
    kept = [
        text[a:b].strip()
        for a, b in spans
        if text[a:b].strip() and read_anonymity_wish(text[a:b]) is None
    ]
    return ", ".join(kept)
