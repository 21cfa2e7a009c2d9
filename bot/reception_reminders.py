"""Reminds citizens of their reception appointment the working day before, every few minutes
in the one gateway holding the job's lock (each booking is reminded once, whichever runs it)."""

from __future__ import annotations

from collections.abc import Callable

from bot.periodic import every_few_minutes
from storage.db import Database
from storage.deadlines import vietnam_today
from storage.job_locks import JobLock
from storage.services import reception

EVERY_SECONDS = 600.0


async def _remind(database: Database) -> int:
    async with database.transaction() as session:
        return await reception.send_reminders(session, vietnam_today())


async def remind_forever(
    database: Database,
    lock: JobLock,
    on_told: Callable[[], None],
    every: float = EVERY_SECONDS,
) -> None:
    await every_few_minutes("reception reminders", database, lock, _remind, on_told, every)
