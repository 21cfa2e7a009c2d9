"""Rasa's REST channel, except that a message Rasa failed to handle is answered 503.

Rasa's own REST channel logs any error while handling a message (the tracker store's connection
dropped, the lock store restarted) and answers 200 with whatever replies it had gathered, often
none. The gateway would take that for an answer and the citizen would never hear back. A 503
keeps the message in the gateway's inbox; its next try reads the tracker first, so a message
Rasa did record is not handled twice.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable

import structlog
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

structlogger = structlog.get_logger()


class StrictRestInput(RestInput):
    """Served at the same path as Rasa's REST channel, `/webhooks/rest/webhook`."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("strict_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            collector = CollectingOutputChannel()
            message = UserMessage(
                self._extract_message(request),
                collector,
                await self._extract_sender(request),
                input_channel=self._extract_input_channel(request),
                metadata=self.get_metadata(request),
            )
            try:
                await on_new_message(message)
            except Exception as error:  # any failure means "not handled"
                structlogger.exception("strict_rest.message.not_handled", sender=message.sender_id)
                return response.json(
                    {"error": "not handled", "reason": type(error).__name__}, status=503
                )
            return response.json(collector.messages)

        return webhook
