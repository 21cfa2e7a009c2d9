"""A fast subset of the conversation suite against the real stack (`make eval` plays all of it):
every behaviour, style and channel, a simulated citizen typing each answer; and a share of the
end-to-end procedure questions."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.conversations.runner import (
    CaseResult,
    World,
    load_cases,
    load_procedure_questions,
    play_all,
    procedure_cases,
)
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.zalo import FakeZaloAPI
from tests.integration.conftest import TELEGRAM_SECRET, ZALO_APP_ID, ZALO_OA_SECRET_KEY
from tests.servers import Stack

# every n-th case of each behaviour file: all behaviours, styles and channels, a few minutes
EVERY = 3
# the whole suite passes 98% (README); a subset this size may lose a case or two to noise
MIN_PASS_RATE = 0.9
# every n-th procedure question; the whole set answers 95% (README)
EVERY_QUESTION = 4
MIN_ANSWERED_RATE = 0.9


def fast_subset(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_behaviour: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        by_behaviour.setdefault(str(case["behaviour"]), []).append(case)
    return [c for group in by_behaviour.values() for c in group[::EVERY]]


def _played(world: World, cases: list[dict[str, Any]]) -> list[CaseResult]:
    played = asyncio.run(play_all(world, cases))
    for result in played:
        if not result.passed:
            print(f"FAILED {result.case['id']}: {result.problems}")
    return played


@pytest.fixture(scope="module")
def world(stack: Stack, telegram_api: FakeBotAPI, zalo_api: FakeZaloAPI) -> World:
    return World(stack, telegram_api, zalo_api, TELEGRAM_SECRET, ZALO_APP_ID, ZALO_OA_SECRET_KEY)


@pytest.fixture(scope="module")
def results(world: World) -> list[CaseResult]:
    return _played(world, fast_subset(load_cases()))


def test_the_subset_covers_every_behaviour_style_and_channel() -> None:
    subset = fast_subset(load_cases())
    everything = load_cases()
    assert len(everything) >= 150
    for key in ("behaviour", "style", "channel"):
        assert {c[key] for c in subset} == {c[key] for c in everything}


def test_simulated_citizens_who_type_every_answer_get_what_they_came_for(
    results: list[CaseResult],
) -> None:
    passed = sum(r.passed for r in results)
    failed = [(r.case["id"], r.problems) for r in results if not r.passed]
    assert passed / len(results) >= MIN_PASS_RATE, failed


def test_no_cancelled_conversation_stores_a_petition(results: list[CaseResult]) -> None:
    cancelled = [r for r in results if r.case["expect"].get("outcome") == "no_petition"]
    assert cancelled
    assert not [r.case["id"] for r in cancelled if any("filed" in p for p in r.problems)]


def test_procedure_questions_typed_like_citizens_get_the_right_procedure_and_aspect(
    world: World,
) -> None:
    questions = procedure_cases(load_procedure_questions())[::EVERY_QUESTION]
    played = _played(world, questions)
    answered = sum(r.passed for r in played)
    failed = [(r.case["say_first"], r.problems) for r in played if not r.passed]
    assert answered / len(played) >= MIN_ANSWERED_RATE, failed
