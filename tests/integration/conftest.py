"""One running stack (real Rasa, action server and gateway) shared by the integration tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from selenium.webdriver.remote.webdriver import WebDriver
from sqlalchemy import select

from storage.db import Database
from storage.models import InboxMessage
from storage.services import messaging
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.threaded import in_thread
from tests.fakes.zalo import FakeZaloAPI
from tests.integration.browser import chromium
from tests.servers import Stack, running_stack

TELEGRAM_TOKEN = "123456:INTEGRATION-token"
TELEGRAM_SECRET = "integration-webhook-secret"
ZALO_APP_ID = "4321987654"
ZALO_OA_SECRET_KEY = "integration-oa-secret"


@pytest.fixture(scope="session")
def telegram_api() -> Iterator[FakeBotAPI]:
    with in_thread(FakeBotAPI(TELEGRAM_TOKEN)) as api:
        yield api


@pytest.fixture(scope="session")
def zalo_api() -> Iterator[FakeZaloAPI]:
    fake = FakeZaloAPI(
        app_id=ZALO_APP_ID,
        app_secret="integration-app-secret",
        access_token="zalo-access-1",
        refresh_token="zalo-refresh-1",
    )
    with in_thread(fake) as api:
        yield api


def platform_settings(telegram_api: FakeBotAPI, zalo_api: FakeZaloAPI) -> dict[str, str]:
    """The gateway's Telegram and Zalo settings, pointed at the local fakes."""
    return {
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_API_BASE_URL": telegram_api.base_url,
        "ZALO_APP_ID": ZALO_APP_ID,
        "ZALO_APP_SECRET": "integration-app-secret",
        "ZALO_OA_SECRET_KEY": ZALO_OA_SECRET_KEY,
        "ZALO_ACCESS_TOKEN": "zalo-access-1",
        "ZALO_REFRESH_TOKEN": "zalo-refresh-1",
        "ZALO_API_BASE_URL": zalo_api.base_url,
        "ZALO_OAUTH_BASE_URL": zalo_api.base_url,
    }


@pytest.fixture(scope="session")
def stack(
    tmp_path_factory: pytest.TempPathFactory, telegram_api: FakeBotAPI, zalo_api: FakeZaloAPI
) -> Iterator[Stack]:
    """The real processes, with Telegram and Zalo pointed at local fakes of their servers."""
    platforms = platform_settings(telegram_api, zalo_api)
    with running_stack(tmp_path_factory.mktemp("stack"), platforms) as running:
        yield running


class WebChat:
    """A citizen on the web chat: says something and collects every reply to it."""

    def __init__(self, gateway_url: str, session_id: str | None = None) -> None:
        self.url = gateway_url
        self.session_id = session_id or uuid.uuid4().hex
        self.after = 0

    async def say(self, text: str, timeout: float = 30.0) -> list[dict[str, Any]]:
        async with aiohttp.ClientSession() as http:
            async with http.post(
                f"{self.url}/webchat/messages", json={"session": self.session_id, "text": text}
            ) as response:
                assert response.status == 202, await response.text()
            return await self._collect(http, timeout)

    async def _collect(self, http: aiohttp.ClientSession, timeout: float) -> list[dict[str, Any]]:
        replies: list[dict[str, Any]] = []
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            async with http.get(
                f"{self.url}/webchat/messages",
                params={"session": self.session_id, "after": str(self.after), "wait": "5"},
            ) as response:
                assert response.status == 200
                data = await response.json()
            for message in data["messages"]:
                replies.append(message)
                self.after = max(self.after, message["id"])
            if replies and not data["busy"]:
                return replies
        raise AssertionError(f"no complete answer within {timeout} s; got {replies}")

    async def wait_for_more(self, timeout: float = 30.0) -> list[dict[str, Any]]:
        async with aiohttp.ClientSession() as http:
            return await self._collect(http, timeout)


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def button_payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons") or []]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    with chromium(tmp_path) as driver:
        yield driver


async def until_quiet(stack: Stack, sender_id: str, timeout: float = 40.0) -> None:
    """Waits until the gateway has nothing left to do for this citizen: every message from them
    handled and every reply to them delivered (what `citizen_is_busy` says). Fails loudly."""
    database = Database(stack.database_url)
    deadline = asyncio.get_running_loop().time() + timeout
    try:
        while True:
            async with database.session() as session:
                citizen = await messaging.citizen_by_sender(session, sender_id)
                busy = citizen is None or await messaging.citizen_is_busy(session, citizen.id)
            if not busy:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{sender_id} still has pending messages after {timeout} s")
            await asyncio.sleep(0.1)
    finally:
        await database.close()


async def stored_messages(stack: Stack, sender_id: str) -> list[InboxMessage]:
    """What the gateway stored from this citizen, oldest first."""
    database = Database(stack.database_url)
    try:
        async with database.session() as session:
            citizen = await messaging.citizen_by_sender(session, sender_id)
            if citizen is None:
                return []
            rows = await session.scalars(
                select(InboxMessage)
                .where(InboxMessage.citizen_id == citizen.id)
                .order_by(InboxMessage.id)
            )
            return list(rows.all())
    finally:
        await database.close()
