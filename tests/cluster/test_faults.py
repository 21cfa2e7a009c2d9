"""The cluster under faults: a burst of typed messages from many citizens over both gateways
while one gateway is killed with SIGKILL, one Rasa server is restarted, PostgreSQL drops every
connection once and Redis restarts. Afterwards every message has been answered exactly once,
each citizen's answers came in the order they wrote, and nothing is left pending.

Sized for CI by default (50 citizens × 10 messages); the issue's full burst is
`FAULT_CITIZENS=500 pytest tests/cluster`.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from core.tracking_codes import new_tracking_code
from storage.db import Database
from storage.models import InboxMessage, InboxStatus, OutboxMessage, OutboxStatus
from storage.services import messaging
from tests.cluster.cluster import (
    Cluster,
    post_until_acknowledged,
    rasa_user_events,
    telegram_text_update,
    until,
)
from tests.fakes.telegram import FakeBotAPI

CITIZENS = int(os.environ.get("FAULT_CITIZENS", "50"))
PER_CITIZEN = int(os.environ.get("FAULT_MESSAGES_PER_CITIZEN", "10"))
FIRST_CHAT = 70_000
CODE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}")


@dataclass
class Burst:
    """What the citizens wrote, in order, and how the gateways took it."""

    codes: dict[int, list[str]]
    acknowledged: int = 0
    retried: int = 0
    next_update: int = 1
    faults: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(c) for c in self.codes.values())


def replies(telegram: FakeBotAPI) -> list[Any]:
    """The answers to the burst's citizens (other tests of the cluster write from other chats)."""
    return [
        call
        for call in telegram.calls_to("sendMessage")
        if FIRST_CHAT <= int(call.params["chat_id"]) < FIRST_CHAT + CITIZENS
    ]


async def write_in_order(http: aiohttp.ClientSession, url: str, chat: int, burst: Burst) -> None:
    """One citizen typing their messages one after another."""
    for code in burst.codes[chat]:
        update = telegram_text_update(burst.next_update, chat, code)
        burst.next_update += 1
        burst.retried += await post_until_acknowledged(http, url, update)
        burst.acknowledged += 1


async def inject_faults(cluster: Cluster, telegram: FakeBotAPI, burst: Burst) -> None:
    total = burst.total
    timeout = 60 + total / 5
    await until(lambda: burst.acknowledged >= total // 5, "a fifth acknowledged", timeout)
    burst.faults.append(f"gateway1 (pid {cluster.kill('gateway1')}) killed with SIGKILL")
    await until(lambda: len(replies(telegram)) >= total // 6, "a sixth answered", timeout)
    before = cluster.ctl("pid", "rasa1").strip()
    await asyncio.to_thread(cluster.restart, "rasa1")
    burst.faults.append(f"rasa1 restarted (pid {before} → {cluster.ctl('pid', 'rasa1').strip()})")
    await until(lambda: len(replies(telegram)) >= total * 9 // 20, "45% answered", timeout)
    dropped = await asyncio.to_thread(cluster.drop_database_connections)
    burst.faults.append(f"{dropped} PostgreSQL connections dropped")
    await until(lambda: len(replies(telegram)) >= total * 13 // 20, "65% answered", timeout)
    await asyncio.to_thread(cluster.redis.restart)
    burst.faults.append("Redis restarted")


async def pending(database: Database) -> int:
    async with database.session() as session:
        depths = await messaging.queue_depths(session)
    return depths["inbox"] + depths["outbox"]


async def what_is_left(database: Database) -> str:
    """For a failure message: the rows still pending, oldest first."""
    lines = []
    async with database.session() as session:
        for model, pending_status in (
            (InboxMessage, InboxStatus.PENDING),
            (OutboxMessage, OutboxStatus.PENDING),
        ):
            rows = (
                await session.scalars(
                    select(model).where(model.status == pending_status).order_by(model.id).limit(5)
                )
            ).all()
            statuses = await session.execute(
                select(model.status, func.count()).group_by(model.status)
            )
            lines.append(f"{model.__tablename__}: {dict(statuses.all())}")
            lines += [
                f"  #{r.id} citizen {r.citizen_id} attempts {r.attempts} claims {r.claims} "
                f"due {r.next_attempt_at:%H:%M:%S} {r.last_error or ''}"
                for r in rows
            ]
        answered = select(OutboxMessage.id).where(
            OutboxMessage.dedupe_key.like(func.concat("inbox:", InboxMessage.id, ":%"))
        )
        silent = (
            await session.scalars(
                select(InboxMessage)
                .where(InboxMessage.status == InboxStatus.DONE, ~answered.exists())
                .order_by(InboxMessage.id)
                .limit(5)
            )
        ).all()
        lines += [
            f"  done without a reply: #{r.id} citizen {r.citizen_id} attempts {r.attempts} "
            f"claims {r.claims} handled {r.handled_at:%H:%M:%S}"
            for r in silent
        ]
    return "\n".join(lines)


async def test_a_burst_through_faults_is_answered_exactly_once_in_order(
    cluster: Cluster, telegram_api: FakeBotAPI
) -> None:
    chats = range(FIRST_CHAT, FIRST_CHAT + CITIZENS)
    burst = Burst(codes={chat: [new_tracking_code() for _ in range(PER_CITIZEN)] for chat in chats})
    url = f"{cluster.public_url}/webhooks/telegram"
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        faults = asyncio.create_task(inject_faults(cluster, telegram_api, burst))
        await asyncio.gather(*(write_in_order(http, url, chat, burst) for chat in chats))
        await faults

    database = Database(cluster.database_url)
    try:
        # every reply delivered, then nothing left to do: no later send can add a duplicate
        try:
            await until(
                lambda: len(replies(telegram_api)) >= burst.total,
                f"{burst.total} replies",
                timeout=120 + burst.total / 2,
            )
        except AssertionError as missing:
            left = await what_is_left(database)
            raise AssertionError(
                f"{missing}: {len(replies(telegram_api))} came; faults: {burst.faults}\n{left}"
            ) from None
        deadline = time.monotonic() + 60
        while await pending(database):
            assert time.monotonic() < deadline, "rows still pending a minute after the last reply"
            await asyncio.sleep(0.1)
        async with database.session() as session:
            stored = await session.scalar(select(func.count()).select_from(InboxMessage))
    finally:
        await database.close()

    answered: dict[int, list[str]] = defaultdict(list)
    for call in replies(telegram_api):
        found = CODE.search(str(call.params.get("text")))
        assert found, f"a reply that names no code: {call.params.get('text')!r}"
        answered[int(call.params["chat_id"])].append(found.group(0))
    assert len(burst.faults) == 4, burst.faults  # every fault was injected
    assert stored == burst.total, "a resent webhook was stored twice, or one was lost"
    assert len(replies(telegram_api)) == burst.total, "some message was answered twice"
    for chat in chats:
        assert answered[chat] == burst.codes[chat], f"chat {chat} answered out of order"
    # Rasa took each message once and kept every turn in its SQL store: a retry after a fault
    # read its answer back, and no turn fell back to a Rasa server's memory
    taken = await rasa_user_events(cluster)
    assert set(taken.values()) == {PER_CITIZEN}, {
        k: v for k, v in taken.items() if v != PER_CITIZEN
    }
    print(f"{burst.total} messages, {burst.retried} webhook resends; faults: {burst.faults}")


def test_metrics_are_not_public(cluster: Cluster) -> None:
    with pytest.raises(urllib.error.HTTPError) as through_balancer:
        urllib.request.urlopen(f"{cluster.public_url}/metrics", timeout=5)
    through_balancer.value.close()
    assert through_balancer.value.code == 404
    gateway = f"http://127.0.0.1:{cluster.env['GATEWAY2_PORT']}/metrics"
    with pytest.raises(urllib.error.HTTPError) as without_token:
        urllib.request.urlopen(gateway, timeout=5)
    without_token.value.close()
    assert without_token.value.code == 401
    request = urllib.request.Request(
        gateway, headers={"Authorization": f"Bearer {cluster.env['METRICS_TOKEN']}"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert b"inbox" in response.read()
