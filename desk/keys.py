"""Typed keys for what the desk keeps on the application and on each request."""

from __future__ import annotations

from typing import Any

import jinja2
from aiohttp import web

from core.settings import Settings
from desk.access import Viewer
from desk.security import Signer
from storage.db import Database
from storage.file_store import Store

SIGNER = web.AppKey("desk_signer", Signer)
SETTINGS = web.AppKey("desk_settings", Settings)
DATABASE = web.AppKey("desk_database", Database)
FILES = web.AppKey("desk_files", Store)
TEMPLATES = web.AppKey("desk_templates", jinja2.Environment)
# whether cookies get the Secure flag (the desk is reached over HTTPS)
SECURE_COOKIES = web.AppKey("desk_secure_cookies", bool)
# the public scoreboard's figures, kept a few minutes (desk.pages.scoreboard)
SCOREBOARD = web.AppKey("desk_scoreboard", dict[str, Any])

OFFICIAL = web.RequestKey("desk_official", Viewer)
# the session's CSRF token (pages only; API calls carry a bearer token and no cookies)
CSRF = web.RequestKey("desk_csrf", str)
LANGUAGE = web.RequestKey("desk_language", str)
