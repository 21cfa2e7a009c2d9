"""Rasa's own checks of the training data and the dialogue, run on the trained model."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
RASA = str(ROOT / ".venv" / "rasa" / "bin" / "rasa")
ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT),
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
}
# utterances sent by custom actions are, by design, not in any story or rule
EXPECTED_WARNING = re.compile(r"The utterance '\w+' is not used in any story or rule")
# intents never classified, so without examples: the rating buttons' payload, and the ones
# readers (nlu.components) set from the words
NOT_CLASSIFIED = (
    "rate_petition",
    "report_not_fixed",
    "updates_off",
    "updates_on",
    "ask_reception",
    "cancel_reception",
    "move_reception",
    # the gateway's turn that puts a consultation's question, and the three the
    # consultation reader sets
    "consultation_opened",
    "ask_consultation",
    "consultations_on",
    "consultations_off",
)
UNTRAINED = [
    f"The intent '{intent}' is listed in the domain file, but is not found"
    for intent in NOT_CLASSIFIED
]


def test_rasa_data_validate_finds_no_errors_and_no_conflicts(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            RASA,
            "data",
            "validate",
            "--domain",
            "nlu/domain",
            "--data",
            "nlu/data",
            "--config",
            "config.yml",
        ],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "No story structure conflicts found" in output
    warnings = [line for line in output.splitlines() if "UserWarning" in line]
    unexpected = [
        w
        for w in warnings
        if not EXPECTED_WARNING.search(w) and not any(known in w for known in UNTRAINED)
    ]
    assert unexpected == []


def test_every_test_story_is_followed_exactly(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            RASA,
            "test",
            "core",
            "--model",
            "models/current.tar.gz",
            "--stories",
            "tests/stories",
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "None of the test stories failed" in (tmp_path / "failed_test_stories.yml").read_text()
