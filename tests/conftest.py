"""Shared fixtures: a migrated database on SQLite and, when it answers, on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from storage.db import Database
from storage.migrate import upgrade
from storage.seed import load_all

POSTGRES_ADMIN_DSN = os.environ.get(
    "TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
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
    """Throw-away databases on the local PostgreSQL server, copied from a migrated template."""

    @staticmethod
    def url_of(name: str) -> str:
        base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+asyncpg://"
        )
        return f"{base}/{name}"

    async def create(self, template: str | None = None) -> str:
        name = f"assistant_test_{uuid.uuid4().hex[:12]}"
        connection = await asyncpg.connect(POSTGRES_ADMIN_DSN)
        clause = f' TEMPLATE "{template}"' if template else ""
        await connection.execute(f'CREATE DATABASE "{name}"{clause}')
        await connection.close()
        return self.url_of(name)

    async def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        connection = await asyncpg.connect(POSTGRES_ADMIN_DSN)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


async def _seed(url: str) -> None:
    db = Database(url)
    async with db.session() as session:
        await load_all(session, SEED_PASSWORD)
    await db.close()


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, bool], str]]:
    """Databases migrated (and seeded) once per run; each test gets a copy of one.

    Building the schema by the migrations and hashing the demo passwords takes about a second;
    copying a template takes milliseconds.
    """
    folder = tmp_path_factory.mktemp("templates")
    made: dict[tuple[str, bool], str] = {}
    for seeded in (False, True):
        path = folder / f"template-{seeded}.db"
        url = f"sqlite+aiosqlite:///{path}"
        upgrade(url)
        if seeded:
            asyncio.run(_seed(url))
        made[("sqlite", seeded)] = str(path)
    postgres = PostgresDatabases()
    if POSTGRES_AVAILABLE:
        for seeded in (False, True):
            url = asyncio.run(postgres.create())
            upgrade(url)
            if seeded:
                asyncio.run(_seed(url))
            made[("postgresql", seeded)] = url.rsplit("/", 1)[1]
    yield made
    if POSTGRES_AVAILABLE:
        for seeded in (False, True):
            asyncio.run(postgres.drop(postgres.url_of(made[("postgresql", seeded)])))


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
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, templates: dict[tuple[str, bool], str]
) -> AsyncIterator[str]:
    """A database with the schema built by the migrations themselves (a copy of a template);
    seeded with the example deployment when the test asks for `seeded_database`."""
    seeded = "seeded_database" in request.fixturenames
    template = templates[(request.param, seeded)]
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    databases = PostgresDatabases()
    url = await databases.create(template)
    try:
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
    return database
