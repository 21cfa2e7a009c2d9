"""Consultations on the desk: the list, a new one (the unit's head or the administrator), and
each one's results as they come: counts and a chart per choice, per commune, free answers
grouped, and the answers as CSV (what was answered and where, never by whom)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import access, charts, views
from desk.keys import OFFICIAL
from desk.render import render
from storage.errors import InvalidValue, NotFound
from storage.services import consultations, desk_accounts, desk_queries

CSV_COLUMNS = ("choice", "text", "commune_code", "answered_at")


def _day(raw: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidValue(f"{name} must be YYYY-MM-DD") from None


def _id(request: web.Request) -> int:
    raw = request.match_info["consultation_id"]
    if not raw.isdigit():
        raise NotFound("consultation")
    return int(raw)


async def consultations_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    today = views.today()
    return render(
        request,
        "consultations.html",
        {
            "consultations": await consultations.every(session),
            "today": today,
            "can_create": access.can_decide(official),
            "communes": await desk_queries.communes(session),
            "default_closes": today + dt.timedelta(days=14),
        },
    )


async def create_consultation(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    if not access.can_decide(official):
        raise web.HTTPForbidden()
    form = await request.post()
    choices = str(form.get("choices") or "").splitlines()
    commune = str(form.get("commune") or "") or None
    created = await consultations.create(
        session,
        official.id,
        official.department_id,
        consultations.NewConsultation(
            question=str(form.get("question") or ""),
            choices=choices,
            free_text=form.get("free_text") == "1",
            opens_on=_day(str(form.get("opens_on") or ""), "opens_on"),
            closes_on=_day(str(form.get("closes_on") or ""), "closes_on"),
            commune_code=commune,
        ),
    )
    await session.commit()
    raise web.HTTPSeeOther(f"/desk/consultations/{created.id}")


async def results_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    found = await consultations.results(session, _id(request))
    communes = {c.code: c.name for c in await desk_queries.communes(session)}
    return render(
        request,
        "consultation.html",
        {
            "r": found,
            "c": found.consultation,
            "open": consultations.is_open(found.consultation, views.today()),
            "chart": charts.bar_chart(
                [(f"{n}. {choice}", count) for n, (choice, count) in enumerate(found.by_choice, 1)]
            ),
            "commune_names": communes,
        },
    )


def _cell(value: object) -> str:
    text = value.isoformat() if isinstance(value, dt.datetime) else str(value)
    # a cell starting with = + - @ is a formula to a spreadsheet: keep it text
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


async def results_csv(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    consultation_id = _id(request)
    rows = await consultations.export(session, consultation_id)
    desk_accounts.add_audit(
        session, request[OFFICIAL].id, "consultation_csv", f"consultation:{consultation_id}"
    )
    await session.commit()
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs read Vietnamese letters as UTF-8 with it
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(getattr(row, column)) for column in CSV_COLUMNS])
    return web.Response(
        body=buffer.getvalue().encode(),
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="consultation-{consultation_id}.csv"',
        },
    )
