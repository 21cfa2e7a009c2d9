"""The citizen's rating of their resolved petition, and the button payload that carries it."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.tracking_codes import normalize_tracking_code
from storage.errors import InvalidValue, NotAllowed
from storage.models import Petition, PetitionStatus
from storage.services.feedback import RATINGS, add_feedback
from storage.services.petitions.steps import append_event


def rate_payload(tracking_code: str, rating: int) -> str:
    """The button payload the assistant's `rate_petition` intent receives."""
    entities = {"tracking_code": tracking_code, "rating": str(rating)}
    return "/rate_petition" + json.dumps(entities, separators=(",", ":"))


async def rate(
    session: AsyncSession,
    citizen_id: int,
    tracking_code: str,
    rating: int,
    comment: str | None,
) -> Petition:
    """The citizen's rating of their own resolved petition; a repeated tap changes nothing.
    Flushes; the caller commits."""
    if rating not in RATINGS:
        raise InvalidValue("rating must be between 1 and 5")
    code = normalize_tracking_code(tracking_code)
    petition = None
    if code is not None:
        petition = await session.scalar(
            select(Petition)
            .where(Petition.tracking_code == code, Petition.citizen_id == citizen_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    if petition is None or petition.status != PetitionStatus.RESOLVED:
        # same refusal for another citizen's code and a missing one: codes cannot be probed
        raise NotAllowed("only the citizen's own resolved petition can be rated")
    cleaned = comment.strip() if comment and comment.strip() else None
    if petition.rating == rating and petition.rating_comment == cleaned:
        return petition
    petition.rating = rating
    petition.rating_comment = cleaned
    add_feedback(
        session,
        citizen_id=citizen_id,
        target="petition",
        rating=rating,
        comment=cleaned,
        petition_id=petition.id,
    )
    await append_event(
        session, petition, "rated", "citizen", public=True, body=cleaned, data={"rating": rating}
    )
    await session.flush()
    return petition
