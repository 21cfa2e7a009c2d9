"""Human handoff: a conversation held by officials, during which the assistant stays silent.

`citizens.paused` is what the gateway checks; it is set and cleared here in the same transaction
as the handoff's status, so the assistant and an official never both answer.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.words import notice
from storage.errors import InvalidTransition, InvalidValue, NotFound
from storage.models import (
    Citizen,
    Department,
    Handoff,
    HandoffStatus,
    InboxMessage,
    utcnow,
)
from storage.services.messaging import enqueue_notice, enqueue_outbound
from storage.services.officials import active_official

logger = logging.getLogger(__name__)


async def open_handoff(session: AsyncSession, citizen_id: int) -> Handoff | None:
    handoff: Handoff | None = await session.scalar(
        select(Handoff)
        .where(Handoff.citizen_id == citizen_id, Handoff.status != HandoffStatus.RETURNED)
        .order_by(Handoff.id.desc())
    )
    return handoff


async def record_if_held(session: AsyncSession, citizen_id: int, message: InboxMessage) -> int:
    """Adds the message to the open handoff's transcript and returns how many messages the
    citizen has sent during it (1 for the first); 0 when the assistant should answer. Flushes
    only: the inbox worker commits it with the message's outcome."""
    citizen = await session.get(Citizen, citizen_id)
    if citizen is None or not citizen.paused:
        return 0
    handoff = await open_handoff(session, citizen_id)
    if handoff is None:
        citizen.paused = False
        await session.flush()
        return 0
    entry: dict[str, Any] = {
        "from": "citizen",
        "text": message.text,
        "at": utcnow().isoformat(),
        "inbox_id": message.id,
    }
    handoff.transcript = [*handoff.transcript, entry]
    await session.flush()
    return sum(1 for item in handoff.transcript if item.get("from") == "citizen")


async def _locked_handoff(session: AsyncSession, handoff_id: int) -> Handoff:
    """The handoff with its citizen, locked on PostgreSQL: the transcript is rewritten whole, so
    two writers at once must take turns or one message would be lost."""
    handoff = await session.scalar(
        select(Handoff)
        .where(Handoff.id == handoff_id)
        .with_for_update()
        .options(selectinload(Handoff.citizen))
        .execution_options(populate_existing=True)
    )
    if handoff is None:
        raise NotFound(f"handoff {handoff_id}")
    return handoff


async def start_handoff(
    session: AsyncSession,
    citizen_id: int,
    department_id: int,
    summary: str,
    transcript: Sequence[dict[str, Any]],
) -> Handoff:
    """Passes the conversation to a department's officials and silences the assistant; while a
    handoff is open, asking again returns that one instead of queueing a second. Flushes (the
    handoff's id); the caller commits."""
    citizen = await session.scalar(
        select(Citizen)
        .where(Citizen.id == citizen_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if citizen is None:
        raise NotFound(f"citizen {citizen_id}")
    if await session.get(Department, department_id) is None:
        raise NotFound(f"department {department_id}")
    handoff = await open_handoff(session, citizen_id)
    if handoff is None:
        handoff = Handoff(
            citizen_id=citizen_id,
            department_id=department_id,
            status=HandoffStatus.WAITING,
            summary=summary,
            transcript=list(transcript),
        )
        session.add(handoff)
    citizen.paused = True
    await session.flush()
    logger.info("handoff %s open for citizen %s", handoff.id, citizen_id)
    return handoff


async def hold(session: AsyncSession, handoff_id: int, official_id: int) -> Handoff:
    """An official takes the conversation (or takes it over from a colleague). Flushes; the
    caller commits."""
    official = await active_official(session, official_id)
    handoff = await _locked_handoff(session, handoff_id)
    if handoff.status == HandoffStatus.RETURNED:
        raise InvalidTransition(f"handoff {handoff_id} was handed back")
    handoff.status = HandoffStatus.HELD
    handoff.official_id = official.id
    await session.flush()
    return handoff


async def official_message(
    session: AsyncSession, handoff_id: int, official_id: int, text: str
) -> Handoff:
    """Sends an official's message to the citizen and keeps it in the transcript; writing to a
    waiting conversation holds it. Flushes; the caller commits."""
    body = text.strip()
    if not body:
        raise InvalidValue("message must not be empty")
    official = await active_official(session, official_id)
    handoff = await _locked_handoff(session, handoff_id)
    if handoff.status == HandoffStatus.RETURNED:
        raise InvalidTransition(f"handoff {handoff_id} was handed back")
    if handoff.status == HandoffStatus.WAITING:
        handoff.status = HandoffStatus.HELD
        handoff.official_id = official.id
    entry: dict[str, Any] = {
        "from": f"official:{official.id}",
        "text": body,
        "at": utcnow().isoformat(),
    }
    handoff.transcript = [*handoff.transcript, entry]
    await enqueue_outbound(
        session,
        citizen_id=handoff.citizen_id,
        channel=handoff.citizen.channel,
        body={"text": body},
        dedupe_key=f"handoff:{handoff.id}:{len(handoff.transcript)}",
    )
    await session.flush()
    return handoff


async def hand_back(session: AsyncSession, handoff_id: int, official_id: int) -> Handoff:
    """Ends the handoff and lets the assistant answer again; a second click changes nothing.
    Flushes; the caller commits."""
    official = await active_official(session, official_id)
    handoff = await _locked_handoff(session, handoff_id)
    if handoff.status == HandoffStatus.RETURNED:
        return handoff
    handoff.status = HandoffStatus.RETURNED
    handoff.returned_at = utcnow()
    if handoff.official_id is None:
        handoff.official_id = official.id
    citizen = handoff.citizen
    citizen.paused = False
    # sent by the desk through the outbox, not by Rasa: the assistant is not in this conversation
    await enqueue_notice(
        session,
        citizen=citizen,
        channel=citizen.channel,
        notice=notice("citizen_handed_back"),
        dedupe_key=f"handoff:{handoff.id}:returned",
    )
    await session.flush()
    logger.info("handoff %s handed back by official %s", handoff.id, official.id)
    return handoff
