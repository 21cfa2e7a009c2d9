"""The citizen is told, once, on their channel and in their language, when their petition moves:
transferred to another unit, or given to an official. A citizen who said "tắt thông báo" is not
(answers, resolutions and the notices the laws require are sent whatever they said)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.dates import day_for
from storage.models import Citizen, Petition
from storage.services.messaging import enqueue_outbound

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
    """Queues the message about one change (keyed by its event, so it is sent once)."""
    citizen = await session.get(Citizen, petition.citizen_id)
    if citizen is None or citizen.updates_off:
        return
    language = citizen.language if citizen.language in TEXTS else "vi"
    department = petition.department
    unit = department.name_en if language == "en" else department.name_vi
    due = day_for(language, petition.due_on)
    await enqueue_outbound(
        session,
        citizen_id=citizen.id,
        channel=petition.channel,
        body={
            "text": TEXTS[language][change].format(code=petition.tracking_code, unit=unit, due=due)
        },
        dedupe_key=f"event:{event_id}",
    )


async def set_updates(session: AsyncSession, citizen_id: int, wanted: bool) -> None:
    citizen = await session.get(Citizen, citizen_id)
    if citizen is not None:
        citizen.updates_off = not wanted
        await session.commit()
