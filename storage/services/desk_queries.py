"""What the officials' desk reads: a unit's queue, one item with its timeline, handoffs, lookups.

Every query that returns a petition or a handoff takes the caller's department and filters on
it, so an item of another unit is simply not found, whatever id is asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.tracking_codes import normalize_tracking_code
from storage.models import (
    OPEN_PETITION_STATUSES,
    Attachment,
    Commune,
    Department,
    Handoff,
    HandoffStatus,
    Official,
    Petition,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
)

OPEN_STATUSES: tuple[PetitionStatus, ...] = tuple(PetitionStatus(s) for s in OPEN_PETITION_STATUSES)
MAX_PAGE = 200
# a unit's map shows at most this many points (its most urgent); more would not be read anyway
MAX_MAP_POINTS = 5000

Cursor = tuple[dt.date, int]


@dataclass(frozen=True)
class QueueFilter:
    """One unit's queue, narrowed. `statuses` None means every state; `overdue_before` keeps the
    open items due before that day. Pages are keyset cursors (due date, id), so page 5,000 of a
    million rows costs what page 1 does."""

    department_id: int
    statuses: tuple[PetitionStatus, ...] | None = OPEN_STATUSES
    kind: PetitionKind | None = None
    category: str | None = None
    commune_code: str | None = None
    overdue_before: dt.date | None = None
    descending: bool = False
    limit: int = 50
    after: Cursor | None = None


@dataclass(frozen=True)
class QueuePage:
    items: list[Petition]
    next_cursor: Cursor | None


def _narrowed(query: Select[Any], wanted: QueueFilter) -> Select[Any]:
    """The queue's filters, shared by its pages and its map."""
    query = query.where(Petition.department_id == wanted.department_id)
    statuses = wanted.statuses
    if wanted.overdue_before is not None:
        statuses = tuple(s for s in (statuses or OPEN_STATUSES) if s in OPEN_STATUSES)
        query = query.where(Petition.due_on < wanted.overdue_before)
    if statuses is not None:
        # the open set is spelled exactly as the partial index's predicate, so it is used
        if set(statuses) == set(OPEN_STATUSES):
            statuses = OPEN_STATUSES
        query = query.where(Petition.status.in_(statuses))
    if wanted.kind is not None:
        query = query.where(Petition.kind == wanted.kind)
    if wanted.category is not None:
        query = query.where(Petition.category == wanted.category)
    if wanted.commune_code is not None:
        query = query.where(Petition.commune_code == wanted.commune_code)
    return query


async def queue_page(session: AsyncSession, wanted: QueueFilter) -> QueuePage:
    limit = max(1, min(wanted.limit, MAX_PAGE))
    query = _narrowed(select(Petition), wanted)
    key = tuple_(Petition.due_on, Petition.id)
    if wanted.after is not None:
        cursor = tuple_(literal(wanted.after[0]), literal(wanted.after[1]))
        query = query.where(key < cursor if wanted.descending else key > cursor)
    if wanted.descending:
        query = query.order_by(Petition.due_on.desc(), Petition.id.desc())
    else:
        query = query.order_by(Petition.due_on, Petition.id)
    rows = list((await session.scalars(query.limit(limit + 1))).all())
    items = rows[:limit]
    next_cursor = (items[-1].due_on, items[-1].id) if len(rows) > limit else None
    return QueuePage(items, next_cursor)


@dataclass(frozen=True)
class MapPoint:
    id: int
    tracking_code: str
    latitude: float
    longitude: float
    due_on: dt.date
    resolved_at: dt.datetime | None
    kind: PetitionKind
    category: str


@dataclass(frozen=True)
class CommuneDue:
    """How many of the queue's items without a GPS point, in one commune, are due on one day."""

    commune_code: str
    due_on: dt.date
    resolved: bool
    count: int


async def map_points(
    session: AsyncSession, wanted: QueueFilter, limit: int = MAX_MAP_POINTS
) -> list[MapPoint]:
    """The queue's items that have a GPS point, most urgent first (columns only, no rows)."""
    query = _narrowed(
        select(
            Petition.id,
            Petition.tracking_code,
            Petition.latitude,
            Petition.longitude,
            Petition.due_on,
            Petition.resolved_at,
            Petition.kind,
            Petition.category,
        ),
        wanted,
    ).where(Petition.latitude.is_not(None), Petition.longitude.is_not(None))
    rows = await session.execute(query.order_by(Petition.due_on, Petition.id).limit(limit))
    return [MapPoint(*row) for row in rows.all()]


async def commune_dues(session: AsyncSession, wanted: QueueFilter) -> list[CommuneDue]:
    """The queue's items with only a commune, counted per commune and due day."""
    resolved = Petition.resolved_at.is_not(None)
    query = _narrowed(
        select(Petition.commune_code, Petition.due_on, resolved, func.count()),
        wanted,
    ).where(Petition.latitude.is_(None), Petition.commune_code.is_not(None))
    rows = await session.execute(query.group_by(Petition.commune_code, Petition.due_on, resolved))
    return [CommuneDue(code, due_on, bool(done), count) for code, due_on, done, count in rows.all()]


async def petition_of_department(
    session: AsyncSession, petition_id: int, department_id: int, *, lock: bool = False
) -> Petition | None:
    """The petition with its citizen and department, or None when it is not the unit's.

    `lock` holds the row (PostgreSQL) until the caller commits, so a colleague's transfer
    cannot slip in between this check and the change that follows it."""
    query = (
        select(Petition)
        .where(Petition.id == petition_id, Petition.department_id == department_id)
        .options(selectinload(Petition.citizen), selectinload(Petition.department))
        .execution_options(populate_existing=True)
    )
    if lock:
        query = query.with_for_update(of=Petition)
    petition: Petition | None = await session.scalar(query)
    return petition


async def petition_id_by_code(
    session: AsyncSession, tracking_code: object, department_id: int
) -> int | None:
    """The id of the unit's item with this tracking code (typed loosely), or None: another
    unit's code is not found either, so it tells nothing."""
    code = normalize_tracking_code(tracking_code) if isinstance(tracking_code, str) else None
    if code is None:
        return None
    found: int | None = await session.scalar(
        select(Petition.id).where(
            Petition.tracking_code == code, Petition.department_id == department_id
        )
    )
    return found


async def timeline(session: AsyncSession, petition_id: int) -> list[PetitionEvent]:
    rows = await session.scalars(
        select(PetitionEvent)
        .where(PetitionEvent.petition_id == petition_id)
        .order_by(PetitionEvent.id)
    )
    return list(rows.all())


async def attachments_of(session: AsyncSession, petition_id: int) -> list[Attachment]:
    rows = await session.scalars(
        select(Attachment).where(Attachment.petition_id == petition_id).order_by(Attachment.id)
    )
    return list(rows.all())


async def officials_of(
    session: AsyncSession, department_id: int, *, active_only: bool = True
) -> list[Official]:
    query = select(Official).where(Official.department_id == department_id)
    if active_only:
        query = query.where(Official.active.is_(True))
    return list((await session.scalars(query.order_by(Official.full_name))).all())


async def official_names(session: AsyncSession, ids: Sequence[int]) -> dict[int, str]:
    """Names for timelines and queues (officials of any unit: a transfer leaves earlier actors)."""
    if not ids:
        return {}
    rows = await session.execute(
        select(Official.id, Official.full_name).where(Official.id.in_(set(ids)))
    )
    return {official_id: name for official_id, name in rows.all()}


async def departments(session: AsyncSession) -> list[Department]:
    return list((await session.scalars(select(Department).order_by(Department.name_vi))).all())


async def communes(session: AsyncSession) -> list[Commune]:
    return list((await session.scalars(select(Commune).order_by(Commune.name))).all())


async def open_handoffs(session: AsyncSession, department_id: int) -> list[Handoff]:
    rows = await session.scalars(
        select(Handoff)
        .where(Handoff.department_id == department_id, Handoff.status != HandoffStatus.RETURNED)
        .order_by(Handoff.created_at, Handoff.id)
        .options(selectinload(Handoff.citizen))
    )
    return list(rows.all())


async def handoff_of_department(
    session: AsyncSession, handoff_id: int, department_id: int
) -> Handoff | None:
    handoff: Handoff | None = await session.scalar(
        select(Handoff)
        .where(Handoff.id == handoff_id, Handoff.department_id == department_id)
        .options(selectinload(Handoff.citizen))
        .execution_options(populate_existing=True)
    )
    return handoff
