"""An action whose database connection was dropped under it runs again from the start, once
per loss, so Rasa gets its answer rather than an error it would silently swallow."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import exc

from actions.server import ReconnectingActionExecutor


class ConnectionDropped(Exception):
    pass


def dropped() -> exc.OperationalError:
    return exc.OperationalError(
        "SELECT 1", {}, ConnectionDropped("server closed the connection unexpectedly"), True
    )


def action_call() -> dict[str, Any]:
    return {
        "next_action": "action_check_status",
        "sender_id": "telegram:1",
        "tracker": {"sender_id": "telegram:1", "slots": {}, "events": [], "latest_message": {}},
        "domain": {},
    }


def executor_with(failures: list[Exception]) -> tuple[ReconnectingActionExecutor, list[int]]:
    runs: list[int] = []

    async def check_status(
        dispatcher: CollectingDispatcher, tracker: Any, domain: Any
    ) -> list[Any]:
        runs.append(len(runs) + 1)
        dispatcher.utter_message(response="utter_status", code="ABCD-1234")
        if failures:
            raise failures.pop(0)
        return []

    executor = ReconnectingActionExecutor()
    executor.register_function("action_check_status", check_status)
    return executor, runs


async def test_an_action_that_lost_its_connection_runs_again_and_answers_once() -> None:
    executor, runs = executor_with([dropped()])
    result = await executor.run(action_call())
    assert runs == [1, 2]
    assert result is not None
    assert [m["response"] for m in result["responses"]] == ["utter_status"]


async def test_any_other_failure_is_not_hidden() -> None:
    integrity = exc.IntegrityError("INSERT", {}, ConnectionDropped("duplicate key"))
    executor, runs = executor_with([integrity])
    with pytest.raises(exc.IntegrityError):
        await executor.run(action_call())
    assert runs == [1]
