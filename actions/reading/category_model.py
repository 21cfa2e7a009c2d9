"""The area a whole description speaks of, learned from example descriptions.

The word lists (`category_words.yml`) are exact but sparse: "đường bị lún thành vệt dài" names
no listed phrase, and a side remark ("văng nước vào học sinh") can outweigh the matter itself.
A classifier over folded words and letter groups, trained on `category_examples.yml` (written as
citizens describe problems, many mentioning another area in passing) and on the word lists'
phrases, reads the description as a whole. `categories.clear_category` weighs the two together.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from actions.reading.words import folded

EXAMPLES_FILE = Path(__file__).with_name("category_examples.yml")
WORDS_FILE = Path(__file__).with_name("category_words.yml")
# inverse regularisation, and the seed that keeps the trained weights the same on every start
REGULARISATION = 10.0
SEED = 2026


def _training_pairs() -> tuple[list[str], list[str]]:
    examples = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))["examples"]
    texts = [folded(e["text"]) for e in examples]
    labels = [e["category"] for e in examples]
    words = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    for category, phrases in words.items():
        texts += [folded(p) for p in phrases]
        labels += [category] * len(phrases)
    return texts, labels


@lru_cache(maxsize=1)
def _model() -> Pipeline:
    """Trained once per process, in well under a second."""
    texts, labels = _training_pairs()
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("letters", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    regression = LogisticRegression(
        C=REGULARISATION, max_iter=2000, class_weight="balanced", random_state=SEED
    )
    model = Pipeline([("features", features), ("regression", regression)])
    model.fit(texts, labels)
    return model


def category_probabilities(text: str) -> dict[str, float]:
    """Each category's probability for a description (summing to 1)."""
    model = _model()
    probabilities = model.predict_proba([folded(text)])[0]
    return {str(c): float(p) for c, p in zip(model.classes_, probabilities, strict=True)}


def warm_up() -> None:
    """Trains the model now (a few seconds), rather than during a citizen's turn."""
    _model()
