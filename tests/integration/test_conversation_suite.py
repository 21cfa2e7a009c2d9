"""A fast subset of the conversation suite against the real stack (`make eval` plays all of it):
every behaviour, style and channel, a simulated citizen typing each answer."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.conversations.runner import CaseResult, World, load_cases, play_all
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.zalo import FakeZaloAPI
from tests.integration.conftest import TELEGRAM_SECRET, ZALO_APP_ID, ZALO_OA_SECRET_KEY
from tests.servers import Stack

# every n-th case of each behaviour file: all behaviours, styles and channels, a few minutes
EVERY = 4
# the whole suite passed 45% when this gate was set (README); the goal is 95%
MIN_PASS_RATE = 0.3


def fast_subset(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_behaviour: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        by_behaviour.setdefault(str(case["behaviour"]), []).append(case)
    return [c for group in by_behaviour.values() for c in group[::EVERY]]


@pytest.fixture(scope="module")
def results(stack: Stack, telegram_api: FakeBotAPI, zalo_api: FakeZaloAPI) -> list[CaseResult]:
    world = World(stack, telegram_api, zalo_api, TELEGRAM_SECRET, ZALO_APP_ID, ZALO_OA_SECRET_KEY)
    played = asyncio.run(play_all(world, fast_subset(load_cases())))
    for result in played:
        if not result.passed:
            print(f"FAILED {result.case['id']}: {result.problems}")
    return played


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
