"""Administration of the procedure catalogue's changing texts (fee, time, where) and the date
they were last checked against the national portal."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import views
from desk.keys import OFFICIAL, SETTINGS
from desk.pages.admin import date_param, saved
from desk.render import render
from storage.errors import NotFound
from storage.services import desk_accounts, desk_admin


async def procedures_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    rows = await desk_admin.procedures(session)
    settings = request.app[SETTINGS]
    return render(
        request,
        "admin/procedures.html",
        {
            "procedures": rows,
            "review": {
                row.code
                for row in rows
                if desk_admin.needs_review(row, views.today(), settings.catalogue_review_days)
            },
            "review_days": settings.catalogue_review_days,
            "saved": "saved" in request.query,
        },
    )


async def procedure_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    row = await desk_admin.procedure(session, request.match_info["code"])
    if row is None:
        raise NotFound("procedure")
    return render(
        request,
        "admin/procedure.html",
        {"p": row, "fields": desk_admin.EDITABLE_PROCEDURE_FIELDS},
    )


async def update_procedure(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    code = request.match_info["code"]
    form = await request.post()
    texts = {
        field: str(form.get(field, ""))
        for field in desk_admin.EDITABLE_PROCEDURE_FIELDS
        if field in form
    }
    checked_on = date_param(form.get("checked_on"))
    desk_accounts.add_audit(
        session,
        request[OFFICIAL].id,
        "procedure_updated",
        f"procedure:{code[:64]}",
        {"fields": sorted(texts), "checked_on": checked_on.isoformat()},
    )
    await desk_admin.update_procedure_texts(
        session, code, texts, checked_on, verified_by=request[OFFICIAL].username
    )
    await session.commit()
    raise saved("/desk/admin/procedures")
