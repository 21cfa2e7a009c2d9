"""Reminds citizens of their reception appointment the working day before, every few minutes
in the one gateway holding the job's lock (each booking is reminded once, whichever runs it)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from storage.db import Database
from storage.deadlines import vietnam_today
from storage.job_locks import JobLock
from storage.services import reception

logger = logging.getLogger(__name__)

EVERY_SECONDS = 600.0


async def remind_forever(
    database: Database,
    lock: JobLock,
    on_told: Callable[[], None],
    every: float = EVERY_SECONDS,
) -> None:
    while True:
        try:
            if await lock.held():
                async with database.session() as session:
                    told = await reception.send_reminders(session, vietnam_today())
                if told:
                    logger.info("reception: %d reminders queued", told)
                    on_told()
        except Exception:  # the database down: the next round tries again
            logger.exception("reception reminders failed")
        await asyncio.sleep(every)
