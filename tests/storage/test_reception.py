"""Citizen reception: the next reception days (moved off days off, without the ones called off),
seats that never over-book however many book at once, moving and cancelling, a day called off
told to everyone booked, reminders the working day before, and a meeting's follow-up becoming a
petition of the receiving unit."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.errors import InvalidValue, NotFound
from storage.models import Department, OutboxMessage, Petition, ReceptionBooking
from storage.services import reception
from tests.storage.test_petitions import make_citizen, outbox_of

# a Monday; Thursday 2 September 2027 (National Day) and Friday 3 are days off
BEFORE_NATIONAL_DAY = dt.date(2027, 8, 30)


async def schedule(database: Database, commune: str | None) -> reception.ReceptionSchedule:
    async with database.session() as session:
        return await reception.schedule_for(session, commune)


async def book(
    session: AsyncSession,
    schedule: reception.ReceptionSchedule,
    day: dt.date,
    slot: str,
    citizen_id: int,
    topic: str,
) -> ReceptionBooking:
    """A booking made the week before National Day 2027."""
    return await reception.book(
        session,
        schedule_id=schedule.id,
        day=day,
        slot=slot,
        citizen_id=citizen_id,
        topic=topic,
        today=BEFORE_NATIONAL_DAY,
    )


async def test_a_communes_weekly_day_moves_off_a_holiday(seeded_database: Database) -> None:
    cao_phong = await schedule(seeded_database, "cao_phong")
    assert cao_phong.department.code == "ubnd_cao_phong" and cao_phong.weekday == 4
    async with seeded_database.session() as session:
        days = await reception.upcoming_days(session, cao_phong, BEFORE_NATIONAL_DAY)
    # Thursday the 2nd is National Day: that week's reception is on Monday the 6th
    assert days == [dt.date(2027, 9, 6), dt.date(2027, 9, 9), dt.date(2027, 9, 16)]
    assert reception.slots_of(cao_phong) == ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30"]


async def test_the_provinces_monthly_day_moves_off_a_weekend(seeded_database: Database) -> None:
    # a commune with no unit of its own here is received by the province's chairman
    province = await schedule(seeded_database, "viet_tri")
    assert province.department.code == "tiep_cong_dan" and province.month_day == 15
    async with seeded_database.session() as session:
        days = await reception.upcoming_days(session, province, dt.date(2027, 5, 1))
    assert days == [dt.date(2027, 5, 17), dt.date(2027, 6, 15), dt.date(2027, 7, 15)]


async def test_fifty_citizens_at_once_for_ten_seats_book_ten(seeded_database: Database) -> None:
    province = await schedule(seeded_database, None)
    day = dt.date(2027, 6, 15)
    citizens = [await make_citizen(seeded_database, f"rush-{n}") for n in range(50)]
    databases = [Database(seeded_database.url) for _ in range(5)]

    async def one(n: int) -> str:
        async with databases[n % 5].transaction() as session:
            try:
                await reception.book(
                    session,
                    schedule_id=province.id,
                    day=day,
                    slot="08:00",
                    citizen_id=citizens[n],
                    topic="Đền bù giải phóng mặt bằng",
                    today=dt.date(2027, 6, 1),
                )
            except reception.SlotFull:
                return "full"
            return "booked"

    try:
        outcomes = await asyncio.gather(*(one(n) for n in range(50)))
    finally:
        for database in databases:
            await database.close()
    assert outcomes.count("booked") == 10 and outcomes.count("full") == 40
    async with seeded_database.session() as session:
        seats = (
            await session.scalars(select(ReceptionBooking.seat).order_by(ReceptionBooking.seat))
        ).all()
        states = await reception.slot_states(session, province, day)
    assert list(seats) == list(range(1, 11))
    assert states[0] == reception.SlotState("08:00", 0) and states[1].free == 10


async def test_moving_cancelling_and_a_day_called_off(seeded_database: Database) -> None:
    cao_phong = await schedule(seeded_database, "cao_phong")
    citizen = await make_citizen(seeded_database, "visitor", language="vi")
    other = await make_citizen(seeded_database, "visitor-2", language="en")
    today = BEFORE_NATIONAL_DAY
    async with seeded_database.transaction() as session:
        first = await book(
            session, cao_phong, dt.date(2027, 9, 6), "08:00", citizen, "Tranh chấp ranh giới đất"
        )
        with pytest.raises(InvalidValue):  # not a reception day
            await book(session, cao_phong, dt.date(2027, 9, 7), "08:00", citizen, "x")
        moved = await reception.move(
            session, first.code, citizen, day=dt.date(2027, 9, 9), slot="09:00", today=today
        )
        with pytest.raises(NotFound):  # another citizen's code tells nothing
            await reception.cancel(session, moved.code, other)
        others = await book(
            session, cao_phong, dt.date(2027, 9, 9), "10:00", other, "Xin ý kiến về hỗ trợ hộ nghèo"
        )
    async with seeded_database.transaction() as session:
        old = await reception.booking_by_code(session, first.code)
        assert old is not None and old.status == "cancelled"
        called_off = await reception.close_day(
            session, cao_phong.id, dt.date(2027, 9, 9), "Chủ tịch xã họp đột xuất với tỉnh"
        )
        assert {b.code for b in called_off} == {moved.code, others.code}
        days = await reception.upcoming_days(session, cao_phong, today)
    assert dt.date(2027, 9, 9) not in days
    told = [m.body["text"] for m in await outbox_of(seeded_database, citizen)]
    assert told == [
        f"Buổi tiếp công dân ngày 09/09/2027 (Chủ tịch UBND xã Cao Phong) đã được hủy: Chủ "
        f"tịch xã họp đột xuất với tỉnh. Lịch hẹn {moved.code} của bạn không còn; bạn có thể "
        "đặt lại ngày khác."
    ]
    english = [m.body["text"] for m in await outbox_of(seeded_database, other)]
    assert english[0].startswith("The citizen reception on 2027-09-09")


async def test_reminders_the_working_day_before_once(seeded_database: Database) -> None:
    cao_phong = await schedule(seeded_database, "cao_phong")
    citizen = await make_citizen(seeded_database, "reminded")
    async with seeded_database.transaction() as session:
        booking = await book(
            session, cao_phong, dt.date(2027, 9, 6), "08:30", citizen, "Cấp sổ đỏ chậm"
        )
        # Wednesday the 1st: the next working day is Monday the 6th (2 and 3 are days off)
        assert await reception.send_reminders(session, dt.date(2027, 9, 1)) == 1
        assert await reception.send_reminders(session, dt.date(2027, 9, 1)) == 0
    [reminder] = await outbox_of(seeded_database, citizen)
    assert booking.code in reminder.body["text"] and "08:30" in reminder.body["text"]


async def test_a_meetings_follow_up_becomes_a_petition_of_the_unit(
    seeded_database: Database,
) -> None:
    cao_phong = await schedule(seeded_database, "cao_phong")
    citizen = await make_citizen(seeded_database, "heard")
    async with seeded_database.session() as session:
        booking = await book(
            session,
            cao_phong,
            dt.date(2027, 9, 6),
            "10:30",
            citizen,
            "Đường vào xóm Bãi Chạo sạt lở",
        )
        unit = await session.scalar(
            select(Department.id).where(Department.code == "ubnd_cao_phong")
        )
        assert unit is not None
        done = await reception.record_outcome(
            session, booking.id, unit, "Đã nghe trình bày", "Giao địa chính xã kiểm tra trong tuần"
        )
        petition = await session.get(Petition, done.petition_id)
        assert petition is not None
    assert petition.department_id == unit and petition.citizen_id == citizen
    assert petition.description.startswith("Đường vào xóm Bãi Chạo sạt lở. Giao địa chính")
    assert petition.due_on > dt.date(2026, 12, 1)
    async with seeded_database.session() as session:
        assert await session.scalar(select(OutboxMessage.id).limit(1)) is None


async def test_the_days_held_leave_out_a_day_called_off(seeded_database: Database) -> None:
    cao_phong = await schedule(seeded_database, "cao_phong")
    async with seeded_database.session() as session:
        november = await reception.days_held(session, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        # Thursdays 5, 12, 19, 26; the province's 15th is a Sunday, held on Monday the 16th
        assert november[("ubnd_cao_phong", "2026-11")] == 4
        assert november[("tiep_cong_dan", "2026-11")] == 1
        await reception.close_day(session, cao_phong.id, dt.date(2026, 11, 19), "Họp khẩn")
        november = await reception.days_held(session, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert november[("ubnd_cao_phong", "2026-11")] == 3
