"""What the Open311 routes find on the application they are mounted on."""

from __future__ import annotations

from aiohttp import web

from core.settings import Settings
from storage.db import Database

SETTINGS = web.AppKey("open311_settings", Settings)
DATABASE = web.AppKey("open311_database", Database)
