"""One running stack (real Rasa, action server and gateway) shared by the integration tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from tests.servers import Stack, running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("stack")) as running:
        yield running


class WebChat:
    """A citizen on the web chat: says something and collects every reply to it."""

    def __init__(self, gateway_url: str, session_id: str | None = None) -> None:
        self.url = gateway_url
        self.session_id = session_id or uuid.uuid4().hex
        self.after = 0

    async def say(self, text: str, timeout: float = 30.0) -> list[dict[str, Any]]:
        async with aiohttp.ClientSession() as http:
            async with http.post(
                f"{self.url}/webchat/messages", json={"session": self.session_id, "text": text}
            ) as response:
                assert response.status == 202, await response.text()
            return await self._collect(http, timeout)

    async def _collect(self, http: aiohttp.ClientSession, timeout: float) -> list[dict[str, Any]]:
        replies: list[dict[str, Any]] = []
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            async with http.get(
                f"{self.url}/webchat/messages",
                params={"session": self.session_id, "after": str(self.after), "wait": "5"},
            ) as response:
                assert response.status == 200
                data = await response.json()
            for message in data["messages"]:
                replies.append(message)
                self.after = max(self.after, message["id"])
            if replies and not data["busy"]:
                return replies
        raise AssertionError(f"no complete answer within {timeout} s; got {replies}")

    async def wait_for_more(self, timeout: float = 30.0) -> list[dict[str, Any]]:
        async with aiohttp.ClientSession() as http:
            return await self._collect(http, timeout)


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def button_payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons") or []]
