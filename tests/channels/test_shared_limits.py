"""With REDIS_URL set, the per-sender flood limit is one budget for every gateway: a sender who
floods two gateways is held back as if they wrote to one. Against the local Redis server; a
Redis that goes away lets messages through rather than losing them."""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from typing import Any

import pytest
from redis.asyncio import Redis

from bot.ratelimit import RedisSenderLimiter, SenderLimiter, build_limiter
from storage.models import InboxStatus
from tests.channels import payloads as p
from tests.channels.conftest import StartGateway, eventually

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


def gateways_limiters(rate: int) -> tuple[RedisSenderLimiter, RedisSenderLimiter]:
    prefix = f"flood-test:{uuid.uuid4().hex}:"
    return (
        RedisSenderLimiter(Redis.from_url(REDIS_URL), rate, prefix),
        RedisSenderLimiter(Redis.from_url(REDIS_URL), rate, prefix),
    )


async def test_two_gateways_share_one_budget_per_sender() -> None:
    first, second = gateways_limiters(6)  # 6 a minute: a burst of 6, then one per 10 s
    try:
        waits = [await (first if n % 2 else second).delay("telegram:42") for n in range(8)]
        assert waits[:6] == [0.0] * 6
        assert waits[6] == pytest.approx(10.0, abs=0.5)
        assert waits[7] == pytest.approx(20.0, abs=0.5)
        # another sender has a budget of its own
        assert await first.delay("zalo:7") == 0.0
        # a redelivered message gives its token back, on either gateway
        await second.refund("telegram:42")
        assert await first.delay("telegram:42") == pytest.approx(20.0, abs=0.5)
    finally:
        await first.close()
        await second.close()


async def test_a_redis_that_is_gone_holds_nothing_back() -> None:
    gone = RedisSenderLimiter(Redis.from_url("redis://127.0.0.1:1/0"), 1)
    try:
        assert [await gone.delay("web:x") for _ in range(3)] == [0.0, 0.0, 0.0]
        await gone.refund("web:x")
    finally:
        await gone.close()


async def test_without_redis_the_limit_stays_in_process() -> None:
    assert isinstance(build_limiter("", 30), SenderLimiter)
    shared = build_limiter(REDIS_URL, 30)
    assert isinstance(shared, RedisSenderLimiter)
    await shared.close()


async def test_a_flood_through_two_gateways_is_held_back_as_one(
    start_gateway: StartGateway,
) -> None:
    settings: dict[str, Any] = {"redis_url": REDIS_URL, "sender_rate_per_minute": 2}
    one = await start_gateway(**settings)
    two = await start_gateway(**settings)
    async with Redis.from_url(REDIS_URL) as redis:
        await redis.delete("flood:telegram:990001")
    for update_id, gateway in zip(range(88001, 88005), (one, two, one, two), strict=True):
        message = p.telegram_text(update_id, "ổ gà", user_id=990001)
        assert (await gateway.telegram_update(message)).status == 200
    # two are answered at once, the next two wait their turn, whichever gateway took them

    async def first_two_answered() -> bool:
        rows = await one.inbox()
        done = sorted(m.platform_message_id for m in rows if m.status == InboxStatus.DONE)
        return done == ["88001", "88002"]

    assert await eventually(first_two_answered)
    rows = sorted(await one.inbox(), key=lambda m: m.id)
    held = [m for m in rows if m.status == InboxStatus.PENDING]
    assert [m.platform_message_id for m in held] == ["88003", "88004"]
    soonest = min(m.next_attempt_at for m in held)
    assert soonest - max(m.received_at for m in rows) > dt.timedelta(seconds=20)
