"""Handoff: while officials hold a conversation the assistant is paused, and it resumes after."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.db import Database
from storage.errors import InvalidTransition, NotFound
from storage.models import (
    Channel,
    Citizen,
    Department,
    Handoff,
    HandoffStatus,
    Official,
    OutboxMessage,
)
from storage.services.handoffs import (
    hand_back,
    hold,
    official_message,
    record_if_held,
    start_handoff,
)
from storage.services.messaging import get_or_create_citizen, record_inbound

SUMMARY = "Hỏi về thủ tục cấp sổ đỏ, trợ lý không trả lời được"
TRANSCRIPT = [{"from": "citizen", "text": "cho em gặp cán bộ"}]


async def make_citizen(database: Database, language: str = "vi") -> int:
    async with database.session() as session:
        citizen = await get_or_create_citizen(session, Channel.TELEGRAM, "777")
        citizen.language = language
        await session.commit()
        return citizen.id


async def ids(database: Database) -> tuple[int, int]:
    """The reception board and its supervisor."""
    async with database.session() as session:
        department = await session.scalar(
            select(Department.id).where(Department.code == "tiep_cong_dan")
        )
        official = await session.scalar(select(Official.id).where(Official.username == "tiepdan"))
    assert department is not None
    assert official is not None
    return department, official


async def paused(database: Database, citizen_id: int) -> bool:
    async with database.session() as session:
        citizen = await session.get(Citizen, citizen_id)
    assert citizen is not None
    return citizen.paused


async def load(database: Database, handoff_id: int) -> Handoff:
    async with database.session() as session:
        handoff = await session.get(Handoff, handoff_id)
    assert handoff is not None
    return handoff


async def outbox(database: Database, citizen_id: int) -> list[OutboxMessage]:
    async with database.session() as session:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.citizen_id == citizen_id)
            .order_by(OutboxMessage.id)
        )
        return list((await session.scalars(query)).all())


async def test_starting_a_handoff_pauses_the_assistant_and_handing_back_resumes_it(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, language="en")
    department, official = await ids(seeded_database)
    assert not await paused(seeded_database, citizen)
    async with seeded_database.transaction() as session:
        handoff = await start_handoff(session, citizen, department, SUMMARY, TRANSCRIPT)
    assert await paused(seeded_database, citizen)
    started = await load(seeded_database, handoff.id)
    assert started.status == HandoffStatus.WAITING
    assert (started.summary, started.transcript) == (SUMMARY, TRANSCRIPT)

    async with seeded_database.transaction() as session:
        await hand_back(session, handoff.id, official)
    assert not await paused(seeded_database, citizen)
    returned = await load(seeded_database, handoff.id)
    assert returned.status == HandoffStatus.RETURNED
    assert returned.returned_at is not None
    [notice] = await outbox(seeded_database, citizen)
    assert notice.dedupe_key == f"handoff:{handoff.id}:returned"
    assert notice.channel == Channel.TELEGRAM
    assert notice.body["text"].startswith("The official has ended the conversation.")


async def test_asking_again_while_a_handoff_is_open_returns_the_open_one(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database)
    department, official = await ids(seeded_database)
    async with seeded_database.transaction() as session:
        first = await start_handoff(session, citizen, department, SUMMARY, TRANSCRIPT)
        await hold(session, first.id, official)
        again = await start_handoff(session, citizen, department, "lần hai", [])
    assert again.id == first.id
    async with seeded_database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Handoff)) == 1
        await hand_back(session, first.id, official)
        later = await start_handoff(session, citizen, department, "lần ba", [])
    assert later.id != first.id
    assert await paused(seeded_database, citizen)


async def test_an_officials_message_is_sent_to_the_citizen_and_kept_in_the_transcript(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database)
    department, official = await ids(seeded_database)
    async with seeded_database.transaction() as session:
        handoff = await start_handoff(session, citizen, department, SUMMARY, TRANSCRIPT)
        await official_message(session, handoff.id, official, "Chào anh, em là cán bộ tiếp dân.")
        await official_message(session, handoff.id, official, "Anh cần hỏi gì ạ?")
    held = await load(seeded_database, handoff.id)
    assert held.status == HandoffStatus.HELD
    assert held.official_id == official
    assert [entry["text"] for entry in held.transcript] == [
        "cho em gặp cán bộ",
        "Chào anh, em là cán bộ tiếp dân.",
        "Anh cần hỏi gì ạ?",
    ]
    assert held.transcript[1]["from"] == f"official:{official}"
    messages = await outbox(seeded_database, citizen)
    assert [(m.dedupe_key, m.body) for m in messages] == [
        (f"handoff:{handoff.id}:2", {"text": "Chào anh, em là cán bộ tiếp dân."}),
        (f"handoff:{handoff.id}:3", {"text": "Anh cần hỏi gì ạ?"}),
    ]


async def test_after_hand_back_officials_can_no_longer_write_and_a_second_click_sends_nothing(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database)
    department, official = await ids(seeded_database)
    async with seeded_database.transaction() as session:
        handoff = await start_handoff(session, citizen, department, SUMMARY, TRANSCRIPT)
        await hand_back(session, handoff.id, official)
        await hand_back(session, handoff.id, official)
        with pytest.raises(InvalidTransition):
            await official_message(session, handoff.id, official, "Còn đó không?")
        with pytest.raises(InvalidTransition):
            await hold(session, handoff.id, official)
    [notice] = await outbox(seeded_database, citizen)
    assert notice.body["text"].startswith("Cán bộ đã kết thúc trao đổi.")


async def test_citizen_messages_are_held_for_officials_only_while_the_handoff_is_open(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database)
    department, official = await ids(seeded_database)
    async with seeded_database.session() as session:
        handoff = await start_handoff(session, citizen, department, SUMMARY, TRANSCRIPT)
        during, _ = await record_inbound(
            session,
            channel=Channel.TELEGRAM,
            platform_message_id="m1",
            channel_user_id="777",
            text="em gửi thêm ảnh",
        )
        assert await record_if_held(session, citizen, during)
        await session.commit()
        await hand_back(session, handoff.id, official)
        after, _ = await record_inbound(
            session,
            channel=Channel.TELEGRAM,
            platform_message_id="m2",
            channel_user_id="777",
            text="cảm ơn",
        )
        assert not await record_if_held(session, citizen, after)
        await session.commit()
    texts = [entry["text"] for entry in (await load(seeded_database, handoff.id)).transcript]
    assert texts == ["cho em gặp cán bộ", "em gửi thêm ảnh"]


async def test_a_handoff_to_an_unknown_department_is_refused(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database)
    async with seeded_database.session() as session:
        with pytest.raises(NotFound):
            await start_handoff(session, citizen, 999_999, SUMMARY, TRANSCRIPT)
    assert not await paused(seeded_database, citizen)
