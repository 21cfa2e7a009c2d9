"""Which of a consultation's choices a typed answer picks: "2", "số 2", "phuong an hai", "cái
thứ hai", "đồng ý" / "ko" between agreeing and not, or the choice's own words with typos."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from actions.reading.words import folded, option_number
from actions.reading.yes_no import read_yes_no

ORDINALS = {
    "mot": 1,
    "nhat": 1,
    "dau": 1,
    "dau tien": 1,
    "first": 1,
    "one": 1,
    "hai": 2,
    "nhi": 2,
    "second": 2,
    "two": 2,
    "ba": 3,
    "third": 3,
    "three": 3,
    "bon": 4,
    "tu": 4,
    "fourth": 4,
    "four": 4,
    "nam": 5,
    "fifth": 5,
    "five": 5,
}
_ORDINAL = re.compile(
    r"^(?:toi |em |minh )?(?:chon |bau |lay )?(?:so |phuong an |lua chon |cau |y |cai |option "
    r"|number |the )?(?:thu )?(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"
    r"(?: one| option| a| nhe| nha| ad)?$"
)
_LEADING_NUMBER = re.compile(r"^(?:\w+ ){0,3}?(?:so |phuong an |lua chon |option |chon )([1-9])\b")
# how alike a typed answer and a choice's words must be (0-100) to be that choice
SAME_CHOICE = 80


def _by_yes_no(text: str, choices: Sequence[str]) -> int | None:
    """ "Có" / "ko" when exactly one choice agrees and one does not ("Đồng ý" / "Không đồng ý")."""
    if len(folded(text).split()) > 4:
        return None
    said = read_yes_no(text)
    if said is None:
        return None
    sides = [read_yes_no(choice) for choice in choices]
    return sides.index(said) + 1 if sides.count(said) == 1 else None


def _likeness(said: str, choice: str) -> float:
    # a short answer may be part of a choice ("lam duong" for "Làm đường mới"); a long one is
    # compared whole, so free words that happen to contain a choice's are not that choice
    if len(said.split()) <= len(choice.split()) + 2:
        return float(fuzz.token_set_ratio(said, choice))
    return float(fuzz.token_sort_ratio(said, choice))


def read_choice(text: str, choices: Sequence[str]) -> int | None:
    """The 1-based choice a typed answer picks, or None when it picks none of them."""
    if not choices:
        return None
    said = folded(text)
    number = option_number(text)
    if number is None:
        found = _LEADING_NUMBER.match(said)
        number = int(found.group(1)) if found else None
    if number is None:
        found = _ORDINAL.match(said)
        number = ORDINALS[found.group(1)] if found else None
    if number is not None:
        return number if 1 <= number <= len(choices) else None
    exact = [i for i, choice in enumerate(choices, start=1) if folded(choice) == said]
    if exact:
        return exact[0]
    by_words = _by_yes_no(text, choices)
    if by_words is not None:
        return by_words
    scores = [_likeness(said, folded(choice)) for choice in choices]
    best = max(scores)
    if best >= SAME_CHOICE and scores.count(best) == 1 and len(said) >= 3:
        return scores.index(best) + 1
    return None
