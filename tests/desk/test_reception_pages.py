"""The receiving office's page: the day's list by slot, recording an outcome that becomes a
petition of the unit, and calling a day off, which tells everyone booked."""

from __future__ import annotations

from sqlalchemy import select

from storage.deadlines import vietnam_today
from storage.models import Channel, OutboxMessage, Petition
from storage.services import reception
from storage.services.messaging import get_or_create_citizen
from tests.desk.conftest import Desk


async def booked(
    desk: Desk, user: str, topic: str, commune: str | None = "cao_phong"
) -> reception.ReceptionBooking:
    async with desk.database.session() as session:
        citizen = await get_or_create_citizen(session, Channel.ZALO, user, "Lò Văn Páo")
        await session.commit()
        schedule = await reception.schedule_for(session, commune)
        today = vietnam_today()
        [day, *_] = await reception.upcoming_days(session, schedule, today)
        booking = await reception.book(
            session,
            schedule_id=schedule.id,
            day=day,
            slot="08:00",
            citizen_id=citizen.id,
            topic=topic,
            today=today,
        )
        await session.commit()
        return booking


async def test_the_office_sees_the_day_records_an_outcome_and_calls_a_day_off(desk: Desk) -> None:
    first = await booked(desk, "rec-1", "Xin cấp lại sổ đỏ bị cháy")
    second = await booked(desk, "rec-2", "Đường nội đồng bị lấn")
    office = await desk.signed_in("caophong")
    page = await office.text(f"/desk/reception?day={first.day.isoformat()}")
    assert page.count('<tr class="reception-booking">') == 2
    assert "Xin cấp lại sổ đỏ bị cháy" in page and "Lò Văn Páo" in page
    response = await office.post(
        f"/desk/reception/bookings/{first.id}/outcome",
        {"outcome": "Đã nghe trình bày", "follow_up": "Địa chính xã kiểm tra hồ sơ gốc"},
    )
    assert response.status == 303
    async with desk.database.session() as session:
        petition = await session.scalar(select(Petition).order_by(Petition.id.desc()))
    assert petition is not None and "sổ đỏ bị cháy" in petition.description
    shown = await office.text(f"/desk/reception?day={first.day.isoformat()}&done=outcome")
    assert f'href="/desk/petitions/{petition.id}"' in shown
    # an officer cannot call the day off; the unit's head (a supervisor) could
    refused = await office.post(
        "/desk/reception/close", {"day": first.day.isoformat(), "reason": "x"}
    )
    assert refused.status == 403
    other_unit = await desk.signed_in("xaydung")
    assert 'id="no-reception"' in await other_unit.text("/desk/reception")
    assert second.status == "booked"


async def test_a_supervisor_calls_a_day_off_and_everyone_booked_is_told(desk: Desk) -> None:
    # the province chairman's day, held by the reception board, whose supervisor is tiepdan
    first = await booked(desk, "rec-3", "Hỗ trợ hộ cận nghèo", commune=None)
    head = await desk.signed_in("tiepdan")
    response = await head.post(
        "/desk/reception/close", {"day": first.day.isoformat(), "reason": "Chủ tịch đi công tác"}
    )
    assert response.status == 303
    async with desk.database.session() as session:
        [told] = (await session.scalars(select(OutboxMessage))).all()
        again = await reception.booking_by_code(session, first.code)
    assert again is not None and again.status == "cancelled"
    assert told.citizen_id == first.citizen_id and "Chủ tịch đi công tác" in told.body["text"]
    page = await head.text(f"/desk/reception?day={first.day.isoformat()}&done=closed")
    assert (
        'id="done"' in page
        and first.day.strftime("%d/%m/%Y")
        not in page.split('id="reception-days"')[1].split("</p>")[0]
    )


async def test_the_administrator_edits_a_units_reception_schedule(desk: Desk) -> None:
    admin = await desk.signed_in("admin")
    page = await admin.text("/desk/admin/reception")
    assert page.count('class="card row reception-schedule"') >= 3
    unit = await desk.department_id("ubnd_cao_phong")
    wrong = await admin.post(
        f"/desk/admin/reception/{unit}",
        {
            "receiver": "x",
            "place": "y",
            "weekday": "4",
            "month_day": "15",
            "start": "08:00",
            "end": "11:00",
            "slot_minutes": "30",
            "seats": "3",
        },
    )
    assert wrong.status == 400  # a weekday and a day of the month at once
    response = await admin.post(
        f"/desk/admin/reception/{unit}",
        {
            "receiver": "Phó Chủ tịch UBND xã Cao Phong",
            "place": "Hội trường xã",
            "weekday": "2",
            "month_day": "",
            "start": "13:30",
            "end": "16:30",
            "slot_minutes": "45",
            "seats": "4",
        },
    )
    assert response.status == 303
    async with desk.database.session() as session:
        schedule = await reception.schedule_for(session, "cao_phong")
    assert (schedule.receiver, schedule.weekday, schedule.seats) == (
        "Phó Chủ tịch UBND xã Cao Phong",
        2,
        4,
    )
    assert reception.slots_of(schedule) == ["13:30", "14:15", "15:00", "15:45"]
    assert "reception_schedule_saved" in await desk.audit_actions()
    officer = await desk.signed_in("caophong")
    assert (await officer.get("/desk/admin/reception")).status == 403
