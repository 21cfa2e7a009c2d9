"""Mounts the Open311 routes on an application (the gateway's), sharing its database."""

from __future__ import annotations

from aiohttp import web

from core.settings import Settings
from open311.handlers import routes
from open311.keys import DATABASE, SETTINGS
from storage.db import Database


def setup_open311(app: web.Application, settings: Settings, database: Database) -> None:
    app[SETTINGS] = settings
    app[DATABASE] = database
    app.add_routes(routes())
