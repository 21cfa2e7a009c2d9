"""Officials told on Telegram: the notifier delivers what storage queued to the fake Bot API, once,
with retries, and never with a denouncer's name, phone or words."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
import telegram
from sqlalchemy import select, update
from telegram.request import HTTPXRequest

from bot.channels.base import Undeliverable
from bot.notifier import Notifier, chat_of
from storage.db import Database
from storage.deadlines import VIETNAM
from storage.models import Department, Notification, Official, OutboxStatus, PetitionKind, utcnow
from storage.services.petitions import assign
from tests.desk.conftest import Desk
from tests.fakes.telegram import FakeBotAPI

TOKEN = "654321:NOTIFIER-token"
GROUP = -1001234567890
BASE = "https://bot.example.gov.vn"


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(TOKEN) as api:
        yield api


def make_notifier(database: Database, api: FakeBotAPI, base_url: str = BASE + "/") -> Notifier:
    bot = telegram.Bot(TOKEN, base_url=f"{api.base_url}/bot", request=HTTPXRequest())
    return Notifier(database, bot, public_base_url=base_url, max_attempts=3)


async def close(notifier: Notifier) -> None:
    # Bot.shutdown() does nothing to a bot never initialised: close its HTTP client itself
    await notifier.bot.request.shutdown()


@pytest.fixture
async def notifier(desk: Desk, fake_telegram: FakeBotAPI) -> AsyncIterator[Notifier]:
    made = make_notifier(desk.database, fake_telegram)
    yield made
    await close(made)


async def set_group(desk: Desk, code: str, chat_id: str | None = str(GROUP)) -> None:
    async with desk.database.session() as session:
        await session.execute(
            update(Department).where(Department.code == code).values(telegram_chat_id=chat_id)
        )
        await session.commit()


async def notifications_of(desk: Desk) -> list[Notification]:
    async with desk.database.session() as session:
        rows = await session.scalars(select(Notification).order_by(Notification.id))
        return list(rows.all())


def sent(api: FakeBotAPI) -> list[tuple[int, str]]:
    return [(c.params["chat_id"], str(c.params["text"])) for c in api.calls_to("sendMessage")]


async def test_a_new_petition_reaches_its_units_group_exactly_once(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    await set_group(desk, "tiep_cong_dan")
    petition = await desk.petition()

    for _ in range(3):
        await notifier.run_once()
        await notifier.sweep_once()  # not overdue: the sweep adds nothing

    [(chat, text)] = sent(fake_telegram)
    assert chat == GROUP
    assert text.startswith("Hồ sơ mới gửi đến đơn vị\nPhản ánh · Khác\n")
    assert f"Mã hồ sơ: {petition.tracking_code}" in text
    assert f"Hạn xử lý: {petition.due_on.strftime('%d/%m/%Y')}" in text
    assert text.endswith(f"\n{BASE}/desk/petitions/{petition.id}")
    [row] = await notifications_of(desk)
    assert row.status == OutboxStatus.SENT
    assert row.sent_at is not None
    # the link is the desk's item page, behind its sign-in
    page = await desk.browser().get(f"/desk/petitions/{petition.id}")
    assert page.status == 302


async def test_a_denunciations_notification_has_no_name_phone_or_description(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    await set_group(desk, "thanh_tra_tinh")
    petition = await desk.petition(
        kind=PetitionKind.DENUNCIATION,
        category="can_bo",
        display_name="Trần Thị Bích",
        reporter_name="Trần Thị Bích",
        contact_phone="+84912345678",
        description="Cán bộ địa chính Lê Văn Cường nhận tiền để làm nhanh hồ sơ",
        address="Số 5 ngõ 8 Lê Lai",
    )
    await notifier.run_once()

    [(chat, text)] = sent(fake_telegram)
    assert chat == GROUP
    assert "Tố cáo · Cán bộ, công chức" in text
    assert petition.tracking_code in text
    for secret in (
        "Trần Thị Bích",
        "+84912345678",
        "912345678",
        "Lê Văn Cường",
        "nhận tiền",
        "ngõ 8",
    ):
        assert secret not in text, secret


async def test_an_assigned_official_is_told_in_their_own_chat(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    async with desk.database.session() as session:
        await session.execute(
            update(Official).where(Official.username == "xaydung").values(telegram_chat_id="4242")
        )
        await session.commit()
    petition = await desk.petition(category="xay_dung")  # the construction department's
    officer = await desk.official("xaydung")
    token = await desk.token("xaydung.tp")
    response = await desk.api(
        "POST", f"/api/v1/petitions/{petition.id}/assign", token, {"official_id": officer.id}
    )
    assert response.status == 200

    await notifier.run_once()
    await notifier.run_once()

    [(chat, text)] = sent(fake_telegram)
    assert chat == 4242
    assert text.startswith("Bạn được giao xử lý hồ sơ\n")
    assert petition.tracking_code in text
    assert text.endswith(f"/desk/petitions/{petition.id}")


async def test_an_overdue_petition_is_notified_once_however_often_the_sweep_runs(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    await set_group(desk, "tiep_cong_dan")
    long_ago = dt.datetime.now(VIETNAM) - dt.timedelta(days=60)
    petition = await desk.petition(now=long_ago)
    fresh = await desk.petition()
    await notifier.run_once()
    assert len(sent(fake_telegram)) == 2  # the two "new" notices

    for _ in range(4):
        await notifier.sweep_once()
        await notifier.run_once()

    overdue = [text for _, text in sent(fake_telegram) if text.startswith("Hồ sơ quá hạn")]
    assert len(overdue) == 1
    assert petition.tracking_code in overdue[0]
    assert fresh.tracking_code not in overdue[0]
    days = (dt.datetime.now(VIETNAM).date() - petition.due_on).days
    assert f"(quá hạn {days} ngày)" in overdue[0]
    assert len(sent(fake_telegram)) == 3


@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_flood_control_holds_the_groups_notifications_for_telegrams_wait(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    await set_group(desk, "tiep_cong_dan")
    first = await desk.petition()
    second = await desk.petition()
    fake_telegram.fail_next(1, 429, retry_after=30)

    assert await notifier.run_once() == 0

    rows = await notifications_of(desk)
    assert [r.status for r in rows] == [OutboxStatus.PENDING, OutboxStatus.PENDING]
    assert [r.attempts for r in rows] == [1, 0]  # the second was not tried, so not counted
    soonest = utcnow() + dt.timedelta(seconds=25)
    assert all(r.next_attempt_at > soonest for r in rows)
    assert await notifier.run_once() == 0  # nothing is due during the wait
    assert len(fake_telegram.calls_to("sendMessage")) == 1

    async with desk.database.session() as session:
        await session.execute(update(Notification).values(next_attempt_at=utcnow()))
        await session.commit()
    assert await notifier.run_once() == 2
    texts = [text for _, text in sent(fake_telegram)[1:]]
    assert first.tracking_code in texts[0]
    assert second.tracking_code in texts[1]


async def due_now(desk: Desk) -> None:
    async with desk.database.session() as session:
        await session.execute(
            update(Notification)
            .where(Notification.status == OutboxStatus.PENDING)
            .values(next_attempt_at=utcnow())
        )
        await session.commit()


async def test_a_failing_telegram_is_retried_with_backoff_then_given_up(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    await set_group(desk, "tiep_cong_dan")
    await desk.petition()
    fake_telegram.fail_next(3, 500)

    await notifier.run_once()
    [row] = await notifications_of(desk)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert row.next_attempt_at > utcnow()  # backed off
    assert await notifier.run_once() == 0
    for _ in range(2):
        await due_now(desk)
        await notifier.run_once()

    [row] = await notifications_of(desk)
    assert (row.status, row.attempts) == (OutboxStatus.DEAD, 3)
    assert row.last_error is not None
    assert len(fake_telegram.calls_to("sendMessage")) == 3


async def test_a_group_that_removed_the_bot_is_not_retried(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    await set_group(desk, "tiep_cong_dan")
    await desk.petition()
    fake_telegram.fail_next(1, 403, description="Forbidden: bot was kicked from the group chat")

    assert await notifier.run_once() == 1
    await due_now(desk)
    await notifier.run_once()

    [row] = await notifications_of(desk)
    assert (row.status, row.attempts) == (OutboxStatus.UNDELIVERABLE, 1)
    assert "kicked" in (row.last_error or "")
    assert len(fake_telegram.calls_to("sendMessage")) == 1


async def test_a_group_upgraded_to_a_supergroup_is_followed(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    await set_group(desk, "tiep_cong_dan", "-4001")
    petition = await desk.petition()
    fake_telegram.fail_next(
        1,
        400,
        description="Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=-1004001,
    )

    assert await notifier.run_once() == 1

    assert [chat for chat, _ in sent(fake_telegram)] == [-4001, -1004001]
    assert petition.tracking_code in sent(fake_telegram)[1][1]
    [row] = await notifications_of(desk)
    assert row.status == OutboxStatus.SENT


async def test_without_a_public_address_the_notification_has_no_link(
    desk: Desk, fake_telegram: FakeBotAPI
) -> None:
    await set_group(desk, "tiep_cong_dan")
    petition = await desk.petition()
    plain = make_notifier(desk.database, fake_telegram, base_url="")
    try:
        await plain.run_once()
    finally:
        await close(plain)
    [(_, text)] = sent(fake_telegram)
    assert text.endswith(f"Hạn xử lý: {petition.due_on.strftime('%d/%m/%Y')}")
    assert "/desk/" not in text


async def test_a_reassignment_by_storage_tells_the_new_official_too(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    async with desk.database.session() as session:
        await session.execute(
            update(Official)
            .where(Official.username.in_(["xaydung", "xaydung.tp"]))
            .values(telegram_chat_id="777")
        )
        await session.commit()
    petition = await desk.petition(category="xay_dung")
    officer = await desk.official("xaydung")
    supervisor = await desk.official("xaydung.tp")
    async with desk.database.transaction() as session:
        await assign(session, petition.id, officer.id, supervisor.id)
        await assign(session, petition.id, supervisor.id, officer.id)
        await assign(session, petition.id, officer.id, supervisor.id)
    await notifier.run_once()
    assert len(sent(fake_telegram)) == 3  # one per assignment event


async def test_an_administrator_gives_an_official_a_chat_for_assignment_notices(
    desk: Desk, notifier: Notifier, fake_telegram: FakeBotAPI
) -> None:
    admin = await desk.signed_in("admin")
    officer = await desk.official("xaydung")
    page = await admin.text(f"/desk/admin/officials/{officer.id}")
    assert 'name="telegram_chat_id"' in page
    form = {
        "full_name": officer.full_name,
        "role": "officer",
        "department_id": officer.department_id,
        "active": "1",
        "telegram_chat_id": " 31337 ",
    }
    assert (await admin.post(f"/desk/admin/officials/{officer.id}", form)).status == 303
    assert (await desk.official("xaydung")).telegram_chat_id == "31337"
    assert 'value="31337"' in await admin.text(f"/desk/admin/officials/{officer.id}")

    petition = await desk.petition(category="xay_dung")
    token = await desk.token("xaydung.tp")
    await desk.api(
        "POST", f"/api/v1/petitions/{petition.id}/assign", token, {"official_id": officer.id}
    )
    await notifier.run_once()
    [(chat, text)] = sent(fake_telegram)
    assert chat == 31337
    assert petition.tracking_code in text

    # an empty field takes the chat away again
    await admin.post(f"/desk/admin/officials/{officer.id}", {**form, "telegram_chat_id": ""})
    assert (await desk.official("xaydung")).telegram_chat_id is None


def test_chat_ids_are_numbers_or_public_names() -> None:
    assert chat_of(" -1001234567890 ") == -1001234567890
    assert chat_of("4242") == 4242
    assert chat_of("@so_xay_dung_th") == "@so_xay_dung_th"
    for bad in ("", "abc", "-", "@x", "12 34", "https://t.me/joinchat/x"):
        with pytest.raises(Undeliverable):
            chat_of(bad)
