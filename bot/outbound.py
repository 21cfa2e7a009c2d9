"""The outbox worker: delivers queued replies with retries, backoff and a dead-letter state."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from bot.channels.base import RetryLater, Sender, Undeliverable
from bot.metrics import DEAD_LETTERS, DELIVERY_RETRIES, MESSAGES_SENT
from bot.send_rates import SendRates
from bot.worker_loop import QueueWorker
from core.retry import retry_delay as backoff
from storage.db import Database
from storage.models import OutboxMessage, OutboxStatus
from storage.services import messaging

logger = logging.getLogger(__name__)


def retry_delay(attempts: int, platform_wait: float | None) -> dt.timedelta:
    """A delivery's next try: a platform outage is waited out for up to five minutes a try."""
    return backoff(attempts, base=1.0, cap=300.0, platform_wait=platform_wait)


class OutboundWorker(QueueWorker):
    name = "outbox worker"

    def __init__(
        self,
        database: Database,
        senders: dict[str, Sender],
        max_attempts: int,
        poll_seconds: float = 1.0,
        rates: SendRates | None = None,
    ) -> None:
        super().__init__(poll_seconds)
        self.database = database
        self.senders = senders
        self.max_attempts = max_attempts
        # the platforms' send rates (bot.send_rates), waited for before each delivery
        self.rates = rates or SendRates()
        # set after each delivered batch: the web chat's long polls wait on it
        self.delivered = asyncio.Condition()

    async def run_once(self) -> int:
        channels = [s.channel for s in self.senders.values()]
        async with self.database.transaction() as session:
            batch = await messaging.claim_outbound(session, channels)
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
            await self.rates.before_send(channel, message.citizen.channel_user_id)
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
        # a message already sent must be recorded as sent, or it goes out again after its lease
        await self.database.retrying(
            lambda session: messaging.mark_outbound(session, message.id, status, **kwargs)  # type: ignore[arg-type]
        )
