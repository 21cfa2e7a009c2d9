"""A resolved petition the citizen says is not put right: reopened with a new clock, escalated
further each time, the supervisors told; only the citizen's own resolved petitions qualify."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.errors import InvalidTransition, NotFound
from storage.models import Notification, PetitionKind, PetitionStatus
from storage.services import reopening
from storage.services.petitions import resolve
from tests.storage.test_notifications import set_chat
from tests.storage.test_petitions import load, make_citizen, official_id, submit


async def resolved_road_report(database: Database, user: str) -> tuple[int, int]:
    """A pothole report, routed to the Department of Construction and resolved there."""
    citizen = await make_citizen(database, user)
    petition, _ = await submit(
        database,
        citizen,
        user,
        kind=PetitionKind.REPORT,
        category="giao_thong",
        commune_code="viet_tri",
        description="Ổ gà sâu giữa đường Hùng Vương",
    )
    officer = await official_id(database, "xaydung")
    async with database.transaction() as session:
        await resolve(session, petition.id, officer, "Đã vá ổ gà.")
    return citizen, petition.id


async def test_reopening_goes_to_the_supervisor_then_further(seeded_database: Database) -> None:
    citizen, petition_id = await resolved_road_report(seeded_database, "ro1")
    await set_chat(seeded_database, "xaydung.tp", "424242")  # the supervisor's own Telegram chat
    async with seeded_database.transaction() as session:
        found = await reopening.reopenable(session, citizen)
        assert found is not None and found.id == petition_id
        first = await reopening.reopen_by_citizen(session, citizen, petition_id, "vẫn thế")
    assert first.petition.status == PetitionStatus.IN_PROGRESS
    assert first.petition.reopen_count == 1
    assert first.department.code == "so_xay_dung"
    assert first.supervisor is not None and first.supervisor.username == "xaydung.tp"
    reopened = await load(seeded_database, petition_id)
    assert reopened.resolved_at is None and reopened.assigned_official_id == first.supervisor.id
    async with seeded_database.session() as session:
        told = (await session.scalars(select(Notification.dedupe_key))).all()
    assert any(key.startswith(f"assigned:{petition_id}:{first.supervisor.id}:") for key in told)
    officer = await official_id(seeded_database, "xaydung")
    async with seeded_database.transaction() as session:
        await resolve(session, petition_id, officer, "Đã vá lại.")
    async with seeded_database.transaction() as session:
        second = await reopening.reopen_by_citizen(session, citizen, petition_id, "vẫn chưa")
    # the unit has not put it right twice: the reception board takes it
    assert second.department.code == "tiep_cong_dan" and second.petition.reopen_count == 2


async def test_only_the_citizens_own_resolved_petition_is_reopened(
    seeded_database: Database,
) -> None:
    citizen, petition_id = await resolved_road_report(seeded_database, "ro2")
    stranger = await make_citizen(seeded_database, "ro2-other")
    async with seeded_database.session() as session:
        assert await reopening.reopenable(session, stranger) is None
        with pytest.raises(NotFound):
            await reopening.reopen_by_citizen(session, stranger, petition_id, "x")
    async with seeded_database.transaction() as session:
        await reopening.reopen_by_citizen(session, citizen, petition_id, "vẫn thế")
    async with seeded_database.session() as session:
        with pytest.raises(InvalidTransition):
            await reopening.reopen_by_citizen(session, citizen, petition_id, "lần nữa")
