"""A citizen says a resolved petition was not put right ("chưa sửa", "vẫn còn", "not fixed"):
it is reopened with a new clock and escalated, further each time (the unit's supervisor, then
the unit that takes unrouted matters, or the inspectorate for an official's conduct)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.tracking_codes import normalize_tracking_code
from core.words import notice
from storage.deadlines import load_calendar, vietnam_today
from storage.errors import InvalidTransition, NotFound
from storage.legal_clocks import count, load_clocks
from storage.models import (
    Department,
    Official,
    Petition,
    PetitionKind,
    PetitionStatus,
    Role,
    utcnow,
)
from storage.services import followers, notifications
from storage.services.petitions import append_event, locked_petition, route

logger = logging.getLogger(__name__)

# a petition resolved longer ago than this is a new matter, not a reopening
REOPEN_WINDOW = dt.timedelta(days=60)
CITIZEN = "citizen"


@dataclass(frozen=True)
class Reopened:
    petition: Petition
    # who now has it: the unit's supervisor on the first reopening, another unit after
    supervisor: Official | None
    department: Department


async def reopenable(
    session: AsyncSession, citizen_id: int, tracking_code: str | None = None
) -> Petition | None:
    """The citizen's petition that may be reopened: the one named by code, or their latest
    resolved within the window."""
    query = select(Petition).where(
        Petition.citizen_id == citizen_id,
        Petition.status == PetitionStatus.RESOLVED,
        Petition.resolved_at >= utcnow() - REOPEN_WINDOW,
    )
    code = normalize_tracking_code(tracking_code) if tracking_code else None
    if code is not None:
        query = query.where(Petition.tracking_code == code)
    found: Petition | None = await session.scalar(
        query.order_by(Petition.resolved_at.desc()).limit(1)
    )
    return found


async def _supervisor(session: AsyncSession, department_id: int) -> Official | None:
    found: Official | None = await session.scalar(
        select(Official)
        .where(
            Official.department_id == department_id,
            Official.role == Role.SUPERVISOR,
            Official.active.is_(True),
        )
        .order_by(Official.id)
        .limit(1)
    )
    return found


async def _higher_unit(session: AsyncSession, petition: Petition) -> Department:
    """After a second reopening: the inspectorate for an official's conduct, else the unit that
    takes unrouted matters."""
    if petition.category == "can_bo":
        inspection = await session.scalar(
            select(Department).where(Department.is_inspection.is_(True)).limit(1)
        )
        if inspection is not None:
            return inspection
    return await route(session, PetitionKind.REPORT, None, None)


async def reopen_by_citizen(
    session: AsyncSession, citizen_id: int, petition_id: int, reason: str
) -> Reopened:
    """Reopens the citizen's resolved petition and escalates it, with its event, the notice to
    whoever now has it and the followers' messages; the caller commits."""
    petition = await locked_petition(session, petition_id)
    if petition.citizen_id != citizen_id:
        raise NotFound(f"petition {petition_id}")
    if petition.status != PetitionStatus.RESOLVED:
        raise InvalidTransition(f"petition {petition_id} is {petition.status.value}")
    petition.reopen_count += 1
    petition.status = PetitionStatus.IN_PROGRESS
    petition.resolved_at = None
    # a new clock from today: the answer clock of a report (10 working days)
    clocks = await load_clocks(session)
    petition.due_on = count(
        clocks["answer.phan_anh"],
        vietnam_today(),
        await load_calendar(session),
    )
    if petition.reopen_count >= 2:
        higher = await _higher_unit(session, petition)
        if higher.id != petition.department_id:
            petition.department_id = higher.id
            petition.assigned_official_id = None
    department = await session.get(Department, petition.department_id)
    assert department is not None
    supervisor = await _supervisor(session, department.id)
    if supervisor is not None:
        petition.assigned_official_id = supervisor.id
    event = await append_event(
        session,
        petition,
        "reopened_by_citizen",
        CITIZEN,
        public=True,
        body=reason[:2000],
        data={
            "times": petition.reopen_count,
            "department_code": department.code,
            "supervisor_id": supervisor.id if supervisor else None,
            "due_on": petition.due_on.isoformat(),
        },
    )
    if supervisor is not None:
        await notifications.notify_assignment(session, petition, supervisor, event.id)
    # its own citizen is answered in the chat; those following it hear it here
    await followers.tell_followers(
        session,
        petition,
        event.id,
        notice("citizen_reopened_for_followers", code=petition.tracking_code),
    )
    logger.info(
        "petition %s reopened by its citizen (%d), now with %s",
        petition.id,
        petition.reopen_count,
        department.code,
    )
    return Reopened(petition, supervisor, department)
