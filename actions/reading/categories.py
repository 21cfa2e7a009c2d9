"""The category of a petition named in the citizen's words ("rác", "ổ gà", "đèn đường tắt",
"karaoke ồn", "lấn chiếm vỉa hè", "cán bộ gây khó dễ") or typed as an option number."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from actions.reading.category_model import category_probabilities
from actions.reading.kinds import REQUEST_WORDS
from actions.reading.words import folded, option_number, words
from core.labels import CATEGORIES

# in the order the form offers them (a typed "3" is the third)
CATEGORY_ORDER = (
    "giao_thong",
    "chieu_sang",
    "moi_truong",
    "trat_tu",
    "xay_dung",
    "dat_dai",
    "y_te",
    "giao_duc",
    "can_bo",
    "khac",
)
OTHER_WORDS = ("khac", "other", "cai khac", "linh vuc khac", "something else")
# "chắc là khác", "something else, not in the list": "other" said in a short answer
OTHER_IN_ANSWER = re.compile(r"(?<!\w)(?:khac|other|something else|none of (?:these|them))(?!\w)")
OTHER_ANSWER_MAX_WORDS = 14
# one word typed as the answer to "which area?" ("đèn", "cống", "đường"): too vague inside a
# description, clear as an answer
ANSWER_WORDS = {
    "duong": "giao_thong",
    "cau": "giao_thong",
    "xe": "giao_thong",
    "den": "chieu_sang",
    "dien": "chieu_sang",
    "cong": "moi_truong",
    "nuoc": "moi_truong",
    "song": "moi_truong",
    "cay": "moi_truong",
    "on": "trat_tu",
    "nha": "xay_dung",
    "dat": "dat_dai",
    "order": "trat_tu",
    "light": "chieu_sang",
    "lights": "chieu_sang",
    "environment": "moi_truong",
    "building": "xay_dung",
    "officials": "can_bo",
    "thuoc": "y_te",
    "health": "y_te",
    "hospital": "y_te",
    "clinic": "y_te",
    "benh": "y_te",
    "hoc": "giao_duc",
    "truong": "giao_duc",
    "school": "giao_duc",
    "education": "giao_duc",
}
WORDS_FILE = Path(__file__).with_name("category_words.yml")
# a typed word this close to a category word (OSA-like ratio, 0-100) counts as that word
TYPO_SIMILARITY = 88
TYPO_MIN_LENGTH = 5


# an answer this close to an option's title (or a part of it: "Trật tự, tiếng ồn") is that option
TITLE_SIMILARITY = 85


@lru_cache(maxsize=1)
def title_parts() -> dict[str, str]:
    """Each option's title and its comma-separated parts, folded, in both languages."""
    parts: dict[str, str] = {}
    for category, titles in CATEGORIES.items():
        for title in titles:
            for part in (title, *title.split(",")):
                parts.setdefault(folded(part.replace("'", "")), category)
    return parts


def _typed_title(text: str) -> str | None:
    found = process.extractOne(
        folded(text.replace("'", "")),
        list(title_parts()),
        scorer=fuzz.ratio,
        score_cutoff=TITLE_SIMILARITY,
    )
    return title_parts()[found[0]] if found else None


@lru_cache(maxsize=1)
def category_words() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return {category: tuple(phrases) for category, phrases in data.items()}


def _mend_typos(tokens: list[str]) -> list[str]:
    """Single words mended to a category word when the citizen slipped a letter ("ngapp")."""
    vocabulary = {w for ps in category_words().values() for p in ps for w in p.split()}
    mended = []
    for token in tokens:
        if token in vocabulary or len(token) < TYPO_MIN_LENGTH:
            mended.append(token)
            continue
        best = max(vocabulary, key=lambda word: fuzz.ratio(token, word))
        mended.append(best if fuzz.ratio(token, best) >= TYPO_SIMILARITY else token)
    return mended


# addressing the reader ("chào cán bộ", "cán bộ ơi") says nothing of what happened
ADDRESSING = re.compile(
    r"(?<!\w)(?:chao|thua|gui|kinh gui|chuc|cam on) can bo(?!\w)|(?<!\w)can bo oi(?!\w)"
)


# a phrase right after these says where it happened, not what: "rác đổ cạnh trường mầm non" is
# about rubbish, "ổ gà trước cổng trường" about the road
LOCATIVES = (
    "canh",
    "gan",
    "truoc",
    "sau",
    "sat",
    "doi dien",
    "ben",
    "qua",
    "phia",
    "cuoi",
    "near",
    "next to",
    "outside",
    "opposite",
    "beside",
    "behind",
    "in front of",
    "past",
    "by",
)
# words between a locative and the landmark: "cạnh cổng trường", "next to the school"
LANDMARK_LEADS = frozenset({"cong", "khu", "the", "a", "cua"})
LANDMARK_WEIGHT = 1


def _after_a_locative(tokens: list[str], start: int) -> bool:
    before = tokens[max(0, start - 4) : start]
    while before and before[-1] in LANDMARK_LEADS:
        before.pop()
    joined = " ".join(before)
    return any(joined == loc or joined.endswith(" " + loc) for loc in LOCATIVES)


def category_scores(text: str) -> dict[str, int]:
    """How strongly a text speaks of each category: the words of every phrase it contains, a
    landmark's ("cạnh trường mầm non") counting little."""
    spoken = ADDRESSING.sub(" ", folded(text))
    tokens = _mend_typos(spoken.split())
    scores: dict[str, int] = {}
    for category, phrases in category_words().items():
        score = 0
        for phrase in phrases:
            size = len(phrase.split())
            starts = [
                i for i in range(len(tokens) - size + 1) if tokens[i : i + size] == phrase.split()
            ]
            if not starts:
                continue
            landmark = all(_after_a_locative(tokens, i) for i in starts)
            score += LANDMARK_WEIGHT if landmark else size**2
        if score:
            scores[category] = score
    return scores


# a description names its area clearly when its best category outweighs the next this much
CLEAR_MARGIN = 2


# the whole-description model (category_model) is trusted alone from this probability, and
# overrules the word lists only from a higher one (then the form asks)
MODEL_CONFIDENT = 0.6
MODEL_OVERRULES = 0.5
# "phản ánh", "tôi muốn gửi kiến nghị": too little said for the model to guess from
MODEL_MIN_WORDS = 3


def _words_choice(scores: dict[str, int]) -> str | None:
    ranked = sorted(scores.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] < CLEAR_MARGIN * ranked[1]:
        return None
    return _strongest(scores)


def clear_category(text: str, use_model: bool = True) -> str | None:
    """The category a description clearly speaks of; None when the word lists and the model
    disagree or neither is sure (the form asks rather than send the petition to the wrong
    department). Without `use_model`, only the word lists are read: a request that describes
    nothing ("tôi là …, ở xã …, tôi muốn khiếu nại") gives the model nothing to guess from."""
    scores = category_scores(text)
    by_words = _words_choice(scores)
    said = [w for w in words(text) if w not in REQUEST_WORDS]
    if len(said) < MODEL_MIN_WORDS or not use_model:
        return by_words
    probabilities = category_probabilities(text)
    guess = max(probabilities, key=probabilities.__getitem__)
    confidence = probabilities[guess]
    if by_words is not None:
        if guess != by_words and confidence >= MODEL_OVERRULES:
            return None
        return by_words
    # "Other" is what is left when nothing is recognised: the citizen says so, the form asks
    if guess != "khac" and confidence >= MODEL_CONFIDENT and (not scores or guess in scores):
        return guess
    return None


def _says_other(text: str) -> bool:
    spoken = folded(text)
    return (
        len(spoken.split()) <= OTHER_ANSWER_MAX_WORDS
        and bool(OTHER_IN_ANSWER.search(spoken))
        and not category_scores(text)
    )


def read_category(text: str, answering: bool = False) -> str | None:
    """The category a message speaks of, or None; `answering` when it replies to "which area?"."""
    if answering:
        number = option_number(text)
        if number is not None and 1 <= number <= len(CATEGORY_ORDER):
            return CATEGORY_ORDER[number - 1]
        if folded(text) in OTHER_WORDS or _says_other(text):
            return "khac"
        titled = _typed_title(text)
        if titled is not None:
            return titled
        first_word = (folded(text).split() or [""])[0]
        if len(folded(text).split()) <= 2 and first_word in ANSWER_WORDS:
            return ANSWER_WORDS[first_word]
    return _strongest(category_scores(text))


def _strongest(scores: dict[str, int]) -> str | None:
    """The best-scored category, the form's order breaking ties; None when none scored."""
    if not scores:
        return None
    best = max(scores.values())
    return next(c for c in CATEGORY_ORDER if scores.get(c) == best)
