"""Administration of officials' accounts: list, create (argon2 hash), edit, unlock, reset."""

from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk.keys import OFFICIAL
from desk.pages.admin import int_param, saved
from desk.pages.login import MIN_PASSWORD
from desk.render import render
from storage.errors import InvalidValue, NotFound
from storage.models import Role, utcnow
from storage.passwords import hash_password
from storage.services import desk_accounts, desk_admin, desk_queries


def _role(value: object) -> Role:
    try:
        return Role(str(value or ""))
    except ValueError:
        raise InvalidValue("unknown role") from None


async def _password_hash(value: object, required: bool) -> str | None:
    password = str(value or "")
    if not password and not required:
        return None
    if len(password) < MIN_PASSWORD:
        raise InvalidValue(f"passwords need {MIN_PASSWORD} characters or more")
    return await asyncio.to_thread(hash_password, password)


async def officials_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return render(
        request,
        "admin/officials.html",
        {
            "officials": await desk_admin.all_officials(session),
            "departments": await desk_queries.departments(session),
            "roles": [r.value for r in Role],
            "now": utcnow(),
            "saved": "saved" in request.query,
        },
    )


async def create_official(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    form = await request.post()
    username = str(form.get("username", ""))
    password_hash = await _password_hash(form.get("password"), required=True)
    assert password_hash is not None
    desk_accounts.add_audit(
        session, request[OFFICIAL].id, "official_created", f"username:{username[:64]}"
    )
    await desk_admin.create_official(
        session,
        username=username,
        full_name=str(form.get("full_name", "")),
        role=_role(form.get("role")),
        department_id=int_param(str(form.get("department_id", "")), "department"),
        password_hash=password_hash,
    )
    await session.commit()
    raise saved("/desk/admin/officials")


async def official_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official_id = int_param(request.match_info["official_id"], "official")
    row = await desk_admin.official(session, official_id)
    if row is None:
        raise NotFound("official")
    return render(
        request,
        "admin/official.html",
        {
            "o": row,
            "departments": await desk_queries.departments(session),
            "roles": [r.value for r in Role],
            "locked": row.locked_until is not None and row.locked_until > utcnow(),
        },
    )


async def update_official(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official_id = int_param(request.match_info["official_id"], "official")
    form = await request.post()
    password_hash = await _password_hash(form.get("password"), required=False)
    role = _role(form.get("role"))
    active = form.get("active") == "1"
    chat = form.get("telegram_chat_id")
    desk_accounts.add_audit(
        session,
        request[OFFICIAL].id,
        "official_updated",
        f"official:{official_id}",
        {"role": role.value, "active": active, "password_reset": password_hash is not None},
    )
    await desk_admin.update_official(
        session,
        official_id,
        full_name=str(form.get("full_name", "")),
        role=role,
        department_id=int_param(str(form.get("department_id", "")), "department"),
        active=active,
        password_hash=password_hash,
        unlock=form.get("unlock") == "1",
        telegram_chat_id=chat if isinstance(chat, str) else None,
    )
    await session.commit()
    raise saved("/desk/admin/officials")
