"""Petitions: intake from the assistant, what the citizen may see, and the officials' operations.

Every change appends a `PetitionEvent` (the timeline officials and citizens read) in the same
transaction; a message to the citizen goes through the outbox in that transaction too, so a reply
is never recorded without being sent, nor sent twice. The functions flush and never commit: the
caller (a desk handler, an action, a worker) commits the change, its event and its messages once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import case, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.tracking_codes import new_tracking_code, normalize_tracking_code
from core.words import Notice, notice, words_for
from storage.deadlines import VIETNAM, load_calendar
from storage.errors import InvalidTransition, InvalidValue, NotAllowed, NotFound
from storage.legal_clocks import NEEDS_ACCEPTANCE, Clocks, first_due, load_clocks
from storage.models import (
    Attachment,
    Channel,
    Citizen,
    Commune,
    Department,
    Official,
    Petition,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
    RoutingRule,
    utcnow,
)
from storage.services import citizen_updates, followers, hotspots, notifications, reply_files
from storage.services.feedback import RATINGS, add_feedback
from storage.services.messaging import enqueue_notice, enqueue_outbound
from storage.services.officials import active_official

logger = logging.getLogger(__name__)

# photos and locations sent in the minutes before the form is submitted belong to it
ATTACHMENT_WINDOW = dt.timedelta(hours=24)
DUE_SOON_DAYS = 2
# a collision needs two equal draws from 31^8 codes: five in a row means something else is wrong
_CODE_ATTEMPTS = 5
CLOSED_STATUSES = frozenset(
    {
        PetitionStatus.RESOLVED,
        PetitionStatus.MERGED,
        PetitionStatus.REFUSED,
        PetitionStatus.FORWARDED,
    }
)

DeadlineState = Literal["on_time", "due_soon", "overdue", "resolved_on_time", "resolved_late"]


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


def official_actor(official_id: int) -> str:
    return f"official:{official_id}"


def rate_payload(tracking_code: str, rating: int) -> str:
    """The button payload the assistant's `rate_petition` intent receives."""
    entities = {"tracking_code": tracking_code, "rating": str(rating)}
    return "/rate_petition" + json.dumps(entities, separators=(",", ":"))


def not_fixed_payload(tracking_code: str) -> str:
    """The button payload for "it is still not fixed" under a resolution."""
    return "/report_not_fixed" + json.dumps({"tracking_code": tracking_code}, separators=(",", ":"))


def required_text(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidValue(f"{what} must not be empty")
    return cleaned


# --- routing ----------------------------------------------------------------------------------


async def _matching_rule(
    session: AsyncSession, kind: PetitionKind, category: str | None, commune_code: str | None
) -> RoutingRule:
    # A rule on the kind outweighs category and commune together: the kind decides the legal
    # regime, and a denunciation must reach the inspectorate, never the ward it may accuse.
    specificity = (
        case((RoutingRule.petition_kind.is_not(None), 3), else_=0)
        + case((RoutingRule.category.is_not(None), 1), else_=0)
        + case((RoutingRule.commune_code.is_not(None), 1), else_=0)
    )
    rule = await session.scalar(
        select(RoutingRule)
        .where(
            or_(RoutingRule.petition_kind.is_(None), RoutingRule.petition_kind == kind),
            or_(RoutingRule.category.is_(None), RoutingRule.category == category),
            or_(RoutingRule.commune_code.is_(None), RoutingRule.commune_code == commune_code),
        )
        .order_by(specificity.desc(), RoutingRule.id)
        .limit(1)
        .options(selectinload(RoutingRule.department))
    )
    if rule is None:
        raise NotFound("no routing rule matches, and there is no default rule")
    return rule


async def route(
    session: AsyncSession, kind: PetitionKind | str, category: str | None, commune_code: str | None
) -> Department:
    """The department that handles a petition: the most specific matching rule, lowest id on a
    tie; a set field that differs disqualifies a rule, NULL matches anything."""
    rule = await _matching_rule(session, PetitionKind(kind), category, commune_code)
    return rule.department


# --- intake -----------------------------------------------------------------------------------


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
    rule = await _matching_rule(session, petition_kind, category, commune_code)
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


# --- the citizen's view -----------------------------------------------------------------------


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


# --- officials' operations --------------------------------------------------------------------


async def locked_petition(session: AsyncSession, petition_id: int) -> Petition:
    """The petition with its citizen and department, locked on PostgreSQL so two officials
    acting at once are applied one after the other."""
    petition = await session.scalar(
        select(Petition)
        .where(Petition.id == petition_id)
        .with_for_update()
        .options(selectinload(Petition.citizen), selectinload(Petition.department))
        .execution_options(populate_existing=True)
    )
    if petition is None:
        raise NotFound(f"petition {petition_id}")
    return petition


async def open_item(
    session: AsyncSession, petition_id: int, official_id: int
) -> tuple[Official, Petition]:
    """The acting official (still active) and the petition, locked, refusing one that is closed:
    the start of every official's step on an open item."""
    official = await active_official(session, official_id)
    petition = await locked_petition(session, petition_id)
    if petition.status in CLOSED_STATUSES:
        raise InvalidTransition(f"petition {petition_id} is {petition.status.value}")
    return official, petition


async def append_event(
    session: AsyncSession,
    petition: Petition,
    kind: str,
    actor: str,
    *,
    public: bool,
    body: str | None = None,
    data: dict[str, Any] | None = None,
) -> PetitionEvent:
    event = PetitionEvent(
        petition_id=petition.id,
        kind=kind,
        actor=actor,
        public=public,
        body=body,
        data=data or {},
        created_at=utcnow(),
    )
    session.add(event)
    await session.flush()  # the id makes the outbox dedupe key
    return event


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


def deadline_state(petition: Petition, today: dt.date) -> DeadlineState:
    """Where a petition stands against its due date, for the desk's queue and the reports."""
    return deadline_state_of(petition.due_on, petition.resolved_at, today)


def deadline_state_of(
    due_on: dt.date, resolved_at: dt.datetime | None, today: dt.date
) -> DeadlineState:
    if resolved_at is not None:
        resolved_on = resolved_at.astimezone(VIETNAM).date()
        return "resolved_on_time" if resolved_on <= due_on else "resolved_late"
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "on_time"


async def record_citizen_answer(
    session: AsyncSession, citizen_id: int, text: str, inbox_message_id: int
) -> tuple[Petition, Notice] | None:
    """The citizen's message, when one of their petitions waits on them, goes onto that petition
    (with anything attached to the message) and the item goes back to the officials; returns the
    petition and the confirmation to send, or None when nothing waits on the citizen."""
    petition = await session.scalar(
        select(Petition)
        .where(
            Petition.citizen_id == citizen_id,
            Petition.status == PetitionStatus.AWAITING_CITIZEN,
        )
        .order_by(Petition.id.desc())
        .limit(1)
        .options(selectinload(Petition.citizen))
    )
    if petition is None:
        return None
    await append_event(
        session,
        petition,
        "citizen_answered",
        "citizen",
        public=True,
        body=text,
        data={"inbox_message_id": inbox_message_id},
    )
    attached = await session.scalars(
        select(Attachment).where(
            Attachment.inbox_message_id == inbox_message_id, Attachment.petition_id.is_(None)
        )
    )
    for attachment in attached:
        attachment.petition_id = petition.id
    petition.status = PetitionStatus.IN_PROGRESS
    await session.flush()
    return petition, notice("citizen_answer_received", code=petition.tracking_code)
