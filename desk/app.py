"""The officials' desk on an aiohttp application: `setup_desk(app, settings, database)` mounts it
on the gateway's; `python -m desk` runs it in a process of its own."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from core.settings import Settings
from desk.keys import DATABASE, FILES, SCOREBOARD, SECURE_COOKIES, SETTINGS, SIGNER, TEMPLATES
from desk.routes import API_ROUTES, PAGE_ROUTES
from desk.security import Signer
from desk.views import local_time
from storage.db import Database
from storage.object_store import open_store

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PREFIXES = ("/desk", "/api/v1", "/scoreboard")
MIN_KEY_LENGTH = 32

_PAGE_HEADERS = {
    # nothing from elsewhere: no CDN, no inline script, no framing
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _signing_key(settings: Settings) -> bytes:
    configured = settings.desk_secret_key.get_secret_value() if settings.desk_secret_key else ""
    if not configured:
        logger.warning(
            "DESK_SECRET_KEY is not set: using a random key for this process; desk sign-ins "
            "end when it restarts and are not shared between gateway processes"
        )
        return secrets.token_bytes(32)
    if len(configured) < MIN_KEY_LENGTH:
        raise ValueError(f"DESK_SECRET_KEY must be at least {MIN_KEY_LENGTH} characters long")
    return configured.encode()


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if not request.path.startswith(PREFIXES):
        return
    for name, value in _PAGE_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith(("/desk/static/", "/scoreboard")):
        # officials' data must not linger in shared or back-button caches
        response.headers.setdefault("Cache-Control", "no-store")


def _own_database(settings: Settings) -> Callable[[web.Application], AsyncIterator[None]]:
    async def database(app: web.Application) -> AsyncIterator[None]:
        app[DATABASE] = Database(settings.effective_database_url)
        yield
        await app[DATABASE].close()

    return database


def setup_desk(app: web.Application, settings: Settings, database: Database | None = None) -> None:
    """Adds the desk's pages (/desk), its JSON API (/api/v1) and their state to an application:
    the gateway's, sharing its `database`, or the desk's own process (`python -m desk`), which
    opens one of its own."""
    app[SIGNER] = Signer(_signing_key(settings))
    app[SETTINGS] = settings
    app[FILES] = open_store(settings)
    if database is None:
        app.cleanup_ctx.append(_own_database(settings))
    else:
        app[DATABASE] = database
    app[SECURE_COOKIES] = settings.public_base_url.startswith("https://")
    app[SCOREBOARD] = {}
    aiohttp_jinja2.setup(
        app,
        app_key=TEMPLATES,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        undefined=jinja2.StrictUndefined,
        # `_()` and `ngettext()` in templates; desk.render gives each page its language's.
        # Templates name texts by key and never use {% trans %}, whose msgids are sentences.
        extensions=["jinja2.ext.i18n"],
        default_helpers=False,
        filters={"local": local_time},
    )
    app.on_response_prepare.append(_security_headers)
    app.add_routes(PAGE_ROUTES)
    app.add_routes(API_ROUTES)
    app.router.add_static("/desk/static", HERE / "static")
