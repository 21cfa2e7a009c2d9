"""A citizen's account on one channel: says a text and returns every reply to it.

Replies are complete when the gateway has handled the message and delivered what it queued
(the web chat's `busy` flag; for Telegram and Zalo the inbox and outbox rows in the database),
so no reply is waited for with a fixed sleep.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import time
import uuid
from typing import Any, Protocol

import aiohttp
from sqlalchemy import func, select

from storage.db import Database
from storage.models import Channel, Citizen, InboxMessage, InboxStatus, OutboxMessage, OutboxStatus
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.zalo import FakeZaloAPI
from tests.servers import Stack

REPLY_TIMEOUT = 60.0
POLL_SECONDS = 0.05
_ids = itertools.count(int(time.time() * 1000) % 1_000_000_000)


class Chat(Protocol):
    channel: str

    async def say(self, text: str) -> list[str]: ...


def _reply_text(message: dict[str, Any]) -> str:
    buttons = [b.get("title", "") for b in message.get("buttons") or []]
    return "\n".join([str(message.get("text") or ""), *buttons]).strip()


class WebChat:
    channel = "web"

    def __init__(self, stack: Stack) -> None:
        self.url = stack.gateway_url
        self.session_id = uuid.uuid4().hex
        self.after = 0

    async def say(self, text: str) -> list[str]:
        async with aiohttp.ClientSession() as http:
            async with http.post(
                f"{self.url}/webchat/messages", json={"session": self.session_id, "text": text}
            ) as response:
                assert response.status == 202, await response.text()
            replies: list[str] = []
            deadline = time.monotonic() + REPLY_TIMEOUT
            while time.monotonic() < deadline:
                async with http.get(
                    f"{self.url}/webchat/messages",
                    params={"session": self.session_id, "after": str(self.after), "wait": "5"},
                ) as response:
                    data = await response.json()
                for message in data["messages"]:
                    replies.append(_reply_text(message))
                    self.after = max(self.after, message["id"])
                if replies and not data["busy"]:
                    return replies
        raise AssertionError(f"web chat: no complete answer to {text!r} in {REPLY_TIMEOUT} s")


async def _settled(database: Database, channel: Channel, user_id: str, message_id: str) -> None:
    """Waits until the message is handled and every reply it queued has left the outbox (a row
    is marked sent only once the platform accepted it, so the fake has recorded it by then)."""
    deadline = time.monotonic() + REPLY_TIMEOUT
    while time.monotonic() < deadline:
        async with database.session() as session:
            inbox = await session.scalar(
                select(InboxMessage).where(
                    InboxMessage.channel == channel,
                    InboxMessage.platform_message_id == message_id,
                )
            )
            citizen = await session.scalar(
                select(Citizen).where(
                    Citizen.channel == channel, Citizen.channel_user_id == user_id
                )
            )
            if inbox is not None and inbox.status != InboxStatus.PENDING and citizen is not None:
                pending = await session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(
                        OutboxMessage.citizen_id == citizen.id,
                        OutboxMessage.status == OutboxStatus.PENDING,
                    )
                )
                if not pending:
                    return
        await asyncio.sleep(POLL_SECONDS)
    raise AssertionError(f"{channel.value}: message {message_id} not handled in {REPLY_TIMEOUT} s")


class TelegramChat:
    channel = "telegram"

    def __init__(self, stack: Stack, api: FakeBotAPI, secret: str) -> None:
        self.stack, self.api, self.secret = stack, api, secret
        self.user_id = 8_000_000_000 + next(_ids)
        self.database = Database(stack.database_url)

    def _sent(self) -> list[str]:
        return [
            _telegram_text(c.params)
            for c in self.api.calls_to("sendMessage")
            if str(c.params.get("chat_id")) == str(self.user_id)
        ]

    async def say(self, text: str) -> list[str]:
        update_id = next(_ids)
        update = {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "from": {"id": self.user_id, "is_bot": False, "first_name": "Dân"},
                "chat": {"id": self.user_id, "type": "private"},
                "date": int(time.time()),
                "text": text,
            },
        }
        before = len(self._sent())
        async with aiohttp.ClientSession() as http:
            async with http.post(
                f"{self.stack.gateway_url}/webhooks/telegram",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": self.secret},
            ) as response:
                assert response.status == 200, await response.text()
        await _settled(self.database, Channel.TELEGRAM, str(self.user_id), str(update_id))
        return self._sent()[before:]

    async def close(self) -> None:
        await self.database.close()


def _telegram_text(params: dict[str, Any]) -> str:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = (markup or {}).get("inline_keyboard") or []
    titles = [b.get("text", "") for row in rows for b in row]
    return "\n".join([str(params.get("text") or ""), *titles]).strip()


class ZaloChat:
    channel = "zalo"

    def __init__(self, stack: Stack, api: FakeZaloAPI, app_id: str, oa_secret_key: str) -> None:
        self.stack, self.api = stack, api
        self.app_id, self.key = app_id, oa_secret_key
        self.user_id = str(3_000_000_000_000 + next(_ids))
        self.database = Database(stack.database_url)

    def _sent(self) -> list[str]:
        return [
            str(r.body["message"].get("text") or "")
            for r in self.api.sends
            if r.body.get("recipient", {}).get("user_id") == self.user_id
        ]

    async def say(self, text: str) -> list[str]:
        message_id = f"zsim{next(_ids)}"
        event = {
            "app_id": self.app_id,
            "user_id_by_app": self.user_id,
            "event_name": "user_send_text",
            "timestamp": str(int(time.time() * 1000)),
            "sender": {"id": self.user_id},
            "recipient": {"id": "579745863508352884"},
            "message": {"msg_id": message_id, "text": text},
        }
        raw = json.dumps(event).encode()
        signature = hashlib.sha256(
            self.app_id.encode() + raw + event["timestamp"].encode() + self.key.encode()
        ).hexdigest()
        before = len(self._sent())
        async with aiohttp.ClientSession() as http:
            async with http.post(
                f"{self.stack.gateway_url}/webhooks/zalo",
                data=raw,
                headers={"X-ZEvent-Signature": signature, "Content-Type": "application/json"},
            ) as response:
                assert response.status == 200, await response.text()
        await _settled(self.database, Channel.ZALO, self.user_id, message_id)
        return self._sent()[before:]

    async def close(self) -> None:
        await self.database.close()
