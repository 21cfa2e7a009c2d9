"""What actions share in one action-server process: settings and the database, opened lazily."""

from __future__ import annotations

from functools import lru_cache

from core.settings import get_settings
from storage.db import Database


@lru_cache(maxsize=1)
def database() -> Database:
    # created on first use, inside the action server's event loop, never at import time
    return Database(get_settings().effective_database_url)
