"""The steps the laws give a complaint or a denunciation, and the forwarding of any petition:
acceptance (thụ lý) or its refusal, extension, the second complaint, and sending a matter to the
body that has authority over it. Each step is on the timeline, sets the clock the law names from
the day it happens, and is told to the citizen on their channel. Each flushes; the caller commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.words import Names, notice
from storage.deadlines import VIETNAM, load_calendar, vietnam_today
from storage.errors import InvalidTransition, InvalidValue
from storage.legal_clocks import (
    EXTENSIONS_ALLOWED,
    NEEDS_ACCEPTANCE,
    NORMAL,
    TIERS,
    count,
    load_clocks,
)
from storage.models import Commune, Department, Petition, PetitionKind, PetitionStatus, utcnow
from storage.services import followers
from storage.services.officials import active_official
from storage.services.petitions import (
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    append_event,
    locked_petition,
    official_actor,
    open_item,
    required_text,
    submit_petition,
)

logger = logging.getLogger(__name__)

AcceptanceState = Literal["pending", "due_soon", "overdue", "on_time", "late"]


def acceptance_state(petition: Petition, today: dt.date) -> AcceptanceState | None:
    """Where the decision to accept stands against its clock (None where the law sets none):
    taken on time or late, or still to take."""
    due = petition.acceptance_due_on
    if due is None:
        return None
    decided = petition.accepted_on
    if decided is None and petition.status in CLOSED_STATUSES and petition.resolved_at:
        decided = petition.resolved_at.astimezone(VIETNAM).date()
    if decided is not None:
        return "on_time" if decided <= due else "late"
    if today > due:
        return "overdue"
    return "due_soon" if (due - today).days <= DUE_SOON_DAYS else "pending"


def _unit(department: Department) -> Names:
    return Names(vi=department.name_vi, en=department.name_en)


async def _awaiting_acceptance(session: AsyncSession, petition_id: int) -> Petition:
    petition = await locked_petition(session, petition_id)
    if petition.kind not in NEEDS_ACCEPTANCE:
        raise InvalidTransition("only a complaint or a denunciation is accepted or refused")
    if petition.accepted_on is not None or petition.status in CLOSED_STATUSES:
        raise InvalidTransition(f"petition {petition_id} is no longer awaiting acceptance")
    return petition


async def _is_remote(session: AsyncSession, petition: Petition) -> bool:
    if petition.commune_code is None:
        return False
    commune = await session.get(Commune, petition.commune_code)
    return bool(commune and commune.remote)


async def accept(
    session: AsyncSession,
    petition_id: int,
    actor_id: int,
    *,
    tier: str = NORMAL,
    on: dt.date | None = None,
) -> Petition:
    """Accepts (thụ lý) a complaint or denunciation: the settlement clock starts that day, as
    long as the law gives its tier, its area and whether it is a second complaint."""
    if tier not in TIERS:
        raise InvalidValue(f"tier must be one of {', '.join(TIERS)}")
    actor = await active_official(session, actor_id)
    petition = await _awaiting_acceptance(session, petition_id)
    clocks = await load_clocks(session)
    calendar = await load_calendar(session)
    day = on or vietnam_today()
    clock = clocks.settlement(
        petition.kind,
        tier,
        remote=await _is_remote(session, petition),
        second=petition.first_complaint_id is not None,
    )
    petition.accepted_on = day
    petition.tier = tier
    petition.due_on = count(clock, day, calendar)
    petition.status = PetitionStatus.IN_PROGRESS
    event = await append_event(
        session,
        petition,
        "accepted",
        official_actor(actor.id),
        public=True,
        data={
            "on": day.isoformat(),
            "due_on": petition.due_on.isoformat(),
            "tier": tier,
            "source": clock.source,
        },
    )
    await followers.tell_everyone(
        session,
        petition,
        event.id,
        notice(
            "citizen_accepted",
            code=petition.tracking_code,
            day=day,
            due=petition.due_on,
            source=clock.source,
        ),
    )
    await session.flush()
    logger.info("petition %s accepted, due %s", petition.id, petition.due_on)
    return petition


async def refuse(
    session: AsyncSession, petition_id: int, actor_id: int, reason: str, legal_ground: str
) -> Petition:
    """Does not accept the matter, with the reason and the legal ground the citizen is told."""
    why = required_text(reason, "reason")
    ground = required_text(legal_ground, "legal ground")
    actor = await active_official(session, actor_id)
    petition = await _awaiting_acceptance(session, petition_id)
    event = await append_event(
        session,
        petition,
        "refused",
        official_actor(actor.id),
        public=True,
        body=why,
        data={"legal_ground": ground},
    )
    petition.status = PetitionStatus.REFUSED
    petition.resolved_at = event.created_at
    await followers.tell_everyone(
        session,
        petition,
        event.id,
        notice("citizen_refused", code=petition.tracking_code, reason=why, ground=ground),
    )
    await session.flush()
    return petition


async def extend(session: AsyncSession, petition_id: int, actor_id: int, reason: str) -> Petition:
    """More time, as far as the law allows: a denunciation 30 days more, once when complex and
    twice when very complex; a complaint moves to the complex matter's clock, once."""
    why = required_text(reason, "reason")
    actor = await active_official(session, actor_id)
    petition = await locked_petition(session, petition_id)
    if petition.accepted_on is None or petition.status in CLOSED_STATUSES:
        raise InvalidTransition("only an accepted matter still open is extended")
    clocks = await load_clocks(session)
    calendar = await load_calendar(session)
    if petition.kind == PetitionKind.DENUNCIATION:
        tier = petition.tier if petition.tier != NORMAL else "complex"
        if petition.extensions >= EXTENSIONS_ALLOWED[tier]:
            raise InvalidTransition("the law allows no further extension of this denunciation")
        clock = clocks["extend.to_cao"]
        petition.due_on = count(clock, petition.due_on, calendar)
    elif petition.kind == PetitionKind.COMPLAINT:
        if petition.tier != NORMAL:
            raise InvalidTransition("a complex complaint has no further extension")
        tier = "complex"
        clock = clocks.settlement(
            petition.kind,
            tier,
            remote=await _is_remote(session, petition),
            second=petition.first_complaint_id is not None,
        )
        petition.due_on = count(clock, petition.accepted_on, calendar)
    else:
        raise InvalidTransition("a report or proposal has no extension in law")
    petition.tier = tier
    petition.extensions += 1
    event = await append_event(
        session,
        petition,
        "extended",
        official_actor(actor.id),
        public=True,
        body=why,
        data={"due_on": petition.due_on.isoformat(), "source": clock.source},
    )
    await followers.tell_everyone(
        session,
        petition,
        event.id,
        notice("citizen_extended", code=petition.tracking_code, due=petition.due_on, reason=why),
    )
    await session.flush()
    return petition


async def forward(
    session: AsyncSession, petition_id: int, actor_id: int, to: str, reason: str
) -> Petition:
    """Sends a matter outside the unit's authority on to the body that has it, and closes it
    here (Luật Tiếp công dân 2013, art. 28: the citizen is told where it went)."""
    body = required_text(to, "the receiving body")
    why = required_text(reason, "reason")
    actor, petition = await open_item(session, petition_id, actor_id)
    event = await append_event(
        session,
        petition,
        "forwarded",
        official_actor(actor.id),
        public=True,
        body=why,
        data={"to": body},
    )
    petition.status = PetitionStatus.FORWARDED
    petition.forwarded_to = body
    petition.resolved_at = event.created_at
    await followers.tell_everyone(
        session,
        petition,
        event.id,
        notice(
            "citizen_forwarded",
            code=petition.tracking_code,
            unit=_unit(petition.department),
            to=body,
            reason=why,
        ),
    )
    await session.flush()
    return petition


async def second_complaint(
    session: AsyncSession, first_id: int, actor_id: int, description: str
) -> Petition:
    """Registers the citizen's second complaint about a first one that was settled: a new item
    linked to the first, with its own acceptance clock, for the unit above the one that settled
    the first (or routed like a complaint where the deployment names none)."""
    text = required_text(description, "description")
    actor = await active_official(session, actor_id)
    first = await locked_petition(session, first_id)
    if first.kind != PetitionKind.COMPLAINT or first.first_complaint_id is not None:
        raise InvalidTransition("a second complaint follows a first complaint")
    if first.status != PetitionStatus.RESOLVED:
        raise InvalidTransition("a second complaint follows a settled first complaint")
    settled_by = await session.get(Department, first.department_id)
    superior = None
    if settled_by is not None and settled_by.superior_code:
        superior = await session.scalar(
            select(Department).where(Department.code == settled_by.superior_code)
        )
    second, _ = await submit_petition(
        session,
        idempotency_key=f"second:{first.id}",
        citizen_id=first.citizen_id,
        channel=first.channel,
        kind=PetitionKind.COMPLAINT,
        category=first.category,
        description=text,
        commune_code=first.commune_code,
        address=first.address,
        latitude=first.latitude,
        longitude=first.longitude,
        contact_phone=first.contact_phone,
        anonymous=False,
        attachment_ids=None,
        reporter_name=first.reporter_name,
        now=utcnow(),
        first_complaint_id=first.id,
        department=superior,
    )
    second = await locked_petition(session, second.id)
    event = await append_event(
        session,
        second,
        "second_complaint",
        official_actor(actor.id),
        public=True,
        data={"first": first.tracking_code},
    )
    await followers.tell_everyone(
        session,
        second,
        event.id,
        notice(
            "citizen_second_complaint",
            code=second.tracking_code,
            first=first.tracking_code,
            due=second.due_on,
        ),
    )
    await session.flush()
    return second
