"""Resuming a reply that goes out in several parts (a split text, then a photo).

When part 2 of 3 hits a rate limit, the outbox retries the whole reply; without this, part 1 would
reach the citizen twice. The outbox hands each citizen's messages over one at a time, so one entry
per citizen is enough. The record lives in this process only: after a restart in the middle of a
split reply, its first parts may be sent again (the rare case that stays at-least-once).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

Step = Callable[[], Awaitable[None]]


def _fingerprint(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


class PartProgress:
    def __init__(self) -> None:
        self._sent: dict[int, tuple[str, int]] = {}

    async def run(self, citizen_id: int, body: dict[str, Any], steps: Sequence[Step]) -> None:
        """Runs the steps not yet done for this reply; a failing step raises and is resumed."""
        fingerprint = _fingerprint(body)
        previous, done = self._sent.get(citizen_id, ("", 0))
        start = done if previous == fingerprint else 0
        for index in range(start, len(steps)):
            try:
                await steps[index]()
            except BaseException:
                self._sent[citizen_id] = (fingerprint, index)
                raise
        self._sent.pop(citizen_id, None)
