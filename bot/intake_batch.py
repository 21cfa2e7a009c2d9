"""Group commit for the webhooks: the messages that arrive within a few milliseconds of each
other are stored in one transaction, and each request is still acknowledged only once its
message is committed ("stored before acknowledged"). A burst of a hundred updates then costs a
handful of commits instead of a hundred, which is what keeps Zalo's 2-second rule on SQLite.

A batch is one transaction without savepoints (on SQLite, releasing a transaction's first
savepoint commits it). If it fails (one malformed row, the same delivery inserted by another
gateway at the same moment, a dropped connection), each message is tried again alone, guarded,
so one bad message never takes the others down with it.

On PostgreSQL several batches are committed at once, one per lane; a citizen's messages always
take the same lane, so they are stored in the order they arrived and two batches never race to
create the same citizen. SQLite has one writer whatever we do: one lane.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import zlib
from dataclasses import dataclass, field

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot import wakeups
from bot.incoming import Incoming, clean
from storage.db import Database
from storage.models import InboxMessage
from storage.services import attachments, messaging

logger = logging.getLogger(__name__)

# how long the first message of a batch waits for others to join it, and the most in one
WINDOW_SECONDS = 0.003
MAX_BATCH = 200
POSTGRES_LANES = 4


@dataclass(frozen=True)
class Stored:
    inbox_id: int
    citizen_id: int
    created: bool


@dataclass
class _Pending:
    incoming: Incoming
    hold_until: dt.datetime | None
    done: asyncio.Future[Stored]


@dataclass
class _Lane:
    waiting: list[_Pending] = field(default_factory=list)
    writer: asyncio.Task[None] | None = None


class IntakeBatch:
    def __init__(
        self,
        database: Database,
        window: float = WINDOW_SECONDS,
        max_batch: int = MAX_BATCH,
        lanes: int | None = None,
    ) -> None:
        self.database = database
        self.window = window
        self.max_batch = max_batch
        count = lanes or (1 if database.is_sqlite else POSTGRES_LANES)
        self._lanes = [_Lane() for _ in range(count)]
        self.commits = 0  # for the benchmark: how many transactions the messages took

    async def store(self, incoming: Incoming, hold_until: dt.datetime | None) -> Stored:
        done: asyncio.Future[Stored] = asyncio.get_running_loop().create_future()
        citizen = f"{incoming.channel.value}:{incoming.user_id}".encode()
        lane = self._lanes[zlib.crc32(citizen) % len(self._lanes)]
        lane.waiting.append(_Pending(incoming, hold_until, done))
        if lane.writer is None or lane.writer.done():
            lane.writer = asyncio.create_task(self._write(lane))
        return await done

    async def _write(self, lane: _Lane) -> None:
        while lane.waiting:
            # a short window: the requests already on their way join this transaction
            await asyncio.sleep(self.window)
            batch, lane.waiting = lane.waiting[: self.max_batch], lane.waiting[self.max_batch :]
            try:
                results = await self._commit(batch, guarded=False)
            except Exception:
                logger.warning("a batch of %d messages failed; storing each alone", len(batch))
                for pending in batch:
                    await self._alone(pending)
                continue
            for pending, stored in zip(batch, results, strict=True):
                if not pending.done.done():
                    pending.done.set_result(stored)

    async def _alone(self, pending: _Pending) -> None:
        try:
            [stored] = await self._commit([pending], guarded=True)
        except Exception as error:  # this one cannot be stored: its request answers 5xx
            if not pending.done.done():
                pending.done.set_exception(error)
            return
        if not pending.done.done():
            pending.done.set_result(stored)

    async def _commit(self, batch: list[_Pending], *, guarded: bool) -> list[Stored]:
        async with self.database.session() as session:
            if guarded:
                staged = [await _stage_guarded(session, p) for p in batch]
            else:
                staged = await messaging.stage_many(session, [_fields(p) for p in batch])
            await _keep_attachments(session, batch, staged)
            if any(created for _, created in staged):
                await wakeups.announce(session)
            await session.commit()
        self.commits += 1
        return [Stored(m.id, m.citizen_id, created) for m, created in staged]


def _fields(pending: _Pending) -> messaging.Inbound:
    incoming = pending.incoming
    return messaging.Inbound(
        channel=incoming.channel,
        platform_message_id=clean(incoming.platform_message_id)[:128],
        channel_user_id=clean(incoming.user_id)[:128],
        text=clean(incoming.text),
        payload=clean(incoming.payload),
        display_name=clean(incoming.display_name),
        hold_until=pending.hold_until,
    )


async def _stage_guarded(session: AsyncSession, pending: _Pending) -> tuple[InboxMessage, bool]:
    return await messaging.stage_inbound(session, _fields(pending))


async def _keep_attachments(
    session: AsyncSession, batch: list[_Pending], staged: list[tuple[InboxMessage, bool]]
) -> None:
    """Each message's attachments, once: checked on redeliveries too, since a crash between two
    commits must not lose the photo."""
    await session.flush()
    with_files = [(p, m) for p, (m, _) in zip(batch, staged, strict=True) if p.incoming.attachments]
    if not with_files:
        return
    kept = await attachments.messages_with_attachments(session, [m.id for _, m in with_files])
    for pending, message in with_files:
        if message.id in kept:
            continue
        kept.add(message.id)
        for spec in pending.incoming.attachments:
            await attachments.add_attachment(
                session,
                citizen_id=message.citizen_id,
                inbox_message_id=message.id,
                flush=False,
                **clean(dataclasses.asdict(spec)),
            )


INTAKE = web.AppKey("intake_batch", IntakeBatch)
