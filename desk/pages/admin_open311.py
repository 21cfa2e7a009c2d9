"""Administration of the keys other systems file Open311 requests with: issue (shown once),
list with their last use, revoke. Every change is in the audit log."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk.keys import OFFICIAL
from desk.pages.admin import int_param
from desk.render import render
from storage.services import desk_accounts, open311


async def _page(
    request: web.Request, session: AsyncSession, new_key: str | None, status: int = 200
) -> web.Response:
    response = render(
        request,
        "admin/open311.html",
        {"keys": await open311.keys(session), "new_key": new_key},
        status=status,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


async def keys_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return await _page(request, session, None)


async def issue_key(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    form = await request.post()
    key, secret = await open311.issue_key(session, official.id, str(form.get("name", "")))
    desk_accounts.add_audit(
        session, official.id, "open311_key_issued", f"open311_key:{key.id}", {"name": key.name}
    )
    await session.commit()
    # the key is in this one response and nowhere else
    return await _page(request, session, secret, status=201)


async def revoke_key(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    key_id = int_param(request.match_info["key_id"], "open311 key")
    key = await open311.revoke_key(session, key_id)
    desk_accounts.add_audit(
        session, request[OFFICIAL].id, "open311_key_revoked", f"open311_key:{key.id}"
    )
    await session.commit()
    raise web.HTTPSeeOther("/desk/admin/open311")
