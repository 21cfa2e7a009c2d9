"""Puts open consultations' questions to the citizens who asked to hear them, every few
minutes in the one gateway holding the job's lock (storage.services.consultations decides who
may be written to now; each citizen is asked once, whichever gateway runs it)."""

from __future__ import annotations

from collections.abc import Callable

from bot.periodic import every_few_minutes
from storage.db import Database
from storage.job_locks import JobLock
from storage.services import consultations

EVERY_SECONDS = 300.0


async def _put(database: Database) -> int:
    async with database.transaction() as session:
        return await consultations.put_to_citizens(session)


async def ask_forever(
    database: Database,
    lock: JobLock,
    on_queued: Callable[[], None],
    every: float = EVERY_SECONDS,
) -> None:
    await every_few_minutes("consultation questions", database, lock, _put, on_queued, every)
