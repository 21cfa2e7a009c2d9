"""A complaint's and a denunciation's steps as the laws count them: acceptance or refusal,
extension, the second complaint, forwarding; each on the timeline and told to the citizen."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.deadlines import VIETNAM
from storage.errors import InvalidTransition
from storage.models import (
    Commune,
    Department,
    OutboxMessage,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
)
from storage.services import lifecycle
from storage.services.petitions import resolve
from tests.storage.test_petitions import load, make_citizen, official_id, submit

# Tue 1 Dec 2026, 9:00 in Hanoi
FIRST_OF_DECEMBER = dt.datetime(2026, 12, 1, 9, tzinfo=VIETNAM)


async def told(database: Database, citizen_id: int) -> list[str]:
    async with database.session() as session:
        rows = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.citizen_id == citizen_id)
        )
        return [str(row.body.get("text")) for row in rows]


async def complaint(database: Database, citizen: int, key: str, **overrides: object) -> int:
    petition, _ = await submit(
        database,
        citizen,
        key,
        kind=PetitionKind.COMPLAINT,
        category="dat_dai",
        description="Quyết định thu hồi đất ghi sai diện tích",
        now=FIRST_OF_DECEMBER,
        **overrides,
    )
    return petition.id


async def test_a_complaint_of_1_december_is_accepted_then_due_30_days_after_acceptance(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "lc1")
    petition_id = await complaint(seeded_database, citizen, "lc1")
    filed = await load(seeded_database, petition_id)
    assert filed.acceptance_due_on == filed.due_on == dt.date(2026, 12, 11)
    officer = await official_id(seeded_database, "moitruong")
    async with seeded_database.transaction() as session:
        await lifecycle.accept(session, petition_id, officer, on=dt.date(2026, 12, 8))
    accepted = await load(seeded_database, petition_id)
    assert accepted.accepted_on == dt.date(2026, 12, 8)
    # 8 Dec + 30 days = Thu 7 Jan 2027
    assert accepted.due_on == dt.date(2027, 1, 7)
    assert accepted.status == PetitionStatus.IN_PROGRESS
    assert any(
        "thụ lý ngày 08/12/2026" in t and "07/01/2027" in t
        for t in await told(seeded_database, citizen)
    )
    async with seeded_database.session() as session:
        with pytest.raises(InvalidTransition):
            await lifecycle.accept(session, petition_id, officer)


async def test_a_complex_complaint_in_a_remote_commune_gets_60_days(
    seeded_database: Database,
) -> None:
    async with seeded_database.session() as session:
        commune = await session.get(Commune, "pa_co")
        assert commune is not None
        commune.remote = True
        await session.commit()
    citizen = await make_citizen(seeded_database, "lc2")
    petition_id = await complaint(seeded_database, citizen, "lc2", commune_code="pa_co")
    officer = await official_id(seeded_database, "tiepdan")
    async with seeded_database.transaction() as session:
        await lifecycle.accept(
            session, petition_id, officer, tier="complex", on=dt.date(2026, 12, 4)
        )
    # 4 Dec + 60 days = Tue 2 Feb 2027
    assert (await load(seeded_database, petition_id)).due_on == dt.date(2027, 2, 2)


async def test_a_refusal_closes_the_matter_and_tells_the_reason_and_the_ground(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "lc3")
    petition_id = await complaint(seeded_database, citizen, "lc3")
    officer = await official_id(seeded_database, "tiepdan")
    async with seeded_database.transaction() as session:
        await lifecycle.refuse(
            session,
            petition_id,
            officer,
            "đã hết thời hiệu khiếu nại",
            "Luật Khiếu nại 2011, điều 11",
        )
    refused = await load(seeded_database, petition_id)
    assert refused.status == PetitionStatus.REFUSED
    assert any(
        "hết thời hiệu" in t and "điều 11" in t for t in await told(seeded_database, citizen)
    )


async def test_a_denunciation_is_extended_as_often_as_its_tier_allows(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "lc4")
    petition, _ = await submit(
        seeded_database,
        citizen,
        "lc4",
        kind=PetitionKind.DENUNCIATION,
        category="can_bo",
        description="Cán bộ địa chính nhận tiền để ký hồ sơ",
        now=FIRST_OF_DECEMBER,
    )
    # received Tue 1 Dec: 7 working days to accept, Thu 10 Dec
    assert petition.due_on == dt.date(2026, 12, 10)
    inspector = await official_id(seeded_database, "thanhtra")
    async with seeded_database.transaction() as session:
        await lifecycle.accept(session, petition.id, inspector, on=dt.date(2026, 12, 2))
    # accepted Wed 2 Dec + 30 days = Fri 1 Jan 2027, New Year: Mon 4 Jan
    assert (await load(seeded_database, petition.id)).due_on == dt.date(2027, 1, 4)
    async with seeded_database.transaction() as session:
        await lifecycle.extend(session, petition.id, inspector, "cần xác minh tại hai nơi")
    extended = await load(seeded_database, petition.id)
    # Mon 4 Jan 2027 (1 Jan is a holiday, then the weekend) + 30 days = Wed 3 Feb
    assert (extended.due_on, extended.extensions, extended.tier) == (
        dt.date(2027, 2, 3),
        1,
        "complex",
    )
    async with seeded_database.session() as session:
        with pytest.raises(InvalidTransition):
            await lifecycle.extend(session, petition.id, inspector, "lần nữa")
    assert any("gia hạn đến 03/02/2027" in t for t in await told(seeded_database, citizen))


async def test_a_second_complaint_follows_a_settled_first_and_has_the_longer_clock(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "lc5")
    first_id = await complaint(seeded_database, citizen, "lc5")
    officer = await official_id(seeded_database, "tiepdan")
    async with seeded_database.transaction() as session:
        await lifecycle.accept(session, first_id, officer, on=dt.date(2026, 12, 2))
    async with seeded_database.transaction() as session:
        await resolve(session, first_id, officer, "Giữ nguyên quyết định")
    async with seeded_database.transaction() as session:
        second = await lifecycle.second_complaint(
            session, first_id, officer, "Không đồng ý với quyết định giải quyết lần đầu"
        )
    assert second.first_complaint_id == first_id and second.acceptance_due_on is not None
    # art. 33: the unit above the one that settled the first takes the second
    first = await load(seeded_database, first_id)
    async with seeded_database.session() as session:
        settled_by = await session.get(Department, first.department_id)
        taken_by = await session.get(Department, second.department_id)
    assert settled_by is not None and taken_by is not None
    assert settled_by.superior_code == taken_by.code == "thanh_tra_tinh"
    async with seeded_database.transaction() as session:
        await lifecycle.accept(session, second.id, officer, on=dt.date(2027, 1, 4))
    # art. 37: 45 days; 4 Jan + 45 = Thu 18 Feb 2027
    assert (await load(seeded_database, second.id)).due_on == dt.date(2027, 2, 18)
    async with seeded_database.session() as session:
        with pytest.raises(InvalidTransition):
            await lifecycle.second_complaint(session, second.id, officer, "lần ba")


async def test_a_matter_outside_the_units_authority_is_forwarded_and_the_citizen_told_where(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "lc6")
    petition, _ = await submit(seeded_database, citizen, "lc6", now=FIRST_OF_DECEMBER)
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await lifecycle.forward(
            session, petition.id, officer, "Công ty Điện lực Hòa Bình", "Đèn do ngành điện quản lý."
        )
    forwarded = await load(seeded_database, petition.id)
    assert forwarded.status == PetitionStatus.FORWARDED
    assert forwarded.forwarded_to == "Công ty Điện lực Hòa Bình"
    assert any("Công ty Điện lực Hòa Bình" in t for t in await told(seeded_database, citizen))
    async with seeded_database.session() as session:
        kinds = (
            await session.scalars(
                select(PetitionEvent.kind).where(PetitionEvent.petition_id == petition.id)
            )
        ).all()
    assert "forwarded" in kinds
    async with seeded_database.session() as session:
        with pytest.raises(InvalidTransition):
            await lifecycle.accept(session, petition.id, officer)
