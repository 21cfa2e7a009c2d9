"""Puts open consultations' questions to the citizens who asked to hear them, every few
minutes in the one gateway holding the job's lock (storage.services.consultations decides who
may be written to now; each citizen is asked once, whichever gateway runs it)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from storage.db import Database
from storage.job_locks import JobLock
from storage.services import consultations

logger = logging.getLogger(__name__)

EVERY_SECONDS = 300.0


async def ask_forever(
    database: Database,
    lock: JobLock,
    on_queued: Callable[[], None],
    every: float = EVERY_SECONDS,
) -> None:
    while True:
        try:
            if await lock.held():
                async with database.session() as session:
                    queued = await consultations.put_to_citizens(session)
                if queued:
                    logger.info("consultations: %d questions queued", queued)
                    on_queued()
        except Exception:  # the database down: the next round tries again
            logger.exception("consultation questions failed")
        await asyncio.sleep(every)
