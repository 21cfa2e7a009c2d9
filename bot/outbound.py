"""The outbox worker: delivers queued replies with retries, backoff and a dead-letter state."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random

from bot.channels.base import RetryLater, Sender, Undeliverable
from bot.metrics import DEAD_LETTERS, DELIVERY_RETRIES, MESSAGES_SENT
from storage.db import Database
from storage.models import OutboxMessage, OutboxStatus
from storage.services import messaging

logger = logging.getLogger(__name__)


def retry_delay(attempts: int, platform_wait: float | None) -> dt.timedelta:
    if platform_wait is not None:
        return dt.timedelta(seconds=platform_wait)
    # exponential with jitter, so a platform outage is not hammered in lockstep
    return dt.timedelta(seconds=min(300.0, 1.0 * 2**attempts) * random.uniform(0.8, 1.2))  # noqa: S311 (jitter, not a secret)


class OutboundWorker:
    def __init__(
        self,
        database: Database,
        senders: dict[str, Sender],
        max_attempts: int,
        poll_seconds: float = 1.0,
    ) -> None:
        self.database = database
        self.senders = senders
        self.max_attempts = max_attempts
        self.poll_seconds = poll_seconds
        self.wake = asyncio.Event()
        # set after each delivered batch: the web chat's long polls wait on it
        self.delivered = asyncio.Condition()

    async def run(self) -> None:
        while True:
            try:
                sent = await self.run_once()
            except Exception:
                logger.exception("outbox worker iteration failed")
                sent = 0
            if sent:
                continue
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=self.poll_seconds)
            self.wake.clear()

    async def run_once(self) -> int:
        channels = [s.channel for s in self.senders.values()]
        async with self.database.session() as session:
            batch = await messaging.due_outbound(session, channels)
        if not batch:
            return 0
        results = await asyncio.gather(*(self._deliver(m) for m in batch))
        async with self.delivered:
            self.delivered.notify_all()
        return sum(results)

    async def _deliver(self, message: OutboxMessage) -> int:
        sender = self.senders[message.channel.value]
        channel = message.channel.value
        try:
            await sender.deliver(message.citizen, message.body)
        except Undeliverable as error:
            logger.warning("outbox %d undeliverable: %s", message.id, error)
            DEAD_LETTERS.labels(channel=channel, reason="undeliverable").inc()
            await self._mark(message, OutboxStatus.UNDELIVERABLE, error=str(error))
            return 1
        except RetryLater as error:
            if message.attempts + 1 >= self.max_attempts:
                logger.error(
                    "outbox %d dead after %d tries: %s", message.id, message.attempts + 1, error
                )
                DEAD_LETTERS.labels(channel=channel, reason="attempts").inc()
                await self._mark(message, OutboxStatus.DEAD, error=str(error))
                return 1
            DELIVERY_RETRIES.labels(channel=channel).inc()
            await self._mark(
                message,
                OutboxStatus.PENDING,
                error=str(error),
                retry_in=retry_delay(message.attempts, error.after),
            )
            return 0
        MESSAGES_SENT.labels(channel=channel).inc()
        await self._mark(message, OutboxStatus.SENT)
        return 1

    async def _mark(self, message: OutboxMessage, status: OutboxStatus, **kwargs: object) -> None:
        async with self.database.session() as session:
            await messaging.mark_outbound(session, message.id, status, **kwargs)  # type: ignore[arg-type]
