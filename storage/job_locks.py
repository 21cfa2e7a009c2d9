"""Jobs only one process should run however many gateways share the database: the overdue
sweep, Zalo's proactive token rotation, Telegram's long polling (Telegram refuses two pollers).

On PostgreSQL the lock is a session advisory lock (`pg_try_advisory_lock`) held on a connection
of its own: when the process dies, its connection closes and another gateway takes the job at
its next try. On SQLite, which only one machine can share, it is an exclusive `flock` on a file
beside the database, released by the operating system in the same way.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database

logger = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for the job's name (PostgreSQL's advisory lock space)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class JobLock:
    """Held by at most one process at a time; `held()` re-checks it each time it is asked."""

    def __init__(self, database: Database, name: str, lock_dir: Path) -> None:
        self.database = database
        self.name = name
        self.lock_dir = lock_dir
        self._connection: AsyncConnection | None = None
        self._file: int | None = None

    async def held(self) -> bool:
        """Whether this process holds the lock now, taking it if it is free."""
        if self.database.is_sqlite:
            return self._hold_file()
        return await self._hold_advisory()

    def _hold_file(self) -> bool:
        if self._file is not None:
            return True
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.lock_dir / f"{self.name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self._file = descriptor
        return True

    async def _hold_advisory(self) -> bool:
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except Exception:  # the database restarted: the lock went with the connection
                logger.warning("job lock %s lost with its connection", self.name)
                await self._drop_connection()
        connection = await self.database.engine.connect()
        try:
            taken = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key(self.name)}
            )
            # the lock is the session's, not a transaction's: end the implicit transaction
            await connection.commit()
        except Exception:
            await connection.close()
            raise
        if not taken:
            await connection.close()  # it holds nothing: back to the pool
            return False
        self._connection = connection
        return True

    async def _drop_connection(self) -> None:
        """Closes the lock's connection for good (never back to the pool, where the session's
        lock would live on)."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.invalidate()
            with contextlib.suppress(Exception):
                await self._connection.close()
            self._connection = None

    async def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            os.close(self._file)
            self._file = None
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(self.name)}
                )
            await self._drop_connection()


async def when_held(lock: JobLock, job: Callable[[], Awaitable[object]]) -> bool:
    """Runs one round of the job if this process holds its lock; False when another does."""
    try:
        if not await lock.held():
            return False
    except Exception:
        logger.exception("job lock %s could not be checked", lock.name)
        return False
    await job()
    return True
