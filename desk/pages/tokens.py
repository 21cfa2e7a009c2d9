"""The official's own API tokens: create (shown once), list, revoke."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk.keys import OFFICIAL
from desk.render import render
from desk.security import API_TOKEN_PREFIX, new_secret, sha256_hex
from storage.errors import InvalidValue, NotFound
from storage.models import utcnow
from storage.services import desk_accounts

MAX_DAYS = 365
DEFAULT_DAYS = 90


async def _page(
    request: web.Request, session: AsyncSession, new_token: str | None, status: int = 200
) -> web.Response:
    tokens = await desk_accounts.tokens_of(session, request[OFFICIAL].id)
    response = render(
        request, "tokens.html", {"tokens": tokens, "new_token": new_token}, status=status
    )
    response.headers["Cache-Control"] = "no-store"
    return response


async def tokens_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return await _page(request, session, None)


async def create_token(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    form = await request.post()
    name = str(form.get("name", "")).strip()[:100]
    days_text = str(form.get("days", "") or DEFAULT_DAYS).strip()
    if not name or not days_text.isdigit() or not 1 <= int(days_text) <= MAX_DAYS:
        raise InvalidValue("a name and 1-365 days are needed")
    token = API_TOKEN_PREFIX + new_secret()
    row = await desk_accounts.create_api_token(
        session,
        official.id,
        name,
        sha256_hex(token),
        utcnow() + dt.timedelta(days=int(days_text)),
    )
    desk_accounts.add_audit(
        session, official.id, "token_created", f"api_token:{row.id}", {"name": name}
    )
    await session.commit()
    # the token is in this one response and nowhere else
    return await _page(request, session, token, status=201)


async def revoke_token(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    raw = request.match_info["token_id"]
    if not raw.isdigit():
        raise NotFound("token")
    official = request[OFFICIAL]
    desk_accounts.add_audit(session, official.id, "token_revoked", f"api_token:{raw}")
    await desk_accounts.revoke_token(session, official.id, int(raw))
    await session.commit()
    raise web.HTTPSeeOther("/desk/tokens")
