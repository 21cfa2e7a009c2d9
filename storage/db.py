"""Engine and session factory. Nothing connects at import time: callers open a `Database`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy import event, exc, text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

# keeps the report rollups with every flush of every session
import storage.rollups  # noqa: F401
from core.retry import retry_delay

logger = logging.getLogger(__name__)
T = TypeVar("T")
# a lost connection (the server restarted or dropped it) is usually back within seconds
RECONNECT_TRIES = 6


def lost_connection(error: BaseException) -> bool:
    """True when the database dropped the connection under a statement, so the same work may
    simply be tried again on a fresh one."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, exc.InterfaceError | exc.OperationalError) and not isinstance(
        error, exc.IntegrityError
    )


async def again_on_lost_connection(work: Callable[[], Awaitable[T]], what: str) -> T:
    """Awaits `work`, again from the start (up to RECONNECT_TRIES times, with backoff) when the
    database dropped the connection under it; any other failure is raised at once."""
    for attempt in range(RECONNECT_TRIES):
        try:
            return await work()
        except exc.DBAPIError as error:
            if not lost_connection(error) or attempt == RECONNECT_TRIES - 1:
                raise
            logger.warning("%s lost its database connection (%s); trying again", what, error.orig)
            await asyncio.sleep(retry_delay(attempt, base=0.2, cap=3.0).total_seconds())
    raise AssertionError("unreachable")


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the gateway, the action server and the desk read while one of them writes
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Database:
    """One engine per process; `session()` gives one AsyncSession per request, action or task."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, object] = {"echo": echo}
        if not self.is_sqlite:
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed once when the block ends, or rolled back if it
        raises: the unit of work of one request, worker step or action."""
        async with self.sessions() as session, session.begin():
            yield session

    async def retrying(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Runs `work` in a transaction of its own, again on a fresh connection when the
        database dropped the one it had: a worker that has already sent a message or had Rasa
        answer must record it, not leave the row to be done twice once its lease runs out."""

        async def in_transaction() -> T:
            async with self.transaction() as session:
                return await work(session)

        return await again_on_lost_connection(in_transaction, "database work")

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()
