"""A job one gateway runs every few minutes: only while it holds the job's lock, and a failed
round (the database down) is logged and tried again the next time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from storage.db import Database
from storage.job_locks import JobLock

logger = logging.getLogger(__name__)


async def every_few_minutes(
    name: str,
    database: Database,
    lock: JobLock,
    job: Callable[[Database], Awaitable[int]],
    on_done: Callable[[], None],
    every: float,
) -> None:
    """Runs `job` (which returns how many messages it queued) each `every` seconds."""
    while True:
        try:
            if await lock.held():
                done = await job(database)
                if done:
                    logger.info("%s: %d queued", name, done)
                    on_done()
        except Exception:  # the database down: the next round tries again
            logger.exception("%s failed", name)
        await asyncio.sleep(every)
