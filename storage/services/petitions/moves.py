"""Who holds a petition: assigned to an official, transferred to another department, or merged
as a duplicate into the item that carries the same matter."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from core.words import notice
from storage.errors import InvalidTransition, InvalidValue, NotAllowed, NotFound
from storage.models import Department, Petition, PetitionEvent, PetitionKind, PetitionStatus
from storage.services import citizen_updates, followers, notifications
from storage.services.messaging import enqueue_notice
from storage.services.officials import active_official
from storage.services.petitions.steps import (
    CLOSED_STATUSES,
    append_event,
    locked_petition,
    official_actor,
    open_item,
    required_text,
)

logger = logging.getLogger(__name__)


async def assign(
    session: AsyncSession, petition_id: int, official_id: int, actor_id: int
) -> Petition:
    """Gives the petition to one official of the department that holds it. Flushes; the
    caller commits."""
    actor = await active_official(session, actor_id)
    assignee = await active_official(session, official_id)
    petition = await locked_petition(session, petition_id)
    if petition.status in CLOSED_STATUSES:
        raise InvalidTransition(f"petition {petition_id} is {petition.status.value}")
    if assignee.department_id != petition.department_id:
        raise NotAllowed("the official does not belong to the department holding the petition")
    if petition.assigned_official_id == assignee.id:
        return petition
    was_unassigned = petition.assigned_official_id is None
    petition.assigned_official_id = assignee.id
    event = await append_event(
        session,
        petition,
        "assigned",
        official_actor(actor.id),
        public=False,
        data={"official_id": assignee.id},
    )
    if assignee.id != actor.id:  # one who claims an item knows it already
        await notifications.notify_assignment(session, petition, assignee, event.id)
    if was_unassigned:
        # the citizen hears the first time someone takes it, not of every reshuffle
        await citizen_updates.tell_of_move(session, petition, event.id, "assigned")
    await session.flush()
    return petition


async def transfer(
    session: AsyncSession, petition_id: int, to_department_id: int, actor_id: int, reason: str
) -> Petition:
    """Moves a petition that is not the unit's to another one; the due date does not restart.
    Flushes; the caller commits."""
    why = required_text(reason, "reason")
    actor, petition = await open_item(session, petition_id, actor_id)
    target = await session.get(Department, to_department_id)
    if target is None:
        raise NotFound(f"department {to_department_id}")
    if target.id == petition.department_id:
        raise InvalidTransition("the petition is already with that department")
    if petition.kind == PetitionKind.DENUNCIATION and not target.is_inspection:
        # Law on Denunciation 2018: the denouncer's identity stays with the inspectorate
        raise NotAllowed("a denunciation can only be transferred to an inspection unit")
    source = petition.department
    petition.department = target
    petition.department_id = target.id
    petition.assigned_official_id = None
    event = await append_event(
        session,
        petition,
        "transferred",
        official_actor(actor.id),
        public=False,
        body=why,
        data={"from": source.code, "to": target.code},
    )
    await notifications.notify_transfer(session, petition, source, target, event.id)
    await citizen_updates.tell_of_move(session, petition, event.id, "transferred")
    await session.flush()
    logger.info("petition %s transferred from %s to %s", petition.id, source.code, target.code)
    return petition


async def merge(
    session: AsyncSession, petition_id: int, into_petition_id: int, actor_id: int
) -> PetitionEvent:
    """Closes a duplicate into the item that carries the same matter, within one department and
    one kind (each kind has its own legal procedure). The duplicate's citizen is told the code of
    the item it went into; the timelines of both record the merge. Flushes; the caller commits."""
    if petition_id == into_petition_id:
        raise InvalidValue("a petition cannot be merged into itself")
    actor = await active_official(session, actor_id)
    # locked in id order, so two officials merging the same pair cannot wait on each other
    locked = {
        ident: await locked_petition(session, ident)
        for ident in sorted({petition_id, into_petition_id})
    }
    duplicate, keeper = locked[petition_id], locked[into_petition_id]
    if duplicate.department_id != keeper.department_id:
        raise NotAllowed("only items held by the same department can be merged")
    if duplicate.kind != keeper.kind:
        raise NotAllowed("only items of the same kind can be merged")
    if duplicate.status in CLOSED_STATUSES:
        raise InvalidTransition(f"petition {petition_id} is {duplicate.status.value}")
    if keeper.status in CLOSED_STATUSES:
        raise InvalidTransition(f"petition {into_petition_id} is {keeper.status.value}")
    duplicate.status = PetitionStatus.MERGED
    duplicate.merged_into_id = keeper.id
    actor_name = official_actor(actor.id)
    event = await append_event(
        session,
        duplicate,
        "merged",
        actor_name,
        public=True,
        data={"into_id": keeper.id, "into_code": keeper.tracking_code},
    )
    await append_event(
        session,
        keeper,
        "merged_in",
        actor_name,
        public=False,
        data={"from_id": duplicate.id, "from_code": duplicate.tracking_code},
    )
    merged = notice("citizen_merged", code=duplicate.tracking_code, into=keeper.tracking_code)
    await enqueue_notice(
        session,
        citizen=duplicate.citizen,
        channel=duplicate.channel,
        notice=merged,
        dedupe_key=f"event:{event.id}",
    )
    await followers.tell_followers(session, duplicate, event.id, merged)
    # from now on the duplicate's citizen and followers hear what happens to the keeper
    await followers.move_followers(session, duplicate, keeper.id)
    await session.flush()
    logger.info("petition %s merged into %s by official %s", duplicate.id, keeper.id, actor.id)
    return event
