"""Catching the citizen's answer when one of their petitions waits on them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.words import Notice, notice
from storage.models import Attachment, Petition, PetitionStatus
from storage.services.petitions.steps import append_event


async def citizens_awaited(session: AsyncSession, citizen_ids: set[int]) -> set[int]:
    """Which of these citizens have a petition waiting on their answer: only their messages
    may be caught before the assistant reads them."""
    if not citizen_ids:
        return set()
    waiting = await session.scalars(
        select(Petition.citizen_id).where(
            Petition.citizen_id.in_(citizen_ids),
            Petition.status == PetitionStatus.AWAITING_CITIZEN,
        )
    )
    return set(waiting.all())


async def record_citizen_answer(
    session: AsyncSession, citizen_id: int, text: str, inbox_message_id: int
) -> tuple[Petition, Notice] | None:
    """The citizen's message, when one of their petitions waits on them, goes onto that petition
    (with anything attached to the message) and the item goes back to the officials; returns the
    petition and the confirmation to send, or None when nothing waits on the citizen."""
    petition = await session.scalar(
        select(Petition)
        .where(
            Petition.citizen_id == citizen_id,
            Petition.status == PetitionStatus.AWAITING_CITIZEN,
        )
        .order_by(Petition.id.desc())
        .limit(1)
        .options(selectinload(Petition.citizen))
    )
    if petition is None:
        return None
    await append_event(
        session,
        petition,
        "citizen_answered",
        "citizen",
        public=True,
        body=text,
        data={"inbox_message_id": inbox_message_id},
    )
    attached = await session.scalars(
        select(Attachment).where(
            Attachment.inbox_message_id == inbox_message_id, Attachment.petition_id.is_(None)
        )
    )
    for attachment in attached:
        attachment.petition_id = petition.id
    petition.status = PetitionStatus.IN_PROGRESS
    await session.flush()
    return petition, notice("citizen_answer_received", code=petition.tracking_code)
