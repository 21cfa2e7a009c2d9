"""Telegram delivery: splitting, keyboards, photos, platform failures, Rasa outages, polling."""

from __future__ import annotations

import time

from sqlalchemy import update

from bot import telegram_webhook
from storage.models import InboxMessage, InboxStatus, OutboxStatus, utcnow
from tests.channels import payloads as p
from tests.channels.conftest import TELEGRAM_SECRET, Gateway, eventually

PARAGRAPH = (
    "Hồ sơ gồm tờ khai theo mẫu, bản sao giấy tờ tùy thân và giấy tờ chứng minh nơi cư trú. "
)


def long_reply(paragraphs: int = 12) -> str:
    return "\n\n".join(f"{i}. " + PARAGRAPH * 4 for i in range(paragraphs))


async def test_a_long_reply_arrives_in_parts_in_order(gateway: Gateway) -> None:
    text = long_reply(30)
    assert len(text) > 2 * 4096
    gateway.rasa.respond = lambda sender, message: [{"text": text}, {"text": "Hết."}]
    await gateway.telegram_update(p.telegram_text(8001, "thủ tục"))
    await eventually(lambda: "Hết." in gateway.telegram.sent_texts())
    *parts, last = gateway.telegram.sent_texts()
    assert last == "Hết."
    assert len(parts) >= 3
    assert all(len(part) <= 4096 for part in parts)
    assert all(part.endswith(".") for part in parts)  # cut at sentence or paragraph ends
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


async def test_buttons_become_an_inline_keyboard(gateway: Gateway) -> None:
    buttons = [
        {"title": "Hỏi thủ tục", "payload": "/ask_procedure"},
        {"title": "Gặp cán bộ", "payload": "/human_handoff"},
        {"title": "Quá dài", "payload": "/x" + "y" * 80},
    ]
    gateway.rasa.respond = lambda sender, message: [{"text": "Bạn cần gì?", "buttons": buttons}]
    await gateway.telegram_update(p.telegram_text(8101, "/greet"))
    [call] = await eventually(lambda: gateway.telegram.calls_to("sendMessage"))
    keyboard = call.params["reply_markup"]["inline_keyboard"]
    assert [[(b["text"], b["callback_data"]) for b in row] for row in keyboard] == [
        [("Hỏi thủ tục", "/ask_procedure")],
        [("Gặp cán bộ", "/human_handoff")],
    ]


async def test_custom_replies_ask_for_phone_and_location_then_remove_the_keyboard(
    gateway: Gateway,
) -> None:
    gateway.rasa.respond = lambda sender, message: [
        {"text": "Cho tôi xin số điện thoại", "custom": {"request": "phone", "button": "Gửi số"}},
        {"custom": {"request": "location", "text": "Vị trí sự việc?"}},
        {"text": "Cảm ơn", "custom": {"remove_keyboard": True}},
    ]
    await gateway.telegram_update(p.telegram_text(8201, "phản ánh"))
    calls = await eventually(
        lambda: (
            len(gateway.telegram.calls_to("sendMessage")) == 3
            and gateway.telegram.calls_to("sendMessage")
        )
    )
    phone, location, thanks = (c.params for c in calls)
    assert phone["text"] == "Cho tôi xin số điện thoại"
    assert phone["reply_markup"]["keyboard"] == [[{"text": "Gửi số", "request_contact": True}]]
    assert location["text"] == "Vị trí sự việc?"
    assert location["reply_markup"]["keyboard"][0][0]["request_location"] is True
    assert thanks["reply_markup"] == {"remove_keyboard": True}


async def test_an_image_reply_is_sent_as_a_photo(gateway: Gateway) -> None:
    gateway.rasa.respond = lambda sender, message: [
        {"text": "Mẫu tờ khai", "image": "https://example.gov.vn/mau.png"}
    ]
    await gateway.telegram_update(p.telegram_text(8301, "mẫu"))
    [call] = await eventually(lambda: gateway.telegram.calls_to("sendPhoto"))
    assert call.params["photo"] == "https://example.gov.vn/mau.png"
    assert call.params["caption"] == "Mẫu tờ khai"


async def test_429_is_retried_after_retry_after_and_delivered_exactly_once(
    gateway: Gateway,
) -> None:
    gateway.telegram.fail_next(1, 429, retry_after=1)
    await gateway.telegram_update(p.telegram_text(8401, "xin chào"))
    await eventually(lambda: len(gateway.telegram.calls_to("sendMessage")) == 2)
    refused, delivered = gateway.telegram.calls_to("sendMessage")
    assert delivered.at - refused.at >= 0.95
    await gateway.idle()
    assert gateway.telegram.sent_texts() == ["echo: xin chào", "echo: xin chào"]  # 1 refused
    [row] = await gateway.outbox()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)


async def test_a_rate_limit_inside_a_split_reply_does_not_repeat_earlier_parts(
    gateway: Gateway,
) -> None:
    text = long_reply(30)
    gateway.rasa.respond = lambda sender, message: [{"text": text}]
    gateway.telegram.fail_next(1, 429, retry_after=1, after=1)  # the second part is refused
    await gateway.telegram_update(p.telegram_text(8451, "thủ tục"))
    await eventually(
        lambda: (
            len({*gateway.telegram.sent_texts()}) >= 3
            and (len(gateway.telegram.sent_texts()) == len({*gateway.telegram.sent_texts()}) + 1)
        )
    )
    await gateway.idle()
    texts = gateway.telegram.sent_texts()
    assert texts[1] == texts[2]  # the refused part, then its retry
    assert len(texts) == len(set(texts)) + 1  # nothing else twice
    [row] = await gateway.outbox()
    assert row.status == OutboxStatus.SENT


async def test_a_500_is_retried_until_delivered(gateway: Gateway) -> None:
    gateway.telegram.fail_next(2, 500)
    await gateway.telegram_update(p.telegram_text(8501, "xin chào"))
    await eventually(lambda: len(gateway.telegram.calls_to("sendMessage")) == 3, timeout=15)
    await gateway.idle()
    [row] = await gateway.outbox()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 3)


async def test_a_citizen_who_blocked_the_bot_is_undeliverable_and_not_retried(
    gateway: Gateway,
) -> None:
    gateway.telegram.fail_next(1, 403)
    await gateway.telegram_update(p.telegram_text(8601, "xin chào"))
    await eventually(lambda: gateway.telegram.calls_to("sendMessage"))
    await gateway.idle()
    assert len(gateway.telegram.calls_to("sendMessage")) == 1
    [row] = await gateway.outbox()
    assert row.status == OutboxStatus.UNDELIVERABLE
    assert "blocked" in (row.last_error or "")


async def test_while_rasa_is_down_messages_wait_and_are_then_handled_once_in_order(
    gateway: Gateway,
) -> None:
    gateway.rasa.down = True
    for number, text in enumerate(["một", "hai", "ba"]):
        await gateway.telegram_update(p.telegram_text(8701 + number, text))
    await eventually(lambda: gateway.rasa.refused >= 2)
    gateway.rasa.down = False
    await eventually(lambda: len(gateway.telegram.calls_to("sendMessage")) == 3, timeout=15)
    await gateway.idle()
    assert gateway.rasa.texts() == ["một", "hai", "ba"]
    assert gateway.telegram.sent_texts() == ["echo: một", "echo: hai", "echo: ba"]


async def test_a_flooding_sender_is_held_back_but_nothing_is_lost(start_gateway) -> None:
    gateway = await start_gateway(sender_rate_per_minute=3)
    for number in range(6):
        assert (
            await gateway.telegram_update(p.telegram_text(8801 + number, f"tin {number}"))
        ).status == 200
    await gateway.telegram_update(p.telegram_text(8901, "người khác", user_id=777))
    await eventually(lambda: len(gateway.rasa.handled) == 4)
    await gateway.idle()
    # order is kept per citizen; the other citizen may be answered in between
    assert [t for t in gateway.rasa.texts() if t.startswith("tin")] == ["tin 0", "tin 1", "tin 2"]
    assert "người khác" in gateway.rasa.texts()
    rows = await gateway.inbox()
    assert len(rows) == 7
    held = [r for r in rows if r.status == InboxStatus.PENDING]
    assert [r.text for r in held] == ["tin 3", "tin 4", "tin 5"]
    waits = [(r.next_attempt_at - utcnow()).total_seconds() for r in held]
    assert 15 < waits[0] < 21  # one per 20 s at 3/min
    assert waits[0] < waits[1] < waits[2]
    # when their time comes they are handled, in order
    async with gateway.database.session() as session:
        await session.execute(update(InboxMessage).values(next_attempt_at=utcnow()))
        await session.commit()
    await eventually(lambda: len(gateway.rasa.handled) == 7)
    assert gateway.rasa.texts()[-3:] == ["tin 3", "tin 4", "tin 5"]


async def test_long_polling_feeds_the_same_path(start_gateway) -> None:
    gateway = await start_gateway(telegram_mode="polling", telegram_webhook_secret=None)
    gateway.telegram.queue_update(p.telegram_text(9001, "qua polling"))
    gateway.telegram.queue_update({"update_id": 9002, "message": {"broken": True}})
    gateway.telegram.queue_update(p.telegram_location(9003))
    await eventually(lambda: len(gateway.telegram.calls_to("sendMessage")) == 2)
    assert gateway.rasa.texts() == [
        "qua polling",
        '/share_location{"latitude": 19.8067, "longitude": 105.7852}',
    ]
    assert gateway.telegram.calls_to("deleteWebhook")
    await eventually(
        lambda: any(c.params.get("offset") == 9004 for c in gateway.telegram.calls_to("getUpdates"))
    )
    # the webhook route is not served in polling mode
    assert (await gateway.telegram_update(p.telegram_text(9010, "x"))).status == 404


async def test_the_webhook_cli_registers_url_secret_and_update_kinds(gateway: Gateway) -> None:
    started = time.monotonic()
    printed = await telegram_webhook.run("set", gateway.settings)
    assert printed == "webhook set: https://bot.example.gov.vn/webhooks/telegram"
    webhook = gateway.telegram.webhook
    assert webhook["url"] == "https://bot.example.gov.vn/webhooks/telegram"
    assert webhook["secret_token"] == TELEGRAM_SECRET
    assert webhook["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert "bot.example.gov.vn" in await telegram_webhook.run("info", gateway.settings)
    assert await telegram_webhook.run("delete", gateway.settings) == "webhook deleted"
    assert gateway.telegram.webhook == {}
    assert time.monotonic() - started < 5
