"""Human handoff: a conversation held by officials, during which the assistant stays silent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Citizen, Handoff, HandoffStatus, InboxMessage, utcnow


async def open_handoff(session: AsyncSession, citizen_id: int) -> Handoff | None:
    return await session.scalar(
        select(Handoff)
        .where(Handoff.citizen_id == citizen_id, Handoff.status != HandoffStatus.RETURNED)
        .order_by(Handoff.id.desc())
    )


async def record_if_held(session: AsyncSession, citizen_id: int, message: InboxMessage) -> bool:
    """Adds the message to the open handoff's transcript; False when the assistant should answer."""
    citizen = await session.get(Citizen, citizen_id)
    if citizen is None or not citizen.paused:
        return False
    handoff = await open_handoff(session, citizen_id)
    if handoff is None:
        citizen.paused = False
        await session.commit()
        return False
    entry: dict[str, Any] = {
        "from": "citizen",
        "text": message.text,
        "at": utcnow().isoformat(),
        "inbox_id": message.id,
    }
    handoff.transcript = [*handoff.transcript, entry]
    await session.commit()
    return True
