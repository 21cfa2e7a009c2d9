"""A message Rasa handled but whose answer was lost (a server restarted between handling and
answering, a timeout) is not handled again: the retry reads the answer from Rasa's tracker."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import update

from bot.rasa_client import RasaClient, RasaUnavailable
from storage.models import InboxMessage, InboxStatus, OutboxStatus
from tests.channels import payloads as p
from tests.channels.conftest import Gateway, eventually


async def _answered(gateway: Gateway, count: int) -> bool:
    inbox = await gateway.inbox()
    outbox = await gateway.outbox()
    return (
        len(inbox) == count
        and all(m.status == InboxStatus.DONE for m in inbox)
        and all(o.status == OutboxStatus.SENT for o in outbox)
    )


async def test_an_answer_lost_after_rasa_handled_the_message_is_read_back_not_asked_again(
    gateway: Gateway,
) -> None:
    gateway.rasa.lose_answers = 1
    gateway.rasa.respond = lambda sender, text: [
        {"text": f"đã nhận: {text}", "buttons": [{"title": "Có", "payload": "/affirm"}]}
    ]
    await gateway.telegram_update(p.telegram_text(9101, "xin chào"))
    await gateway.telegram_update(p.telegram_text(9102, "cảm ơn"))
    await eventually(lambda: _answered(gateway, 2), timeout=15)
    # Rasa saw each message once; the citizen got each answer once, in order, with its buttons
    assert gateway.rasa.texts() == ["xin chào", "cảm ơn"]
    assert gateway.telegram.sent_texts() == ["đã nhận: xin chào", "đã nhận: cảm ơn"]
    first = gateway.telegram.calls_to("sendMessage")[0]
    assert "Có" in str(first.params.get("reply_markup"))
    [retried, _] = await gateway.inbox()
    assert retried.attempts >= 2


async def test_a_message_taken_by_a_worker_that_died_is_checked_with_rasa_first(
    gateway: Gateway,
) -> None:
    gateway.rasa.down = True
    await gateway.telegram_update(p.telegram_text(9201, "một"))
    await eventually(lambda: gateway.rasa.refused >= 1)
    # as if a worker had taken the message, reached Rasa and died: the row was claimed before,
    # its attempts were never counted, and Rasa's tracker holds the message
    [row] = await gateway.inbox()
    async with gateway.database.session() as session:
        await session.execute(
            update(InboxMessage).where(InboxMessage.id == row.id).values(attempts=0)
        )
        await session.commit()
    gateway.rasa._track(
        f"telegram:{p.CITIZEN_ID}",
        {"message": "một", "metadata": {"inbox_id": row.id}},
        [{"text": "echo: một"}],
    )
    gateway.rasa.down = False
    await eventually(lambda: _answered(gateway, 1), timeout=15)
    assert gateway.rasa.texts() == []
    assert gateway.telegram.sent_texts() == ["echo: một"]


async def test_rasa_taking_too_long_is_unavailable_not_a_crash() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.json_response([])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", slow)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    rasa = RasaClient(str(server.make_url("")), timeout_seconds=0.2)
    await rasa.start()
    try:
        with pytest.raises(RasaUnavailable, match="TimeoutError"):
            await rasa.send("web:slow", "xin chào", {})
    finally:
        await rasa.close()
        await server.close()
