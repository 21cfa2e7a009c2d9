"""What the outbox worker needs of a channel: deliver one reply, or say why it could not."""

from __future__ import annotations

from typing import Any, Protocol

from storage.models import Channel, Citizen


class RetryLater(Exception):
    """A passing failure (network, 5xx, rate limit); `after` is the platform's own wait, if any."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.after = after


class Undeliverable(Exception):
    """The platform refuses this message for good (user blocked the bot, outside the window)."""


class Sender(Protocol):
    channel: Channel

    async def deliver(self, citizen: Citizen, body: dict[str, Any]) -> None:
        """Sends one Rasa reply (text, buttons, image), split as the platform needs."""
        ...
