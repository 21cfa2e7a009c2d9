"""`python -m storage upgrade`: apply the migrations and load the seed data (idempotent)."""

from __future__ import annotations

import argparse
import asyncio
import logging

from core.settings import get_settings
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
        choices=["upgrade", "migrate", "seed", "procedures"],
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


if __name__ == "__main__":
    main()
