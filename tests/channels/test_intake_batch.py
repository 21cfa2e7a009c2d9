"""Group commit at intake: a burst of webhooks is stored in a few transactions, each request
acknowledged once its message is committed; a redelivery inside the same batch is stored once;
one message that cannot be stored does not take the rest of its batch down."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import StatementError

from bot.incoming import Incoming
from bot.intake_batch import INTAKE, IntakeBatch
from storage.db import Database
from storage.models import Channel
from tests.channels import payloads as p
from tests.channels.conftest import Gateway


async def test_a_burst_is_stored_in_a_few_commits_and_each_acknowledged(gateway: Gateway) -> None:
    batch = gateway.client.app[INTAKE]
    before = batch.commits
    updates = [p.telegram_text(9100 + n, f"ổ gà số {n}") for n in range(60)]
    redelivered = updates[7]
    answers = await asyncio.gather(*(gateway.telegram_update(u) for u in [*updates, redelivered]))
    assert [a.status for a in answers] == [200] * 61
    stored = [m for m in await gateway.inbox() if m.text.startswith("ổ gà số")]
    assert len(stored) == 60  # the redelivery is the same row
    assert len({m.platform_message_id for m in stored}) == 60
    assert batch.commits - before < 20


async def test_a_message_that_cannot_be_stored_fails_alone(database: Database) -> None:
    batch = IntakeBatch(database, window=0.05)

    def incoming(number: int, payload: dict[str, object]) -> Incoming:
        return Incoming(Channel.TELEGRAM, f"batch-{number}", str(9300 + number), "chào", payload)

    broken = incoming(2, {"not json": {1, 2}})  # a set: the JSON column cannot hold it
    results = await asyncio.gather(
        batch.store(incoming(1, {}), None),
        batch.store(broken, None),
        batch.store(incoming(3, {}), None),
        return_exceptions=True,
    )
    assert [type(r).__name__ for r in results] == ["Stored", "StatementError", "Stored"]
    assert all(r.created for r in results if not isinstance(r, BaseException))
    # stored alone too, it fails again: that request answers 5xx and the platform redelivers
    with pytest.raises(StatementError):
        await batch.store(broken, None)


async def test_several_lanes_keep_each_citizens_messages_in_arrival_order(
    database: Database,
) -> None:
    batch = IntakeBatch(database, lanes=4)

    def incoming(citizen: int, number: int) -> Incoming:
        return Incoming(
            Channel.TELEGRAM, f"lane-{citizen}-{number}", str(9400 + citizen), str(number), {}
        )

    # ten citizens' messages interleaved, all arriving in the same instant
    arrivals = [incoming(c, n) for n in range(6) for c in range(10)]
    stored = await asyncio.gather(*(batch.store(m, None) for m in arrivals))
    by_citizen: dict[int, list[int]] = {}
    for row in stored:  # in arrival order
        by_citizen.setdefault(row.citizen_id, []).append(row.inbox_id)
    assert len(by_citizen) == 10
    assert all(ids == sorted(ids) for ids in by_citizen.values())
