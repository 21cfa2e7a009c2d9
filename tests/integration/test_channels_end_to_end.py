"""Telegram and Zalo through the running gateway, the real Rasa and the real action server;
the platforms' own servers are local fakes that record what they receive."""

from __future__ import annotations

import asyncio
import hashlib
import io
import itertools
import json
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from PIL import Image
from sqlalchemy import select

from storage.db import Database
from storage.models import Attachment, AttachmentStatus, Petition
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.zalo import FakeZaloAPI
from tests.integration.conftest import (
    TELEGRAM_SECRET,
    ZALO_APP_ID,
    ZALO_OA_SECRET_KEY,
    stored_messages,
    until_quiet,
)
from tests.servers import Stack

_update_ids = itertools.count(910_000)
_user_ids = itertools.count(7_000_100)


def telegram_update(user_id: int, **content: Any) -> dict[str, Any]:
    update_id = next(_update_ids)
    if "callback" in content:
        return {
            "update_id": update_id,
            "callback_query": {
                "id": f"cb{update_id}",
                "from": {"id": user_id, "is_bot": False, "first_name": "Lan"},
                "chat_instance": "1",
                "data": content["callback"],
                "message": {
                    "message_id": 1,
                    "date": 1764230400,
                    "chat": {"id": user_id, "type": "private"},
                },
            },
        }
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": user_id, "is_bot": False, "first_name": "Lan"},
            "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
            "date": 1764230400,
            **content,
        },
    }


async def post_telegram(stack: Stack, update: dict[str, Any], secret: str = TELEGRAM_SECRET) -> int:
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{stack.gateway_url}/webhooks/telegram",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": secret},
        ) as response,
    ):
        return response.status


def sent_to(api: FakeBotAPI, chat_id: int) -> list[dict[str, Any]]:
    return [
        c.params
        for c in api.calls_to("sendMessage")
        if str(c.params.get("chat_id")) == str(chat_id)
    ]


async def eventually(check: Callable[[], bool], timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("condition not met in time")


async def say_on_telegram(
    stack: Stack, api: FakeBotAPI, user_id: int, **content: Any
) -> list[dict[str, Any]]:
    before = len(sent_to(api, user_id))
    assert await post_telegram(stack, telegram_update(user_id, **content)) == 200
    await eventually(lambda: len(sent_to(api, user_id)) > before)
    await until_quiet(stack, f"telegram:{user_id}")  # the rest of a multi-part answer
    return sent_to(api, user_id)[before:]


def all_text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("text") or "") for m in messages)


async def test_telegram_greeting_is_answered_once_even_when_redelivered(
    stack: Stack, telegram_api: FakeBotAPI
) -> None:
    user = next(_user_ids)
    update = telegram_update(user, text="xin chào")
    assert await post_telegram(stack, update) == 200
    await eventually(lambda: len(sent_to(telegram_api, user)) >= 1)
    assert await post_telegram(stack, update) == 200  # Telegram redelivers the same update
    await until_quiet(stack, f"telegram:{user}")
    assert len(await stored_messages(stack, f"telegram:{user}")) == 1
    replies = sent_to(telegram_api, user)
    assert len(replies) == 1
    assert "Xin chào" in replies[0]["text"]
    keyboard = replies[0]["reply_markup"]["inline_keyboard"]
    assert any(b["callback_data"] == "/submit_petition" for row in keyboard for b in row)


async def test_a_forged_telegram_webhook_is_refused_and_never_answered(
    stack: Stack, telegram_api: FakeBotAPI
) -> None:
    user = next(_user_ids)
    assert await post_telegram(stack, telegram_update(user, text="xin chào"), "forged") == 403
    # refused before anything is stored: there is nothing the workers could ever answer
    assert await stored_messages(stack, f"telegram:{user}") == []
    assert sent_to(telegram_api, user) == []


async def test_a_telegram_report_with_a_photo_and_a_location_is_filed_with_both(
    stack: Stack, telegram_api: FakeBotAPI
) -> None:
    user = next(_user_ids)
    await say_on_telegram(stack, telegram_api, user, text="tôi muốn gửi phản ánh")
    await say_on_telegram(stack, telegram_api, user, callback='/inform{"petition_kind":"phan_anh"}')
    await say_on_telegram(stack, telegram_api, user, callback='/inform{"category":"moi_truong"}')
    asked_place = await say_on_telegram(
        stack, telegram_api, user, text="Bãi rác tự phát ở đầu ngõ 7 bốc mùi cả tuần nay"
    )
    assert "ở đâu" in all_text(asked_place)
    photo = [
        {
            "file_id": "AgACAgQAAxkBAAIBphoto",
            "file_unique_id": "AQADp",
            "file_size": 91234,
            "width": 1280,
            "height": 960,
        }
    ]
    # the platform holds the picture; the gateway's attachment worker fetches and keeps it
    picture = io.BytesIO()
    Image.new("RGB", (1280, 960), (120, 110, 90)).save(picture, "JPEG")
    telegram_api.files["AgACAgQAAxkBAAIBphoto"] = picture.getvalue()
    assert "Đã nhận ảnh" in all_text(await say_on_telegram(stack, telegram_api, user, photo=photo))
    asked_commune = await say_on_telegram(
        stack, telegram_api, user, location={"latitude": 19.8067, "longitude": 105.7852}
    )
    assert "xã/phường nào" in all_text(asked_commune)
    asked_anonymity = await say_on_telegram(stack, telegram_api, user, text="xa cao phong")
    assert "ẩn danh" in all_text(asked_anonymity)
    summary = await say_on_telegram(stack, telegram_api, user, callback="/affirm")
    assert "Ảnh/tệp: 1" in all_text(summary)
    done = all_text(await say_on_telegram(stack, telegram_api, user, callback="/affirm"))
    assert "Mã hồ sơ" in done
    database = Database(stack.database_url)
    try:
        async with database.session() as session:
            code = done.split("Mã hồ sơ của bạn: ")[1].split()[0]
            petition = await session.scalar(select(Petition).where(Petition.tracking_code == code))
            assert petition is not None and petition.anonymous
            assert abs((petition.latitude or 0) - 19.8067) < 1e-6
            photos = (
                await session.scalars(
                    select(Attachment).where(
                        Attachment.petition_id == petition.id, Attachment.kind == "photo"
                    )
                )
            ).all()
            assert [p.reference for p in photos] == ["AgACAgQAAxkBAAIBphoto"]
        deadline = time.monotonic() + 30
        while True:
            async with database.session() as session:
                kept = await session.get(Attachment, photos[0].id)
                assert kept is not None
            if kept.status == AttachmentStatus.STORED:
                break
            assert time.monotonic() < deadline, f"photo still {kept.status} after 30 s"
            await asyncio.sleep(0.1)
        assert kept.mime == "image/jpeg" and kept.sha256 is not None
        assert (stack.data_dir / "attachments" / kept.sha256[:2] / kept.sha256).exists()
    finally:
        await database.close()


async def test_messages_sent_while_rasa_is_down_are_answered_once_in_order_when_it_is_back(
    stack: Stack, telegram_api: FakeBotAPI
) -> None:
    user = next(_user_ids)
    stack.stop("rasa")
    try:
        for text in ("xin chào", "làm hộ chiếu cần gì", "tạm biệt"):
            assert await post_telegram(stack, telegram_update(user, text=text)) == 200

        async def tried_while_down() -> bool:
            stored = await stored_messages(stack, f"telegram:{user}")
            return len(stored) == 3 and stored[0].attempts >= 1

        # the worker has tried the first message against the stopped Rasa and kept it
        deadline = time.monotonic() + 30
        while not await tried_while_down():
            assert time.monotonic() < deadline, "the inbox worker never tried while Rasa was down"
            await asyncio.sleep(0.1)
        assert sent_to(telegram_api, user) == []
    finally:
        stack.start("rasa")
    await eventually(lambda: len(sent_to(telegram_api, user)) >= 3, timeout=90)
    await until_quiet(stack, f"telegram:{user}", timeout=90)
    texts = [m["text"] for m in sent_to(telegram_api, user)]
    assert "Xin chào" in texts[0]
    assert any("hộ chiếu" in t.lower() for t in texts[1:-1])
    assert "Cảm ơn bạn đã liên hệ" in texts[-1]
    assert len([t for t in texts if "Xin chào" in t]) == 1


def signed_zalo(event: dict[str, Any]) -> tuple[bytes, str]:
    raw = json.dumps(event).encode()
    digest = hashlib.sha256(
        ZALO_APP_ID.encode() + raw + event["timestamp"].encode() + ZALO_OA_SECRET_KEY.encode()
    ).hexdigest()
    return raw, digest


def zalo_text(user: str, msg_id: str, text: str) -> dict[str, Any]:
    return {
        "app_id": ZALO_APP_ID,
        "user_id_by_app": "1",
        "event_name": "user_send_text",
        "timestamp": str(int(time.time() * 1000)),
        "sender": {"id": user},
        "recipient": {"id": "579745863508352884"},
        "message": {"msg_id": msg_id, "text": text},
    }


async def test_zalo_text_is_answered_through_the_oa_api_and_forgeries_are_refused(
    stack: Stack, zalo_api: FakeZaloAPI
) -> None:
    user = "2512523625499001"
    raw, signature = signed_zalo(zalo_text(user, "zmsg-e2e-1", "hello, what can you do?"))
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{stack.gateway_url}/webhooks/zalo",
            data=raw,
            headers={"X-ZEvent-Signature": signature, "Content-Type": "application/json"},
        ) as response:
            assert response.status == 200
        async with http.post(
            f"{stack.gateway_url}/webhooks/zalo",
            data=raw.replace(b"hello", b"HELLO"),
            headers={"X-ZEvent-Signature": signature, "Content-Type": "application/json"},
        ) as response:
            assert response.status == 401

    def to_user() -> list[str]:
        return [
            str(r.body["message"].get("text"))
            for r in zalo_api.sends
            if r.body["recipient"]["user_id"] == user
        ]

    await eventually(lambda: len(to_user()) >= 1)
    await until_quiet(stack, f"zalo:{user}")
    assert len(to_user()) == 1
    assert "I can help you" in to_user()[0]
