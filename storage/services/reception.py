"""Citizen reception: the next days a unit's head receives citizens, booking a seat in a slot (a
slot never over-booked, however many book at once), moving and cancelling a booking, a day the
unit calls off (everyone booked told), reminders the working day before, the receiving office's
list of the day, and the outcome of a meeting (a matter to follow up becomes a petition).

Storage decides what happens and names the few messages it sends itself (a day called off, a
reminder); their words are the catalogue's (core.words), in each citizen's language.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.words import notice
from storage.deadlines import WorkingCalendar, load_calendar
from storage.errors import InvalidTransition, InvalidValue, NotAllowed, NotFound
from storage.models import (
    Citizen,
    Department,
    PetitionKind,
    ReceptionBooking,
    ReceptionClosure,
    ReceptionSchedule,
    utcnow,
)
from storage.services.messaging import enqueue_notice
from storage.services.petitions import submit_petition

logger = logging.getLogger(__name__)

BOOKED = "booked"
CANCELLED = "cancelled"
# a booking code: "TD-" and six letters and digits that cannot be misread
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
DAYS_AHEAD = 100
PROVINCE_UNIT = "tiep_cong_dan"
MAX_TOPIC = 500


class SlotFull(InvalidTransition):
    """Every seat of the slot is taken."""


@dataclass(frozen=True)
class SlotState:
    slot: str
    free: int


def new_code() -> str:
    return "TD-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def slots_of(schedule: ReceptionSchedule) -> list[str]:
    start, end = _minutes(schedule.start), _minutes(schedule.end)
    step = max(schedule.slot_minutes, 5)
    return [f"{m // 60:02d}:{m % 60:02d}" for m in range(start, end - step + 1, step)]


def _scheduled_days(
    schedule: ReceptionSchedule, calendar: WorkingCalendar, start: dt.date, until: dt.date
) -> list[dt.date]:
    """The reception days from `start` to `until`, each moved to the next working day when it
    falls on a day off (a holiday moves the week's or the month's day; it is not lost)."""
    found: list[dt.date] = []
    day = start - dt.timedelta(days=7)  # a day rolled forward may land after `start`
    while day <= until:
        is_reception = (schedule.weekday is not None and day.isoweekday() == schedule.weekday) or (
            schedule.month_day is not None and day.day == schedule.month_day
        )
        if is_reception:
            moved = calendar.roll_forward(day)
            if start <= moved <= until and moved not in found:
                found.append(moved)
        day += dt.timedelta(days=1)
    return found


async def schedule_of(session: AsyncSession, schedule_id: int) -> ReceptionSchedule:
    schedule = await session.scalar(
        select(ReceptionSchedule)
        .options(selectinload(ReceptionSchedule.department))
        .where(ReceptionSchedule.id == schedule_id)
    )
    if schedule is None:
        raise NotFound(f"reception schedule {schedule_id}")
    return schedule


async def schedule_for(session: AsyncSession, commune_code: str | None) -> ReceptionSchedule:
    """The commune's own unit's reception, or the province's when the commune has no unit of its
    own here (or none was named)."""
    codes = [f"ubnd_{commune_code}"] if commune_code else []
    codes.append(PROVINCE_UNIT)
    for code in codes:
        schedule = await session.scalar(
            select(ReceptionSchedule)
            .join(Department)
            .options(selectinload(ReceptionSchedule.department))
            .where(Department.code == code)
        )
        if schedule is not None:
            return schedule
    raise NotFound("no reception schedule for the province")


async def upcoming_days(
    session: AsyncSession, schedule: ReceptionSchedule, today: dt.date, count: int = 3
) -> list[dt.date]:
    """The next reception days after today, without the ones the unit called off."""
    calendar = await load_calendar(session)
    closed = set(
        await session.scalars(
            select(ReceptionClosure.day).where(
                ReceptionClosure.schedule_id == schedule.id, ReceptionClosure.day > today
            )
        )
    )
    days = _scheduled_days(
        schedule, calendar, today + dt.timedelta(days=1), today + dt.timedelta(days=DAYS_AHEAD)
    )
    return [d for d in days if d not in closed][:count]


async def days_held(
    session: AsyncSession, since: dt.date, until: dt.date
) -> dict[tuple[str, str], int]:
    """Per unit (its code) and month ("YYYY-MM"): the reception days from `since` to `until`
    (both included) that its schedule held, the ones it called off left out."""
    calendar = await load_calendar(session)
    schedules = await session.scalars(
        select(ReceptionSchedule).options(selectinload(ReceptionSchedule.department))
    )
    held: dict[tuple[str, str], int] = {}
    for schedule in schedules.all():
        closed = set(
            await session.scalars(
                select(ReceptionClosure.day).where(ReceptionClosure.schedule_id == schedule.id)
            )
        )
        for day in _scheduled_days(schedule, calendar, since, until):
            if day not in closed:
                key = (schedule.department.code, day.strftime("%Y-%m"))
                held[key] = held.get(key, 0) + 1
    return held


async def slot_states(
    session: AsyncSession, schedule: ReceptionSchedule, day: dt.date
) -> list[SlotState]:
    taken: dict[str, int] = {
        slot: int(count)
        for slot, count in await session.execute(
            select(ReceptionBooking.slot, func.count())
            .where(
                ReceptionBooking.schedule_id == schedule.id,
                ReceptionBooking.day == day,
                ReceptionBooking.status == BOOKED,
            )
            .group_by(ReceptionBooking.slot)
        )
    }
    return [SlotState(s, max(schedule.seats - int(taken.get(s, 0)), 0)) for s in slots_of(schedule)]


async def _is_reception_day(
    session: AsyncSession, schedule: ReceptionSchedule, day: dt.date, today: dt.date
) -> bool:
    return day in await upcoming_days(session, schedule, today, count=DAYS_AHEAD)


async def book(
    session: AsyncSession,
    *,
    schedule_id: int,
    day: dt.date,
    slot: str,
    citizen_id: int,
    topic: str,
    today: dt.date,
) -> ReceptionBooking:
    """Takes the first free seat of the slot (flushed; the caller commits); SlotFull when none
    is left. Two
    citizens racing for the last seat both try it: the unique index lets one in, and the other
    tries the next seat, then gives up."""
    cleaned = " ".join(topic.split())[:MAX_TOPIC]
    if not cleaned:
        raise InvalidValue("a booking needs a short topic")
    schedule = await schedule_of(session, schedule_id)
    if slot not in slots_of(schedule):
        raise InvalidValue(f"{slot} is not a slot of this reception")
    if not await _is_reception_day(session, schedule, day, today):
        raise InvalidValue(f"{day.isoformat()} is not a reception day of this unit")
    taken = set(
        await session.scalars(
            select(ReceptionBooking.seat).where(
                ReceptionBooking.schedule_id == schedule.id,
                ReceptionBooking.day == day,
                ReceptionBooking.slot == slot,
                ReceptionBooking.status == BOOKED,
            )
        )
    )
    for seat in range(1, schedule.seats + 1):
        if seat in taken:
            continue
        booking = ReceptionBooking(
            code=new_code(),
            schedule_id=schedule.id,
            day=day,
            slot=slot,
            seat=seat,
            citizen_id=citizen_id,
            topic=cleaned,
            status=BOOKED,
        )
        try:
            async with session.begin_nested():
                session.add(booking)
        except IntegrityError:
            continue  # taken a moment ago by someone else: the next seat
        logger.info("reception %s %s %s: seat %d booked", schedule.id, day, slot, seat)
        return booking
    raise SlotFull(f"every seat of {day.isoformat()} {slot} is taken")


async def booking_by_code(session: AsyncSession, code: str) -> ReceptionBooking | None:
    found: ReceptionBooking | None = await session.scalar(
        select(ReceptionBooking)
        .options(selectinload(ReceptionBooking.schedule).selectinload(ReceptionSchedule.department))
        .where(ReceptionBooking.code == code.strip().upper())
    )
    return found


async def _own_live(session: AsyncSession, code: str, citizen_id: int) -> ReceptionBooking:
    booking = await booking_by_code(session, code)
    # the same answer for another citizen's code and an unknown one: codes cannot be probed
    if booking is None or booking.citizen_id != citizen_id:
        raise NotFound(f"booking {code!r}")
    if booking.status != BOOKED:
        raise InvalidTransition(f"booking {booking.code} is {booking.status}")
    return booking


async def cancel(session: AsyncSession, code: str, citizen_id: int) -> ReceptionBooking:
    """Cancels the citizen's own live booking. Flushes; the caller commits."""
    booking = await _own_live(session, code, citizen_id)
    booking.status = CANCELLED
    await session.flush()
    return booking


async def move(
    session: AsyncSession,
    code: str,
    citizen_id: int,
    *,
    day: dt.date,
    slot: str,
    today: dt.date,
) -> ReceptionBooking:
    """A new seat first, then the old one is given up: a citizen is never left with neither.
    Flushes; the caller commits both together."""
    old = await _own_live(session, code, citizen_id)
    new = await book(
        session,
        schedule_id=old.schedule_id,
        day=day,
        slot=slot,
        citizen_id=citizen_id,
        topic=old.topic,
        today=today,
    )
    old = await _own_live(session, code, citizen_id)
    old.status = CANCELLED
    await session.flush()
    return new


async def latest_of(
    session: AsyncSession, citizen_id: int, today: dt.date
) -> ReceptionBooking | None:
    """The citizen's next live booking, if any (what "hủy lịch" with no code is about)."""
    found: ReceptionBooking | None = await session.scalar(
        select(ReceptionBooking)
        .options(selectinload(ReceptionBooking.schedule).selectinload(ReceptionSchedule.department))
        .where(
            ReceptionBooking.citizen_id == citizen_id,
            ReceptionBooking.status == BOOKED,
            ReceptionBooking.day >= today,
        )
        .order_by(ReceptionBooking.day, ReceptionBooking.slot)
        .limit(1)
    )
    return found


async def close_day(
    session: AsyncSession, schedule_id: int, day: dt.date, reason: str
) -> list[ReceptionBooking]:
    """The unit calls a reception day off: every booking on it is cancelled and its citizen
    told, once, on their channel. Flushes; the caller commits."""
    why = " ".join(reason.split())
    if not why:
        raise InvalidValue("say why the reception is called off")
    schedule = await schedule_of(session, schedule_id)
    if await session.scalar(
        select(ReceptionClosure.id).where(
            ReceptionClosure.schedule_id == schedule_id, ReceptionClosure.day == day
        )
    ):
        raise InvalidTransition(f"{day.isoformat()} is already called off")
    session.add(ReceptionClosure(schedule_id=schedule_id, day=day, reason=why))
    bookings = list(
        await session.scalars(
            select(ReceptionBooking)
            .options(selectinload(ReceptionBooking.citizen))
            .where(
                ReceptionBooking.schedule_id == schedule_id,
                ReceptionBooking.day == day,
                ReceptionBooking.status == BOOKED,
            )
        )
    )
    for booking in bookings:
        booking.status = CANCELLED
        await enqueue_notice(
            session,
            citizen=booking.citizen,
            channel=booking.citizen.channel,
            notice=notice(
                "citizen_reception_called_off",
                day=day,
                receiver=schedule.receiver,
                reason=why,
                code=booking.code,
            ),
            dedupe_key=f"reception-closed:{booking.id}",
        )
    await session.flush()
    return bookings


async def send_reminders(session: AsyncSession, today: dt.date) -> int:
    """Reminds everyone booked on the next working day, once; returns how many. Flushes; the
    caller commits."""
    calendar = await load_calendar(session)
    tomorrow = calendar.next_working_day(today)
    bookings = list(
        await session.scalars(
            select(ReceptionBooking)
            .options(
                selectinload(ReceptionBooking.citizen),
                selectinload(ReceptionBooking.schedule),
            )
            .where(
                ReceptionBooking.day == tomorrow,
                ReceptionBooking.status == BOOKED,
                ReceptionBooking.reminded_at.is_(None),
            )
        )
    )
    for booking in bookings:
        schedule = booking.schedule
        await enqueue_notice(
            session,
            citizen=booking.citizen,
            channel=booking.citizen.channel,
            notice=notice(
                "citizen_reception_reminder",
                day=booking.day,
                slot=booking.slot,
                receiver=schedule.receiver,
                place=schedule.place,
                code=booking.code,
            ),
            dedupe_key=f"reception-reminder:{booking.id}",
        )
        booking.reminded_at = utcnow()
    await session.flush()
    return len(bookings)


async def day_list(
    session: AsyncSession, department_id: int, day: dt.date
) -> tuple[ReceptionSchedule | None, list[ReceptionBooking]]:
    """The receiving office's list of one day, by slot."""
    schedule = await session.scalar(
        select(ReceptionSchedule).where(ReceptionSchedule.department_id == department_id)
    )
    if schedule is None:
        return None, []
    bookings = list(
        await session.scalars(
            select(ReceptionBooking)
            .options(selectinload(ReceptionBooking.citizen))
            .where(
                ReceptionBooking.schedule_id == schedule.id,
                ReceptionBooking.day == day,
                ReceptionBooking.status == BOOKED,
            )
            .order_by(ReceptionBooking.slot, ReceptionBooking.seat)
        )
    )
    return schedule, bookings


async def record_outcome(
    session: AsyncSession,
    booking_id: int,
    department_id: int,
    outcome: str,
    follow_up: str | None,
) -> ReceptionBooking:
    """What was said at the meeting; a matter to follow up becomes a petition of the unit,
    with its clock, linked to the visit. Flushes; the caller commits."""
    booking = await session.scalar(
        select(ReceptionBooking)
        .options(selectinload(ReceptionBooking.schedule))
        .where(ReceptionBooking.id == booking_id)
        .execution_options(populate_existing=True)
    )
    if booking is None or booking.schedule.department_id != department_id:
        raise NotFound(f"booking {booking_id}")
    said = " ".join(outcome.split())
    if not said:
        raise InvalidValue("record what was said")
    if booking.outcome is not None:
        raise NotAllowed("the outcome of this meeting is already recorded")
    booking.outcome = said
    if follow_up and follow_up.strip():
        citizen = await session.get(Citizen, booking.citizen_id)
        assert citizen is not None
        petition, _ = await submit_petition(
            session,
            idempotency_key=f"reception:{booking.id}",
            citizen_id=booking.citizen_id,
            channel=citizen.channel,
            kind=PetitionKind.PROPOSAL,
            category="khac",
            description=f"{booking.topic}. {follow_up.strip()}",
            commune_code=None,
            address=None,
            latitude=None,
            longitude=None,
            contact_phone=citizen.phone,
            anonymous=False,
            attachment_ids=None,
            reporter_name=citizen.display_name,
        )
        # the receiving unit follows up what its head heard
        petition.department_id = department_id
        booking = await session.get(ReceptionBooking, booking_id)
        assert booking is not None
        booking.petition_id = petition.id
    await session.flush()
    return booking


@dataclass(frozen=True)
class ScheduleFields:
    receiver: str
    place: str
    weekday: int | None
    month_day: int | None
    start: str
    end: str
    slot_minutes: int
    seats: int


_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _checked(fields: ScheduleFields) -> ScheduleFields:
    if not fields.receiver.strip() or not fields.place.strip():
        raise InvalidValue("say who receives citizens and where")
    if (fields.weekday is None) == (fields.month_day is None):
        raise InvalidValue("give a day of the week or a day of the month, not both")
    if fields.weekday is not None and not 1 <= fields.weekday <= 7:
        raise InvalidValue("a day of the week is 1 (Monday) to 7 (Sunday)")
    if fields.month_day is not None and not 1 <= fields.month_day <= 28:
        raise InvalidValue("a day of the month is 1 to 28 (every month has it)")
    if not (_CLOCK.match(fields.start) and _CLOCK.match(fields.end)):
        raise InvalidValue("hours are HH:MM")
    if _minutes(fields.end) - _minutes(fields.start) < fields.slot_minutes:
        raise InvalidValue("the hours must hold at least one slot")
    if not 5 <= fields.slot_minutes <= 240 or not 1 <= fields.seats <= 100:
        raise InvalidValue("slots are 5 to 240 minutes, with 1 to 100 seats")
    return fields


async def all_schedules(session: AsyncSession) -> list[ReceptionSchedule]:
    return list(
        await session.scalars(
            select(ReceptionSchedule)
            .options(selectinload(ReceptionSchedule.department))
            .order_by(ReceptionSchedule.id)
        )
    )


async def save_schedule(
    session: AsyncSession, department_id: int, fields: ScheduleFields
) -> ReceptionSchedule:
    """Creates or changes a unit's schedule (flushed, not committed). Bookings already made
    keep their day and slot."""
    checked = _checked(fields)
    if await session.get(Department, department_id) is None:
        raise NotFound(f"department {department_id}")
    schedule = await session.scalar(
        select(ReceptionSchedule).where(ReceptionSchedule.department_id == department_id)
    )
    values = {
        "receiver": checked.receiver.strip(),
        "place": checked.place.strip(),
        "weekday": checked.weekday,
        "month_day": checked.month_day,
        "start": checked.start,
        "end": checked.end,
        "slot_minutes": checked.slot_minutes,
        "seats": checked.seats,
    }
    if schedule is None:
        schedule = ReceptionSchedule(department_id=department_id, **values)
        session.add(schedule)
    else:
        for name, value in values.items():
            setattr(schedule, name, value)
    await session.flush()
    return schedule
