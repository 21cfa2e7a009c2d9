"""The procedure catalogue: reading entries and finding the one a citizen means.

Retrieval folds diacritics and shorthand (core.text), drops the words of the question itself
("thủ tục", "cần gì", "how do I"), mends typos against the catalogue's own words, and ranks each
procedure by how much of one of its names the question covers, how much of that name appears as
a phrase, and how much of the rest of the question its other names explain. Close seconds are
offered as choices; a question that touches no name well enough finds nothing.

Folding merges words the catalogue must keep apart: "cần" (need) and "căn" (căn cước) are both
"can", "để" (so that) and "đẻ" (give birth) are both "de", "tư"/"tử"/"từ" are all "tu". So a word
is dropped as a question word by its written form when the citizen typed diacritics, by its
neighbours when they did not ("can" before "cuoc" is căn cước, elsewhere it is cần), and only
words that are question words in every reading are dropped by their folded form alone.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.text import SHORTHAND, expand_shorthand, fold, nfc
from storage.models import Procedure


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Question words in every reading of their folded form (Vietnamese and English); dropped always.
QUESTION_WORDS = _words(
    """
    thu tuc lam nhu nao gi giay hoi minh anh chi toi ad admin muon phai di nhieu lau
    khong duoc a nhe voi va cua la co thi nay kia roi nop xin cach trinh giup oi da vang uh
    nguoi moi ra len xuong cung ma nhung khi neu se bi gio kip hay vay nua thoi chao ah ok
    okay uhm
    how i get for what is are need needed my apply documents papers paperwork where much does
    please want of we our you your with and or from after before about this there
    would should could will have has had am us they their he she his her at by if
    into some any just also help hi hello thanks thank which who why when procedure process
    steps required require requirements
    """
)

# Written forms (with diacritics) that are question words; their folded forms also spell
# catalogue words, so they are dropped only as typed: "cần" but not "căn", "để" but not "đẻ".
# Plain "do" in a text with diacritics is the preposition, not "đỏ".
FUNCTION_WORDS_VI = _words(
    """
    cần mình bạn về đâu để thế từ do ở cho tại theo trong đến vào còn đang hông
    """
)

# English words that also spell Vietnamese ones ("do" đỏ, "can" cần/căn, "the" thẻ, "an" an
# toàn, "to" ô tô); dropped only when the question reads as English.
ENGLISH_ONLY_WORDS = _words("do did done can the a an to in on it so new up as one go be me that")
ENGLISH_MARKERS = _words(
    """
    how what where when why which who i my we our you your is are does please want need get
    for with and have from after of
    """
)

# Folded phrases that are part of the question, whatever their words mean alone.
QUESTION_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in (
        "ho so",
        "giay to",
        "thu tuc",
        "the nao",
        "nhu the",
        "the nay",
        "the sao",
        "lam sao",
        "vi sao",
        "tai sao",
        "o dau",
        "bao lau",
        "bao nhieu",
        "bao gio",
        "mat bao lau",
        "mat bao nhieu",
        "mat may ngay",
        "mat phi",
        "tu van",
        "huong dan",
        "cong dich vu cong",
        "dich vu cong",
        "cam on",
    )
)

# Plain (diacritic-free) words that are question words except beside the word that makes them a
# catalogue word: "can" is cần unless "can cuoc", "minh" is mình unless "chung minh".
KEEP_BEFORE = {"can": {"cuoc"}, "ve": {"sinh"}, "o": {"to"}}
KEEP_AFTER = {"minh": {"chung"}, "dau": {"lan"}, "em": {"tre"}, "to": {"o"}}
# Plain words that are chat shorthand except after these: "so hong" is sổ hồng, not "sổ không".
KEEP_SHORTHAND = {"hong": {"so", "bi"}}

# Northern and southern spellings people mix up (initials), tried when mending a typed word.
DIALECT_SWAPS = (
    ("ch", "tr"),
    ("tr", "ch"),
    ("s", "x"),
    ("x", "s"),
    ("d", "gi"),
    ("gi", "d"),
    ("r", "d"),
    ("d", "r"),
    ("l", "n"),
    ("n", "l"),
)

# an unknown word this close (rapidfuzz ratio) to a catalogue word counts as that word even
# when it makes no phrase ("pasport"); shorter words, which are all Vietnamese syllables, are
# mended only into a phrase: too many of them look alike ("benh" is not "bien", "hoang" not
# "hang")
TYPO_SCORE = 80.0
MIN_TYPO_LENGTH = 6

_WORD = re.compile(r"\w+", re.UNICODE)


def _tokens(text: str) -> list[tuple[str, str]]:
    """(as typed, folded) for each word; chat shorthand expands to its folded words.

    Only words typed as shorthand expand: "hồng" (sổ hồng) folds to "hong", which is also the
    shorthand for "không", and plain "so hong" / "bi hong" are sổ hồng / bị hỏng.
    """
    found: list[tuple[str, str]] = []
    previous = ""
    for typed in _WORD.findall(nfc(text).lower()):
        folded = fold(typed)
        if typed != folded:
            expanded = SHORTHAND.get(typed, folded).split()  # "đc", "đt"
        elif previous in KEEP_SHORTHAND.get(folded, ()):
            expanded = [folded]
        else:
            expanded = expand_shorthand(folded).split()
        if expanded == [folded]:
            found.append((typed, folded))
        else:
            found.extend((word, word) for word in expanded)
        previous = folded
    return found


def terms(text: str) -> tuple[str, ...]:
    """The folded words of `text` that can name a procedure, in order."""
    tokens = _tokens(text)
    words = [folded for _typed, folded in tokens]
    accented = any(typed != folded for typed, folded in tokens)
    english = not accented and any(w in ENGLISH_MARKERS for w in words)
    dropped = [False] * len(words)
    for start in range(len(words)):
        for phrase in QUESTION_PHRASES:
            if tuple(words[start : start + len(phrase)]) == phrase:
                for i in range(start, start + len(phrase)):
                    dropped[i] = True
    kept = []
    for i, (typed, word) in enumerate(tokens):
        if dropped[i] or word in QUESTION_WORDS or (english and word in ENGLISH_ONLY_WORDS):
            continue
        if typed in FUNCTION_WORDS_VI and (typed != word or accented):
            continue
        if typed == word:
            next_word = words[i + 1] if i + 1 < len(words) else ""
            previous_word = words[i - 1] if i > 0 else ""
            if word in KEEP_BEFORE and next_word not in KEEP_BEFORE[word]:
                continue
            if word in KEEP_AFTER and previous_word not in KEEP_AFTER[word]:
                continue
        kept.append(word)
    return tuple(kept)


def content_words(text: str) -> list[str]:
    return list(terms(text))


def _english_stem(word: str) -> str | None:
    """The singular / base form of an English word, when it has an ending to strip."""
    for ending, base in (("ies", "y"), ("ied", "y"), ("s", ""), ("ed", ""), ("ing", "")):
        if len(word) > len(ending) + 2 and word.endswith(ending) and not word.endswith("ss"):
            return word[: -len(ending)] + base
    return None


def _spellings(word: str) -> list[str]:
    """Other ways the same syllable gets typed: swapped dialect initials."""
    found = []
    for typed, meant in DIALECT_SWAPS:
        if word.startswith(typed) and not (typed == "d" and word.startswith("gi")):
            found.append(meant + word[len(typed) :])
    return found


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
            near = [c for c in _spellings(word) if c in self.idf]
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
        stem = _english_stem(word)
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


def names_of(entry: dict[str, Any]) -> list[str]:
    return [entry["name_vi"], entry["name_en"], *entry.get("aliases", [])]


def synonyms_from_training_data(path: Path) -> dict[str, list[str]]:
    """The `procedure` synonyms of the NLU training data: more ways people name each procedure."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: dict[str, list[str]] = {}
    for item in data.get("nlu", []):
        if "synonym" in item and isinstance(item.get("examples"), str):
            lines = [ln.strip()[2:].strip() for ln in item["examples"].splitlines() if ln.strip()]
            found.setdefault(str(item["synonym"]), []).extend(lines)
    return found


async def all_procedures(session: AsyncSession) -> list[Procedure]:
    return list((await session.scalars(select(Procedure).order_by(Procedure.code))).all())


async def procedure_by_code(session: AsyncSession, code: str) -> Procedure | None:
    found: Procedure | None = await session.scalar(select(Procedure).where(Procedure.code == code))
    return found


async def build_index(session: AsyncSession, extra_names: dict[str, list[str]]) -> ProcedureIndex:
    rows = await all_procedures(session)
    return ProcedureIndex.build(
        (row.code, [*names_of(row.data), *extra_names.get(row.code, [])]) for row in rows
    )
