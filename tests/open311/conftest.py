"""The desk (to issue keys) and the Open311 API mounted on one application over the seeded
database, SQLite and PostgreSQL, as the gateway mounts them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import DummyCookieJar, web

from desk.app import setup_desk
from open311.app import setup_open311
from storage.db import Database
from tests.desk.conftest import Desk, desk_settings
from tests.open311.client import GeoReport

Open311Factory = Callable[..., Awaitable[tuple[Desk, GeoReport]]]


@pytest.fixture
def open311_app(aiohttp_client: Any, seeded_database: Database, tmp_path: Path) -> Open311Factory:
    async def make(**overrides: Any) -> tuple[Desk, GeoReport]:
        settings = desk_settings(seeded_database, tmp_path, **overrides)
        app = web.Application()
        setup_desk(app, settings, seeded_database)
        setup_open311(app, settings, seeded_database)
        client = await aiohttp_client(app, cookie_jar=DummyCookieJar())
        return Desk(client, seeded_database, settings), GeoReport(client)

    return make
