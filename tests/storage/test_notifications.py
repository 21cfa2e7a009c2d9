"""Notifications to officials: what is queued for a unit's Telegram group and an assigned
official, once each, and never with a citizen's identity or words."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from storage.db import Database
from storage.models import (
    Channel,
    Department,
    Notification,
    Official,
    OutboxStatus,
    PetitionKind,
)
from storage.services import notifications
from storage.services.messaging import get_or_create_citizen
from storage.services.petitions import assign, reply, resolve, transfer
from tests.storage.test_petitions import (
    department_id,
    make_citizen,
    official_id,
    submit,
)

GROUP = "-1001234567890"
# due on Fri 6 Mar 2026 (filed before Tết, see test_petitions.BEFORE_TET)
DUE = dt.date(2026, 3, 6)


async def set_group(database: Database, code: str, chat_id: str | None = GROUP) -> None:
    async with database.session() as session:
        await session.execute(
            update(Department).where(Department.code == code).values(telegram_chat_id=chat_id)
        )
        await session.commit()


async def set_chat(database: Database, username: str, chat_id: str) -> None:
    async with database.session() as session:
        await session.execute(
            update(Official).where(Official.username == username).values(telegram_chat_id=chat_id)
        )
        await session.commit()


async def queued(database: Database) -> list[Notification]:
    async with database.session() as session:
        rows = await session.scalars(select(Notification).order_by(Notification.id))
        return list(rows.all())


async def test_a_new_petition_is_told_to_its_units_group_once(seeded_database: Database) -> None:
    await set_group(seeded_database, "ubnd_hoa_binh")
    citizen = await make_citizen(seeded_database, "n1")
    petition, _ = await submit(seeded_database, citizen, "form-n1")
    again, created = await submit(seeded_database, citizen, "form-n1")  # a double tap
    assert not created
    assert again.id == petition.id

    [notification] = await queued(seeded_database)
    assert notification.chat_id == GROUP
    assert notification.dedupe_key == f"created:{petition.id}"
    assert notification.status == OutboxStatus.PENDING
    assert notification.link_path == f"/desk/petitions/{petition.id}"
    assert "Phản ánh · Đèn chiếu sáng" in notification.text
    assert petition.tracking_code in notification.text
    assert "06/03/2026" in notification.text


async def test_a_unit_without_a_telegram_group_is_not_queued_anything(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "n2")
    await submit(seeded_database, citizen, "form-n2")
    assert await queued(seeded_database) == []


async def test_a_denunciations_notice_carries_no_name_phone_or_description(
    seeded_database: Database,
) -> None:
    await set_group(seeded_database, "thanh_tra_tinh")
    async with seeded_database.session() as session:
        citizen = await get_or_create_citizen(session, Channel.TELEGRAM, "n3", "Trần Thị Bích")
        await session.commit()
    petition, _ = await submit(
        seeded_database,
        citizen.id,
        "form-n3",
        kind=PetitionKind.DENUNCIATION,
        category="can_bo",
        description="Cán bộ địa chính Lê Văn Cường nhận tiền của dân",
        reporter_name="Trần Thị Bích",
        contact_phone="+84912345678",
    )
    [notification] = await queued(seeded_database)
    assert "Tố cáo · Cán bộ, công chức" in notification.text
    assert petition.tracking_code in notification.text
    for secret in ("Trần Thị Bích", "+84912345678", "0912345678", "Lê Văn Cường", "nhận tiền"):
        assert secret not in notification.text
        assert secret not in (notification.link_path or "")


async def test_an_assigned_official_is_told_but_not_one_who_claims(
    seeded_database: Database,
) -> None:
    await set_chat(seeded_database, "xaydung", "555001")
    await set_chat(seeded_database, "xaydung.tp", "555002")
    citizen = await make_citizen(seeded_database, "n4")
    petition, _ = await submit(seeded_database, citizen, "form-n4", commune_code="lac_son")
    officer = await official_id(seeded_database, "xaydung")
    supervisor = await official_id(seeded_database, "xaydung.tp")

    async with seeded_database.transaction() as session:
        await assign(session, petition.id, supervisor, supervisor)  # a claim
    assert await queued(seeded_database) == []
    async with seeded_database.transaction() as session:
        await assign(session, petition.id, officer, supervisor)
    async with seeded_database.transaction() as session:
        await assign(session, petition.id, officer, supervisor)  # no change, no second notice

    [notification] = await queued(seeded_database)
    assert notification.chat_id == "555001"
    assert notification.dedupe_key.startswith(f"assigned:{petition.id}:{officer}:")
    assert "Bạn được giao" in notification.text
    assert petition.tracking_code in notification.text


async def test_the_unit_an_item_is_transferred_into_is_told(seeded_database: Database) -> None:
    await set_group(seeded_database, "cong_an_tinh", "-100777")
    citizen = await make_citizen(seeded_database, "n5")
    petition, _ = await submit(seeded_database, citizen, "form-n5")
    police = await department_id(seeded_database, "cong_an_tinh")
    actor = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await transfer(session, petition.id, police, actor, "Lấn chiếm vỉa hè: việc của công an")

    [notification] = await queued(seeded_database)
    assert notification.chat_id == "-100777"
    assert notification.dedupe_key.startswith(f"transferred:{petition.id}:")
    assert "UBND phường Hòa Bình" in notification.text  # where it came from
    assert "Lấn chiếm" not in notification.text  # the reason stays on the desk


async def test_an_overdue_item_is_told_once_however_often_the_sweep_runs(
    seeded_database: Database,
) -> None:
    await set_group(seeded_database, "ubnd_hoa_binh")
    citizen = await make_citizen(seeded_database, "n6")
    late, _ = await submit(seeded_database, citizen, "form-n6a")
    done, _ = await submit(seeded_database, citizen, "form-n6b")
    answered, _ = await submit(seeded_database, citizen, "form-n6c")
    actor = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await resolve(session, done.id, actor, "Đã thay bóng đèn")
        await reply(session, answered.id, actor, "Đang xử lý")  # still open
    created = len(await queued(seeded_database))

    async with seeded_database.transaction() as session:
        assert await notifications.sweep_overdue(session, DUE) == 0  # due today: not yet late
        assert await notifications.sweep_overdue(session, DUE + dt.timedelta(days=1)) == 2
        for day in range(2, 5):
            assert await notifications.sweep_overdue(session, DUE + dt.timedelta(days=day)) == 0

    overdue = [n for n in await queued(seeded_database) if n.dedupe_key.startswith("overdue:")]
    assert len(await queued(seeded_database)) == created + 2
    assert {n.dedupe_key for n in overdue} == {
        f"overdue:{late.id}:{DUE.isoformat()}",
        f"overdue:{answered.id}:{DUE.isoformat()}",
    }
    assert all("quá hạn 1 ngày" in n.text for n in overdue)


async def test_the_sweep_walks_a_backlog_in_batches(seeded_database: Database) -> None:
    await set_group(seeded_database, "ubnd_hoa_binh")
    citizen = await make_citizen(seeded_database, "n7")
    for index in range(7):
        await submit(seeded_database, citizen, f"form-n7-{index}")
    async with seeded_database.transaction() as session:
        assert await notifications.sweep_overdue(session, DUE + dt.timedelta(days=3), 3) == 7
        assert await notifications.sweep_overdue(session, DUE + dt.timedelta(days=4), 3) == 0


async def test_a_unit_without_a_group_is_skipped_by_the_sweep(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "n8")
    await submit(seeded_database, citizen, "form-n8")
    async with seeded_database.transaction() as session:
        assert await notifications.sweep_overdue(session, DUE + dt.timedelta(days=30)) == 0
    assert await queued(seeded_database) == []


async def test_claiming_holds_a_notification_back_from_a_second_worker(
    seeded_database: Database,
) -> None:
    await set_group(seeded_database, "ubnd_hoa_binh")
    citizen = await make_citizen(seeded_database, "n9")
    await submit(seeded_database, citizen, "form-n9")
    async with seeded_database.transaction() as session:
        [claimed] = await notifications.claim_due(session)
    async with seeded_database.transaction() as session:
        assert await notifications.claim_due(session) == []
    async with seeded_database.transaction() as session:
        await notifications.mark_notification(
            session, claimed.id, OutboxStatus.PENDING, error="boom", retry_in=dt.timedelta(0)
        )
    async with seeded_database.transaction() as session:
        [again] = await notifications.claim_due(session)
    assert again.id == claimed.id
    assert again.attempts == 1
    assert again.last_error == "boom"
