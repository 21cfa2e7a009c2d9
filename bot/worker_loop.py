"""The loop every queue worker runs (inbox, outbox, officials' notifications), and the one retry
policy they share.

A worker claims a batch (storage.queue), works on it and loops at once while there was work;
when there was none it sleeps until woken (a new message stored) or until its poll interval
passes, which is how rows that became due again (a retry, an expired lease) are found.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
from abc import ABC, abstractmethod

logger = logging.getLogger(__name__)


def retry_delay(
    attempts: int, *, base: float, cap: float, platform_wait: float | None = None
) -> dt.timedelta:
    """How long to wait before the next try: the platform's own wait when it gave one, else
    exponential from `base` up to `cap` seconds, with jitter so an outage is not hammered in
    lockstep by every worker."""
    if platform_wait is not None:
        return dt.timedelta(seconds=platform_wait)
    ceiling = min(cap, base * 2**attempts)
    return dt.timedelta(seconds=ceiling * random.uniform(0.8, 1.2))  # noqa: S311 (jitter, not a secret)


class QueueWorker(ABC):
    """Runs `run_once` for ever; subclasses claim and work on one batch there."""

    name = "worker"

    def __init__(self, poll_seconds: float) -> None:
        self.poll_seconds = poll_seconds
        self.wake = asyncio.Event()

    @abstractmethod
    async def run_once(self) -> int:
        """Claims and works on one batch; returns how many rows it settled."""

    async def run(self) -> None:
        while True:
            try:
                settled = await self.run_once()
            except Exception:  # keep the worker alive; the rows stay pending
                logger.exception("%s iteration failed", self.name)
                settled = 0
            if settled:
                continue
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=self.poll_seconds)
            self.wake.clear()

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
