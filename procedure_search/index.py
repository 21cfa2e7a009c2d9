"""Finding the procedure a citizen means among the catalogue's names.

Retrieval drops the words of the question itself (`terms`), mends typos against the catalogue's
own words, and ranks each procedure by how much of one of its names the question covers, how much
of that name appears as a phrase, and how much of the rest of the question its other names
explain. Close seconds are offered as choices; a question that touches no name well enough finds
nothing.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from procedure_search.terms import english_stem, spellings, terms

# an unknown word this close (rapidfuzz ratio) to a catalogue word counts as that word even
# when it makes no phrase ("pasport"); shorter words, which are all Vietnamese syllables, are
# mended only into a phrase: too many of them look alike ("benh" is not "bien", "hoang" not
# "hang")
TYPO_SCORE = 80.0
MIN_TYPO_LENGTH = 6


@dataclass(frozen=True)
class Match:
    code: str
    score: float


@dataclass
class _Name:
    code: str
    words: frozenset[str]
    weight: float


# scoring (see ProcedureIndex): a name's matched phrases add this share of their words' weight;
# the question's words that the procedure's other names explain add this share of theirs; the
# covered share of a name counts to this power, so one rare word of a two-word name ("bằng" of
# "bằng lái" in "bằng đại học") is not enough to answer with
PHRASE_BONUS = 0.5
OTHER_NAMES_SHARE = 0.35
SHARE_POWER = 1.5


@dataclass
class ProcedureIndex:
    """Names and aliases of every procedure as folded word sequences, with inverted indexes.

    Words weigh by how rare they are among procedures (idf). A name scores covered × share^1.5:
    the weight of its words the question holds, times (a power of) the share of the name's
    weight that is, so a name only half present scores low and "trich luc khai tu" beats
    "khai tu" when the question holds all four words. Each pair of adjacent name words found
    adjacent in the question adds PHRASE_BONUS of its weight (before the share), so "khai tu"
    as a phrase beats "khai" and "tu" scattered. A procedure takes its best name's score, plus
    OTHER_NAMES_SHARE of the question words only its other names explain, scaled by that
    share ("thẻ bhyt" and "nhập khẩu" together point at the linked birth procedure). Typos
    are mended word by word, preferring the mending that makes a phrase the catalogue knows.
    """

    names: list[_Name] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    # adjacent word pairs of the names, with how many names hold each
    bigrams: dict[tuple[str, str], int] = field(default_factory=dict)
    pair_postings: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    codes_of: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Iterable[str]]]) -> ProcedureIndex:
        index = cls()
        seen: set[tuple[str, tuple[str, ...]]] = set()
        raw: list[tuple[str, tuple[str, ...]]] = []
        codes_of: dict[str, set[str]] = {}
        for code, names in entries:
            for name in names:
                words = terms(name)
                if words and (code, words) not in seen:
                    seen.add((code, words))
                    raw.append((code, words))
                    for word in words:
                        codes_of.setdefault(word, set()).add(code)
        total = len({code for code, _words in raw})
        index.idf = {w: math.log(1 + total / len(codes)) for w, codes in codes_of.items()}
        for position, (code, words) in enumerate(raw):
            pairs = frozenset(itertools.pairwise(words))
            unique = frozenset(words)
            index.names.append(_Name(code, unique, sum(index.idf[w] for w in unique)))
            for word in unique:
                index.postings.setdefault(word, []).append(position)
            for pair in pairs:
                index.bigrams[pair] = index.bigrams.get(pair, 0) + 1
                index.pair_postings.setdefault(pair, []).append(position)
        index.codes_of = {w: frozenset(codes) for w, codes in codes_of.items()}
        index.vocabulary = sorted(index.idf)
        return index

    def _mend(self, words: Sequence[str]) -> list[str]:
        """Each typed word as the catalogue word it most likely is (or dropped if none).

        A word the catalogue does not know becomes the one-letter slip or dialect spelling of
        it that makes a catalogue phrase with a neighbour ("khia tu" → "khai tu", "bang lia" →
        "bang lai"); a known word is respelt only by dialect ("cu chu" → "cu tru") and only
        when that makes a phrase its own spelling does not. Long unknown words with no phrase
        are mended loosely ("pasport" → "passport").
        """
        mended: list[str] = []
        for i, word in enumerate(words):
            before = words[i - 1] if i > 0 and words[i - 1] in self.idf else ""
            after = words[i + 1] if i + 1 < len(words) and words[i + 1] in self.idf else ""
            known = word in self.idf
            if known and (
                (before, word) in self.bigrams
                or (word, after) in self.bigrams
                or not (before or after)
            ):
                mended.append(word)
                continue
            near = [c for c in spellings(word) if c in self.idf]
            if not known:
                near += self._slips(word)
            phrased = {
                c: self.bigrams.get((before, c), 0) + self.bigrams.get((c, after), 0) for c in near
            }
            if any(phrased.values()):
                mended.append(max(phrased, key=lambda c: phrased[c]))
            elif known:
                mended.append(word)
            else:
                loose = self._loose(word)
                if loose:
                    mended.append(loose)
        return mended

    def _slips(self, word: str) -> list[str]:
        """Catalogue words one slip (a letter added, lost, changed or two swapped) away,
        keeping the first letter, which people rarely get wrong."""
        if len(word) < 3 or word.isdigit():
            return []
        return [
            c
            for c, _distance, _i in process.extract(
                word, self.vocabulary, scorer=OSA.distance, score_cutoff=1, limit=None
            )
            if c[0] == word[0]
        ]

    def _loose(self, word: str) -> str | None:
        """An English plural or past form, or a long word's near spelling; None if neither."""
        stem = english_stem(word)
        if stem and stem in self.idf:
            return stem
        if len(word) < MIN_TYPO_LENGTH or word.isdigit():
            return None
        # "khieu" (khiếu nại) is not "chieu" (hộ chiếu): the first letter stays
        found = process.extract(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE, limit=None
        )
        return next((c for c, _score, _i in found if c[0] == word[0]), None)

    def search(self, query: str, limit: int = 3) -> list[Match]:
        """Best procedures first (see the class docstring for the score)."""
        words = self._mend(terms(query))
        asked = set(words)
        idf = self.idf
        # per name: the idf weight of its words the question holds, and of its phrases
        covered: dict[int, float] = {}
        for word in asked:
            weight = idf.get(word, 0.0)
            for i in self.postings.get(word, ()):
                covered[i] = covered.get(i, 0.0) + weight
        phrased: dict[int, float] = {}
        for a, b in set(itertools.pairwise(words)):
            for i in self.pair_postings.get((a, b), ()):
                phrased[i] = phrased.get(i, 0.0) + (idf[a] + idf[b]) / 2
        best: dict[str, float] = {}
        best_name: dict[str, tuple[float, float]] = {}  # its covered weight and share
        for i, weight in covered.items():
            name = self.names[i]
            share = weight / name.weight
            score = share**SHARE_POWER * (weight + PHRASE_BONUS * phrased.get(i, 0.0))
            if score > best.get(name.code, 0.0):
                best[name.code] = score
                best_name[name.code] = (weight, share)
        # question words the procedure's other names explain corroborate the best name, in
        # proportion to how much of that name the question holds
        explained: dict[str, float] = {}
        for word in asked:
            for code in self.codes_of.get(word, ()):
                explained[code] = explained.get(code, 0.0) + idf[word]
        for code, (weight, share) in best_name.items():
            best[code] += OTHER_NAMES_SHARE * share * (explained[code] - weight)
        ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
        return [Match(code, score) for code, score in ranked[:limit]]


@dataclass(frozen=True)
class Resolution:
    """What the search means for the conversation: one procedure, a choice, or nothing."""

    code: str | None
    choices: list[str]


# a best score under this is no match (a fully covered two-word name scores about 4 to 10; one
# common word such as "đăng ký" or "xác nhận" alone about 1 to 2); seconds within CLOSE (a
# share of the best) are offered as choices
ACCEPT_SCORE = 2.0
CLOSE = 0.15


def resolve(matches: list[Match]) -> Resolution:
    if not matches or matches[0].score < ACCEPT_SCORE:
        return Resolution(None, [])
    top = matches[0]
    close = [m.code for m in matches if m.score >= top.score * (1 - CLOSE)]
    if len(close) == 1:
        return Resolution(top.code, [])
    return Resolution(None, close[:3])
