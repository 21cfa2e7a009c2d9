"""Intent metrics over a labelled test file, by subset (all, without diacritics, English).

Pure Python, so both `make eval` (reading Rasa's reports) and the test suite (asking the running
Rasa server) compute the same figures the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from core.language import detect_language
from core.text import fold, has_vietnamese_diacritics, nfc

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


def plain_text(annotated: str) -> str:
    """`[sổ đỏ](procedure)` → `sổ đỏ`."""
    return _ANNOTATION.sub(r"\1", annotated)


def read_examples(path: Path) -> list[Example]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block["examples"]).splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append(Example(nfc(plain_text(line[2:].strip())), block["intent"]))
    return examples


def macro_f1(pairs: Iterable[tuple[str, str]]) -> float:
    """Macro-averaged F1 over the intents that occur as truth in `pairs` (truth, predicted)."""
    pairs = list(pairs)
    intents = {truth for truth, _ in pairs}
    if not intents:
        return 0.0
    total = 0.0
    for intent in intents:
        tp = sum(1 for t, p in pairs if t == intent and p == intent)
        fp = sum(1 for t, p in pairs if t != intent and p == intent)
        fn = sum(1 for t, p in pairs if t == intent and p != intent)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        total += 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return total / len(intents)


def is_english(text: str) -> bool:
    return detect_language(text) == "en"


def is_diacritic_free_vietnamese(text: str) -> bool:
    return not has_vietnamese_diacritics(text) and not is_english(text)


@dataclass(frozen=True)
class Report:
    overall: float
    diacritic_free: float
    english: float
    # share of accented Vietnamese examples whose folded form gets the same intent
    fold_agreement: float
    count: int
    diacritic_free_count: int
    english_count: int
    folded_count: int

    def lines(self) -> list[str]:
        return [
            f"intent macro-F1 overall:          {self.overall:.3f} ({self.count} messages)",
            f"intent macro-F1 no diacritics:    {self.diacritic_free:.3f} "
            f"({self.diacritic_free_count} messages)",
            f"intent macro-F1 English:          {self.english:.3f} ({self.english_count} messages)",
            f"same intent once diacritics gone: {self.fold_agreement:.3f} "
            f"({self.folded_count} accented Vietnamese messages)",
        ]


def report(predicted: dict[str, str], examples: list[Example]) -> Report:
    """`predicted` maps each text (the examples' and their folded forms) to an intent."""
    pairs = [(e.intent, predicted[e.text]) for e in examples]
    plain = [
        (e.intent, predicted[e.text]) for e in examples if is_diacritic_free_vietnamese(e.text)
    ]
    english = [(e.intent, predicted[e.text]) for e in examples if is_english(e.text)]
    accented = [e for e in examples if has_vietnamese_diacritics(e.text)]
    agree = sum(1 for e in accented if predicted[fold(e.text)] == predicted[e.text])
    return Report(
        overall=macro_f1(pairs),
        diacritic_free=macro_f1(plain),
        english=macro_f1(english),
        fold_agreement=agree / len(accented) if accented else 1.0,
        count=len(pairs),
        diacritic_free_count=len(plain),
        english_count=len(english),
        folded_count=len(accented),
    )


def texts_to_predict(examples: list[Example]) -> list[str]:
    texts = {e.text for e in examples}
    texts |= {fold(e.text) for e in examples if has_vietnamese_diacritics(e.text)}
    return sorted(texts)
