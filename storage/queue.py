"""One shape for the three queues (inbox, outbox, officials' notifications): rows are claimed
with a lease before they are worked on, so several gateway processes on one database share the
work and no row is handled by two of them.

A claim pushes the row's `next_attempt_at` one lease ahead: the row stays pending, so nobody
else finds it due, and if the process dies the row becomes due again when the lease runs out.
PostgreSQL skips rows another claimer has locked (`FOR UPDATE SKIP LOCKED`); SQLite has no row
locks, and its conditional update only takes rows that are still due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.interfaces import ORMOption

from storage.models import QueuedRow, utcnow

DEFAULT_LEASE = dt.timedelta(minutes=2)


Row = TypeVar("Row", bound=QueuedRow)


async def claim(
    session: AsyncSession,
    model: type[Row],
    *where: ColumnElement[bool],
    limit: int,
    lease: dt.timedelta = DEFAULT_LEASE,
    options: Sequence[ORMOption] = (),
) -> list[Row]:
    """Up to `limit` due rows matching `where`, oldest first, leased to the caller.

    Flushes only; the caller commits, and the lease holds from that commit. `where` must
    include the row's pending status.
    """
    table: Any = model
    now = utcnow()
    due = (table.next_attempt_at <= now, *where)
    # one statement takes the lease, so two claimers cannot both read a row as due: on
    # PostgreSQL the subquery locks what it picks and skips what others have locked; on SQLite
    # the update holds the database's write lock from its first step
    candidates = (
        select(table.id)
        .where(*due)
        .order_by(table.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    taken = await session.scalars(
        update(model)
        .where(table.id.in_(candidates), table.next_attempt_at <= now)
        .values(next_attempt_at=now + lease, claims=table.claims + 1)
        .returning(table.id)
        .execution_options(synchronize_session=False)
    )
    won = list(taken.all())
    if not won:
        return []
    rows = await session.scalars(
        select(model)
        .where(table.id.in_(won))
        .order_by(table.id)
        .options(*options)
        .execution_options(populate_existing=True)
    )
    return list(rows.all())
