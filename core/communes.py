"""Which commune a typed place is in: "tổ 7 P. Thanh Miếu", "xom 3 xa cao phong", "Ky Son ward",
and addresses of before the 2025 reorganisation ("phường Tiên Cát, TP Việt Trì").

A name counts most when a unit word stands next to it ("phường", "xã", "P.", "ward"); a name
after "tỉnh", "huyện" or "TP" is a province or a former district, which only tells a former
name apart from its namesakes. Typos are forgiven by fuzzy matching the words after a unit word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from core.text import normalize

# what people write before a commune's or ward's name, folded ("p." is "p", "f" is phone typing)
UNIT_BEFORE = ("phuong", "xa", "p", "x", "f", "thi tran", "tt", "dac khu")
# English writes it after ("Ky Son ward", "Cao Phong commune")
UNIT_AFTER = ("ward", "commune", "town")
# before the name of a province, a former district or a former city
AREA_BEFORE = (
    "tinh",
    "tp",
    "thanh pho",
    "huyen",
    "quan",
    "thi xa",
    "tx",
    "h",
    "q",
    "province",
    "city",
)
AREA_AFTER = ("province", "district", "city")
# a name after these is a street's, a market's or a school's ("đường Âu Cơ", "chợ Hòa Bình")
NAMED_AFTER = ("duong", "pho", "ngo", "hem", "ngach", "street", "road", "cho", "truong", "cau")
UNIT_NAMES = re.compile(r"^(?:phuong|xa|thi tran|dac khu|thanh pho|huyen|quan|thi xa|tinh)\s+")
# one slipped letter in a name of eight ("muong bj", "nong chang")
TYPO_SIMILARITY = 0.85
# a bare name typed alone ("Đại Đìn") is read for typos too
MAX_BARE_ANSWER_WORDS = 4
# "Kì Sơn" and "Kỳ Sơn", "Lí" and "Lý": the same name in the two spellings Vietnamese allows
_FINAL_Y = re.compile(r"\b([bcdghklmnpqrstvx]+)y\b")


def _spelling(text: str) -> str:
    return _FINAL_Y.sub(r"\1i", text)


def bare(name: str) -> str:
    """A unit's name without its unit word, folded: "Phường Thanh Miếu" → "thanh mieu"."""
    return _spelling(UNIT_NAMES.sub("", normalize(name)))


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    strong: bool  # a unit word next to it
    area: bool  # a province or district word before it
    street: bool  # a street's or a landmark's name


def _mentions(text: str, name: str) -> list[_Mention]:
    found = []
    for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        before = text[: match.start()].split()
        after = text[match.end() :].split()
        last_two = " ".join(before[-2:])
        unit_before = bool(before) and (before[-1] in UNIT_BEFORE or last_two in UNIT_BEFORE)
        unit_after = bool(after) and after[0] in UNIT_AFTER
        area = bool(before) and (before[-1] in AREA_BEFORE or last_two in AREA_BEFORE)
        area = area or (bool(after) and after[0] in AREA_AFTER)
        street = bool(before) and before[-1] in NAMED_AFTER
        found.append(_Mention(match.start(), match.end(), unit_before or unit_after, area, street))
    return found


def _word_at(text: str, phrase: str) -> int | None:
    found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    return found.start() if found else None


class CommuneIndex:
    """The province's communes and their former names, ready to read typed places."""

    def __init__(
        self,
        communes: Iterable[tuple[str, str]],
        former: Iterable[tuple[str, str | None, str]] = (),
    ) -> None:
        self.names: dict[str, set[str]] = {}
        for code, name in communes:
            self.names.setdefault(bare(name), set()).add(code)
        # former name → {former district: code}
        self.former: dict[str, dict[str, str]] = {}
        for name, district, code in former:
            self.former.setdefault(bare(name), {})[bare(district or "")] = code

    def candidates(self, place: str) -> list[str]:
        """The codes the place may be in: one when it is clear, several when it is not."""
        text = _spelling(normalize(place))
        if not text:
            return []
        for step in (self._former_with_district, self._current, self._former_alone, self._typo):
            found = step(text)
            if found:
                return sorted(found)
        return []

    def match(self, place: str) -> str | None:
        found = self.candidates(place)
        return found[0] if len(found) == 1 else None

    def _current(self, text: str) -> set[str]:
        strong: set[str] = set()
        weak: set[str] = set()
        spans = {name: _mentions(text, name) for name in self.names}
        covered = [(m.start, m.end) for mentions in spans.values() for m in mentions]
        for name, codes in self.names.items():
            for mention in spans[name]:
                if any(
                    start <= mention.start and mention.end <= end and end - start > len(name)
                    for start, end in covered
                ):
                    continue  # "tam duong" inside "tam duong bac"
                if mention.strong and not mention.area:
                    strong.update(codes)
                elif not mention.area and not mention.street:
                    weak.update(codes)
        return strong or weak

    def _names_a_current_unit(self, text: str) -> bool:
        """Whether a commune of today is named with its unit word ("phường Việt Trì")."""
        return any(m.strong and not m.area for name in self.names for m in _mentions(text, name))

    def _former_with_district(self, text: str) -> set[str]:
        found: set[str] = set()
        # "bãi sông Lô, phường Việt Trì": a former name without its unit word (here the
        # river) gives way to a ward of today named as one
        only_strong = self._names_a_current_unit(text)
        for name, districts in self.former.items():
            mentions = [
                m for m in _mentions(text, name) if not m.area and (m.strong or not only_strong)
            ]
            if not mentions:
                continue
            rest = text[mentions[0].end :]
            # the district named nearest after the former name is its own ("xã Thống Nhất,
            # huyện Lạc Thủy, Hòa Bình": Lạc Thủy, not the former city of Hòa Bình)
            nearest: dict[str, int] = {}
            for district, code in districts.items():
                named = _word_at(rest, district) if district else None
                if named is not None:
                    nearest[code] = min(named, nearest.get(code, len(rest)))
            if nearest:
                closest = min(nearest.values())
                found.update(code for code, at in nearest.items() if at == closest)
        return found

    def _former_alone(self, text: str) -> set[str]:
        found: set[str] = set()
        for name, districts in self.former.items():
            mentions = [m for m in _mentions(text, name) if m.strong and not m.area]
            if mentions:
                found.update(districts.values())
        return found

    def _typo(self, text: str) -> set[str]:
        """The words right after a unit word (or a short answer's first words), against every
        name, forgiving a slipped letter."""
        words = text.split()
        names = list(self.names)
        found: set[str] = set()
        starts = [i + 1 for i, word in enumerate(words) if word in UNIT_BEFORE]
        if len(words) <= MAX_BARE_ANSWER_WORDS:
            starts.append(0)
        for start in starts:
            for length in (3, 2, 1):
                window = " ".join(words[start : start + length])
                if len(window) < 4:
                    continue
                best = process.extractOne(
                    window,
                    names,
                    scorer=Levenshtein.normalized_similarity,
                    score_cutoff=TYPO_SIMILARITY,
                )
                if best is not None:
                    found.update(self.names[best[0]])
                    break
        return found
