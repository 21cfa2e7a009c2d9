"""The loop every queue worker runs (inbox, outbox, officials' notifications), and the one retry
policy they share.

A worker claims a batch (storage.queue), works on it and loops at once while there was work;
when there was none it sleeps until woken (a new message stored) or until its poll interval
passes, which is how rows that became due again (a retry, an expired lease) are found. The
retry policy they share is core.retry's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from abc import ABC, abstractmethod

logger = logging.getLogger(__name__)


class QueueWorker(ABC):
    """Runs `run_once` for ever; subclasses claim and work on one batch there."""

    name = "worker"

    def __init__(self, poll_seconds: float) -> None:
        self.poll_seconds = poll_seconds
        self.wake = asyncio.Event()
        # the rounds `run` has begun and which settled something, so that a caller can wait
        # for the queue to run dry (next_idle_round) instead of guessing with a sleep
        self.rounds_begun = 0
        self.busy_rounds = 0
        self._last_idle_round = 0
        self._round_ended = asyncio.Condition()

    @abstractmethod
    async def run_once(self) -> int:
        """Claims and works on one batch; returns how many rows it settled."""

    async def run(self) -> None:
        while True:
            settled = await self._round()
            if settled:
                continue
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=self.poll_seconds)
            self.wake.clear()

    async def _round(self) -> int:
        self.rounds_begun += 1
        number = self.rounds_begun
        try:
            settled = await self.run_once()
        except Exception:  # keep the worker alive; the rows stay pending
            logger.exception("%s iteration failed", self.name)
            return 0  # a failed round is neither busy nor idle: its rows are still due
        if settled:
            self.busy_rounds += 1
        else:
            self._last_idle_round = number
        async with self._round_ended:
            self._round_ended.notify_all()
        return settled

    async def next_idle_round(self) -> None:
        """Wakes the running worker and waits until a round begun after this call settles
        nothing: what was due when it was called has been worked on (rows put off to a later
        try count as done). Waits for ever if the worker is not running: give it a timeout."""
        after = self.rounds_begun
        self.wake.set()
        async with self._round_ended:
            await self._round_ended.wait_for(lambda: self._last_idle_round > after)

    async def run_until_idle(self, max_rounds: int = 1000) -> int:
        """Works until a round finds nothing to do (for tests and one-off drains); returns how
        many rows were settled. Fails loudly if the queue never empties."""
        total = 0
        for _ in range(max_rounds):
            settled = await self.run_once()
            if not settled:
                return total
            total += settled
        raise RuntimeError(f"{self.name} still busy after {max_rounds} rounds")
