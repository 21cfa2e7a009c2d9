"""The real gateway app against fake Telegram and Zalo servers and an echoing Rasa stand-in."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app import create_app
from bot.channels.telegram.webhook import SECRET_HEADER
from bot.channels.zalo.webhook import SIGNATURE_HEADER
from bot.keys import FETCHER, INBOUND, OUTBOUND
from bot.notifier import NOTIFIER
from bot.worker_loop import QueueWorker
from core.settings import Settings
from storage.db import Database
from storage.models import Attachment, InboxMessage, OutboxMessage
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.zalo import FakeZaloAPI

TELEGRAM_TOKEN = "123456:TEST-token"
TELEGRAM_SECRET = "webhook-secret-for-tests"
ZALO_APP_ID = "4321987654"
ZALO_APP_SECRET = "app-secret-for-tests"
ZALO_OA_SECRET_KEY = "oa-secret-key-for-tests"

Reply = list[dict[str, Any]]


@dataclass
class EchoRasa:
    """Stands in for Rasa in the channel-protocol tests only: answers "echo: <text>".

    End-to-end tests with the real Rasa server live elsewhere.
    """

    down: bool = False
    respond: Callable[[str, str], Reply] | None = None
    handled: list[dict[str, Any]] = field(default_factory=list)  # answered requests
    refused: int = 0  # requests answered 503 while down
    # this many next messages are handled (and kept in the tracker) but their answers lost, as
    # when a server restarts between handling a message and answering
    lose_answers: int = 0
    # each sender's tracker events, as Rasa's /conversations/{sender}/tracker gives them
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    server: TestServer | None = None

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.down:
            self.refused += 1
            return web.json_response({"error": "down"}, status=503)
        self.handled.append(body)
        sender, text = body["sender"], body["message"]
        replies = self.respond(sender, text) if self.respond else [{"text": f"echo: {text}"}]
        self._track(sender, body, replies)
        if self.lose_answers:
            self.lose_answers -= 1
            return web.json_response({"error": "restarting"}, status=502)
        return web.json_response([{"recipient_id": sender, **r} for r in replies])

    def _track(self, sender: str, body: dict[str, Any], replies: Reply) -> None:
        events = self.events.setdefault(sender, [])
        events.append({"event": "user", "text": body["message"], "metadata": body.get("metadata")})
        for reply in replies:
            data = {k: v for k, v in reply.items() if k != "text"}
            events.append({"event": "bot", "text": reply.get("text"), "data": data})

    async def _tracker(self, request: web.Request) -> web.Response:
        sender = request.match_info["sender"]
        return web.json_response({"sender_id": sender, "events": self.events.get(sender, [])})

    async def _append_events(self, request: web.Request) -> web.Response:
        if self.down:
            self.refused += 1
            return web.json_response({"error": "down"}, status=503)
        sender = request.match_info["sender"]
        self.events.setdefault(sender, []).extend(await request.json())
        return web.json_response({"sender_id": sender, "events": self.events[sender]})

    async def _status(self, request: web.Request) -> web.Response:
        return web.json_response({"model_file": "echo.tar.gz"})

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("")).rstrip("/")

    def texts(self) -> list[str]:
        return [h["message"] for h in self.handled]


@pytest.fixture
async def echo_rasa() -> AsyncIterator[EchoRasa]:
    rasa = EchoRasa()
    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", rasa._webhook)
    app.router.add_get("/status", rasa._status)
    app.router.add_get("/conversations/{sender}/tracker", rasa._tracker)
    app.router.add_post("/conversations/{sender}/tracker/events", rasa._append_events)
    rasa.server = TestServer(app, host="127.0.0.1")
    await rasa.server.start_server()
    yield rasa
    await rasa.server.close()


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(TELEGRAM_TOKEN) as api:
        yield api


@pytest.fixture
async def fake_zalo() -> AsyncIterator[FakeZaloAPI]:
    async with FakeZaloAPI(
        app_id=ZALO_APP_ID,
        app_secret=ZALO_APP_SECRET,
        access_token="access-0",
        refresh_token="refresh-0",
    ) as api:
        yield api


@dataclass
class Gateway:
    client: TestClient[Any, Any]
    database: Database
    rasa: EchoRasa
    telegram: FakeBotAPI
    zalo: FakeZaloAPI
    settings: Settings

    # --- Telegram

    async def telegram_update(self, update: dict[str, Any], secret: str | None = TELEGRAM_SECRET):
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return await self.client.post("/webhooks/telegram", json=update, headers=headers)

    # --- Zalo

    async def zalo_event(self, event: dict[str, Any], *, signature: str | None = None):
        raw = json.dumps(event, ensure_ascii=False).encode()
        return await self.zalo_raw(raw, signature or sign_zalo(raw, str(event["timestamp"])))

    async def zalo_raw(self, raw: bytes, signature: str | None):
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers[SIGNATURE_HEADER] = signature
        return await self.client.post("/webhooks/zalo", data=raw, headers=headers)

    # --- the database

    async def inbox(self) -> list[InboxMessage]:
        async with self.database.session() as session:
            return list(
                (await session.scalars(select(InboxMessage).order_by(InboxMessage.id))).all()
            )

    async def outbox(self) -> list[OutboxMessage]:
        async with self.database.session() as session:
            query = select(OutboxMessage).order_by(OutboxMessage.id)
            return list((await session.scalars(query)).all())

    async def attachments(self) -> list[Attachment]:
        async with self.database.session() as session:
            return list((await session.scalars(select(Attachment).order_by(Attachment.id))).all())

    # --- the workers

    def workers(self) -> list[QueueWorker]:
        """The queue workers this gateway runs: none when it only stores and acknowledges."""
        if not self.settings.run_workers:
            return []
        app = self.client.app
        return [app[key] for key in (INBOUND, OUTBOUND, FETCHER, NOTIFIER) if key in app]

    async def idle(self, timeout: float = 10.0) -> None:
        """Waits until this gateway's workers have nothing left to do, so that what has not
        happened by then will not happen; rows put off to a later try count as done."""
        try:
            await asyncio.wait_for(run_dry(self.workers()), timeout)
        except asyncio.TimeoutError:
            busy = ", ".join(f"{w.name}: {w.busy_rounds} busy rounds" for w in self.workers())
            raise AssertionError(f"workers still busy after {timeout} s ({busy})") from None


def sign_zalo(raw: bytes, timestamp: str, key: str = ZALO_OA_SECRET_KEY) -> str:
    return hashlib.sha256(
        ZALO_APP_ID.encode() + raw + timestamp.encode() + key.encode()
    ).hexdigest()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # PTB 22 warns from inside RetryAfter() itself that retry_after becomes a timedelta; the
    # gateway reads both forms, and production (no PTB_TIMEDELTA) takes the int path tested here
    for item in items:
        if "tests/channels/" in str(item.path).replace("\\", "/"):
            item.add_marker(
                pytest.mark.filterwarnings(
                    "ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"
                )
            )


StartGateway = Callable[..., Awaitable[Gateway]]


@pytest.fixture
async def start_gateway(
    aiohttp_client: Any,
    database_url: str,
    echo_rasa: EchoRasa,
    fake_telegram: FakeBotAPI,
    fake_zalo: FakeZaloAPI,
    tmp_path: Path,
) -> AsyncIterator[StartGateway]:
    databases: list[Database] = []

    async def start(**overrides: Any) -> Gateway:
        values: dict[str, Any] = {
            "database_url": database_url,
            "rasa_url": echo_rasa.url,
            "rasa_timeout_seconds": 3.0,
            "action_server_url": echo_rasa.url,
            "public_base_url": "https://bot.example.gov.vn",
            "sender_rate_per_minute": 600,
            "telegram_bot_token": TELEGRAM_TOKEN,
            "telegram_webhook_secret": TELEGRAM_SECRET,
            "telegram_api_base_url": fake_telegram.base_url,
            "zalo_app_id": ZALO_APP_ID,
            "zalo_app_secret": ZALO_APP_SECRET,
            "zalo_oa_secret_key": ZALO_OA_SECRET_KEY,
            "zalo_access_token": "access-0",
            "zalo_refresh_token": "refresh-0",
            "zalo_api_base_url": fake_zalo.base_url,
            "zalo_oauth_base_url": fake_zalo.base_url,
            "attachments_dir": tmp_path / "attachments",
        }
        values.update(overrides)
        settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
        client = await aiohttp_client(create_app(settings))
        database = Database(database_url)
        databases.append(database)
        return Gateway(client, database, echo_rasa, fake_telegram, fake_zalo, settings)

    yield start
    for database in databases:
        await database.close()


@pytest.fixture
async def gateway(start_gateway: StartGateway) -> Gateway:
    return await start_gateway()


async def eventually(
    check: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05
) -> Any:
    """Waits until `check()` (sync or async) is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(interval)


async def run_dry(workers: list[QueueWorker]) -> None:
    """Returns once every worker has had a round that settled nothing, all begun after the
    last round in which any of them settled something: a reply the inbox worker queued has
    then been seen by the outbox worker, and so on."""
    while True:
        busy = sum(w.busy_rounds for w in workers)
        await asyncio.gather(*(w.next_idle_round() for w in workers))
        if sum(w.busy_rounds for w in workers) == busy:
            return
