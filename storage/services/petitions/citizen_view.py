"""What a citizen may see of a petition: their own by code, any by code for the caller to
check, and their latest ones; never internal notes or routing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.tracking_codes import normalize_tracking_code
from storage.models import Petition, PetitionEvent, PetitionKind, PetitionStatus


@dataclass(frozen=True)
class PetitionStatusView:
    """What a citizen may be told about their own petition (never internal notes or routing)."""

    code: str
    kind: PetitionKind
    category: str
    status: PetitionStatus
    department_name_vi: str
    department_name_en: str
    due_on: dt.date
    submitted_at: dt.datetime
    reply: str | None
    description: str = ""


@dataclass(frozen=True)
class PetitionByCode:
    """A petition found by its code alone, with what decides how much the asker may see."""

    view: PetitionStatusView
    citizen_id: int
    contact_phone: str | None


async def _latest_public_replies(
    session: AsyncSession, petition_ids: Iterable[int]
) -> dict[int, str | None]:
    rows = await session.execute(
        select(PetitionEvent.petition_id, PetitionEvent.body)
        .where(
            PetitionEvent.petition_id.in_(list(petition_ids)),
            PetitionEvent.kind == "replied",
            PetitionEvent.public.is_(True),
        )
        .order_by(PetitionEvent.id)
    )
    # ordered by id: a later reply overwrites an earlier one
    return {petition_id: body for petition_id, body in rows.all()}


def _view(petition: Petition, reply: str | None) -> PetitionStatusView:
    return PetitionStatusView(
        code=petition.tracking_code,
        kind=petition.kind,
        category=petition.category,
        status=petition.status,
        department_name_vi=petition.department.name_vi,
        department_name_en=petition.department.name_en,
        due_on=petition.due_on,
        submitted_at=petition.submitted_at,
        reply=reply,
        description=petition.description,
    )


async def status_for_citizen(
    session: AsyncSession, citizen_id: int, tracking_code: str
) -> PetitionStatusView | None:
    """The citizen's own petition by code; None alike for an unknown code and for another
    citizen's, so a code cannot be probed for existence."""
    code = normalize_tracking_code(tracking_code)
    if code is None:
        return None
    petition = await session.scalar(
        select(Petition)
        .where(Petition.tracking_code == code, Petition.citizen_id == citizen_id)
        .options(selectinload(Petition.department))
    )
    if petition is None:
        return None
    replies = await _latest_public_replies(session, [petition.id])
    return _view(petition, replies.get(petition.id))


async def petition_by_code(session: AsyncSession, tracking_code: str) -> PetitionByCode | None:
    """Any petition by its code, for a citizen asking from another account or device. The
    caller shows its content only to the owner, or once the phone on file is confirmed."""
    code = normalize_tracking_code(tracking_code)
    if code is None:
        return None
    petition = await session.scalar(
        select(Petition)
        .where(Petition.tracking_code == code)
        .options(selectinload(Petition.department))
    )
    if petition is None:
        return None
    replies = await _latest_public_replies(session, [petition.id])
    return PetitionByCode(
        view=_view(petition, replies.get(petition.id)),
        citizen_id=petition.citizen_id,
        contact_phone=None if petition.anonymous else petition.contact_phone,
    )


async def petitions_of_citizen(
    session: AsyncSession, citizen_id: int, limit: int = 5
) -> list[PetitionStatusView]:
    """The citizen's latest petitions, newest first ("my petitions")."""
    petitions = (
        await session.scalars(
            select(Petition)
            .where(Petition.citizen_id == citizen_id)
            .order_by(Petition.submitted_at.desc(), Petition.id.desc())
            .limit(limit)
            .options(selectinload(Petition.department))
        )
    ).all()
    replies = await _latest_public_replies(session, [p.id for p in petitions])
    return [_view(p, replies.get(p.id)) for p in petitions]
