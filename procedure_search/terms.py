"""The words of a question that can name a procedure.

Folding merges words the catalogue must keep apart: "cần" (need) and "căn" (căn cước) are both
"can", "để" (so that) and "đẻ" (give birth) are both "de", "tư"/"tử"/"từ" are all "tu". So a word
is dropped as a question word by its written form when the citizen typed diacritics, by its
neighbours when they did not ("can" before "cuoc" is căn cước, elsewhere it is cần), and only
words that are question words in every reading are dropped by their folded form alone.
"""

from __future__ import annotations

import re

from core.text import SHORTHAND, expand_shorthand, fold, nfc


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


def english_stem(word: str) -> str | None:
    """The singular / base form of an English word, when it has an ending to strip."""
    for ending, base in (("ies", "y"), ("ied", "y"), ("s", ""), ("ed", ""), ("ing", "")):
        if len(word) > len(ending) + 2 and word.endswith(ending) and not word.endswith("ss"):
            return word[: -len(ending)] + base
    return None


def spellings(word: str) -> list[str]:
    """Other ways the same syllable gets typed: swapped dialect initials."""
    found = []
    for typed, meant in DIALECT_SWAPS:
        if word.startswith(typed) and not (typed == "d" and word.startswith("gi")):
            found.append(meant + word[len(typed) :])
    return found
