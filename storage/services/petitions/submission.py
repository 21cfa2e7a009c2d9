"""Filing a petition from the assistant: once per idempotency key, with its tracking code, its
department, its due date, its first events and the photos the citizen sent with it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.tracking_codes import new_tracking_code
from storage.deadlines import load_calendar
from storage.errors import InvalidValue, NotAllowed, NotFound
from storage.legal_clocks import NEEDS_ACCEPTANCE, Clocks, first_due, load_clocks
from storage.models import (
    Attachment,
    Channel,
    Citizen,
    Commune,
    Department,
    Petition,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
    utcnow,
)
from storage.services import hotspots, notifications
from storage.services.petitions.routing import matching_rule
from storage.services.petitions.steps import required_text

logger = logging.getLogger(__name__)

# photos and locations sent in the minutes before the form is submitted belong to it
ATTACHMENT_WINDOW = dt.timedelta(hours=24)
# a collision needs two equal draws from 31^8 codes: five in a row means something else is wrong
_CODE_ATTEMPTS = 5


async def _petition_by_key(session: AsyncSession, idempotency_key: str) -> Petition | None:
    petition: Petition | None = await session.scalar(
        select(Petition)
        .where(Petition.idempotency_key == idempotency_key)
        .options(selectinload(Petition.department))
    )
    return petition


def _place_from_photos(petition: Petition, attachments: Sequence[Attachment]) -> None:
    """A citizen who gave no location but sent a photo that knows where it was taken: the
    photo's GPS is the petition's location."""
    if petition.latitude is not None:
        return
    for attachment in attachments:
        if attachment.kind == "photo" and attachment.latitude is not None:
            petition.latitude, petition.longitude = attachment.latitude, attachment.longitude
            return


async def photo_place_known(session: AsyncSession, attachment: Attachment) -> None:
    """A photo fetched after its petition was filed still gives it its place (see above)."""
    if attachment.petition_id is None:
        return
    petition = await session.get(Petition, attachment.petition_id)
    if petition is not None:
        _place_from_photos(petition, [attachment])


async def _bind_attachments(
    session: AsyncSession,
    petition: Petition,
    attachment_ids: Sequence[int] | None,
    submitted_at: dt.datetime,
) -> None:
    query = select(Attachment).where(
        Attachment.citizen_id == petition.citizen_id, Attachment.petition_id.is_(None)
    )
    if attachment_ids is None:
        query = query.where(Attachment.created_at >= submitted_at - ATTACHMENT_WINDOW)
    elif not attachment_ids:
        return
    else:
        query = query.where(Attachment.id.in_(attachment_ids))
    attachments = (await session.scalars(query)).all()
    for attachment in attachments:
        attachment.petition_id = petition.id
    _place_from_photos(petition, attachments)
    if attachment_ids is not None and len(attachments) != len(set(attachment_ids)):
        # another citizen's or an already bound attachment: never attach it, but keep the petition
        logger.warning(
            "petition %s: %d of %d attachment ids were not the citizen's unbound attachments",
            petition.id,
            len(set(attachment_ids)) - len(attachments),
            len(set(attachment_ids)),
        )


async def submit_petition(
    session: AsyncSession,
    *,
    idempotency_key: str,
    citizen_id: int,
    channel: Channel | str,
    kind: PetitionKind | str,
    category: str,
    description: str,
    commune_code: str | None,
    address: str | None,
    latitude: float | None,
    longitude: float | None,
    contact_phone: str | None,
    anonymous: bool,
    attachment_ids: Sequence[int] | None,
    reporter_name: str | None = None,
    now: dt.datetime | None = None,
    clocks: Clocks | None = None,
    first_complaint_id: int | None = None,
    surge: hotspots.SurgeRules | None = None,
    department: Department | None = None,
) -> tuple[Petition, bool]:
    """Files a petition once per idempotency key; returns it and whether it is new.

    A double tap or a redelivered form (even one racing in through another process) gets the
    first petition back with False, so the citizen never receives two tracking codes. The
    petition comes back with its department loaded, for the confirmation message. `department`
    is a unit the law names rather than the routing rules (a second complaint goes to the unit
    above the one that settled the first). Flushes; the caller commits.
    """
    existing = await _petition_by_key(session, idempotency_key)
    if existing is not None:
        if existing.citizen_id != citizen_id:
            raise NotAllowed("the idempotency key belongs to another citizen's petition")
        return existing, False
    if await session.get(Citizen, citizen_id) is None:
        raise NotFound(f"citizen {citizen_id}")
    if commune_code is not None and await session.get(Commune, commune_code) is None:
        raise NotFound(f"commune {commune_code!r}")
    try:
        petition_kind = PetitionKind(kind)
        petition_channel = Channel(channel)
    except ValueError as error:
        raise InvalidValue(str(error)) from error
    description = required_text(description or "", "description")
    submitted_at = now or utcnow()
    rule = await matching_rule(session, petition_kind, category, commune_code)
    unit = department or rule.department
    calendar = await load_calendar(session)
    due_on = first_due(petition_kind, submitted_at, calendar, clocks or await load_clocks(session))

    for _ in range(_CODE_ATTEMPTS):
        code = new_tracking_code()
        petition = Petition(
            tracking_code=code,
            idempotency_key=idempotency_key,
            kind=petition_kind,
            category=category,
            description=description,
            citizen_id=citizen_id,
            channel=petition_channel,
            commune_code=commune_code,
            address=address,
            latitude=latitude,
            longitude=longitude,
            contact_phone=contact_phone,
            reporter_name=reporter_name,
            anonymous=anonymous,
            department=unit,
            status=PetitionStatus.RECEIVED,
            submitted_at=submitted_at,
            due_on=due_on,
            acceptance_due_on=due_on if petition_kind in NEEDS_ACCEPTANCE else None,
            first_complaint_id=first_complaint_id,
        )
        try:
            # the petition, its events and its attachments go in together or not at all
            async with session.begin_nested():
                session.add(petition)
                await session.flush()
                session.add_all(
                    [
                        PetitionEvent(
                            petition_id=petition.id,
                            kind="created",
                            actor="citizen",
                            public=True,
                            data={"channel": petition_channel.value},
                            created_at=submitted_at,
                        ),
                        PetitionEvent(
                            petition_id=petition.id,
                            kind="routed",
                            actor="system",
                            public=False,
                            data={
                                "department_code": unit.code,
                                "rule_id": rule.id if department is None else None,
                            },
                            created_at=submitted_at,
                        ),
                    ]
                )
                await _bind_attachments(session, petition, attachment_ids, submitted_at)
                await notifications.notify_new_petition(session, petition, unit, submitted_at)
                await hotspots.check_surge(session, petition, unit, surge or hotspots.SurgeRules())
        except IntegrityError:
            winner = await _petition_by_key(session, idempotency_key)
            if winner is not None:
                logger.info("petition submission lost a race on its key; returning the first")
                if winner.citizen_id != citizen_id:
                    raise NotAllowed(
                        "the idempotency key belongs to another citizen's petition"
                    ) from None
                return winner, False
            taken = await session.scalar(select(Petition.id).where(Petition.tracking_code == code))
            if taken is None:
                raise
            logger.warning("tracking code collision, drawing another")
            continue
        logger.info(
            "petition %s filed (%s, %s) for department %s due %s",
            petition.id,
            petition_kind.value,
            category,
            unit.code,
            due_on.isoformat(),
        )
        return petition, True
    raise RuntimeError("no free tracking code after several attempts")
