"""The action server's executor: rasa-sdk's, running an action once more from the start when the
database dropped its connection under it.

Rasa logs a custom action that failed, drops the events it would have returned and carries on
as if it had run: the citizen would get no answer and the conversation would move on. An action
runs in its own transactions from the tracker Rasa sent, so running it again on a fresh
connection is safe; what it files carries an idempotency key.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk.executor import ActionExecutor
from sqlalchemy import exc

from core.retry import retry_delay
from storage.db import RECONNECT_TRIES, lost_connection

logger = logging.getLogger(__name__)


class ReconnectingActionExecutor(ActionExecutor):
    async def run(self, action_call: dict[str, Any]) -> dict[str, Any] | None:
        for attempt in range(RECONNECT_TRIES):
            try:
                result: dict[str, Any] | None = await super().run(action_call)
                return result
            except exc.DBAPIError as error:
                if not lost_connection(error) or attempt == RECONNECT_TRIES - 1:
                    raise
                logger.warning(
                    "%s lost its database connection (%s); running it again",
                    action_call.get("next_action"),
                    error.orig,
                )
                await asyncio.sleep(retry_delay(attempt, base=0.2, cap=3.0).total_seconds())
        raise AssertionError("unreachable")
