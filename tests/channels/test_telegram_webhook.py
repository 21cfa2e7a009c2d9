"""Telegram intake: secret check, parsing every kind of update, dedupe, callback answers."""

from __future__ import annotations

import json

from bot.channels.telegram.webhook import SECRET_HEADER
from storage.models import InboxStatus
from tests.channels import payloads as p
from tests.channels.conftest import TELEGRAM_SECRET, Gateway, eventually


async def test_missing_or_forged_secret_is_refused_and_nothing_is_stored(gateway: Gateway) -> None:
    missing = await gateway.telegram_update(p.telegram_text(1, "xin chào"), secret=None)
    forged = await gateway.telegram_update(p.telegram_text(2, "xin chào"), secret="guess")
    almost = await gateway.telegram_update(p.telegram_text(3, "xin chào"), secret="webhook-secret")
    assert (missing.status, forged.status, almost.status) == (403, 403, 403)
    await gateway.idle()
    assert await gateway.inbox() == []
    assert gateway.rasa.handled == []


async def test_bodies_that_are_not_updates_get_400(gateway: Gateway) -> None:
    for body in (
        b"{not json",
        b"[1, 2]",
        b'"text"',
        b'{"message": {}}',
        b'{"update_id": "7"}',
        b'{"update_id": true}',
        b'{"update_id": -1}',
        b"\xff\xfe",
        b'{"update_id": 9, "message": {"message_id": 1}}',
    ):
        response = await gateway.client.post(
            "/webhooks/telegram",
            data=body,
            headers={SECRET_HEADER: TELEGRAM_SECRET},
        )
        assert response.status == 400, body
    assert await gateway.inbox() == []


async def test_a_body_over_the_size_limit_gets_413(start_gateway) -> None:
    gateway = await start_gateway(max_body_bytes=16 * 1024)
    update = p.telegram_text(1, "a" * 20_000)
    response = await gateway.telegram_update(update)
    assert response.status == 413
    assert await gateway.inbox() == []


async def test_text_is_stored_sent_to_rasa_and_answered(gateway: Gateway) -> None:
    response = await gateway.telegram_update(p.telegram_text(5001, "Làm căn cước cần gì?"))
    assert response.status == 200
    await eventually(lambda: gateway.telegram.calls_to("sendMessage"))
    [row] = await gateway.inbox()
    assert row.platform_message_id == "5001"
    assert row.text == "Làm căn cước cần gì?"
    [request] = gateway.rasa.handled
    assert request["sender"] == f"telegram:{p.CITIZEN_ID}"
    assert request["metadata"]["channel"] == "telegram"
    assert request["metadata"]["telegram"]["chat_id"] == p.CITIZEN_ID
    [call] = gateway.telegram.calls_to("sendMessage")
    assert call.params["chat_id"] == p.CITIZEN_ID
    assert call.params["text"] == "echo: Làm căn cước cần gì?"


async def test_a_redelivered_update_is_acknowledged_handled_once_and_replied_once(
    gateway: Gateway,
) -> None:
    update = p.telegram_text(6001, "Thủ tục khai sinh")
    statuses = [(await gateway.telegram_update(update)).status for _ in range(3)]
    assert statuses == [200, 200, 200]
    await eventually(lambda: gateway.telegram.calls_to("sendMessage"))
    await gateway.idle()
    assert len(await gateway.inbox()) == 1
    assert gateway.rasa.texts() == ["Thủ tục khai sinh"]
    assert gateway.telegram.sent_texts() == ["echo: Thủ tục khai sinh"]


async def test_a_photo_becomes_an_attachment_and_share_photo(gateway: Gateway) -> None:
    await gateway.telegram_update(p.telegram_photo(7001))
    await gateway.telegram_update(p.telegram_photo(7002, caption="Ổ gà trên đường Lê Lợi"))
    await eventually(lambda: len(gateway.rasa.handled) == 2)
    first, second = await gateway.inbox()
    assert first.text == "/share_photo"
    assert first.payload["photo"]["file_id"] == "AgACAgQAAxkBAAIBlarge"
    assert second.text == "Ổ gà trên đường Lê Lợi"
    assert second.payload["photo"]["caption"] == "Ổ gà trên đường Lê Lợi"
    attachments = await gateway.attachments()
    assert [(a.kind, a.reference, a.size, a.inbox_message_id) for a in attachments] == [
        ("photo", "AgACAgQAAxkBAAIBlarge", 91234, first.id),
        ("photo", "AgACAgQAAxkBAAIBlarge", 91234, second.id),
    ]
    assert gateway.rasa.handled[0]["metadata"]["photo"]["file_id"] == "AgACAgQAAxkBAAIBlarge"


async def test_a_location_becomes_share_location_and_an_attachment(gateway: Gateway) -> None:
    await gateway.telegram_update(p.telegram_location(7101))
    await eventually(lambda: gateway.rasa.handled)
    [row] = await gateway.inbox()
    assert row.text == '/share_location{"latitude": 19.8067, "longitude": 105.7852}'
    [attachment] = await gateway.attachments()
    assert (attachment.kind, attachment.latitude, attachment.longitude) == (
        "location",
        19.8067,
        105.7852,
    )


async def test_only_the_citizens_own_contact_shares_a_phone(gateway: Gateway) -> None:
    await gateway.telegram_update(p.telegram_contact(7201))
    await gateway.telegram_update(p.telegram_contact(7202, owner=999, phone="+84 98 765 4321"))
    await eventually(lambda: len(gateway.rasa.handled) == 2)
    own, other = await gateway.inbox()
    assert own.text == '/share_contact{"phone": "+84912345678"}'
    assert own.payload["contact"] == {"phone": "+84912345678", "verified": True}
    assert other.text == "/share_contact"
    assert "phone" not in other.payload["contact"]


async def test_a_button_press_sends_its_payload_and_is_answered(gateway: Gateway) -> None:
    update = p.telegram_callback(7301, "/ask_procedure")
    response = await gateway.telegram_update(update)
    assert response.status == 200
    await eventually(lambda: gateway.telegram.calls_to("answerCallbackQuery"))
    await eventually(lambda: gateway.rasa.handled)
    [row] = await gateway.inbox()
    assert row.text == "/ask_procedure"
    [answer] = gateway.telegram.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == update["callback_query"]["id"]


async def test_a_failed_callback_answer_is_only_logged(gateway: Gateway) -> None:
    gateway.telegram.fail_next(
        1, 400, methods=("answerCallbackQuery",), description="Bad Request: query is too old"
    )
    response = await gateway.telegram_update(p.telegram_callback(7351, "/check_status"))
    assert response.status == 200
    await eventually(lambda: gateway.rasa.handled)


async def test_an_edited_message_is_a_new_message(gateway: Gateway) -> None:
    await gateway.telegram_update(p.telegram_text(7401, "Lam khai sinh"))
    edited = p.telegram_message(7402, kind="edited_message", text="Làm khai sinh")
    await gateway.telegram_update(edited)
    await eventually(lambda: len(gateway.rasa.handled) == 2)
    original, edit = await gateway.inbox()
    assert (edit.platform_message_id, edit.text) == ("7402", "Làm khai sinh")
    assert edit.payload["edited"] is True
    assert "edited" not in original.payload


async def test_updates_the_assistant_does_not_handle_are_acknowledged_and_dropped(
    gateway: Gateway,
) -> None:
    unknown = [
        {
            "update_id": 7501,
            "poll": {
                "id": "1",
                "question": "?",
                "options": [],
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
            },
        },
        {"update_id": 7502, "my_chat_member_future_kind": {"x": 1}},
        p.telegram_message(
            7503,
            sticker={
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            },
        ),
        p.telegram_message(7504, chat_type="group", text="ai trực hôm nay?"),
    ]
    for update in unknown:
        assert (await gateway.telegram_update(update)).status == 200
    await gateway.idle()
    assert await gateway.inbox() == []


async def test_hostile_strings_are_stored_safely(gateway: Gateway) -> None:
    raw = json.dumps(p.telegram_text(7601, "a\u0000b \ud800 c"))
    response = await gateway.client.post(
        "/webhooks/telegram",
        data=raw,
        headers={SECRET_HEADER: TELEGRAM_SECRET},
    )
    assert response.status == 200
    [row] = await gateway.inbox()
    assert row.text == "ab ? c"
    assert row.status in (InboxStatus.PENDING, InboxStatus.DONE)
