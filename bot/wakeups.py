"""Waking the workers of another process at once on PostgreSQL: a gateway that stored messages
says so with NOTIFY (sent when its transaction commits), and the process running the workers
(RUN_WORKERS) LISTENs, so a message is handled without waiting for the next poll. On SQLite,
one process holds everything and its workers are woken in memory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

logger = logging.getLogger(__name__)

CHANNEL = "assistant_inbox"
RECONNECT_SECONDS = 5.0


async def announce(session: AsyncSession) -> None:
    """Tells the listening workers, at this transaction's commit, that messages arrived."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"NOTIFY {CHANNEL}"))


def _setter(event: asyncio.Event) -> Callable[[object], None]:
    return lambda _connection: event.set()


async def listen_forever(database_url: str, wake: Callable[[], None]) -> None:
    """Calls `wake` on each announcement, reconnecting after a lost connection (a missed
    announcement costs only the workers' next poll)."""
    dsn = database_url.replace("postgresql+asyncpg://", "postgresql://")
    while True:
        try:
            connection = await asyncpg.connect(dsn)
        except (OSError, asyncpg.PostgresError) as error:
            logger.warning("cannot listen for new messages (%s); polling meanwhile", error)
            await asyncio.sleep(RECONNECT_SECONDS)
            continue
        lost = asyncio.Event()
        connection.add_termination_listener(_setter(lost))
        await connection.add_listener(CHANNEL, lambda *_: wake())
        try:
            await lost.wait()
        finally:
            if not connection.is_closed():
                await connection.close()
        await asyncio.sleep(RECONNECT_SECONDS)
