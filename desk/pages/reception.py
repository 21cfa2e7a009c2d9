"""The receiving office's reception days: the unit's next days, one day's list by slot (who, on
what), calling a day off (everyone booked is told), and recording a meeting's outcome (a matter
to follow up becomes a petition of the unit, with its clock)."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import access, views
from desk.keys import OFFICIAL
from desk.render import render
from storage.errors import InvalidValue, NotFound
from storage.services import desk_accounts, reception


def _day(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidValue("day must be YYYY-MM-DD") from None


async def reception_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    schedule, _ = await reception.day_list(session, official.department_id, views.today())
    if schedule is None:
        return render(request, "reception.html", {"schedule": None})
    days = await reception.upcoming_days(session, schedule, views.today() - dt.timedelta(days=1))
    day = _day(request.query.get("day")) or (days[0] if days else views.today())
    _, bookings = await reception.day_list(session, official.department_id, day)
    done = request.query.get("done", "")
    return render(
        request,
        "reception.html",
        {
            "schedule": schedule,
            "days": days,
            "day": day,
            "bookings": bookings,
            "can_close": access.can_decide(official),
            "done": done if done in ("closed", "outcome") else "",
        },
    )


async def close_day(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    if not access.can_decide(official):
        raise web.HTTPForbidden()
    form = await request.post()
    day = _day(str(form.get("day") or ""))
    if day is None:
        raise InvalidValue("which day?")
    schedule, _ = await reception.day_list(session, official.department_id, day)
    if schedule is None:
        raise NotFound("reception schedule")
    desk_accounts.add_audit(
        session, official.id, "reception_closed", f"reception:{schedule.id}:{day.isoformat()}"
    )
    await reception.close_day(session, schedule.id, day, str(form.get("reason") or ""))
    await session.commit()
    raise web.HTTPSeeOther(f"/desk/reception?day={day.isoformat()}&done=closed")


async def record_outcome(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    raw = request.match_info["booking_id"]
    if not raw.isdigit():
        raise NotFound("booking")
    form = await request.post()
    desk_accounts.add_audit(session, official.id, "reception_outcome", f"reception_booking:{raw}")
    booking = await reception.record_outcome(
        session,
        int(raw),
        official.department_id,
        str(form.get("outcome") or ""),
        str(form.get("follow_up") or "") or None,
    )
    await session.commit()
    raise web.HTTPSeeOther(f"/desk/reception?day={booking.day.isoformat()}&done=outcome")
