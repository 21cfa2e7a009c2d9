"""The held-out files stay held out: no training example is one of their messages, even with
its diacritics or punctuation changed (a copied message would score itself). Greetings and
thanks of a few words ("em cảm ơn ạ") are written alike by anyone and are left out of the check."""

from __future__ import annotations

from pathlib import Path

from core.text import fold
from nlu.evaluation import read_examples

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = sorted((ROOT / "tests" / "nlu").glob("independent*.yml"))
TRAINING = sorted((ROOT / "nlu" / "data" / "nlu").glob("*.yml"))
# below this many words, two people write the same message without copying
MIN_WORDS = 5


def _key(text: str) -> str:
    return " ".join(fold(text).strip(" .?!").split())


def test_no_training_example_is_a_held_out_message() -> None:
    held_out = {_key(e.text): path.name for path in HELD_OUT for e in read_examples(path)}
    assert len(HELD_OUT) >= 8 and len(held_out) > 3000
    copied = [
        (path.name, e.text, held_out[_key(e.text)])
        for path in TRAINING
        for e in read_examples(path)
        if len(e.text.split()) >= MIN_WORDS and _key(e.text) in held_out
    ]
    assert copied == []
