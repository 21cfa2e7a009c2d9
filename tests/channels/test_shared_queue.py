"""Several gateway processes on one database share the queues: every row is claimed by one of
them, a lease that runs out hands the row to another, and a citizen's messages go in order.

Each "process" here is its own `Database` (its own engine and connection pool), as a second
gateway would have.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from bot.outbound import OutboundWorker
from storage.db import Database
from storage.models import Channel, Citizen, Notification, OutboxMessage, OutboxStatus
from storage.queue import claim
from storage.services import messaging, notifications

CITIZENS = 12
MESSAGES_EACH = 10


class RecordingSender:
    """A Zalo sender that notes who delivered what, yielding between messages so the two
    workers interleave."""

    channel = Channel.ZALO

    def __init__(self, name: str, log: list[tuple[str, int, str]]) -> None:
        self.name = name
        self.log = log

    async def deliver(self, citizen: Citizen, body: dict[str, Any]) -> None:
        await asyncio.sleep(0)
        self.log.append((self.name, citizen.id, str(body["text"])))


async def fill_outbox(database: Database) -> int:
    async with database.transaction() as session:
        for number in range(CITIZENS):
            citizen = await messaging.get_or_create_citizen(session, Channel.ZALO, f"q{number}")
            for index in range(MESSAGES_EACH):
                await messaging.enqueue_outbound(
                    session,
                    citizen_id=citizen.id,
                    channel=Channel.ZALO,
                    body={"text": f"{number}:{index}"},
                    dedupe_key=f"test:{number}:{index}",
                )
    return CITIZENS * MESSAGES_EACH


async def pending_outbox(database: Database) -> int:
    async with database.session() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.PENDING)
        )
    return int(count or 0)


async def drain(worker: OutboundWorker, database: Database) -> None:
    """Works until the shared outbox is empty; a round with nothing due (the other process
    holds the citizen's next message) waits for the other to get on."""
    while await pending_outbox(database):
        if not await worker.run_once():
            await asyncio.sleep(0.01)


async def test_two_gateways_drain_one_outbox_with_no_message_sent_twice(
    database_url: str,
) -> None:
    first, second = Database(database_url), Database(database_url)
    try:
        total = await fill_outbox(first)
        log: list[tuple[str, int, str]] = []
        workers = [
            OutboundWorker(db, {"zalo": RecordingSender(name, log)}, max_attempts=3)
            for db, name in ((first, "a"), (second, "b"))
        ]
        both = asyncio.gather(drain(workers[0], first), drain(workers[1], second))
        await asyncio.wait_for(both, timeout=60)
    finally:
        await first.close()
        await second.close()
    texts = [text for _, _, text in log]
    assert len(texts) == total
    assert Counter(texts).most_common(1)[0][1] == 1, "a message was sent twice"
    assert {name for name, _, _ in log} == {"a", "b"}, "one gateway did all the work"
    for number in range(CITIZENS):
        order = [int(t.split(":")[1]) for t in texts if t.startswith(f"{number}:")]
        assert order == sorted(order), f"citizen {number}'s replies out of order: {order}"


async def test_concurrent_claims_never_return_the_same_row(database_url: str) -> None:
    first, second = Database(database_url), Database(database_url)
    try:
        async with first.transaction() as session:
            session.add_all(
                Notification(chat_id="-100", text=f"n{i}", dedupe_key=f"n{i}") for i in range(60)
            )

        async def claim_all(database: Database) -> list[int]:
            got: list[int] = []
            while True:
                async with database.transaction() as session:
                    batch = await notifications.claim_due(session, limit=7)
                if not batch:
                    return got
                got.extend(row.id for row in batch)

        a, b = await asyncio.gather(claim_all(first), claim_all(second))
    finally:
        await first.close()
        await second.close()
    assert not set(a) & set(b)
    assert len(a) + len(b) == 60


async def test_a_lease_that_runs_out_hands_the_row_to_another_process(
    database: Database,
) -> None:
    async with database.transaction() as session:
        session.add(Notification(chat_id="-100", text="once", dedupe_key="lease"))
    pending = Notification.status == OutboxStatus.PENDING
    async with database.transaction() as session:
        [held] = await claim(session, Notification, pending, limit=5, lease=dt.timedelta(0))
    # a process that claimed with a lease of zero and died: the row is due again at once
    async with database.transaction() as session:
        [again] = await claim(session, Notification, pending, limit=5)
    assert again.id == held.id
    async with database.transaction() as session:
        assert await claim(session, Notification, pending, limit=5) == []
