"""The seed loader builds the example deployment once, however often it runs."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.db import Database
from storage.models import (
    Commune,
    CommuneFormerName,
    Department,
    Official,
    Procedure,
    RoutingRule,
)
from storage.passwords import verify_password
from storage.seed import load_all
from storage.services.intake import match_commune
from tests.conftest import SEED_PASSWORD


async def _counts(database: Database) -> dict[str, int]:
    async with database.session() as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in (Department, Official, RoutingRule, Procedure, Commune, CommuneFormerName)
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


async def test_reloading_the_catalogue_keeps_an_entry_an_official_checked_later(
    seeded_database: Database,
) -> None:
    import datetime as dt

    from storage.seed import SEED_DIR, load_procedures

    async with seeded_database.session() as session:
        entry = await session.scalar(select(Procedure).where(Procedure.code == "ho_chieu"))
        assert entry is not None
        entry.data = {**entry.data, "fee_vi": "Lệ phí mới do cán bộ cập nhật"}
        entry.checked_on = entry.checked_on + dt.timedelta(days=5)
        await session.commit()
        assert await load_procedures(session, SEED_DIR / "procedures") == 0
        await session.commit()
    async with seeded_database.session() as session:
        kept = await session.scalar(select(Procedure).where(Procedure.code == "ho_chieu"))
    assert kept is not None and kept.data["fee_vi"] == "Lệ phí mới do cán bộ cập nhật"


async def test_every_commune_of_the_province_comes_from_the_maintained_package(
    seeded_database: Database,
) -> None:
    async with seeded_database.session() as session:
        counts = await _counts(seeded_database)
        ward = await session.get(Commune, "hoa_binh")
        # Phú Thọ after 1 July 2025: 148 communes and wards (former Phú Thọ, Hòa Bình, Vĩnh Phúc)
        assert counts["communes"] == 148
        assert ward is not None and ward.name == "Phường Hòa Bình"
        assert ward.latitude is not None and 20 < ward.latitude < 22
        assert counts["commune_former_names"] > 400
        for typed, code in (
            ("tổ 3 phường Đồng Tiến, TP Hòa Bình", "hoa_binh"),
            ("xom Bai xa Cao Phong", "cao_phong"),
            ("P. Tiên Cát, Việt Trì", "thanh_mieu"),
        ):
            found = await match_commune(session, typed)
            assert found is not None and found.code == code, typed
