"""Renders a desk template with what every page needs (language, the official, the CSRF token)."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from core.words import words_for
from desk import i18n
from desk.keys import CSRF, LANGUAGE, OFFICIAL, SECURE_COOKIES, TEMPLATES
from desk.security import LANGUAGE_COOKIE

LANGUAGE_COOKIE_AGE = 365 * 24 * 3600


def set_cookie(
    request: web.Request, response: web.StreamResponse, name: str, value: str, max_age: int | None
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=request.app[SECURE_COOKIES] or request.secure,
    )


def render(
    request: web.Request, template: str, context: dict[str, Any], *, status: int = 200
) -> web.Response:
    language = request.get(LANGUAGE) or i18n.language_of(request)
    words = words_for(language)
    values = {
        # the i18n extension's `_()` calls `gettext`; both are the page's language's
        "gettext": words.gettext,
        "ngettext": words.ngettext,
        "label": i18n.labeller(language),
        "lang": language,
        "me": request.get(OFFICIAL),
        "csrf": request.get(CSRF),
        "path": request.path,
        **context,
    }
    text = aiohttp_jinja2.render_string(template, request, values, app_key=TEMPLATES)
    response = web.Response(text=text, content_type="text/html", status=status)
    chosen = request.query.get("lang")
    if chosen in i18n.LANGUAGES:
        set_cookie(request, response, LANGUAGE_COOKIE, chosen, LANGUAGE_COOKIE_AGE)
    return response
