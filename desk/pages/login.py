"""Signing in and out, and changing one's password.

The login form carries its own CSRF token, checked against a signed cookie set with the form
(a site cannot sign someone into an account of its choosing). A successful sign-in starts a new
session, so nothing set before it survives. Wrong passwords are counted; the fifth in a row
locks the account for 15 minutes, and while it is locked even the right password is refused.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from core.words import N_
from desk.guard import LOGIN_PATH, session_official
from desk.i18n import language_of
from desk.keys import DATABASE, LANGUAGE, OFFICIAL, SIGNER
from desk.render import render, set_cookie
from desk.security import (
    CSRF_FIELD,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    new_secret,
    same,
    sha256_hex,
)
from storage.models import utcnow
from storage.passwords import hash_password, verify_password
from storage.services import desk_accounts

logger = logging.getLogger(__name__)

SESSION_LIFETIME = dt.timedelta(hours=12)
LOGIN_FORM_LIFETIME = 3600
MIN_PASSWORD = 10


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so a wrong name costs what a wrong
    password does (made on first use, not at import)."""
    return hash_password("không-có-tài-khoản-này")


def _safe_next(value: str | None) -> str:
    """Only a path inside the desk: never another site (`//evil`, `https://…`)."""
    if value and value.startswith("/desk") and not value.startswith("//") and "\\" not in value:
        return value
    return "/desk"


def _login_page(request: web.Request, error: str | None, status: int = 200) -> web.Response:
    token = new_secret()
    signer = request.app[SIGNER]
    response = render(
        request,
        "login.html",
        {
            "login_csrf": signer.csrf_token("login:" + token),
            "next": _safe_next(request.query.get("next")),
            "error": error,
        },
        status=status,
    )
    set_cookie(request, response, LOGIN_COOKIE, signer.sign("login", token), LOGIN_FORM_LIFETIME)
    return response


async def login_form(request: web.Request) -> web.StreamResponse:
    request[LANGUAGE] = language_of(request)
    async with request.app[DATABASE].session() as session:
        if await session_official(request, session) is not None:
            raise web.HTTPFound(_safe_next(request.query.get("next")))
    return _login_page(request, None)


async def _check_password(password_hash: str, password: str) -> bool:
    # argon2 takes tens of milliseconds of CPU: off the event loop
    return await asyncio.to_thread(verify_password, password_hash, password)


async def login_submit(request: web.Request) -> web.StreamResponse:
    request[LANGUAGE] = language_of(request)
    signer = request.app[SIGNER]
    form = await request.post()
    token = signer.unsign("login", request.cookies.get(LOGIN_COOKIE))
    given = form.get(CSRF_FIELD)
    if token is None or not same(
        signer.csrf_token("login:" + token), given if isinstance(given, str) else None
    ):
        return _login_page(request, N_("login_expired"), status=403)
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))
    async with request.app[DATABASE].session() as session:
        official = await desk_accounts.official_by_username(session, username)
        if official is None or not official.active:
            await _check_password(_dummy_hash(), password)
            # no username kept: people type passwords into the wrong box
            desk_accounts.add_audit(session, None, "login_failed")
            await session.commit()
            return _login_page(request, N_("login_failed"))
        if official.locked_until is not None and official.locked_until > utcnow():
            desk_accounts.add_audit(session, official.id, "login_refused_locked")
            await session.commit()
            return _login_page(request, N_("login_locked"))
        if not await _check_password(official.password_hash, password):
            desk_accounts.add_audit(session, official.id, "login_failed")
            locked_until = await desk_accounts.record_failed_login(session, official.id)
            if locked_until is not None:
                desk_accounts.add_audit(session, official.id, "locked")
            await session.commit()
            return _login_page(
                request, N_("login_failed") if locked_until is None else N_("login_locked")
            )
        secret = new_secret()
        await desk_accounts.record_successful_login(session, official.id)
        desk_accounts.add_audit(session, official.id, "login")
        await desk_accounts.create_session(
            session, official.id, sha256_hex(secret), utcnow() + SESSION_LIFETIME
        )
        await session.commit()
    logger.info("official %s signed in", official.id)
    response = web.HTTPFound(_safe_next(str(form.get("next", "")) or None))
    set_cookie(
        request,
        response,
        SESSION_COOKIE,
        signer.sign("session", secret),
        int(SESSION_LIFETIME.total_seconds()),
    )
    response.del_cookie(LOGIN_COOKIE, path="/")
    raise response


async def logout(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    secret = request.app[SIGNER].unsign("session", request.cookies.get(SESSION_COOKIE))
    if secret is not None:
        await desk_accounts.end_session(session, sha256_hex(secret))
    desk_accounts.add_audit(session, request[OFFICIAL].id, "logout")
    await session.commit()
    response = web.HTTPFound(LOGIN_PATH)
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


async def account_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return render(request, "account.html", {"error": None})


async def change_password(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    form = await request.post()
    current = str(form.get("current_password", ""))
    new = str(form.get("new_password", ""))
    stored = await desk_accounts.official_by_username(session, official.username)
    if stored is None or not await _check_password(stored.password_hash, current):
        desk_accounts.add_audit(session, official.id, "password_change_refused")
        await session.commit()
        return render(request, "account.html", {"error": N_("password_wrong")}, status=400)
    if len(new) < MIN_PASSWORD:
        return render(request, "account.html", {"error": N_("password_short")}, status=400)
    new_hash = await asyncio.to_thread(hash_password, new)
    desk_accounts.add_audit(session, official.id, "password_changed")
    await desk_accounts.change_password(session, official.id, new_hash)
    await session.commit()
    response = web.HTTPFound(LOGIN_PATH)
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response
