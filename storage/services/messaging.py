"""Inbox and outbox: every message in and out goes through the database, so nothing is lost.

Order per citizen is kept by handling only a citizen's oldest pending message; a message that
cannot be handled yet (Rasa down, platform rate limit) holds back the ones behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from core.language import detect_language
from core.words import Notice, words_for
from storage.models import (
    Channel,
    Citizen,
    InboxMessage,
    InboxStatus,
    Notification,
    OutboxMessage,
    OutboxStatus,
    utcnow,
)
from storage.queue import DEFAULT_LEASE, claim

# longer than the worker's Rasa timeout, so a slow answer is not taken over by another process
INBOX_LEASE = DEFAULT_LEASE


async def get_or_create_citizen(
    session: AsyncSession, channel: Channel, channel_user_id: str, display_name: str | None = None
) -> Citizen:
    query = select(Citizen).where(
        Citizen.channel == channel, Citizen.channel_user_id == channel_user_id
    )
    citizen = await session.scalar(query)
    if citizen is not None:
        if display_name and citizen.display_name != display_name:
            citizen.display_name = display_name
        return citizen
    try:
        async with session.begin_nested():
            citizen = Citizen(
                channel=channel, channel_user_id=channel_user_id, display_name=display_name
            )
            session.add(citizen)
    except IntegrityError:
        # another request created the same citizen first
        citizen = (await session.scalars(query)).one()
    return citizen


async def record_consent(session: AsyncSession, citizen_id: int) -> None:
    """The citizen agreed to their personal data being processed (the first time counts).
    Flushes; the caller commits, with what the citizen agreed for."""
    citizen = await session.get(Citizen, citizen_id)
    if citizen is not None and citizen.consent_at is None:
        citizen.consent_at = utcnow()
        await session.flush()


async def citizen_by_sender(session: AsyncSession, sender_id: str) -> Citizen | None:
    channel, _, user_id = sender_id.partition(":")
    try:
        parsed = Channel(channel)
    except ValueError:
        return None
    found: Citizen | None = await session.scalar(
        select(Citizen).where(Citizen.channel == parsed, Citizen.channel_user_id == user_id)
    )
    return found


@dataclass(frozen=True)
class Inbound:
    """One inbound message as `stage_inbound` and `stage_many` take it."""

    channel: Channel
    platform_message_id: str
    channel_user_id: str
    text: str
    payload: dict[str, Any]
    display_name: str | None = None
    hold_until: dt.datetime | None = None


async def record_inbound(
    session: AsyncSession,
    *,
    channel: Channel,
    platform_message_id: str,
    channel_user_id: str,
    text: str,
    payload: dict[str, Any] | None = None,
    display_name: str | None = None,
    hold_until: dt.datetime | None = None,
) -> tuple[InboxMessage, bool]:
    """Stores one inbound message, flushed; see `stage_inbound`. The caller commits before it
    acknowledges the message to the platform."""
    item = Inbound(
        channel, platform_message_id, channel_user_id, text, payload or {}, display_name, hold_until
    )
    message, created = await stage_inbound(session, item)
    if created:
        await session.flush()
    return message, created


async def stage_inbound(session: AsyncSession, item: Inbound) -> tuple[InboxMessage, bool]:
    """Adds one inbound message to the session's transaction (the caller commits, perhaps with
    others: bot.intake_batch); returns it and whether it is new (False for a redelivery).

    `item.hold_until` keeps a new message from being handled before then (a flooding sender);
    it is stored in the same commit, so no worker can take the message early.
    """
    channel, platform_message_id = item.channel, item.platform_message_id
    text = item.text
    existing = await session.scalar(
        select(InboxMessage).where(
            InboxMessage.channel == channel,
            InboxMessage.platform_message_id == platform_message_id,
        )
    )
    if existing is not None:
        return existing, False
    citizen = await get_or_create_citizen(session, channel, item.channel_user_id, item.display_name)
    # the same detection Rasa's language slot uses, kept here for what the gateway and the
    # officials send outside Rasa (replies, resolutions)
    language = None if text.startswith("/") else detect_language(text)
    if language is not None and citizen.language != language:
        citizen.language = language
    message = InboxMessage(
        channel=channel,
        platform_message_id=platform_message_id,
        citizen_id=citizen.id,
        text=text,
        payload=item.payload or {},
        next_attempt_at=item.hold_until or utcnow(),
    )
    try:
        async with session.begin_nested():
            session.add(message)
    except IntegrityError:
        # the same delivery raced in through another request
        existing = await session.scalar(
            select(InboxMessage).where(
                InboxMessage.channel == channel,
                InboxMessage.platform_message_id == platform_message_id,
            )
        )
        assert existing is not None
        return existing, False
    return message, True


async def stage_many(
    session: AsyncSession, items: list[Inbound]
) -> list[tuple[InboxMessage, bool]]:
    """Many inbound messages in a handful of statements, without savepoints (a group commit,
    bot.intake_batch; on SQLite, releasing a transaction's first savepoint commits it): the
    redeliveries and citizens already stored are looked up at once, the new ones inserted
    together. Each item's message, and whether it is new; the caller commits
    (and on any failure retries each item alone with `stage_inbound`)."""
    keys = {(i.channel, i.platform_message_id) for i in items}
    found = await session.scalars(
        select(InboxMessage).where(
            tuple_(InboxMessage.channel, InboxMessage.platform_message_id).in_(list(keys))
        )
    )
    messages: dict[tuple[Channel, str], InboxMessage] = {
        (m.channel, m.platform_message_id): m for m in found.all()
    }
    senders = {(i.channel, i.channel_user_id) for i in items}
    known = await session.scalars(
        select(Citizen).where(tuple_(Citizen.channel, Citizen.channel_user_id).in_(list(senders)))
    )
    citizens = {(c.channel, c.channel_user_id): c for c in known.all()}
    for item in items:
        key = (item.channel, item.channel_user_id)
        if key not in citizens:
            citizens[key] = Citizen(channel=item.channel, channel_user_id=item.channel_user_id)
            session.add(citizens[key])
    await session.flush()
    results: list[tuple[InboxMessage, bool]] = []
    for item in items:
        key = (item.channel, item.platform_message_id)
        if key in messages:
            results.append((messages[key], False))
            continue
        citizen = citizens[(item.channel, item.channel_user_id)]
        if item.display_name and citizen.display_name != item.display_name:
            citizen.display_name = item.display_name
        language = None if item.text.startswith("/") else detect_language(item.text)
        if language is not None and citizen.language != language:
            citizen.language = language
        message = InboxMessage(
            channel=item.channel,
            platform_message_id=item.platform_message_id,
            citizen_id=citizen.id,
            text=item.text,
            payload=item.payload or {},
            next_attempt_at=item.hold_until or utcnow(),
        )
        session.add(message)
        messages[key] = message
        results.append((message, True))
    await session.flush()
    return results


def _oldest_of_its_citizen(
    model: type[InboxMessage] | type[OutboxMessage], pending: InboxStatus | OutboxStatus
) -> ColumnElement[bool]:
    """No earlier message of the same citizen is still pending: a citizen's messages are handled
    one at a time, in order, whichever process claims them."""
    earlier = aliased(model)
    return ~exists().where(
        and_(
            earlier.citizen_id == model.citizen_id,
            earlier.status == pending,
            earlier.id < model.id,
        )
    )


async def claim_inbound(session: AsyncSession, limit: int = 20) -> list[InboxMessage]:
    """Each citizen's oldest pending message, when it is due, leased to the caller (see
    storage.queue): a citizen's next message waits until this one is handled, in any process."""
    return await claim(
        session,
        InboxMessage,
        InboxMessage.status == InboxStatus.PENDING,
        _oldest_of_its_citizen(InboxMessage, InboxStatus.PENDING),
        limit=limit,
        lease=INBOX_LEASE,
        options=[selectinload(InboxMessage.citizen)],
    )


async def enqueue_outbound(
    session: AsyncSession,
    *,
    citizen_id: int,
    channel: Channel,
    body: dict[str, Any],
    dedupe_key: str,
) -> OutboxMessage | None:
    """Adds one outbound message unless one with the same key exists (then returns None)."""
    if channel == Channel.OPEN311:
        # the system that filed it reads the petition's state through Open311: no chat to send to
        return None
    if await session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)):
        return None
    message = OutboxMessage(
        citizen_id=citizen_id, channel=channel, body=body, dedupe_key=dedupe_key
    )
    if channel == Channel.WEB:
        # the web chat's delivery is the page fetching the row: stored is delivered, with no
        # hop through the outbox worker before the page's long poll sees it
        message.status = OutboxStatus.SENT
        message.sent_at = utcnow()
    try:
        async with session.begin_nested():
            session.add(message)
    except IntegrityError:
        return None
    return message


async def enqueue_notice(
    session: AsyncSession,
    *,
    citizen: Citizen,
    channel: Channel,
    notice: Notice,
    dedupe_key: str,
) -> OutboxMessage | None:
    """Queues a notice worded in the citizen's language. The row keeps the words as sent, so a
    retry, a dead letter and the web chat's page all show what the citizen was told."""
    return await enqueue_outbound(
        session,
        citizen_id=citizen.id,
        channel=channel,
        body={"text": words_for(citizen.language).say(notice)},
        dedupe_key=dedupe_key,
    )


async def finish_inbound(
    session: AsyncSession,
    message: InboxMessage,
    replies: list[dict[str, Any]],
    status: InboxStatus = InboxStatus.DONE,
) -> None:
    """Queues the replies and marks the message handled, in the caller's transaction."""
    row = await session.get(InboxMessage, message.id)
    assert row is not None
    for index, reply in enumerate(replies):
        await enqueue_outbound(
            session,
            citizen_id=row.citizen_id,
            channel=row.channel,
            body=reply,
            dedupe_key=f"inbox:{row.id}:{index}",
        )
    row.status = status
    row.handled_at = utcnow()
    row.attempts += 1


async def postpone_inbound(
    session: AsyncSession, message: InboxMessage, error: str, delay: dt.timedelta
) -> None:
    row = await session.get(InboxMessage, message.id)
    assert row is not None
    row.attempts += 1
    row.last_error = error[:500]
    row.next_attempt_at = utcnow() + delay


async def claim_outbound(
    session: AsyncSession, channels: list[Channel], limit: int = 50
) -> list[OutboxMessage]:
    """Each citizen's oldest pending outbound message on the given channels, when due, leased
    to the caller: two gateways never send the same message, and a citizen's replies go out in
    order."""
    return await claim(
        session,
        OutboxMessage,
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.channel.in_(channels),
        _oldest_of_its_citizen(OutboxMessage, OutboxStatus.PENDING),
        limit=limit,
        options=[selectinload(OutboxMessage.citizen)],
    )


def record_attempt(
    row: OutboxMessage | Notification,
    status: OutboxStatus,
    *,
    error: str | None = None,
    retry_in: dt.timedelta | None = None,
) -> None:
    """One delivery attempt of anything sent with retries: its outcome and when to try again."""
    row.attempts += 1
    row.status = status
    if status == OutboxStatus.SENT:
        row.sent_at = utcnow()
    if error is not None:
        row.last_error = error[:500]
    if retry_in is not None:
        row.next_attempt_at = utcnow() + retry_in


async def mark_outbound(
    session: AsyncSession,
    message_id: int,
    status: OutboxStatus,
    *,
    error: str | None = None,
    retry_in: dt.timedelta | None = None,
) -> OutboxMessage:
    row = await session.get(OutboxMessage, message_id)
    assert row is not None
    record_attempt(row, status, error=error, retry_in=retry_in)
    return row


async def delivered_since(
    session: AsyncSession, citizen_id: int, after_id: int
) -> list[OutboxMessage]:
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.citizen_id == citizen_id,
            OutboxMessage.status == OutboxStatus.SENT,
            OutboxMessage.id > after_id,
        )
        .order_by(OutboxMessage.id)
    )
    return list((await session.scalars(query)).all())


async def citizen_is_busy(session: AsyncSession, citizen_id: int) -> bool:
    """True while a message from or to the citizen is still waiting to be handled."""
    inbound = (
        select(InboxMessage.id)
        .where(InboxMessage.citizen_id == citizen_id, InboxMessage.status == InboxStatus.PENDING)
        .exists()
    )
    outbound = (
        select(OutboxMessage.id)
        .where(OutboxMessage.citizen_id == citizen_id, OutboxMessage.status == OutboxStatus.PENDING)
        .exists()
    )
    # one round trip: a long poll asks this each time a reply is stored
    return bool(await session.scalar(select(or_(inbound, outbound))))


async def queue_depths(session: AsyncSession) -> dict[str, int]:
    inbox = await session.scalar(
        select(func.count())
        .select_from(InboxMessage)
        .where(InboxMessage.status == InboxStatus.PENDING)
    )
    outbox = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING)
    )
    dead = await session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.DEAD)
    )
    return {"inbox": inbox or 0, "outbox": outbox or 0, "dead": dead or 0}


# --- flood limiting, dead letters and Zalo's typed choices (added with the Telegram/Zalo channels)


FAILED_STATUSES = (OutboxStatus.DEAD, OutboxStatus.UNDELIVERABLE)


async def failed_outbound(session: AsyncSession, limit: int = 100) -> list[OutboxMessage]:
    """Dead and undeliverable outbound messages, newest first."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status.in_(FAILED_STATUSES))
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def requeue_outbound(session: AsyncSession, ids: list[int] | None) -> list[int]:
    """Puts the given (or, with None, every) failed outbound message back to pending, due now.

    Returns the ids requeued; ids that are not dead or undeliverable are left alone. Flushes;
    the caller commits.
    """
    query = select(OutboxMessage).where(OutboxMessage.status.in_(FAILED_STATUSES))
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    rows = list((await session.scalars(query.order_by(OutboxMessage.id))).all())
    for row in rows:
        row.status = OutboxStatus.PENDING
        row.attempts = 0
        row.next_attempt_at = utcnow()
    await session.flush()
    return [row.id for row in rows]


async def latest_reply_buttons(session: AsyncSession, citizen_id: int) -> list[dict[str, Any]]:
    """The buttons of the assistant's latest answer to this citizen ([] if it had none).

    Channels without real buttons (Zalo) show them as numbered lines; this lets a typed number
    or title be turned back into the button's payload.
    """
    last_handled = await session.scalar(
        select(func.max(InboxMessage.id)).where(
            InboxMessage.citizen_id == citizen_id, InboxMessage.status == InboxStatus.DONE
        )
    )
    if last_handled is None:
        return []
    rows = await session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.citizen_id == citizen_id,
            OutboxMessage.dedupe_key.like(f"inbox:{last_handled}:%"),
        )
        .order_by(OutboxMessage.id.desc())
    )
    for row in rows:
        buttons = row.body.get("buttons")
        if isinstance(buttons, list) and buttons:
            return [b for b in buttons if isinstance(b, dict)]
    return []
