"""Officials answering the citizen: a reply (or an internal note), and a question for what is
missing."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from core.words import notice
from storage.errors import InvalidTransition
from storage.models import PetitionEvent, PetitionStatus
from storage.services import followers, reply_files
from storage.services.messaging import enqueue_notice
from storage.services.officials import active_official
from storage.services.petitions.steps import (
    append_event,
    locked_petition,
    official_actor,
    open_item,
    required_text,
)

logger = logging.getLogger(__name__)


async def reply(
    session: AsyncSession,
    petition_id: int,
    official_id: int,
    text: str,
    public: bool = True,
    file: reply_files.KeptFile | None = None,
) -> PetitionEvent:
    """An official's answer, with a photo or PDF already kept (storage.services.reply_files)
    if one goes with it. A public one is sent to the citizen and starts the clock's "first
    reply"; a non-public one is an internal note and goes nowhere. Flushes; the caller
    commits."""
    body = required_text(text, "reply")
    official = await active_official(session, official_id)
    petition = await locked_petition(session, petition_id)
    if petition.status == PetitionStatus.MERGED:
        raise InvalidTransition("a merged petition is answered through the one it was merged into")
    event = await append_event(
        session, petition, "replied", official_actor(official.id), public=public, body=body
    )
    if file is not None:
        reply_files.record(session, petition.id, event.id, file)
    attached = {"file": file.as_body()} if file is not None and public else {}
    if public:
        if petition.first_reply_at is None:
            petition.first_reply_at = event.created_at
        if petition.status == PetitionStatus.RECEIVED:
            petition.status = PetitionStatus.IN_PROGRESS
        await followers.tell_everyone(
            session,
            petition,
            event.id,
            notice("citizen_reply", code=petition.tracking_code, reply=body),
            attached=attached,
        )
    await session.flush()
    logger.info("petition %s: reply by official %s (public=%s)", petition.id, official.id, public)
    return event


async def request_information(
    session: AsyncSession, petition_id: int, official_id: int, question: str
) -> PetitionEvent:
    """Asks the citizen for what is missing: the question goes to them on their channel, in their
    language, and the item waits on them. Being asked is being answered, so it also starts the
    clock's "first reply". Flushes; the caller commits."""
    body = required_text(question, "question")
    official, petition = await open_item(session, petition_id, official_id)
    event = await append_event(
        session,
        petition,
        "information_requested",
        official_actor(official.id),
        public=True,
        body=body,
    )
    petition.status = PetitionStatus.AWAITING_CITIZEN
    if petition.first_reply_at is None:
        petition.first_reply_at = event.created_at
    await enqueue_notice(
        session,
        citizen=petition.citizen,
        channel=petition.channel,
        notice=notice("citizen_information", code=petition.tracking_code, question=body),
        dedupe_key=f"event:{event.id}",
    )
    await session.flush()
    logger.info("petition %s: information requested by official %s", petition.id, official.id)
    return event
