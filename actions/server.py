"""The action server's executor: rasa-sdk's, running an action once more from the start when the
database dropped its connection under it.

Rasa logs a custom action that failed, drops the events it would have returned and carries on
as if it had run: the citizen would get no answer and the conversation would move on. An action
runs in its own transactions from the tracker Rasa sent, so running it again on a fresh
connection is safe; what it files carries an idempotency key.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import ActionExecutor

from storage.db import again_on_lost_connection


class ReconnectingActionExecutor(ActionExecutor):
    async def run(self, action_call: dict[str, Any]) -> dict[str, Any] | None:
        run_once = super().run
        result: dict[str, Any] | None = await again_on_lost_connection(
            lambda: run_once(action_call), str(action_call.get("next_action"))
        )
        return result
