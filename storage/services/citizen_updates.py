"""The citizen is told, once, on their channel and in their language, when their petition moves:
transferred to another unit, or given to an official. A citizen who said "tắt thông báo" is not
(answers, resolutions and the notices the laws require are sent whatever they said)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.dates import day_for
from storage.models import Citizen, Petition
from storage.services import followers

TEXTS = {
    "vi": {
        "transferred": "Hồ sơ {code} đã được chuyển đến {unit} để giải quyết (hạn trả lời "
        '{due}). Nhắn "tắt thông báo" nếu không muốn nhận các tin này.',
        "assigned": "Hồ sơ {code} đã có cán bộ của {unit} phụ trách (hạn trả lời {due}).",
    },
    "en": {
        "transferred": "Petition {code} was passed to {unit} to handle (answer due by {due}). "
        'Send "stop updates" if you do not want these messages.',
        "assigned": "An official of {unit} is now in charge of petition {code} (answer due by "
        "{due}).",
    },
}


async def tell_of_move(
    session: AsyncSession, petition: Petition, event_id: int, change: str
) -> None:
    """Queues the message about one change to the citizen and the petition's followers (keyed by
    its event, so each is sent once)."""
    department = petition.department
    code, due_on = petition.tracking_code, petition.due_on

    def render(language: str) -> dict[str, str]:
        unit = department.name_en if language == "en" else department.name_vi
        return {
            "text": TEXTS[language][change].format(
                code=code, unit=unit, due=day_for(language, due_on)
            )
        }

    await followers.tell_everyone(session, petition, event_id, render, optional=True)


async def set_updates(session: AsyncSession, citizen_id: int, wanted: bool) -> None:
    """Turns the citizen's updates off or on. The caller commits."""
    citizen = await session.get(Citizen, citizen_id)
    if citizen is not None:
        citizen.updates_off = not wanted
