"""The seed loader builds the example deployment once, however often it runs."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.db import Database
from storage.models import Department, Official, Procedure, RoutingRule
from storage.passwords import verify_password
from storage.seed import load_all
from tests.conftest import SEED_PASSWORD


async def _counts(database: Database) -> dict[str, int]:
    async with database.session() as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in (Department, Official, RoutingRule, Procedure)
        }


async def test_loading_the_seed_twice_creates_each_row_once(seeded_database: Database) -> None:
    first = await _counts(seeded_database)
    async with seeded_database.session() as session:
        await load_all(session, SEED_PASSWORD)
    assert await _counts(seeded_database) == first
    assert first["departments"] >= 5
    assert first["procedures"] >= 28


async def test_seeded_officials_log_in_with_the_seed_password_only(
    seeded_database: Database,
) -> None:
    async with seeded_database.session() as session:
        official = await session.scalar(select(Official).where(Official.username == "xaydung"))
    assert official is not None
    assert verify_password(official.password_hash, SEED_PASSWORD)
    assert not verify_password(official.password_hash, "wrong")
