"""Administration: the index, units, routing rules and holiday adjustments.

Every change is audited; forms post back and redirect here (post, redirect, get).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk.keys import OFFICIAL
from desk.render import render
from storage.errors import InvalidValue, NotFound
from storage.models import PetitionKind
from storage.services import desk_accounts, desk_admin, desk_queries


def int_param(raw: str, what: str) -> int:
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound(what)
    return int(raw)


def _optional(value: object) -> str | None:
    text = str(value or "").strip()
    return text or None


def saved(path: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"{path}?saved=1")


async def admin_index(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return render(request, "admin/index.html", {})


# --- departments ------------------------------------------------------------------------------


async def departments_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    rows = await desk_queries.departments(session)
    return render(
        request, "admin/departments.html", {"departments": rows, "saved": "saved" in request.query}
    )


def _department_fields(form: Mapping[str, object]) -> desk_admin.DepartmentFields:
    return desk_admin.DepartmentFields(
        name_vi=str(form.get("name_vi", "")),
        name_en=str(form.get("name_en", "")),
        telegram_chat_id=_optional(form.get("telegram_chat_id")),
        is_inspection=form.get("is_inspection") == "1",
    )


async def create_department(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    form = await request.post()
    code = str(form.get("code", ""))
    desk_accounts.add_audit(
        session, request[OFFICIAL].id, "department_created", f"department:{code}"
    )
    await desk_admin.create_department(session, code, _department_fields(form))
    await session.commit()
    raise saved("/desk/admin/departments")


async def update_department(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    department_id = int_param(request.match_info["department_id"], "department")
    form = await request.post()
    desk_accounts.add_audit(
        session, request[OFFICIAL].id, "department_updated", f"department:{department_id}"
    )
    await desk_admin.update_department(session, department_id, _department_fields(form))
    await session.commit()
    raise saved("/desk/admin/departments")


# --- routing rules ----------------------------------------------------------------------------


async def routing_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return render(
        request,
        "admin/routing.html",
        {
            "rules": await desk_admin.routing_rules(session),
            "departments": await desk_queries.departments(session),
            "communes": await desk_queries.communes(session),
            "kinds": [k.value for k in PetitionKind],
            "saved": "saved" in request.query,
        },
    )


async def add_rule(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    form = await request.post()
    kind = _optional(form.get("kind"))
    try:
        petition_kind = PetitionKind(kind) if kind else None
    except ValueError:
        raise InvalidValue("unknown kind") from None
    category = _optional(form.get("category"))
    department_id = int_param(str(form.get("department_id", "")), "department")
    commune_code = _optional(form.get("commune_code"))
    desk_accounts.add_audit(
        session,
        request[OFFICIAL].id,
        "routing_rule_added",
        None,
        {
            "department_id": department_id,
            "category": category,
            "commune": commune_code,
            "kind": kind,
        },
    )
    await desk_admin.add_routing_rule(
        session,
        department_id=department_id,
        category=category[:32] if category else None,
        commune_code=commune_code,
        petition_kind=petition_kind,
    )
    await session.commit()
    raise saved("/desk/admin/routing")


async def delete_rule(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    rule_id = int_param(request.match_info["rule_id"], "rule")
    desk_accounts.add_audit(
        session, request[OFFICIAL].id, "routing_rule_deleted", f"rule:{rule_id}"
    )
    await desk_admin.delete_routing_rule(session, rule_id)
    await session.commit()
    raise saved("/desk/admin/routing")


# --- holiday adjustments ----------------------------------------------------------------------


def date_param(value: object) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value or ""))
    except ValueError:
        raise InvalidValue("a date (YYYY-MM-DD) is needed") from None


async def holidays_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return render(
        request,
        "admin/holidays.html",
        {"holidays": await desk_admin.holidays(session), "saved": "saved" in request.query},
    )


async def set_holiday(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    form = await request.post()
    day = date_param(form.get("day"))
    desk_accounts.add_audit(session, request[OFFICIAL].id, "holiday_set", f"holiday:{day}")
    await desk_admin.set_holiday(
        session, day, str(form.get("name", "")), form.get("is_day_off") == "1"
    )
    await session.commit()
    raise saved("/desk/admin/holidays")


async def delete_holiday(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    day = date_param(request.match_info["day"])
    desk_accounts.add_audit(session, request[OFFICIAL].id, "holiday_deleted", f"holiday:{day}")
    await desk_admin.delete_holiday(session, day)
    await session.commit()
    raise saved("/desk/admin/holidays")
