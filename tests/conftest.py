"""Shared fixtures: a migrated database on SQLite and, when it answers, on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from storage.db import Database
from storage.migrate import upgrade
from storage.seed import load_all

POSTGRES_ADMIN_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
SEED_PASSWORD = "mat-khau-thu-nghiem"


def _postgres_answers() -> bool:
    async def probe() -> bool:
        try:
            connection = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=2)
        except (OSError, asyncpg.PostgresError):
            return False
        await connection.close()
        return True

    return asyncio.run(probe())


POSTGRES_AVAILABLE = _postgres_answers()


class PostgresDatabases:
    """Creates a throw-away database per test on the local PostgreSQL server."""

    async def create(self) -> str:
        name = f"assistant_test_{uuid.uuid4().hex[:12]}"
        connection = await asyncpg.connect(POSTGRES_ADMIN_DSN)
        await connection.execute(f'CREATE DATABASE "{name}"')
        await connection.close()
        base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        return f"{base}/{name}"

    async def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        connection = await asyncpg.connect(POSTGRES_ADMIN_DSN)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not POSTGRES_AVAILABLE, reason="no PostgreSQL on 127.0.0.1:5432"
            ),
        ),
    ]
)
async def database_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    """An empty database with the schema built by the migrations themselves."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        await asyncio.to_thread(upgrade, url)
        yield url
        return
    databases = PostgresDatabases()
    url = await databases.create()
    try:
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        await databases.drop(url)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    await db.close()


@pytest.fixture
async def seeded_database(database: Database) -> Database:
    """The migrated database with the example deployment and the procedure catalogue loaded."""
    async with database.session() as session:
        await load_all(session, SEED_PASSWORD)
    return database
