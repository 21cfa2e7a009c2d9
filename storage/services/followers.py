"""Who hears about a petition: its own citizen, and every citizen following it (one whose report
was merged into it, or who chose to follow an earlier report of the same problem).

Each message is queued once per citizen and event, on that citizen's own channel and in their
language, so a redelivered change is never sent twice and a follower on Zalo is told on Zalo.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.words import Notice, words_for
from storage.models import Citizen, Petition, PetitionFollower
from storage.services.messaging import enqueue_outbound


def body_for(citizen: Citizen, notice: Notice, attached: Mapping[str, Any]) -> dict[str, Any]:
    """The message in the citizen's language, with what goes with it (a reply's file)."""
    return {"text": words_for(citizen.language).say(notice), **attached}


async def follow(
    session: AsyncSession, petition_id: int, citizen_id: int, own_petition_id: int | None
) -> bool:
    """Adds a follower (flushed, not committed); False when they already follow it or it is
    their own petition."""
    petition = await session.get(Petition, petition_id)
    if petition is None or petition.citizen_id == citizen_id:
        return False
    known = await session.scalar(
        select(PetitionFollower.id).where(
            PetitionFollower.petition_id == petition_id,
            PetitionFollower.citizen_id == citizen_id,
        )
    )
    if known is not None:
        return False
    try:
        async with session.begin_nested():
            session.add(
                PetitionFollower(
                    petition_id=petition_id,
                    citizen_id=citizen_id,
                    own_petition_id=own_petition_id,
                )
            )
    except IntegrityError:
        return False  # the same follow racing in from another process
    return True


async def move_followers(
    session: AsyncSession, from_petition: Petition, to_petition_id: int
) -> None:
    """A merged petition's citizen and followers follow the item it went into."""
    await follow(session, to_petition_id, from_petition.citizen_id, from_petition.id)
    rows = await session.scalars(
        select(PetitionFollower).where(PetitionFollower.petition_id == from_petition.id)
    )
    for row in list(rows):
        await follow(session, to_petition_id, row.citizen_id, row.own_petition_id)


async def followers_of(session: AsyncSession, petition_id: int) -> list[Citizen]:
    rows = await session.scalars(
        select(Citizen)
        .join(PetitionFollower, PetitionFollower.citizen_id == Citizen.id)
        .where(PetitionFollower.petition_id == petition_id)
        .order_by(PetitionFollower.id)
    )
    return list(rows)


async def follower_count(session: AsyncSession, petition_id: int) -> int:
    counted = await session.scalar(
        select(func.count()).where(PetitionFollower.petition_id == petition_id)
    )
    return int(counted or 0)


async def tell_followers(
    session: AsyncSession,
    petition: Petition,
    event_id: int,
    notice: Notice,
    *,
    attached: Mapping[str, Any] | None = None,
    optional: bool = False,
) -> int:
    """Queues one event's message to every follower; `optional` messages (transfers,
    assignments) skip those who turned updates off. Returns how many were queued."""
    queued = 0
    for citizen in await followers_of(session, petition.id):
        if optional and citizen.updates_off:
            continue
        message = await enqueue_outbound(
            session,
            citizen_id=citizen.id,
            channel=citizen.channel,
            body=body_for(citizen, notice, attached or {}),
            dedupe_key=f"event:{event_id}:follower:{citizen.id}",
        )
        queued += message is not None
    return queued


async def tell_everyone(
    session: AsyncSession,
    petition: Petition,
    event_id: int,
    notice: Notice,
    *,
    attached: Mapping[str, Any] | None = None,
    optional: bool = False,
) -> None:
    """Queues one event's message to the petition's own citizen and to every follower."""
    citizen = await session.get(Citizen, petition.citizen_id)
    if citizen is not None and not (optional and citizen.updates_off):
        await enqueue_outbound(
            session,
            citizen_id=citizen.id,
            channel=petition.channel,
            body=body_for(citizen, notice, attached or {}),
            dedupe_key=f"event:{event_id}",
        )
    await tell_followers(session, petition, event_id, notice, attached=attached, optional=optional)
