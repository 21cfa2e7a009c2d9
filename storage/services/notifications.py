"""Notifications to officials on Telegram: a unit's group hears of new, transferred-in and overdue
items; an official hears of an item assigned to them.

Each is a row in `notifications`, added in the transaction of the change it reports (so a new
petition is never told twice, nor lost), and delivered by `bot.notifier`. A notification names
the item by kind, category, tracking code and due date, with a link to the desk: it never carries
the citizen's name, phone or description (the Law on Denunciation 2018 keeps a denouncer's identity
with the inspectorate, and a Telegram group is not the place for anyone's personal data).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.labels import CATEGORIES, PETITION_KINDS
from core.words import words_for
from storage.deadlines import vietnam_today
from storage.models import (
    OPEN_PETITION_STATUSES,
    Department,
    Notification,
    Official,
    OutboxStatus,
    Petition,
    PetitionKind,
    PetitionStatus,
    utcnow,
)
from storage.queue import claim
from storage.services.messaging import record_attempt

logger = logging.getLogger(__name__)

OVERDUE_BATCH = 500
# Telegram's limit is 4096; a notification is a few lines, this only guards a runaway name
MAX_TEXT = 1000

# A unit's group is read by all its staff, in Vietnamese
OFFICIALS_LANGUAGE = "vi"
# Vietnamese names as officials read them
KIND_NAMES = {PetitionKind(code): vi for code, (vi, _) in PETITION_KINDS.items()}
CATEGORY_NAMES = {code: vi for code, (vi, _) in CATEGORIES.items()}
_OPEN = tuple(PetitionStatus(s) for s in OPEN_PETITION_STATUSES)


def desk_path(petition_id: int) -> str:
    return f"/desk/petitions/{petition_id}"


def describe(petition: Petition, today: dt.date) -> str:
    """The item's lines: what it is, its code and its deadline. Nothing about who sent it."""
    words = words_for(OFFICIALS_LANGUAGE)
    due = words.day(petition.due_on)
    late = (today - petition.due_on).days
    if late > 0:
        due = words.ngettext("notify_due_late", late, due=due)
    elif late == 0:
        due = words.gettext("notify_due_today", due=due)
    return words.gettext(
        "notify_item",
        kind=KIND_NAMES[petition.kind],
        category=CATEGORY_NAMES.get(petition.category, petition.category),
        code=petition.tracking_code,
        due=due,
    )


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: str | None,
    text: str,
    dedupe_key: str,
    link_path: str | None = None,
) -> Notification | None:
    """Adds one notification unless the key was used before or there is no chat to tell; the
    caller commits (with the change being reported)."""
    chat = (chat_id or "").strip()
    if not chat:
        return None
    if await session.scalar(select(Notification.id).where(Notification.dedupe_key == dedupe_key)):
        return None
    notification = Notification(
        chat_id=chat, text=text[:MAX_TEXT], dedupe_key=dedupe_key, link_path=link_path
    )
    try:
        async with session.begin_nested():
            session.add(notification)
    except IntegrityError:  # the same key raced in from another process
        return None
    return notification


async def notify_new_petition(
    session: AsyncSession, petition: Petition, department: Department, now: dt.datetime
) -> Notification | None:
    """The unit a new petition was routed to is told, once per petition."""
    return await enqueue(
        session,
        chat_id=department.telegram_chat_id,
        text=words_for(OFFICIALS_LANGUAGE).gettext(
            "notify_new_item", item=describe(petition, vietnam_today(now))
        ),
        dedupe_key=f"created:{petition.id}",
        link_path=desk_path(petition.id),
    )


async def notify_transfer(
    session: AsyncSession,
    petition: Petition,
    source: Department,
    target: Department,
    event_id: int,
) -> Notification | None:
    """The unit an item is transferred into is told (the reason stays on the desk: officials
    write it, and it may quote the citizen)."""
    return await enqueue(
        session,
        chat_id=target.telegram_chat_id,
        text=words_for(OFFICIALS_LANGUAGE).gettext(
            "notify_transferred_in",
            source=source.name_vi,
            item=describe(petition, vietnam_today()),
        ),
        dedupe_key=f"transferred:{petition.id}:{event_id}",
        link_path=desk_path(petition.id),
    )


async def notify_assignment(
    session: AsyncSession, petition: Petition, official: Official, event_id: int
) -> Notification | None:
    """The official given an item is told in their own chat."""
    return await enqueue(
        session,
        chat_id=official.telegram_chat_id,
        text=words_for(OFFICIALS_LANGUAGE).gettext(
            "notify_assigned", item=describe(petition, vietnam_today())
        ),
        dedupe_key=f"assigned:{petition.id}:{official.id}:{event_id}",
        link_path=desk_path(petition.id),
    )


async def sweep_overdue(
    session: AsyncSession, today: dt.date | None = None, batch_size: int = OVERDUE_BATCH
) -> int:
    """Tells each unit of its open items past their due date (Vietnam's date), once per item and
    due date however often it runs; returns how many notifications it added. Flushes; the caller
    commits.

    Walks the overdue items in id order a batch at a time, looking up which were already told by
    their keys, so a long-overdue backlog costs one indexed read per sweep, not a message each.
    """
    day = today or vietnam_today()
    added = 0
    after = 0
    while True:
        rows = (
            await session.execute(
                select(Petition.id, Petition.due_on)
                .join(Department, Department.id == Petition.department_id)
                .where(
                    Petition.status.in_(_OPEN),
                    Petition.due_on < day,
                    Petition.id > after,
                    Department.telegram_chat_id.is_not(None),
                )
                .order_by(Petition.id)
                .limit(batch_size)
            )
        ).all()
        if not rows:
            break
        after = rows[-1][0]
        keys = {f"overdue:{ident}:{due_on.isoformat()}": ident for ident, due_on in rows}
        told = set(
            (
                await session.scalars(
                    select(Notification.dedupe_key).where(Notification.dedupe_key.in_(list(keys)))
                )
            ).all()
        )
        untold = [ident for key, ident in keys.items() if key not in told]
        if untold:
            petitions = (
                await session.scalars(
                    select(Petition)
                    .where(Petition.id.in_(untold), Petition.status.in_(_OPEN))
                    .options(selectinload(Petition.department))
                    .order_by(Petition.id)
                )
            ).all()
            for petition in petitions:
                made = await enqueue(
                    session,
                    chat_id=petition.department.telegram_chat_id,
                    text=words_for(OFFICIALS_LANGUAGE).gettext(
                        "notify_overdue", item=describe(petition, day)
                    ),
                    dedupe_key=f"overdue:{petition.id}:{petition.due_on.isoformat()}",
                    link_path=desk_path(petition.id),
                )
                added += made is not None
            # the next batch's lookup of told keys sees these
            await session.flush()
        if len(rows) < batch_size:
            break
    if added:
        logger.info("overdue sweep: %d items newly overdue", added)
    return added


async def claim_due(session: AsyncSession, limit: int = 50) -> list[Notification]:
    """Pending notifications whose time has come, oldest first, leased to the caller (see
    storage.queue), so a second gateway process does not send them too."""
    return await claim(
        session, Notification, Notification.status == OutboxStatus.PENDING, limit=limit
    )


async def postpone(session: AsyncSession, ids: list[int], delay: dt.timedelta) -> None:
    """Holds notifications back without counting a try (the chat is under flood control);
    the caller commits."""
    if not ids:
        return
    rows = await session.scalars(select(Notification).where(Notification.id.in_(ids)))
    until = utcnow() + delay
    for row in rows:
        row.next_attempt_at = until


async def mark_notification(
    session: AsyncSession,
    notification_id: int,
    status: OutboxStatus,
    *,
    error: str | None = None,
    retry_in: dt.timedelta | None = None,
) -> Notification:
    """Records a try's outcome; the caller commits."""
    row = await session.get(Notification, notification_id)
    assert row is not None
    record_attempt(row, status, error=error, retry_in=retry_in)
    return row
