"""The inbox worker: hands each stored message to Rasa and queues the replies.

Messages are taken oldest first per citizen; while Rasa is unreachable they stay in the inbox and
are retried with backoff, in order. Replies are queued under keys derived from the inbox row, so a
message handled twice (a crash between Rasa's answer and the commit) is never answered twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.metrics import HANDLING_SECONDS, MESSAGES_HANDLED, MESSAGES_SENT, RASA_SECONDS
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.worker_loop import QueueWorker
from core.retry import retry_delay
from core.words import words_for
from storage.db import Database
from storage.models import Channel, InboxMessage, InboxStatus
from storage.services import handoffs, messaging, petitions

logger = logging.getLogger(__name__)

# Rasa being down is waited out in short steps: the citizen is waiting for the answer
MAX_BACKOFF_SECONDS = 30.0


def _may_answer_an_official(text: str) -> bool:
    """Typed text or a photo can answer an official's question; a button press cannot."""
    return not text.startswith("/") or text.startswith("/share_photo")


def _metadata(message: InboxMessage) -> dict[str, Any]:
    """What Rasa keeps on the user event: the channel, and the inbox row that tells a retry."""
    return {"channel": message.channel.value, "inbox_id": message.id, **message.payload}


def backoff(attempts: int) -> dt.timedelta:
    return retry_delay(attempts, base=0.5, cap=MAX_BACKOFF_SECONDS)


class InboundWorker(QueueWorker):
    name = "inbox worker"

    def __init__(self, database: Database, rasa: RasaClient, poll_seconds: float = 1.0) -> None:
        super().__init__(poll_seconds)
        self.database = database
        self.rasa = rasa
        # notified after each handled batch, so the outbox worker starts at once
        self.on_handled: asyncio.Event | None = None
        # notified too: web chat replies are delivered once stored, and its long polls wait here
        self.replies_stored: asyncio.Condition | None = None

    async def run_once(self) -> int:
        async with self.database.transaction() as session:
            batch = await messaging.claim_inbound(session)
            # read in the claim's transaction: most messages are the assistant's, and need no
            # transaction of their own before Rasa
            awaited = await petitions.citizens_awaited(session, {m.citizen_id for m in batch})
        if not batch:
            return 0
        results = await asyncio.gather(
            *(self._handle(m, m.citizen.paused or m.citizen_id in awaited) for m in batch)
        )
        if self.replies_stored is not None:
            async with self.replies_stored:
                self.replies_stored.notify_all()
        # web replies are delivered once stored: the outbox worker is woken only for the others,
        # so its claim does not compete with the web chat's long poll for the database
        if self.on_handled is not None and any(m.channel != Channel.WEB for m in batch):
            self.on_handled.set()
        return sum(results)

    async def _handle(self, message: InboxMessage, maybe_not_for_rasa: bool) -> int:
        """`maybe_not_for_rasa`: the citizen's conversation is held by an official, or one of
        their petitions waits on their answer, when the message was claimed."""
        started = time.perf_counter()
        if maybe_not_for_rasa:
            try:
                without_rasa = await self.database.retrying(
                    lambda session: self._handle_without_rasa(session, message)
                )
            except RasaUnavailable as error:
                return await self._postpone(message, error)
            if without_rasa:
                return 1
        citizen = message.citizen
        metadata = _metadata(message)
        rasa_started = time.perf_counter()
        try:
            replies = None
            if message.attempts or message.claims > 1:
                # an earlier try, or a worker that died holding the message, may have reached
                # Rasa before it failed
                replies = await self.rasa.replies_already_given(citizen.sender_id, message.id)
            if replies is None:
                replies = await self.rasa.send(citizen.sender_id, message.text, metadata)
        except RasaUnavailable as error:
            return await self._postpone(message, error)
        RASA_SECONDS.observe(time.perf_counter() - rasa_started)
        # Rasa has answered: the answer is recorded even if the database drops the connection
        await self.database.retrying(
            lambda session: messaging.finish_inbound(session, message, replies)
        )
        MESSAGES_HANDLED.labels(channel=message.channel.value).inc()
        if message.channel == Channel.WEB:
            # stored is delivered on the web (messaging.enqueue_outbound): counted here
            MESSAGES_SENT.labels(channel="web").inc(len(replies))
        HANDLING_SECONDS.observe(time.perf_counter() - started)
        return 1

    async def _postpone(self, message: InboxMessage, error: RasaUnavailable) -> int:
        logger.warning("Rasa unavailable for inbox %d: %s", message.id, error)
        reason, delay = str(error), backoff(message.attempts)
        await self.database.retrying(
            lambda session: messaging.postpone_inbound(session, message, reason, delay)
        )
        return 0

    async def _keep_in_history(
        self, message: InboxMessage, replies: list[dict[str, Any]], handled_by: str
    ) -> None:
        """Rasa's tracker gets the message and its answer before the outcome is committed: while
        Rasa is down the message waits, as the citizen's others do, and nothing is missing."""
        metadata = {**_metadata(message), "handled_by": handled_by}
        await self.rasa.keep_in_history(message.citizen.sender_id, metadata, message.text, replies)

    async def _handle_without_rasa(self, session: AsyncSession, message: InboxMessage) -> bool:
        """A message an official holds, or an answer to an official's question: handled here,
        in one transaction with its outcome. False when it is Rasa's to answer."""
        citizen = message.citizen
        words = words_for(citizen.language)
        held = await handoffs.record_if_held(session, citizen.id, message)
        if held:
            # the first message an official holds gets one note, so the citizen is not left
            # wondering why the assistant went quiet
            note = [{"text": words.gettext("citizen_held_note")}] if held == 1 else []
            await self._keep_in_history(message, note, "official_holds")
            await messaging.finish_inbound(session, message, note, InboxStatus.SKIPPED)
            return True
        if _may_answer_an_official(message.text):
            answered = await petitions.record_citizen_answer(
                session, citizen.id, message.text, message.id
            )
            if answered is not None:
                _, confirmation = answered
                reply = {"text": words.say(confirmation)}
                await self._keep_in_history(message, [reply], "answers_an_official")
                await messaging.finish_inbound(session, message, [reply])
                return True
        return False
