"""Closing a petition with its outcome (and the buttons to rate it or say it is not fixed), and
taking a resolved one back into work."""

from __future__ import annotations

import json
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from core.words import notice, words_for
from storage.errors import InvalidTransition
from storage.models import PetitionEvent, PetitionStatus
from storage.services import followers
from storage.services.feedback import RATINGS
from storage.services.messaging import enqueue_outbound
from storage.services.officials import active_official
from storage.services.petitions.rating import rate_payload
from storage.services.petitions.steps import (
    append_event,
    locked_petition,
    official_actor,
    open_item,
    required_text,
)

logger = logging.getLogger(__name__)


def not_fixed_payload(tracking_code: str) -> str:
    """The button payload for "it is still not fixed" under a resolution."""
    return "/report_not_fixed" + json.dumps({"tracking_code": tracking_code}, separators=(",", ":"))


async def resolve(
    session: AsyncSession, petition_id: int, actor_id: int, text: str
) -> PetitionEvent:
    """Closes the petition, tells the citizen the outcome and asks them to rate it. Flushes;
    the caller commits."""
    body = required_text(text, "resolution")
    actor, petition = await open_item(session, petition_id, actor_id)
    event = await append_event(
        session, petition, "resolved", official_actor(actor.id), public=True, body=body
    )
    petition.status = PetitionStatus.RESOLVED
    petition.resolved_at = event.created_at
    if petition.first_reply_at is None:
        petition.first_reply_at = event.created_at
    code = petition.tracking_code
    resolved = notice("citizen_resolved", code=code, outcome=body)
    words = words_for(petition.citizen.language)
    ask_to_rate = words.gettext("citizen_rate")
    await enqueue_outbound(
        session,
        citizen_id=petition.citizen_id,
        channel=petition.channel,
        body={
            "text": f"{words.say(resolved)}\n\n{ask_to_rate}",
            "buttons": [
                *({"title": str(n), "payload": rate_payload(code, n)} for n in RATINGS),
                {
                    "title": words.gettext("citizen_button_not_fixed"),
                    "payload": not_fixed_payload(code),
                },
            ],
        },
        dedupe_key=f"event:{event.id}",
    )
    # followers hear the outcome; the rating is the petition's own citizen's to give
    await followers.tell_followers(session, petition, event.id, resolved)
    await session.flush()
    logger.info("petition %s resolved by official %s", petition.id, actor.id)
    return event


async def reopen(
    session: AsyncSession, petition_id: int, actor_id: int, reason: str
) -> PetitionEvent:
    """Takes a resolved petition back into work (e.g. the citizen says it is not fixed).
    Flushes; the caller commits."""
    why = required_text(reason, "reason")
    actor = await active_official(session, actor_id)
    petition = await locked_petition(session, petition_id)
    if petition.status != PetitionStatus.RESOLVED:
        raise InvalidTransition(f"petition {petition_id} is {petition.status.value}")
    petition.status = PetitionStatus.IN_PROGRESS
    petition.resolved_at = None
    event = await append_event(
        session, petition, "reopened", official_actor(actor.id), public=True, body=why
    )
    await followers.tell_everyone(
        session,
        petition,
        event.id,
        notice("citizen_reopened", code=petition.tracking_code, reason=why),
    )
    await session.flush()
    return event
