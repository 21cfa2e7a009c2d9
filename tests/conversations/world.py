"""The real stack with Telegram and Zalo pointed at local fakes, for `make eval`'s full run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conversations.runner import World
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.threaded import in_thread
from tests.fakes.zalo import FakeZaloAPI
from tests.integration.conftest import (
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    ZALO_APP_ID,
    ZALO_OA_SECRET_KEY,
    platform_settings,
)
from tests.servers import running_stack


@contextmanager
def open_world(data_dir: Path) -> Iterator[World]:
    fake_zalo = FakeZaloAPI(
        app_id=ZALO_APP_ID,
        app_secret="integration-app-secret",
        access_token="zalo-access-1",
        refresh_token="zalo-refresh-1",
    )
    with (
        in_thread(FakeBotAPI(TELEGRAM_TOKEN)) as telegram,
        in_thread(fake_zalo) as zalo,
        running_stack(data_dir, platform_settings(telegram, zalo)) as stack,
    ):
        yield World(stack, telegram, zalo, TELEGRAM_SECRET, ZALO_APP_ID, ZALO_OA_SECRET_KEY)
