"""Satisfaction ratings and comments: the "friendly government" programme reports them monthly."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue, NotFound
from storage.models import Citizen, Feedback

logger = logging.getLogger(__name__)

TARGETS = frozenset({"assistant", "service", "petition"})
RATINGS = range(1, 6)


def add_feedback(
    session: AsyncSession,
    *,
    citizen_id: int,
    target: str,
    rating: int | None,
    comment: str | None,
    petition_id: int | None = None,
) -> Feedback:
    """Adds a checked Feedback row without committing, so a caller can make it part of a larger
    change (rating a petition writes the petition, its event and the feedback together)."""
    if target not in TARGETS:
        raise InvalidValue(f"unknown feedback target {target!r}")
    if rating is not None and rating not in RATINGS:
        raise InvalidValue("rating must be between 1 and 5")
    if rating is None and not (comment and comment.strip()):
        raise InvalidValue("feedback needs a rating or a comment")
    feedback = Feedback(
        citizen_id=citizen_id,
        petition_id=petition_id,
        target=target,
        rating=rating,
        comment=comment.strip() if comment and comment.strip() else None,
    )
    session.add(feedback)
    return feedback


async def record_feedback(
    session: AsyncSession,
    citizen_id: int,
    target: str,
    rating: int | None,
    comment: str | None,
) -> Feedback:
    """Stores a rating or comment about the assistant or a service. Flushes; the caller
    commits."""
    if await session.get(Citizen, citizen_id) is None:
        raise NotFound(f"citizen {citizen_id}")
    feedback = add_feedback(
        session, citizen_id=citizen_id, target=target, rating=rating, comment=comment
    )
    await session.flush()
    logger.info("feedback recorded (target=%s, rating=%s)", target, rating)
    return feedback
