"""The trained model on the independent held-out files (each written by someone who saw neither
the training data nor the earlier test files, and never trained on), through the running Rasa
server's /model/parse: the gates `make test` enforces on each."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from nlu.evaluation import read_examples, report, texts_to_predict
from tests.servers import Stack

HELD_OUT = Path(__file__).resolve().parent.parent / "nlu"
# each written blind by a different writer; never trained on
TEST_FILES = [
    "independent.yml",
    "independent_winter.yml",
    "independent_spring.yml",
    "independent_autumn.yml",
    "independent_monsoon.yml",
    "independent_frost.yml",
    "independent_ice.yml",
    "independent_hail.yml",
    "independent_sleet.yml",
    "independent_dew.yml",
    "independent_rime.yml",
    "independent_mist.yml",
    "independent_haze.yml",
]
# the goals (rime, the lowest file overall, measures 0.950 / 0.960 / 0.988, README); training is
# seeded, so the figures repeat
MIN_MACRO_F1 = 0.93
MIN_MACRO_F1_NO_DIACRITICS = 0.92
MIN_MACRO_F1_ENGLISH = 0.93
MIN_FOLD_AGREEMENT = 0.95


async def _parse_all(rasa_url: str, texts: list[str]) -> dict[str, str]:
    semaphore = asyncio.Semaphore(8)

    async def parse(http: aiohttp.ClientSession, text: str) -> tuple[str, str]:
        async with semaphore, http.post(f"{rasa_url}/model/parse", json={"text": text}) as response:
            assert response.status == 200
            body = await response.json()
        return text, body["intent"]["name"]

    async with aiohttp.ClientSession() as http:
        return dict(await asyncio.gather(*(parse(http, t) for t in texts)))


@pytest.fixture(scope="module", params=TEST_FILES)
def nlu_report(stack: Stack, request: pytest.FixtureRequest):
    examples = read_examples(HELD_OUT / request.param)
    predicted = asyncio.run(_parse_all(stack.rasa_url, texts_to_predict(examples)))
    result = report(predicted, examples)
    print("\n".join(result.lines()))
    return result


def test_intent_macro_f1_on_the_held_out_file_is_at_least_093(nlu_report) -> None:
    assert nlu_report.overall >= MIN_MACRO_F1


def test_intent_macro_f1_without_diacritics_is_at_least_092(nlu_report) -> None:
    assert nlu_report.diacritic_free_count >= 100
    assert nlu_report.diacritic_free >= MIN_MACRO_F1_NO_DIACRITICS


def test_intent_macro_f1_in_english_is_at_least_093(nlu_report) -> None:
    assert nlu_report.english_count >= 60
    assert nlu_report.english >= MIN_MACRO_F1_ENGLISH


def test_a_message_keeps_its_intent_when_typed_without_diacritics(nlu_report) -> None:
    assert nlu_report.fold_agreement >= MIN_FOLD_AGREEMENT
