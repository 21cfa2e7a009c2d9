"""Talks to the Rasa server over its REST channel."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import quote

import aiohttp

logger = logging.getLogger(__name__)


# on Python 3.10 aiohttp's timeouts raise asyncio.TimeoutError, which is not yet the builtin
# TimeoutError


class RasaUnavailable(Exception):
    """Rasa did not answer (down, starting, overloaded): the message stays in the inbox."""


class RasaClient:
    def __init__(self, base_url: str, timeout_seconds: float) -> None:
        self.base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=self._timeout)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        assert self._session is not None, "RasaClient.start() was not awaited"
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            async with self._session.post(
                f"{self.base_url}/webhooks/rest/webhook", json=body
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered HTTP {response.status}")
                replies = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaUnavailable(f"{type(error).__name__}: {error}") from error
        if not isinstance(replies, list):
            raise RasaUnavailable("Rasa answered something other than a list")
        return [r for r in replies if isinstance(r, dict)]

    async def replies_already_given(
        self, sender: str, inbox_id: int
    ) -> list[dict[str, Any]] | None:
        """What Rasa answered to inbox row `inbox_id`, if its tracker already holds that message.

        A try that failed after reaching Rasa (a server restarted mid-answer, a timeout, a lost
        response) may have been handled: sending it again would move the conversation twice.
        Rasa keeps the gateway's metadata on each user event, so the tracker tells.
        """
        assert self._session is not None, "RasaClient.start() was not awaited"
        url = f"{self.base_url}/conversations/{quote(sender, safe='')}/tracker"
        try:
            params = {"include_events": "AFTER_RESTART"}
            async with self._session.get(url, params=params) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered HTTP {response.status} for the tracker")
                tracker = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaUnavailable(f"{type(error).__name__}: {error}") from error
        return replies_after(tracker.get("events") or [], sender, inbox_id)

    async def keep_in_history(
        self,
        sender: str,
        metadata: dict[str, Any],
        text: str,
        replies: list[dict[str, Any]],
    ) -> None:
        """Writes into Rasa's tracker a message the gateway answered itself (an official holds
        the conversation, or it answers an official's question) with what the citizen was told.

        The turn is then rewound, as Rasa's own fallbacks do, so the dialogue goes on from where
        it was: the history is whole, and the assistant's next prediction does not count a turn
        it never took. A message already in the tracker (an earlier try) is not written again.
        """
        assert self._session is not None, "RasaClient.start() was not awaited"
        if await self.replies_already_given(sender, int(metadata["inbox_id"])) is not None:
            return
        # Rasa reads a user event's parse data; no intent, as Rasa's NLU never read this one
        parse_data = {"text": text, "intent": {}, "entities": []}
        user = {"event": "user", "text": text, "parse_data": parse_data, "metadata": metadata}
        events: list[dict[str, Any]] = [user]
        events += [{"event": "bot", "text": r.get("text"), "metadata": metadata} for r in replies]
        events += [{"event": "rewind"}, {"event": "action", "name": "action_listen"}]
        url = f"{self.base_url}/conversations/{quote(sender, safe='')}/tracker/events"
        try:
            async with self._session.post(url, json=events) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered HTTP {response.status} for the events")
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaUnavailable(f"{type(error).__name__}: {error}") from error

    async def is_ready(self) -> bool:
        assert self._session is not None
        try:
            async with self._session.get(f"{self.base_url}/status") as response:
                if response.status != 200:
                    return False
                status = await response.json()
                return bool(status.get("model_file"))
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False


def replies_after(
    events: list[dict[str, Any]], sender: str, inbox_id: int
) -> list[dict[str, Any]] | None:
    """The bot messages that followed the user event of `inbox_id`, shaped as the REST channel
    returns them; None when no user event carries that id."""
    found: list[dict[str, Any]] | None = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            if found is not None:
                break
            if (event.get("metadata") or {}).get("inbox_id") == inbox_id:
                found = []
        elif kind == "bot" and found is not None:
            found.append(_as_rest_reply(event, sender))
    return found


def _as_rest_reply(event: dict[str, Any], sender: str) -> dict[str, Any]:
    reply: dict[str, Any] = {"recipient_id": sender}
    if event.get("text"):
        reply["text"] = event["text"]
    data = event.get("data") or {}
    for key in ("buttons", "image", "attachment", "custom"):
        if data.get(key):
            reply[key] = data[key]
    return reply
