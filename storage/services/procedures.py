"""The procedure catalogue: reading entries and finding the one a citizen means.

Retrieval folds diacritics and shorthand (core.text.normalize), drops the words every question
shares ("thu tuc", "can gi", "how to"), mends typos with rapidfuzz, and ranks names and aliases
by how much of them the question covers. Close seconds are offered as choices.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.text import normalize
from storage.models import Procedure

# words of the question itself, not of the procedure's name (folded forms)
QUESTION_WORDS = frozenset(
    """
    thu tuc lam the nao nhu sao can gi giay to ho so cho hoi minh em anh chi toi ban ad admin
    muon phai di o dau bao nhieu lau mat khong duoc a nhe voi va cua la co gi thi nay kia roi
    nop xin huong dan cach quy trinh tu van giup oi da vang uh
    nguoi moi phai lam sao giay gi the nay ra ve len xuong cung ma nhung
    how i to get the a an for what is are need needed my apply documents papers where much
    long does it can please want of in on we our
    """.split()
)

# a typed word this close (rapidfuzz ratio) to a catalogue word counts as that word
TYPO_SCORE = 75.0
# words shorter than this must be typed exactly (too many short syllables look alike)
MIN_TYPO_LENGTH = 4


def content_words(text: str) -> list[str]:
    return [w for w in normalize(text).split() if w not in QUESTION_WORDS]


@dataclass(frozen=True)
class Match:
    code: str
    score: float


@dataclass
class _Name:
    code: str
    words: frozenset[str]
    weight: float


@dataclass
class ProcedureIndex:
    """Names and aliases of every procedure as sets of folded words, with an inverted index.

    A name scores by how much of it the question covers, weighted by how rare each word is
    (idf), so "trich luc khai tu" beats "khai tu" when both are in the question, and a name
    only half present scores low. Typos are mended word by word against the vocabulary.
    """

    names: list[_Name] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Iterable[str]]]) -> ProcedureIndex:
        index = cls()
        seen: set[tuple[str, frozenset[str]]] = set()
        raw: list[tuple[str, frozenset[str]]] = []
        for code, names in entries:
            for name in names:
                words = frozenset(content_words(name))
                if words and (code, words) not in seen:
                    seen.add((code, words))
                    raw.append((code, words))
        document_frequency: dict[str, int] = {}
        for _code, words in raw:
            for word in words:
                document_frequency[word] = document_frequency.get(word, 0) + 1
        total = len(raw)
        index.idf = {w: math.log(1 + total / df) for w, df in document_frequency.items()}
        for position, (code, words) in enumerate(raw):
            index.names.append(_Name(code, words, sum(index.idf[w] for w in words)))
            for word in words:
                index.postings.setdefault(word, []).append(position)
        index.vocabulary = sorted(index.idf)
        return index

    def _known(self, word: str) -> str | None:
        if word in self.idf:
            return word
        if len(word) < MIN_TYPO_LENGTH:
            return None
        found = process.extractOne(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE
        )
        return found[0] if found else None

    def search(self, query: str, limit: int = 3) -> list[Match]:
        """Best procedures first; score = covered share of the name × covered idf weight."""
        words = {k for k in (self._known(w) for w in content_words(query)) if k}
        candidates = {i for w in words for i in self.postings.get(w, [])}
        best: dict[str, float] = {}
        for i in candidates:
            name = self.names[i]
            covered = sum(self.idf[w] for w in name.words & words)
            score = (covered / name.weight) * covered
            if score > best.get(name.code, 0.0):
                best[name.code] = score
        ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
        return [Match(code, score) for code, score in ranked[:limit]]


@dataclass(frozen=True)
class Resolution:
    """What the search means for the conversation: one procedure, a choice, or nothing."""

    code: str | None
    choices: list[str]


# a best score under this is no match; seconds within CLOSE (a share of the best) are offered
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
    return await session.scalar(select(Procedure).where(Procedure.code == code))


async def build_index(session: AsyncSession, extra_names: dict[str, list[str]]) -> ProcedureIndex:
    rows = await all_procedures(session)
    return ProcedureIndex.build(
        (row.code, [*names_of(row.data), *extra_names.get(row.code, [])]) for row in rows
    )
