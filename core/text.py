"""Vietnamese text normalisation shared by the NLU components, the actions and the gateway.

Pure Python with no dependencies: the Rasa env imports it as well as the app env.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Chat shorthand people type, folded to the diacritic-free full word.
SHORTHAND = {
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "hok": "khong",
    "khg": "khong",
    "kg": "khong",
    "dc": "duoc",
    "đc": "duoc",
    "dk": "duoc",
    "j": "gi",
    "ad": "admin",
    "bn": "bao nhieu",
    "bnhieu": "bao nhieu",
    "bnhiu": "bao nhieu",
    "nhiu": "nhieu",
    "mun": "muon",
    "bh": "bao gio",
    "ntn": "nhu the nao",
    "vs": "voi",
    "mk": "minh",
    "mik": "minh",
    "mjk": "minh",
    "pa": "phan anh",
    "kn": "kien nghi",
    "mn": "moi nguoi",
    "ng": "nguoi",
    "cx": "cung",
    "r": "roi",
    "z": "vay",
    "v": "vay",
    "trc": "truoc",
    "thnao": "the nao",
    "sdt": "so dien thoai",
    "dg": "duong",
    "đg": "duong",
    "gthong": "giao thong",
    "mt": "moi truong",
    "tp": "thanh pho",
    "tdp": "to dan pho",
    "ngta": "nguoi ta",
    "đt": "dien thoai",
}

_TOKEN = re.compile(r"\w+", re.UNICODE)
# English possessives and contractions: "toddler's card" is about a toddler's card, "don't" one
# word, as the catalogue's aliases and the training examples write them
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character without its diacritics, lower-cased; always exactly one character."""
    lowered = char.lower()
    if len(lowered) != 1:
        return char
    if lowered == "đ":
        return "d"
    base = unicodedata.normalize("NFD", lowered)[0]
    return base


def fold(text: str) -> str:
    """Lower-case and strip diacritics, keeping the length (so offsets still point into `text`).

    `text` should be NFC; every Vietnamese letter has a precomposed form, so one character maps
    to one character.
    """
    return "".join(fold_char(c) for c in text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def expand_shorthand(word: str) -> str:
    """The diacritic-free full form of a folded word, or the word itself."""
    return SHORTHAND.get(word, word)


def normalize(text: str) -> str:
    """NFC, folded and shorthand expanded: the form the classifiers and the matcher compare."""
    text = _INNER_APOSTROPHE.sub("", _POSSESSIVE.sub("", nfc(text)))
    words = _TOKEN.findall(fold(text))
    return " ".join(expand_shorthand(w) for w in words)


def has_vietnamese_diacritics(text: str) -> bool:
    return fold(nfc(text)) != nfc(text).lower()
