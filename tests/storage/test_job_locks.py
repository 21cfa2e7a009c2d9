"""One process runs each single-runner job (the overdue sweep, Zalo's token rotation, Telegram's
polling): a second one is refused the lock until the first lets go or dies. On PostgreSQL the
lock is an advisory lock on its own connection; on SQLite an exclusive lock on a file."""

from __future__ import annotations

import os
from pathlib import Path

from storage.db import Database
from storage.job_locks import JobLock, lock_key, when_held


async def test_one_holder_at_a_time_and_the_next_takes_over(
    database: Database, tmp_path: Path
) -> None:
    other = Database(database.url)
    try:
        first = JobLock(database, "overdue_sweep", tmp_path)
        second = JobLock(other, "overdue_sweep", tmp_path)
        unrelated = JobLock(other, "zalo_token_rotation", tmp_path)
        assert await first.held()
        assert await first.held()  # asked again, still held
        assert not await second.held()
        assert await unrelated.held()
        await first.release()
        assert await second.held()
        assert not await first.held()
        await second.release()
        await unrelated.release()
    finally:
        await other.close()


async def test_a_job_runs_only_where_its_lock_is_held(database: Database, tmp_path: Path) -> None:
    other = Database(database.url)
    rounds: list[str] = []
    try:
        mine = JobLock(database, "sweep", tmp_path)
        theirs = JobLock(other, "sweep", tmp_path)

        async def sweep(name: str) -> None:
            rounds.append(name)

        assert await when_held(mine, lambda: sweep("mine"))
        assert not await when_held(theirs, lambda: sweep("theirs"))
        assert rounds == ["mine"]
        await mine.release()
        await theirs.release()
    finally:
        await other.close()


async def test_a_holder_that_dies_frees_the_job(database: Database, tmp_path: Path) -> None:
    other = Database(database.url)
    try:
        dying = JobLock(database, "telegram_polling", tmp_path)
        waiting = JobLock(other, "telegram_polling", tmp_path)
        assert await dying.held()
        assert not await waiting.held()
        # what the end of a process does: its connection closes, or its file is closed
        await dying._drop_connection()
        if dying._file is not None:
            os.close(dying._file)
            dying._file = None
        assert await waiting.held()
        await waiting.release()
    finally:
        await other.close()


def test_keys_are_stable_and_distinct() -> None:
    assert lock_key("overdue_sweep") == lock_key("overdue_sweep")
    assert lock_key("overdue_sweep") != lock_key("zalo_token_rotation")
    assert -(2**63) <= lock_key("overdue_sweep") < 2**63
