"""Gateways that only store and acknowledge (RUN_WORKERS=false) behind a load balancer, and one
process that runs the workers: every message taken by either gateway is answered once, by the
workers' process, woken by PostgreSQL's NOTIFY."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from bot import wakeups
from storage.db import Database
from tests.channels import payloads as p
from tests.channels.conftest import StartGateway, eventually


async def test_two_storing_gateways_and_one_workers_process_answer_each_message_once(
    start_gateway: StartGateway, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes share PostgreSQL; SQLite is one process's embedded file")
    first = await start_gateway(run_workers=False)
    second = await start_gateway(run_workers=False)
    workers = await start_gateway(run_workers=True)
    # twenty citizens: one chat each, so Telegram's per-chat rate holds nothing back
    updates = [p.telegram_text(9500 + n, f"câu hỏi {n}", user_id=6100 + n) for n in range(20)]
    answers = await asyncio.gather(
        *((first if n % 2 else second).telegram_update(u) for n, u in enumerate(updates))
    )
    assert [a.status for a in answers] == [200] * 20
    await eventually(
        lambda: len([t for t in workers.telegram.sent_texts() if "câu hỏi" in t]) >= 20
    )
    await workers.idle()
    assert sorted(m["message"] for m in workers.rasa.handled) == sorted(
        f"câu hỏi {n}" for n in range(20)
    )
    sent = [t for t in workers.telegram.sent_texts() if "câu hỏi" in t]
    assert len(sent) == 20 and len(set(sent)) == 20


async def test_a_commit_that_announces_wakes_the_listening_workers(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("NOTIFY is PostgreSQL's")
    woken = asyncio.Event()
    listener = asyncio.create_task(wakeups.listen_forever(database_url, woken.set))
    database = Database(database_url)
    try:
        # announced until heard: the listener may still be connecting for the first ones
        for _ in range(40):
            async with database.session() as session:
                await wakeups.announce(session)
                await session.commit()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(woken.wait(), timeout=0.5)
                break
        assert woken.is_set(), "no announcement reached the listener in 20 s"
    finally:
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listener
        await database.close()
