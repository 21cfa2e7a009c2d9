"""What every change to a petition is built from: the row locked, a closed item refused, the
acting official named, text that must not be empty, and an event on the petition's timeline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.errors import InvalidTransition, InvalidValue, NotFound
from storage.models import Official, Petition, PetitionEvent, PetitionStatus, utcnow
from storage.services.officials import active_official

CLOSED_STATUSES = frozenset(
    {
        PetitionStatus.RESOLVED,
        PetitionStatus.MERGED,
        PetitionStatus.REFUSED,
        PetitionStatus.FORWARDED,
    }
)


def official_actor(official_id: int) -> str:
    return f"official:{official_id}"


def required_text(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidValue(f"{what} must not be empty")
    return cleaned


async def locked_petition(session: AsyncSession, petition_id: int) -> Petition:
    """The petition with its citizen and department, locked on PostgreSQL so two officials
    acting at once are applied one after the other."""
    petition = await session.scalar(
        select(Petition)
        .where(Petition.id == petition_id)
        .with_for_update()
        .options(selectinload(Petition.citizen), selectinload(Petition.department))
        .execution_options(populate_existing=True)
    )
    if petition is None:
        raise NotFound(f"petition {petition_id}")
    return petition


async def open_item(
    session: AsyncSession, petition_id: int, official_id: int
) -> tuple[Official, Petition]:
    """The acting official (still active) and the petition, locked, refusing one that is closed:
    the start of every official's step on an open item."""
    official = await active_official(session, official_id)
    petition = await locked_petition(session, petition_id)
    if petition.status in CLOSED_STATUSES:
        raise InvalidTransition(f"petition {petition_id} is {petition.status.value}")
    return official, petition


async def append_event(
    session: AsyncSession,
    petition: Petition,
    kind: str,
    actor: str,
    *,
    public: bool,
    body: str | None = None,
    data: dict[str, Any] | None = None,
) -> PetitionEvent:
    event = PetitionEvent(
        petition_id=petition.id,
        kind=kind,
        actor=actor,
        public=public,
        body=body,
        data=data or {},
        created_at=utcnow(),
    )
    session.add(event)
    await session.flush()  # the id makes the outbox dedupe key
    return event
