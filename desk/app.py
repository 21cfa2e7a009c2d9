"""Mounts the officials' desk on the gateway's application: `setup_desk(app, settings)`."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from core.settings import Settings
from desk.keys import SECURE_COOKIES, SETTINGS, SIGNER, TEMPLATES
from desk.routes import API_ROUTES, PAGE_ROUTES
from desk.security import Signer
from desk.views import local_time

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PREFIXES = ("/desk", "/api/v1")
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
    if not request.path.startswith("/desk/static/"):
        # officials' data must not linger in shared or back-button caches
        response.headers.setdefault("Cache-Control", "no-store")


def setup_desk(app: web.Application, settings: Settings) -> None:
    """Adds the desk's pages (/desk), its JSON API (/api/v1) and their state to the gateway."""
    app[SIGNER] = Signer(_signing_key(settings))
    app[SETTINGS] = settings
    app[SECURE_COOKIES] = settings.public_base_url.startswith("https://")
    aiohttp_jinja2.setup(
        app,
        app_key=TEMPLATES,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        undefined=jinja2.StrictUndefined,
        default_helpers=False,
        filters={"local": local_time},
    )
    app.on_response_prepare.append(_security_headers)
    app.add_routes(PAGE_ROUTES)
    app.add_routes(API_ROUTES)
    app.router.add_static("/desk/static", HERE / "static")
