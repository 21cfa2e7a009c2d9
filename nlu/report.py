"""`python -m nlu.report REPORTS TEST_FILE`: the figures `make eval` prints, from the
per-message predictions `rasa test nlu --successes --errors` wrote."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from core.text import fold
from nlu.evaluation import read_examples, report


def predictions(folder: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in ("intent_successes.json", "intent_errors.json"):
        path = folder / name
        if path.exists():
            for item in json.loads(path.read_text(encoding="utf-8")):
                found[item["text"]] = (item.get("intent_prediction") or {}).get("name", "")
    return found


def main() -> int:
    folder, test_file = Path(sys.argv[1]), Path(sys.argv[2])
    examples = read_examples(test_file)
    predicted = predictions(folder)
    missing = [e.text for e in examples if e.text not in predicted]
    if missing:
        print(f"{len(missing)} test messages have no prediction in {folder}", file=sys.stderr)
        return 1
    # the folded forms are not in the test file; Rasa's per-message report cannot give them,
    # so fold agreement is measured by the test suite against the running server
    for example in examples:
        predicted.setdefault(fold(example.text), predicted[example.text])
    result = report(predicted, examples)
    for line in result.lines()[:3]:
        print(line)
    errors = sum(1 for e in examples if predicted[e.text] != e.intent)
    print(f"intent errors: {errors} of {len(examples)} ({errors / len(examples):.1%})")
    print("per-intent F1 and the confusion matrix: reports/nlu/intent_report.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
