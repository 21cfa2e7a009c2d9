"""Administration of each unit's reception schedule (who receives citizens, where, which day,
hours, slot length, seats). Every change is audited."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk.keys import OFFICIAL
from desk.pages.admin import int_param, saved
from desk.render import render
from storage.errors import InvalidValue
from storage.services import desk_accounts, desk_queries, reception


def _number(value: object, what: str) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidValue(f"{what} must be a whole number")
    return int(text)


def _fields(form: Mapping[str, object]) -> reception.ScheduleFields:
    return reception.ScheduleFields(
        receiver=str(form.get("receiver", "")),
        place=str(form.get("place", "")),
        weekday=_number(form.get("weekday"), "weekday"),
        month_day=_number(form.get("month_day"), "month_day"),
        start=str(form.get("start", "")).strip(),
        end=str(form.get("end", "")).strip(),
        slot_minutes=_number(form.get("slot_minutes"), "slot_minutes") or 30,
        seats=_number(form.get("seats"), "seats") or 1,
    )


async def schedules_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return render(
        request,
        "admin/reception.html",
        {
            "schedules": await reception.all_schedules(session),
            "departments": await desk_queries.departments(session),
            "saved": "saved" in request.query,
        },
    )


async def save_schedule(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    department_id = int_param(request.match_info["department_id"], "department")
    form = await request.post()
    desk_accounts.add_audit(
        session, request[OFFICIAL].id, "reception_schedule_saved", f"department:{department_id}"
    )
    await reception.save_schedule(session, department_id, _fields(form))
    await session.commit()
    raise saved("/desk/admin/reception")
