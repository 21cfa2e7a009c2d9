"""Asking the citizen for more information, and merging a duplicate into another item."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.words import notice
from storage.db import Database
from storage.errors import InvalidTransition, InvalidValue, NotAllowed, NotFound
from storage.models import Channel, PetitionEvent, PetitionKind, PetitionStatus
from storage.services.petitions import (
    merge,
    record_citizen_answer,
    reply,
    request_information,
    resolve,
    status_for_citizen,
)
from tests.storage.test_petitions import load, make_citizen, official_id, outbox_of, submit


async def events_of(database: Database, petition_id: int) -> list[PetitionEvent]:
    async with database.session() as session:
        rows = await session.scalars(
            select(PetitionEvent)
            .where(PetitionEvent.petition_id == petition_id)
            .order_by(PetitionEvent.id)
        )
        return list(rows.all())


# --- request more information -----------------------------------------------------------------


async def test_asking_for_information_waits_on_the_citizen_and_sends_the_question(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "r1", channel=Channel.ZALO)
    petition, _ = await submit(seeded_database, citizen, "form-r1", channel=Channel.ZALO)
    officer = await official_id(seeded_database, "hoabinh")

    async with seeded_database.transaction() as session:
        event = await request_information(
            session, petition.id, officer, "  Đèn hỏng ở cột số mấy?  "
        )

    stored = await load(seeded_database, petition.id)
    assert stored.status == PetitionStatus.AWAITING_CITIZEN
    assert stored.first_reply_at == event.created_at
    assert (event.kind, event.public, event.body) == (
        "information_requested",
        True,
        "Đèn hỏng ở cột số mấy?",
    )
    assert event.actor == f"official:{officer}"
    [message] = await outbox_of(seeded_database, citizen)
    assert message.channel == Channel.ZALO
    assert message.dedupe_key == f"event:{event.id}"
    assert message.body == {
        "text": f"Đề nghị bổ sung thông tin cho phản ánh/kiến nghị {petition.tracking_code}:\n"
        "Đèn hỏng ở cột số mấy?\n(Bạn chỉ cần trả lời bằng một tin nhắn tại đây.)"
    }
    async with seeded_database.session() as session:
        view = await status_for_citizen(session, citizen, petition.tracking_code)
    assert view is not None
    assert view.status == PetitionStatus.AWAITING_CITIZEN


async def test_the_question_is_worded_in_the_citizens_language(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "r2", language="en")
    petition, _ = await submit(seeded_database, citizen, "form-r2")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await request_information(session, petition.id, officer, "Which lamp post?")
    [message] = await outbox_of(seeded_database, citizen)
    assert message.body["text"] == (
        f"More information is needed about your petition {petition.tracking_code}:\n"
        "Which lamp post?\n(Just answer with one message here.)"
    )


async def test_an_empty_question_or_a_closed_item_is_refused(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "r3")
    petition, _ = await submit(seeded_database, citizen, "form-r3")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.session() as session:
        with pytest.raises(InvalidValue):
            await request_information(session, petition.id, officer, "   ")
    async with seeded_database.transaction() as session:
        await resolve(session, petition.id, officer, "Đã sửa")
    async with seeded_database.session() as session:
        with pytest.raises(InvalidTransition):
            await request_information(session, petition.id, officer, "Cột số mấy?")
        with pytest.raises(NotFound):
            await request_information(session, petition.id + 1000, officer, "Cột số mấy?")
    assert len(await outbox_of(seeded_database, citizen)) == 1  # the resolution only


# --- merge a duplicate ------------------------------------------------------------------------


async def test_a_duplicate_is_merged_and_its_citizen_told_the_other_code(
    seeded_database: Database,
) -> None:
    first = await make_citizen(seeded_database, "m1")
    second = await make_citizen(seeded_database, "m2", channel=Channel.WEB, language="en")
    keeper, _ = await submit(seeded_database, first, "form-m1")
    duplicate, _ = await submit(seeded_database, second, "form-m2", channel=Channel.WEB)
    officer = await official_id(seeded_database, "hoabinh")

    async with seeded_database.transaction() as session:
        event = await merge(session, duplicate.id, keeper.id, officer)

    merged = await load(seeded_database, duplicate.id)
    assert merged.status == PetitionStatus.MERGED
    assert merged.merged_into_id == keeper.id
    assert (await load(seeded_database, keeper.id)).status == PetitionStatus.RECEIVED
    assert (event.kind, event.public) == ("merged", True)
    assert event.data == {"into_id": keeper.id, "into_code": keeper.tracking_code}
    kept = (await events_of(seeded_database, keeper.id))[-1]
    assert (kept.kind, kept.public, kept.actor) == ("merged_in", False, f"official:{officer}")
    assert kept.data == {"from_id": duplicate.id, "from_code": duplicate.tracking_code}
    [message] = await outbox_of(seeded_database, second)
    assert message.channel == Channel.WEB
    assert message.dedupe_key == f"event:{event.id}"
    assert keeper.tracking_code in message.body["text"]
    assert duplicate.tracking_code in message.body["text"]
    assert message.body["text"].startswith(f"Your petition {duplicate.tracking_code}")
    assert await outbox_of(seeded_database, first) == []  # the keeper's citizen is not told

    # closed now: no reply, no second merge, nothing merged into it
    async with seeded_database.session() as session:
        with pytest.raises(InvalidTransition):
            await reply(session, duplicate.id, officer, "x")
        with pytest.raises(InvalidTransition):
            await merge(session, duplicate.id, keeper.id, officer)
        with pytest.raises(InvalidTransition):
            await merge(session, keeper.id, duplicate.id, officer)


async def test_merging_across_departments_is_refused(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "m3")
    ward, _ = await submit(seeded_database, citizen, "form-m3a")  # ubnd_hoa_binh
    province, _ = await submit(seeded_database, citizen, "form-m3b", commune_code="lac_son")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.session() as session:
        with pytest.raises(NotAllowed):
            await merge(session, ward.id, province.id, officer)
    assert (await load(seeded_database, ward.id)).status == PetitionStatus.RECEIVED
    assert await outbox_of(seeded_database, citizen) == []


async def test_merging_into_itself_is_refused(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "m4")
    petition, _ = await submit(seeded_database, citizen, "form-m4")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.session() as session:
        with pytest.raises(InvalidValue):
            await merge(session, petition.id, petition.id, officer)
    assert (await load(seeded_database, petition.id)).status == PetitionStatus.RECEIVED


async def test_merging_items_of_different_kinds_or_into_a_closed_one_is_refused(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "m5")
    report, _ = await submit(seeded_database, citizen, "form-m5a")
    proposal, _ = await submit(seeded_database, citizen, "form-m5b", kind=PetitionKind.PROPOSAL)
    resolved, _ = await submit(seeded_database, citizen, "form-m5c")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await resolve(session, resolved.id, officer, "Đã sửa")
    async with seeded_database.session() as session:
        with pytest.raises(NotAllowed):
            await merge(session, report.id, proposal.id, officer)
        with pytest.raises(InvalidTransition):
            await merge(session, report.id, resolved.id, officer)
        with pytest.raises(NotFound):
            await merge(session, report.id, report.id + 1000, officer)
    assert (await load(seeded_database, report.id)).status == PetitionStatus.RECEIVED


async def test_the_citizens_next_message_answers_the_question_and_returns_the_item(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "r9")
    petition, _ = await submit(seeded_database, citizen, "form-r9")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        assert await record_citizen_answer(session, citizen, "không ai hỏi", 1) is None
        await request_information(session, petition.id, officer, "Cột số mấy?")
    async with seeded_database.session() as session:
        answered = await record_citizen_answer(session, citizen, "Cột số 14", 1)
        await session.commit()
    assert answered is not None
    assert answered[1] == notice("citizen_answer_received", code=petition.tracking_code)
    stored = await load(seeded_database, petition.id)
    assert stored.status == PetitionStatus.IN_PROGRESS
    last = (await events_of(seeded_database, petition.id))[-1]
    assert (last.kind, last.actor, last.public, last.body) == (
        "citizen_answered",
        "citizen",
        True,
        "Cột số 14",
    )
    async with seeded_database.session() as session:
        # nothing waits on the citizen any more
        assert await record_citizen_answer(session, citizen, "thêm nữa", 2) is None
