"""Zalo OA: signed events of every kind, dedupe, delivery, error codes and token rotation."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from sqlalchemy import select

from bot.channels.zalo.sender import ZALO
from storage.models import ChannelCredential, InboxStatus, OutboxStatus, utcnow
from tests.channels import payloads as p
from tests.channels.conftest import Gateway, eventually, sign_zalo

SENDER = f"zalo:{p.ZALO_USER}"


async def credential(gateway: Gateway) -> ChannelCredential:
    async with gateway.database.session() as session:
        row = await session.scalar(
            select(ChannelCredential).where(ChannelCredential.name == "zalo")
        )
    assert row is not None
    return row


async def test_a_signed_text_is_stored_and_answered_through_the_oa_api(gateway: Gateway) -> None:
    response = await gateway.zalo_event(p.zalo_text("msg-1", "Đăng ký kết hôn cần gì?"))
    assert response.status == 200
    [send] = await eventually(lambda: gateway.zalo.sends)
    [row] = await gateway.inbox()
    assert (row.platform_message_id, row.text) == ("msg-1", "Đăng ký kết hôn cần gì?")
    assert gateway.rasa.handled[0]["sender"] == SENDER
    assert send.headers["access_token"] == "access-0"
    assert send.body == {
        "recipient": {"user_id": p.ZALO_USER},
        "message": {"text": "echo: Đăng ký kết hôn cần gì?"},
    }


async def test_a_mac_prefixed_upper_case_signature_is_accepted(gateway: Gateway) -> None:
    event = p.zalo_text("msg-2", "xin chào")
    raw = json.dumps(event).encode()
    response = await gateway.zalo_raw(raw, "mac=" + sign_zalo(raw, event["timestamp"]).upper())
    assert response.status == 200
    assert len(await gateway.inbox()) == 1


async def test_wrong_missing_or_tampered_signatures_get_401_and_store_nothing(
    gateway: Gateway,
) -> None:
    event = p.zalo_text("msg-3", "chuyển tiền cho tôi")
    raw = json.dumps(event).encode()
    good = sign_zalo(raw, event["timestamp"])
    tampered = raw.replace(b"msg-3", b"msg-4")
    other_time = sign_zalo(raw, "1764230400124")
    wrong_key = sign_zalo(raw, event["timestamp"], key="not-the-key")
    for body, signature in (
        (raw, None),
        (raw, ""),
        (raw, "0" * 64),
        (tampered, good),
        (raw, other_time),
        (raw, wrong_key),
        (raw, good[:-1]),
    ):
        assert (await gateway.zalo_raw(body, signature)).status == 401
    no_timestamp = json.dumps({**event, "timestamp": None}).encode()
    assert (await gateway.zalo_raw(no_timestamp, good)).status == 401
    assert await gateway.inbox() == []


async def test_bodies_that_do_not_parse_get_400(gateway: Gateway) -> None:
    for raw in (b"{broken", b"[]", b"\xff\xfe"):
        assert (await gateway.zalo_raw(raw, "0" * 64)).status == 400


async def test_an_image_becomes_an_attachment_and_share_photo(gateway: Gateway) -> None:
    await gateway.zalo_event(p.zalo_image("msg-10"))
    await eventually(lambda: gateway.rasa.handled)
    [row] = await gateway.inbox()
    assert row.text == "/share_photo"
    [attachment] = await gateway.attachments()
    assert (attachment.kind, attachment.reference) == (
        "photo",
        "https://photo-zmp3.zadn.vn/full/abc.jpg",
    )
    assert gateway.rasa.handled[0]["metadata"]["photo"]["url"] == attachment.reference


async def test_a_location_in_either_documented_shape_becomes_share_location(
    gateway: Gateway,
) -> None:
    await gateway.zalo_event(p.zalo_location("msg-20"))
    await gateway.zalo_event(p.zalo_location("msg-21", in_attachment=False))
    await eventually(lambda: len(gateway.rasa.handled) == 2)
    expected = '/share_location{"latitude": 19.8067, "longitude": 105.7852}'
    assert [r.text for r in await gateway.inbox()] == [expected, expected]
    assert [(a.kind, a.latitude, a.longitude) for a in await gateway.attachments()] == [
        ("location", 19.8067, 105.7852)
    ] * 2


async def test_a_file_becomes_a_file_attachment(gateway: Gateway) -> None:
    await gateway.zalo_event(p.zalo_file("msg-30"))
    [attachment] = await eventually(gateway.attachments)
    assert (attachment.kind, attachment.name, attachment.size) == ("file", "don-de-nghi.pdf", 48213)


async def test_a_follow_greets_once_however_often_it_is_delivered(gateway: Gateway) -> None:
    follow = p.zalo_follow()
    for _ in range(2):
        assert (await gateway.zalo_event(follow)).status == 200
    await eventually(lambda: gateway.zalo.sends)
    await gateway.idle()
    [row] = await gateway.inbox()
    assert row.text == "/greet"
    assert row.platform_message_id == f"follow:{p.ZALO_USER}:{follow['timestamp']}"
    assert gateway.rasa.texts() == ["/greet"]


async def test_submitted_info_shares_the_phone_in_e164_and_the_name(gateway: Gateway) -> None:
    await gateway.zalo_event(p.zalo_submit_info())
    await eventually(lambda: gateway.rasa.handled)
    [row] = await gateway.inbox()
    assert row.text == '/share_contact{"phone": "+84912345678"}'
    assert gateway.rasa.handled[0]["metadata"]["name"] == "Nguyễn Thị Lan"


async def test_asking_for_a_phone_sends_zalos_contact_form(gateway: Gateway) -> None:
    gateway.rasa.respond = lambda sender, message: [
        {"text": "Cho tôi xin số điện thoại", "custom": {"request": "phone", "button": "Gửi số"}}
    ]
    await gateway.zalo_event(p.zalo_text("msg-39", "gui phan anh"))
    forms = await eventually(
        lambda: [
            r.body["message"]["attachment"]["payload"]
            for r in gateway.zalo.sends
            if "attachment" in r.body["message"]
        ]
    )
    [form] = forms
    assert form["template_type"] == "request_user_info"
    [element] = form["elements"]
    assert element["title"] == "Chia sẻ số điện thoại"
    assert element["image_url"] == "https://bot.example.gov.vn/static/contact-card.png"
    assert "Cho tôi xin số điện thoại" in gateway.zalo.sent_texts()
    image = await gateway.client.get("/static/contact-card.png")
    assert image.status == 200 and image.content_type == "image/png"
    # the answer comes back as the shared contact the form takes (read as /share_contact)
    await gateway.zalo_event(p.zalo_submit_info())
    await eventually(lambda: len(gateway.rasa.handled) == 2)
    assert gateway.rasa.texts()[-1] == '/share_contact{"phone": "+84912345678"}'


async def test_the_oas_own_messages_and_unknown_events_are_ignored(gateway: Gateway) -> None:
    echo = p.zalo_message_event("oa_send_text", "msg-40", {"text": "echo: hi"})
    sticker = p.zalo_message_event("user_send_sticker", "msg-41", {"attachments": []})
    unknown = {**p.zalo_text("msg-42", "x"), "event_name": "user_reacted_message"}
    for event in (echo, sticker, unknown):
        assert (await gateway.zalo_event(event)).status == 200
    await gateway.idle()
    assert await gateway.inbox() == []


async def test_a_redelivered_message_is_handled_and_answered_once(gateway: Gateway) -> None:
    event = p.zalo_text("msg-50", "Tra cứu hồ sơ")
    for _ in range(3):
        assert (await gateway.zalo_event(event)).status == 200
    await eventually(lambda: gateway.zalo.sends)
    await gateway.idle()
    assert len(await gateway.inbox()) == 1
    assert gateway.zalo.sent_texts() == ["echo: Tra cứu hồ sơ"]


async def test_a_long_reply_arrives_in_2000_character_parts_in_order(gateway: Gateway) -> None:
    text = "\n\n".join(f"Bước {i}. " + "Nộp hồ sơ tại bộ phận một cửa. " * 12 for i in range(20))
    gateway.rasa.respond = lambda sender, message: [{"text": text}]
    await gateway.zalo_event(p.zalo_text("msg-60", "các bước"))
    await eventually(lambda: len(gateway.zalo.sends) >= 4)
    await gateway.idle()
    parts = gateway.zalo.sent_texts()
    assert all(len(part) <= 2000 for part in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


async def test_buttons_are_numbered_lines_and_a_typed_number_picks_one(gateway: Gateway) -> None:
    buttons = [
        {"title": "Hỏi thủ tục", "payload": "/ask_procedure"},
        {"title": "Tra cứu hồ sơ", "payload": "/check_status"},
    ]
    gateway.rasa.respond = lambda sender, message: (
        [{"text": "Bạn cần gì?", "buttons": buttons}]
        if message == "/greet"
        else [{"text": f"echo: {message}"}]
    )
    await gateway.zalo_event(p.zalo_follow())
    await eventually(lambda: gateway.zalo.sends)
    assert gateway.zalo.sent_texts() == ["Bạn cần gì?\n\n1. Hỏi thủ tục\n2. Tra cứu hồ sơ"]
    await eventually(lambda: gateway.outbox())
    await gateway.zalo_event(p.zalo_text("msg-71", "2"))
    await eventually(lambda: len(gateway.rasa.handled) == 2)
    assert gateway.rasa.handled[1]["message"] == "/check_status"
    assert gateway.rasa.handled[1]["metadata"]["typed"] == "2"
    # the answer without buttons must be out before the next "2" is read against it
    await eventually(lambda: "echo: /check_status" in gateway.zalo.sent_texts())
    await gateway.zalo_event(p.zalo_text("msg-72", "2"))  # the last answer had no buttons
    await eventually(lambda: len(gateway.rasa.handled) == 3)
    assert gateway.rasa.handled[2]["message"] == "2"


async def test_an_image_reply_uses_the_media_template(gateway: Gateway) -> None:
    gateway.rasa.respond = lambda sender, message: [{"image": "https://example.gov.vn/mau.png"}]
    await gateway.zalo_event(p.zalo_text("msg-80", "mẫu"))
    [send] = await eventually(lambda: gateway.zalo.sends)
    assert send.body["message"] == {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "media",
                "elements": [{"media_type": "image", "url": "https://example.gov.vn/mau.png"}],
            },
        }
    }


async def test_outside_the_7_day_window_is_undeliverable_and_not_retried(gateway: Gateway) -> None:
    gateway.zalo.fail_next(1, -230)
    await gateway.zalo_event(p.zalo_text("msg-90", "xin chào"))
    await eventually(lambda: gateway.zalo.sends)
    await gateway.idle()
    assert len(gateway.zalo.sends) == 1
    [row] = await gateway.outbox()
    assert (row.status, row.attempts) == (OutboxStatus.UNDELIVERABLE, 1)


async def test_rate_limited_by_zalo_waits_a_minute(gateway: Gateway) -> None:
    gateway.zalo.fail_next(1, -32)
    await gateway.zalo_event(p.zalo_text("msg-91", "xin chào"))
    await eventually(lambda: gateway.zalo.sends)
    await gateway.idle()
    [row] = await gateway.outbox()
    assert row.status == OutboxStatus.PENDING
    assert 50 < (row.next_attempt_at - utcnow()).total_seconds() <= 60


async def test_a_server_error_is_retried_until_delivered(gateway: Gateway) -> None:
    gateway.zalo.fail_next(1, http_status=502)
    gateway.zalo.fail_next(1, -1)  # "other negative": passing
    await gateway.zalo_event(p.zalo_text("msg-92", "xin chào"))
    await eventually(lambda: len(gateway.zalo.sends) == 3, timeout=15)
    await gateway.idle()
    [row] = await gateway.outbox()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 3)


async def test_the_configured_token_pair_seeds_the_table_on_start(gateway: Gateway) -> None:
    row = await credential(gateway)
    assert (row.access_token, row.refresh_token, row.version) == ("access-0", "refresh-0", 1)


async def test_an_expired_token_is_refreshed_stored_and_the_message_delivered(
    gateway: Gateway,
) -> None:
    gateway.zalo.expire_access_token()
    await gateway.zalo_event(p.zalo_text("msg-100", "xin chào"))
    await eventually(lambda: len(gateway.zalo.sends) == 2)
    refused, delivered = gateway.zalo.sends
    assert refused.headers["access_token"] == "access-0"
    assert delivered.headers["access_token"] == gateway.zalo.access_token
    [refresh] = gateway.zalo.refreshes
    assert refresh.body["refresh_token"] == "refresh-0"
    assert refresh.headers["secret_key"] == "app-secret-for-tests"
    row = await credential(gateway)
    assert (row.access_token, row.refresh_token, row.version) == (
        gateway.zalo.access_token,
        gateway.zalo.refresh_token,
        2,
    )
    assert (row.expires_at - utcnow()).total_seconds() > 24 * 3600
    # the send reached Zalo before the outbox recorded it: wait for the workers to finish
    await gateway.idle()
    [out] = await gateway.outbox()
    assert out.status == OutboxStatus.SENT


async def test_concurrent_refreshes_spend_the_single_use_refresh_token_once(
    gateway: Gateway,
) -> None:
    tokens = gateway.client.app[ZALO].tokens
    first, second = await asyncio.gather(tokens.refresh("access-0"), tokens.refresh("access-0"))
    assert first.access_token == second.access_token == gateway.zalo.access_token
    assert len(gateway.zalo.refreshes) == 1
    assert (await credential(gateway)).version == 2


async def test_a_flooding_zalo_sender_is_held_back_not_dropped(start_gateway) -> None:
    gateway = await start_gateway(sender_rate_per_minute=2)
    for number in range(4):
        assert (await gateway.zalo_event(p.zalo_text(f"f-{number}", f"tin {number}"))).status == 200
    await eventually(lambda: len(gateway.rasa.handled) == 2)
    await gateway.idle()
    rows = await gateway.inbox()
    assert [r.status for r in rows].count(InboxStatus.PENDING) == 2
    assert len(rows) == 4


async def test_a_token_near_its_expiry_is_rotated_ahead_of_time(gateway: Gateway) -> None:
    async with gateway.database.session() as session:
        row = await session.get(ChannelCredential, "zalo")
        assert row is not None
        row.expires_at = utcnow() + timedelta(minutes=5)
        await session.commit()
    tokens = gateway.client.app[ZALO].tokens
    tokens._current = None  # as a freshly started gateway would read it
    assert await tokens.access_token() == gateway.zalo.access_token != "access-0"
    assert len(gateway.zalo.refreshes) == 1
    assert await tokens.access_token() == gateway.zalo.access_token  # no second rotation
    assert len(gateway.zalo.refreshes) == 1
