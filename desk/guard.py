"""The door of every desk route: who is asking, may they, and what a refusal looks like.

Routes are registered through `page`, `api` or `public` (see desk.routes), so a route cannot be
added without choosing one. Pages want a session cookie (and a CSRF token on every POST) and
send strangers to the login page; the API wants a bearer token and answers 401 JSON. Cookies are
never accepted as API credentials, so the API needs no CSRF token.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk.access import Viewer
from desk.forms import posted
from desk.i18n import language_of
from desk.keys import CSRF, DATABASE, LANGUAGE, OFFICIAL, SIGNER
from desk.render import render
from desk.security import CSRF_FIELD, SESSION_COOKIE, same, sha256_hex
from storage.errors import InvalidTransition, InvalidValue, NotAllowed, NotFound, StorageError
from storage.models import Official, Role
from storage.services import desk_accounts

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request, AsyncSession], Awaitable[web.StreamResponse]]
Route = Callable[[web.Request], Awaitable[web.StreamResponse]]

LOGIN_PATH = "/desk/login"

_STATUS: dict[type[StorageError], int] = {
    NotFound: 404,
    NotAllowed: 403,
    InvalidTransition: 409,
    InvalidValue: 400,
}
_ERROR_CODE = {404: "not_found", 403: "forbidden", 409: "conflict", 400: "invalid"}


def status_of(error: StorageError) -> int:
    for cls, status in _STATUS.items():
        if isinstance(error, cls):
            return status
    return 400


async def session_official(
    request: web.Request, session: AsyncSession
) -> tuple[Official, str] | None:
    """The signed-in official and the session's secret, from the signed cookie."""
    secret = request.app[SIGNER].unsign("session", request.cookies.get(SESSION_COOKIE))
    if secret is None:
        return None
    official = await desk_accounts.session_official(session, sha256_hex(secret))
    return (official, secret) if official is not None else None


def _bearer(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _login_redirect(request: web.Request) -> web.HTTPFound:
    target = request.path_qs if request.method == "GET" else "/desk"
    return web.HTTPFound(f"{LOGIN_PATH}?next={quote(target, safe='')}")


def error_page(request: web.Request, status: int) -> web.Response:
    return render(
        request,
        "error.html",
        {"status": status, "code": _ERROR_CODE.get(status, "invalid")},
        status=status,
    )


# the roles that work on petitions; a route open to the oversight role says so
STAFF = frozenset(r for r in Role if r != Role.OVERSIGHT)


def page(handler: Handler, *, roles: frozenset[Role] = STAFF) -> Route:
    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        request[LANGUAGE] = language_of(request)
        async with request.app[DATABASE].session() as session:
            found = await session_official(request, session)
            if found is None:
                raise _login_redirect(request)
            official, secret = found
            request[OFFICIAL] = Viewer.of(official)
            request[CSRF] = csrf = request.app[SIGNER].csrf_token(secret)
            if request.method == "POST":
                form = await posted(request)
                given = form.get(CSRF_FIELD)
                if not same(csrf, given if isinstance(given, str) else None):
                    logger.warning(
                        "official %s: POST %s without a valid CSRF token", official.id, request.path
                    )
                    return error_page(request, 403)
            if official.role not in roles:
                return error_page(request, 403)
            try:
                return await handler(request, session)
            except StorageError as error:
                await session.rollback()
                return error_page(request, status_of(error))

    return guarded


def api_error(status: int, message: str) -> web.Response:
    headers = {"WWW-Authenticate": 'Bearer realm="desk"'} if status == 401 else None
    return web.json_response(
        {"error": _ERROR_CODE.get(status, "unauthorized"), "message": message},
        status=status,
        headers=headers,
    )


def api(handler: Handler, *, roles: frozenset[Role] = STAFF, session_too: bool = False) -> Route:
    """`session_too` lets a signed-in browser read (GET only) without a token: the API's own
    description, which changes nothing."""

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        async with request.app[DATABASE].session() as session:
            official = None
            token = _bearer(request)
            if token is not None:
                official = await desk_accounts.token_official(session, sha256_hex(token))
                # the token's last use is kept even when the handler is refused and rolls back
                await session.commit()
            elif session_too and request.method == "GET":
                found = await session_official(request, session)
                official = found[0] if found else None
            if official is None:
                return api_error(401, "a valid bearer token is required")
            if official.role not in roles:
                return api_error(403, "your role may not do this")
            request[OFFICIAL] = Viewer.of(official)
            try:
                return await handler(request, session)
            except StorageError as error:
                await session.rollback()
                status = status_of(error)
                # a NotFound's text may name what was looked for; the caller learns only 404
                message = "no such item in your unit" if status == 404 else str(error)
                return api_error(status, message)

    return guarded


def public(handler: Route) -> Route:
    """Routes anyone may call: the login form and the stylesheet. Named so they stand out."""
    return handler
