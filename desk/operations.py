"""What an official does to an item, for the pages and the API alike: the unit check, the role
check, the storage service call and its audit entry, in that order and in one transaction.

An item of another unit is NotFound (404) before anything else is looked at, so a guessed id
tells nothing; a role that may not act gets NotAllowed (403).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from desk import access, filters, views
from desk.access import Viewer
from storage.errors import InvalidValue, NotAllowed, NotFound
from storage.file_store import Store
from storage.models import Attachment, Commune, Handoff, Petition, PetitionEvent
from storage.services import (
    desk_accounts,
    desk_queries,
    handoffs,
    lifecycle,
    petitions,
    reply_files,
)

logger = logging.getLogger(__name__)

ACTIONS = (
    "claim",
    "assign",
    "reply",
    "note",
    "request_information",
    "transfer",
    "merge",
    "resolve",
    "reopen",
    "accept",
    "refuse",
    "extend",
    "forward",
    "second_complaint",
)
LIFECYCLE = frozenset({"accept", "refuse", "extend", "forward", "second_complaint"})
MAX_TEXT = 4000


def _target(petition_id: int) -> str:
    return f"petition:{petition_id}"


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{what} must not be empty")
    if len(value) > MAX_TEXT:
        raise InvalidValue(f"{what} is longer than {MAX_TEXT} characters")
    return value.strip()


def _id(value: object, what: str) -> int:
    if isinstance(value, bool):
        raise InvalidValue(f"{what} must be an id")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise InvalidValue(f"{what} must be an id")


async def unit_petition(
    session: AsyncSession, official: Viewer, petition_id: int, *, lock: bool = False
) -> Petition:
    petition = await desk_queries.petition_of_department(
        session, petition_id, official.department_id, lock=lock
    )
    if petition is None:
        desk_accounts.add_audit(session, official.id, "denied", _target(petition_id))
        await session.commit()
        raise NotFound(f"petition {petition_id}")
    return petition


@dataclass(frozen=True)
class ItemParts:
    petition: Petition
    events: list[PetitionEvent]
    attachments: list[Attachment]
    names: dict[int, str]
    communes: dict[str, str]


async def item(session: AsyncSession, official: Viewer, petition_id: int) -> ItemParts:
    """Everything the item page shows; reading a denouncer's identity is itself audited."""
    petition = await unit_petition(session, official, petition_id)
    events = await desk_queries.timeline(session, petition.id)
    attachments = await desk_queries.attachments_of(session, petition.id)
    names = await desk_queries.official_names(
        session, views.official_ids_in(events, petition.assigned_official_id)
    )
    communes = {c.code: c.name for c in await desk_queries.communes(session)}
    if access.sees_identity(official, petition) and (
        petition.kind.value == "to_cao" or petition.anonymous
    ):
        desk_accounts.add_audit(session, official.id, "identity_viewed", _target(petition.id))
        await session.commit()
    return ItemParts(petition, events, attachments, names, communes)


@dataclass(frozen=True)
class QueueParts:
    """One page of the unit's queue, as the page and the API both show it."""

    rows: list[dict[str, Any]]
    next_cursor: str | None
    communes: list[Commune]


async def queue(session: AsyncSession, official: Viewer, query: filters.QueueQuery) -> QueueParts:
    day = views.today()
    page = await desk_queries.queue_page(
        session, filters.queue_filter(query, official.department_id, day)
    )
    names = await desk_queries.official_names(
        session, [p.assigned_official_id for p in page.items if p.assigned_official_id]
    )
    communes = await desk_queries.communes(session)
    commune_names = {c.code: c.name for c in communes}
    return QueueParts(
        rows=[views.petition_row(p, day, names, commune_names) for p in page.items],
        next_cursor=filters.encode_cursor(page.next_cursor) if page.next_cursor else None,
        communes=communes,
    )


async def _merge_target(session: AsyncSession, official: Viewer, fields: dict[str, Any]) -> int:
    """The unit's item named by `into_code` (a tracking code, as officials read it) or, from the
    API, `into_id`. One outside the unit is refused as not being there, so probing tells nothing."""
    code, ident = fields.get("into_code"), fields.get("into_id")
    if ident is not None:
        into = _id(ident, "into_id")
        found = await desk_queries.petition_of_department(session, into, official.department_id)
        if found is not None:
            return found.id
    elif isinstance(code, str) and code.strip():
        found_id = await desk_queries.petition_id_by_code(session, code, official.department_id)
        if found_id is not None:
            return found_id
    else:
        raise InvalidValue("into_code must name the item to merge into")
    raise InvalidValue("no item with that code in your unit")


async def keep_file(
    store: Store, settings: Settings, name: str | None, data: bytes
) -> reply_files.KeptFile:
    """An official's photo or PDF checked and kept (off the event loop: a photo is re-encoded)."""
    return await asyncio.to_thread(
        reply_files.keep,
        store,
        data,
        name,
        max_image_bytes=settings.max_image_bytes,
        max_document_bytes=settings.max_document_bytes,
    )


async def perform(
    session: AsyncSession, official: Viewer, petition_id: int, action: str, fields: dict[str, Any]
) -> str:
    """Runs one action on one of the unit's items; returns the action's name for the message."""
    if action not in ACTIONS:
        raise NotFound(f"action {action!r}")
    # a merge locks its two items itself, in id order (locking this one first could deadlock
    # against a merge of the same pair the other way round); it re-checks their unit under lock
    petition = await unit_petition(session, official, petition_id, lock=action != "merge")
    target = _target(petition.id)
    if action == "claim":
        if petition.assigned_official_id not in (None, official.id) and not access.can_assign(
            official
        ):
            raise NotAllowed("the item is a colleague's; a supervisor can reassign it")
        desk_accounts.add_audit(session, official.id, "claim", target)
        await petitions.assign(session, petition.id, official.id, official.id)
    elif action == "assign":
        if not access.can_assign(official):
            raise NotAllowed("only supervisors assign items")
        assignee = _id(fields.get("official_id"), "official_id")
        desk_accounts.add_audit(session, official.id, "assign", target, {"official_id": assignee})
        await petitions.assign(session, petition.id, assignee, official.id)
    elif action in ("reply", "note"):
        public = action == "reply"
        text = _text(fields.get("text"), action)
        file = fields.get("file")
        kept = file if isinstance(file, reply_files.KeptFile) else None
        details: dict[str, Any] = {"length": len(text)}
        if kept is not None:
            details["file"] = {"name": kept.name, "sha256": kept.sha256}
        desk_accounts.add_audit(session, official.id, action, target, details)
        await petitions.reply(session, petition.id, official.id, text, public=public, file=kept)
    elif action == "transfer":
        if not access.can_transfer(official):
            raise NotAllowed("only supervisors transfer items")
        to = _id(fields.get("department_id"), "department_id")
        reason = _text(fields.get("reason"), "reason")
        desk_accounts.add_audit(session, official.id, "transfer", target, {"to": to})
        await petitions.transfer(session, petition.id, to, official.id, reason)
    elif action == "request_information":
        question = _text(fields.get("question"), "question")
        desk_accounts.add_audit(
            session, official.id, "request_information", target, {"length": len(question)}
        )
        await petitions.request_information(session, petition.id, official.id, question)
    elif action == "merge":
        into = await _merge_target(session, official, fields)
        desk_accounts.add_audit(session, official.id, "merge", target, {"into": into})
        await petitions.merge(session, petition.id, into, official.id)
    elif action in LIFECYCLE:
        if not access.can_decide(official):
            raise NotAllowed("the unit's head decides on acceptance, extension and forwarding")
        await _lifecycle(session, official, petition.id, action, fields)
    elif action == "resolve":
        text = _text(fields.get("text"), "resolution")
        desk_accounts.add_audit(session, official.id, "resolve", target)
        await petitions.resolve(session, petition.id, official.id, text)
    else:  # reopen
        reason = _text(fields.get("reason"), "reason")
        desk_accounts.add_audit(session, official.id, "reopen", target)
        await petitions.reopen(session, petition.id, official.id, reason)
    # a service that finds nothing to change returns without committing: keep the audit entry
    await session.commit()
    logger.info("official %s: %s on petition %s", official.id, action, petition.id)
    return action


async def _lifecycle(
    session: AsyncSession, official: Viewer, petition_id: int, action: str, fields: dict[str, Any]
) -> None:
    target = _target(petition_id)
    if action == "accept":
        tier = fields.get("tier") or "normal"
        desk_accounts.add_audit(session, official.id, "accept", target, {"tier": tier})
        await lifecycle.accept(session, petition_id, official.id, tier=str(tier))
    elif action == "refuse":
        reason = _text(fields.get("reason"), "reason")
        ground = _text(fields.get("legal_ground"), "legal ground")
        desk_accounts.add_audit(session, official.id, "refuse", target)
        await lifecycle.refuse(session, petition_id, official.id, reason, ground)
    elif action == "extend":
        reason = _text(fields.get("reason"), "reason")
        desk_accounts.add_audit(session, official.id, "extend", target)
        await lifecycle.extend(session, petition_id, official.id, reason)
    elif action == "forward":
        to = _text(fields.get("to"), "the receiving body")
        reason = _text(fields.get("reason"), "reason")
        desk_accounts.add_audit(session, official.id, "forward", target, {"to": to})
        await lifecycle.forward(session, petition_id, official.id, to, reason)
    else:
        text = _text(fields.get("text"), "second complaint")
        desk_accounts.add_audit(session, official.id, "second_complaint", target)
        await lifecycle.second_complaint(session, petition_id, official.id, text)


# --- handoffs ---------------------------------------------------------------------------------

HANDOFF_ACTIONS = ("hold", "message", "hand_back")


async def unit_handoff(session: AsyncSession, official: Viewer, handoff_id: int) -> Handoff:
    handoff = await desk_queries.handoff_of_department(session, handoff_id, official.department_id)
    if handoff is None:
        desk_accounts.add_audit(session, official.id, "denied", f"handoff:{handoff_id}")
        await session.commit()
        raise NotFound(f"handoff {handoff_id}")
    return handoff


async def handoff_action(
    session: AsyncSession, official: Viewer, handoff_id: int, action: str, fields: dict[str, Any]
) -> Handoff:
    if action not in HANDOFF_ACTIONS:
        raise NotFound(f"action {action!r}")
    handoff = await unit_handoff(session, official, handoff_id)
    target = f"handoff:{handoff.id}"
    if action == "hold":
        desk_accounts.add_audit(session, official.id, "handoff_hold", target)
        handoff = await handoffs.hold(session, handoff.id, official.id)
    elif action == "message":
        text = _text(fields.get("text"), "message")
        desk_accounts.add_audit(
            session, official.id, "handoff_message", target, {"length": len(text)}
        )
        handoff = await handoffs.official_message(session, handoff.id, official.id, text)
    else:
        desk_accounts.add_audit(session, official.id, "handoff_hand_back", target)
        handoff = await handoffs.hand_back(session, handoff.id, official.id)
    await session.commit()
    return handoff
