"""The citizen is told, once, on their channel and in their language, when their petition moves:
transferred to another unit, or given to an official. A citizen who said "tắt thông báo" is not
(answers, resolutions and the notices the laws require are sent whatever they said)."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from core.words import N_, Names, Notice
from storage.models import Citizen, Petition
from storage.services import followers

Move = Literal["transferred", "assigned"]
MESSAGES: dict[Move, str] = {
    "transferred": N_("citizen_transferred"),
    "assigned": N_("citizen_assigned"),
}


async def tell_of_move(
    session: AsyncSession, petition: Petition, event_id: int, change: Move
) -> None:
    """Queues the message about one change to the citizen and the petition's followers (keyed by
    its event, so each is sent once)."""
    department = petition.department
    told = Notice(
        MESSAGES[change],
        {
            "code": petition.tracking_code,
            "unit": Names(vi=department.name_vi, en=department.name_en),
            "due": petition.due_on,
        },
    )
    await followers.tell_everyone(session, petition, event_id, told, optional=True)


async def set_updates(session: AsyncSession, citizen_id: int, wanted: bool) -> None:
    """Turns the citizen's updates off or on. The caller commits."""
    citizen = await session.get(Citizen, citizen_id)
    if citizen is not None:
        citizen.updates_off = not wanted
