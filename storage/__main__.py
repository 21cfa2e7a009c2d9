"""`python -m storage upgrade`: apply the migrations and load the seed data (idempotent);
`create-database`: create the PostgreSQL database named in DATABASE_URL if it is missing;
`rebuild-rollups`: count the report rollups again from the petitions (after a bulk load)."""

from __future__ import annotations

import argparse
import asyncio
import logging

import asyncpg

from core.settings import get_settings
from storage import rollups
from storage.db import Database
from storage.migrate import upgrade
from storage.seed import SEED_DIR, load_all, load_procedures


async def _seed(url: str, password: str) -> None:
    database = Database(url)
    try:
        async with database.session() as session:
            await load_all(session, password)
    finally:
        await database.close()


async def _create_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return  # SQLite creates its file on first use
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    server, _, name = dsn.rpartition("/")
    connection = await asyncpg.connect(f"{server}/postgres")
    try:
        if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await connection.execute(f'CREATE DATABASE "{name}"')
            print(f"database {name} created")
    finally:
        await connection.close()


async def _rebuild_rollups(url: str) -> None:
    database = Database(url)
    try:
        async with database.engine.begin() as connection:
            written = await connection.run_sync(rollups.rebuild)
        print(f"report rollups counted again: {written} buckets")
    finally:
        await database.close()


async def _procedures(url: str) -> None:
    database = Database(url)
    try:
        async with database.session() as session:
            changed = await load_procedures(session, SEED_DIR / "procedures")
            await session.commit()
        print(f"procedure catalogue loaded: {changed} entries added or changed")
    finally:
        await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m storage")
    parser.add_argument(
        "command",
        choices=["upgrade", "migrate", "seed", "procedures", "create-database", "rebuild-rollups"],
        help="upgrade = migrate + seed; procedures = reload the procedure catalogue only",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.effective_database_url
    if args.command in ("upgrade", "migrate"):
        upgrade(url)
    if args.command in ("upgrade", "seed"):
        asyncio.run(_seed(url, settings.seed_official_password.get_secret_value()))
    if args.command == "procedures":
        asyncio.run(_procedures(url))
    if args.command == "create-database":
        asyncio.run(_create_database(url))
    if args.command == "rebuild-rollups":
        asyncio.run(_rebuild_rollups(url))


if __name__ == "__main__":
    main()
