"""Consultations in storage: what makes one, who is asked and when (each platform's rules), one
answer per citizen changed until it closes, and results that group alike free answers."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.errors import InvalidValue, NotAllowed
from storage.models import Channel, Citizen, Commune, Consultation, InboxMessage, Official, Role
from storage.services import consultations
from storage.services.consultations import NewConsultation
from storage.services.messaging import get_or_create_citizen

TODAY = dt.date(2026, 12, 1)
NOON = dt.datetime(2026, 12, 1, 5, tzinfo=dt.timezone.utc)  # 12:00 in Vietnam


def road(**changes: object) -> NewConsultation:
    fields: dict[str, object] = {
        "question": "Xóm nên làm đường mới hay sửa đường cũ?",
        "choices": ["Làm đường mới qua xóm", "Sửa lại đường cũ"],
        "free_text": True,
        "opens_on": TODAY,
        "closes_on": TODAY + dt.timedelta(days=10),
        "commune_code": None,
    }
    fields.update(changes)
    return NewConsultation(**fields)  # type: ignore[arg-type]


async def _official(session: AsyncSession) -> Official:
    found = await session.scalar(select(Official).where(Official.role == Role.ADMIN))
    assert found is not None
    return found


async def _create(database: Database, **changes: object) -> Consultation:
    async with database.transaction() as session:
        official = await _official(session)
        return await consultations.create(
            session, official.id, official.department_id, road(**changes)
        )


async def _citizen(
    database: Database,
    channel: Channel = Channel.TELEGRAM,
    *,
    wrote: dt.datetime | None = None,
    commune: str | None = None,
    subscribed: bool = True,
) -> int:
    async with database.session() as session:
        citizen = await get_or_create_citizen(session, channel, uuid.uuid4().hex[:12])
        await session.commit()
        if wrote is not None:
            session.add(
                InboxMessage(
                    channel=channel,
                    platform_message_id=uuid.uuid4().hex,
                    citizen_id=citizen.id,
                    text="chào ad",
                    received_at=wrote,
                )
            )
            await session.commit()
        if subscribed:
            await consultations.subscribe(session, citizen.id, commune)
            await session.commit()
        return citizen.id


async def _asked(database: Database) -> list[int]:
    async with database.session() as session:
        rows = await session.scalars(
            select(InboxMessage.citizen_id).where(
                InboxMessage.platform_message_id.startswith("consultation:")
            )
        )
        return sorted(rows.all())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"question": "  "}, "needs a question"),
        ({"choices": ["Có"]}, "two choices"),
        ({"choices": ["Có", "có "]}, "the same"),
        ({"choices": [], "free_text": False}, "choices, allow free answers"),
        ({"closes_on": TODAY - dt.timedelta(days=1)}, "closes before it opens"),
        ({"choices": [str(n) for n in range(10)]}, "at most 9"),
    ],
)
async def test_a_consultation_needs_a_question_and_a_way_to_answer(
    seeded_database: Database, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidValue, match=message):
        await _create(seeded_database, **changes)


async def test_each_platform_is_written_to_within_its_rules_and_each_citizen_once(
    seeded_database: Database,
) -> None:
    await _create(seeded_database)
    two_hours_ago = NOON - dt.timedelta(hours=2)
    telegram = await _citizen(seeded_database, Channel.TELEGRAM, wrote=two_hours_ago)
    web = await _citizen(seeded_database, Channel.WEB, wrote=NOON - dt.timedelta(days=30))
    zalo_recent = await _citizen(seeded_database, Channel.ZALO, wrote=NOON - dt.timedelta(days=2))
    zalo_old = await _citizen(seeded_database, Channel.ZALO, wrote=NOON - dt.timedelta(days=8))
    talking = await _citizen(
        seeded_database, Channel.TELEGRAM, wrote=NOON - dt.timedelta(minutes=5)
    )
    await _citizen(seeded_database, Channel.TELEGRAM, wrote=two_hours_ago, subscribed=False)
    held = await _citizen(seeded_database, Channel.TELEGRAM, wrote=two_hours_ago)
    async with seeded_database.session() as session:
        citizen = await session.get(Citizen, held)
        assert citizen is not None
        citizen.paused = True  # an official holds the conversation
        await session.commit()

        assert await consultations.put_to_citizens(session, NOON) == 3
        await session.commit()
        assert await _asked(seeded_database) == sorted([telegram, web, zalo_recent])
        # asked once, however often the job runs
        assert await consultations.put_to_citizens(session, NOON) == 0

        # the Zalo citizen outside the window writes in: asked once that conversation is over
        session.add(
            InboxMessage(
                channel=Channel.ZALO,
                platform_message_id=uuid.uuid4().hex,
                citizen_id=zalo_old,
                text="cho hỏi thủ tục",
                received_at=NOON,
            )
        )
        await session.commit()
        # not in the middle of what they are saying
        soon = NOON + dt.timedelta(minutes=10)
        assert await consultations.put_to_citizens(session, soon) == 0
        later = NOON + dt.timedelta(hours=2)
        assert await consultations.put_to_citizens(session, later) == 2
        await session.commit()
    assert await _asked(seeded_database) == sorted([telegram, web, zalo_recent, talking, zalo_old])


async def test_a_communes_consultation_reaches_only_that_communes_subscribers(
    seeded_database: Database,
) -> None:
    async with seeded_database.session() as session:
        here, there = (await session.scalars(select(Commune.code).limit(2))).all()
    await _create(seeded_database, commune_code=here)
    wrote = NOON - dt.timedelta(hours=3)
    mine = await _citizen(seeded_database, wrote=wrote, commune=here)
    await _citizen(seeded_database, wrote=wrote, commune=there)
    await _citizen(seeded_database, wrote=wrote)  # the province's only
    async with seeded_database.transaction() as session:
        assert await consultations.put_to_citizens(session, NOON) == 1
    assert await _asked(seeded_database) == [mine]


async def test_one_answer_per_citizen_changed_until_it_closes(seeded_database: Database) -> None:
    consultation = await _create(seeded_database)
    citizen = await _citizen(seeded_database)
    async with seeded_database.session() as session:
        first, changed = await consultations.answer(
            session, consultation.code, citizen, choice=1, text=None, today=TODAY
        )
        assert not changed
        second, changed = await consultations.answer(
            session,
            consultation.code.lower(),
            citizen,
            choice=None,
            text="  nên   làm đường bê tông ",
            today=TODAY,
        )
        assert changed and second.id == first.id
        assert (second.choice, second.text, second.changes) == (None, "nên làm đường bê tông", 1)
        with pytest.raises(InvalidValue):
            await consultations.answer(
                session, consultation.code, citizen, choice=3, text=None, today=TODAY
            )
        with pytest.raises(NotAllowed):
            await consultations.answer(
                session,
                consultation.code,
                citizen,
                choice=2,
                text=None,
                today=consultation.closes_on + dt.timedelta(days=1),
            )
        results = await consultations.results(session, consultation.id)
    assert results.answers == 1
    assert results.by_choice == [("Làm đường mới qua xóm", 0), ("Sửa lại đường cũ", 0)]


async def test_results_count_each_choice_by_commune_and_group_alike_free_answers(
    seeded_database: Database,
) -> None:
    async with seeded_database.session() as session:
        here = await session.scalar(select(Commune.code).limit(1))
    consultation = await _create(seeded_database)
    answers = [
        (1, None, here),
        (1, None, None),
        (2, None, here),
        (None, "Nên làm đường bê tông rộng hơn", here),
        (None, "nen lam duong be tong rong hon", None),
        (None, "Cần thêm đèn chiếu sáng", None),
    ]
    async with seeded_database.session() as session:
        for choice, text, commune in answers:
            citizen = await _citizen(seeded_database, commune=commune)
            await consultations.answer(
                session, consultation.code, citizen, choice=choice, text=text, today=TODAY
            )
            await session.commit()
        results = await consultations.results(session, consultation.id)
        exported = await consultations.export(session, consultation.id)
    assert results.answers == 6
    assert results.by_choice == [("Làm đường mới qua xóm", 2), ("Sửa lại đường cũ", 1)]
    assert results.by_commune == {here: [1, 1], None: [1, 0]}
    assert [(g.sample, g.count) for g in results.free] == [
        ("Nên làm đường bê tông rộng hơn", 2),
        ("Cần thêm đèn chiếu sáng", 1),
    ]
    assert [row.choice for row in exported][:3] == ["Làm đường mới qua xóm"] * 2 + [
        "Sửa lại đường cũ"
    ]
    assert all(not hasattr(row, "citizen_id") for row in exported)


async def test_opting_out_stops_the_questions(seeded_database: Database) -> None:
    await _create(seeded_database)
    citizen = await _citizen(seeded_database, wrote=NOON - dt.timedelta(hours=2))
    async with seeded_database.session() as session:
        assert await consultations.unsubscribe(session, citizen)
        assert not await consultations.unsubscribe(session, citizen)
        assert await consultations.put_to_citizens(session, NOON) == 0


async def test_two_open_consultations_are_put_one_sitting_apart(seeded_database: Database) -> None:
    first = await _create(seeded_database)
    second = await _create(seeded_database, question="Có nên mở chợ đêm ở trung tâm xã?")
    citizen = await _citizen(seeded_database, wrote=NOON - dt.timedelta(hours=3))
    async with seeded_database.session() as session:
        assert await consultations.put_to_citizens(session, NOON) == 1
        assert await consultations.put_to_citizens(session, NOON + dt.timedelta(minutes=1)) == 0
        assert await consultations.put_to_citizens(session, NOON + dt.timedelta(hours=2)) == 1
        rows = await session.scalars(
            select(InboxMessage.platform_message_id)
            .where(InboxMessage.citizen_id == citizen)
            .order_by(InboxMessage.id)
        )
    assert list(rows.all())[1:] == [
        f"consultation:{first.id}:{citizen}",
        f"consultation:{second.id}:{citizen}",
    ]
