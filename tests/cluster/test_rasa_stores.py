"""Rasa's own stores on the cluster failing one at a time, each checked on its own: a message
Rasa could not lock is kept until Redis is back, and a turn taken after PostgreSQL dropped Rasa's
connections is kept in Rasa's SQL store, not in one server's memory."""

from __future__ import annotations

import asyncio

import aiohttp
from sqlalchemy import select

from core.tracking_codes import new_tracking_code
from storage.db import Database
from storage.models import Citizen, InboxMessage
from tests.cluster.cluster import (
    Cluster,
    eventually,
    post_until_acknowledged,
    rasa_user_events,
    telegram_text_update,
    until,
)
from tests.fakes.telegram import FakeBotAPI

LOCK_CHAT = 81_001
STORE_CHAT = 81_002


def answers_to(telegram: FakeBotAPI, chat: int) -> list[str]:
    return [
        str(call.params.get("text"))
        for call in telegram.calls_to("sendMessage")
        if int(call.params["chat_id"]) == chat
    ]


async def inbox_of(database: Database, chat: int) -> list[InboxMessage]:
    async with database.session() as session:
        rows = await session.scalars(
            select(InboxMessage)
            .join(Citizen, Citizen.id == InboxMessage.citizen_id)
            .where(Citizen.channel_user_id == str(chat))
            .order_by(InboxMessage.id)
        )
        return list(rows.all())


async def test_a_message_rasa_cannot_lock_is_kept_until_redis_is_back(
    cluster: Cluster, telegram_api: FakeBotAPI
) -> None:
    # the cluster is shared: a Rasa server restarted by an earlier test may still be loading
    await asyncio.to_thread(cluster.wait_ready)
    code = new_tracking_code()
    rasa = f"http://127.0.0.1:{cluster.env['RASA1_PORT']}/webhooks/rest/webhook"
    database = Database(cluster.database_url)
    cluster.redis.stop()
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            # straight to Rasa: without its lock store it says so, rather than 200 and no answer
            async with http.post(rasa, json={"sender": "probe", "message": code}) as response:
                assert response.status == 503, await response.text()
            update = telegram_text_update(900_001, LOCK_CHAT, code)
            await post_until_acknowledged(http, f"{cluster.public_url}/webhooks/telegram", update)

        async def tried_and_kept() -> bool:
            rows = await inbox_of(database, LOCK_CHAT)
            return bool(rows) and rows[0].attempts >= 1 and "503" in (rows[0].last_error or "")

        await eventually(tried_and_kept, "a try that Rasa refused, kept in the inbox", 60)
        assert answers_to(telegram_api, LOCK_CHAT) == []
    finally:
        cluster.redis.start()
        await database.close()
    await until(lambda: bool(answers_to(telegram_api, LOCK_CHAT)), "the answer after Redis", 120)
    [answer] = answers_to(telegram_api, LOCK_CHAT)
    assert code in answer


async def test_a_turn_after_postgresql_dropped_rasas_connections_is_kept_in_its_store(
    cluster: Cluster, telegram_api: FakeBotAPI
) -> None:
    codes = [new_tracking_code(), new_tracking_code()]
    url = f"{cluster.public_url}/webhooks/telegram"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
        await post_until_acknowledged(
            http, url, telegram_text_update(900_101, STORE_CHAT, codes[0])
        )
        await until(lambda: len(answers_to(telegram_api, STORE_CHAT)) == 1, "the first answer", 120)
        # every pooled connection of both Rasa servers is now dead
        assert cluster.drop_database_connections() > 0
        await post_until_acknowledged(
            http, url, telegram_text_update(900_102, STORE_CHAT, codes[1])
        )
        await until(
            lambda: len(answers_to(telegram_api, STORE_CHAT)) == 2, "the second answer", 120
        )
    answers = answers_to(telegram_api, STORE_CHAT)
    assert [code in answer for code, answer in zip(codes, answers, strict=True)] == [True, True]
    taken = await rasa_user_events(cluster)
    assert taken[f"telegram:{STORE_CHAT}"] == 2, "a turn fell back to a Rasa server's memory"
