"""Petitions and handoffs as the desk shows them, for the pages and the JSON API alike.

Redaction happens here and only here: a denouncer's name, phone and chat identity are left out
of the structure itself unless `access.sees_identity` allows them, so no template or endpoint
can print what it was never given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from desk.access import Viewer, sees_identity
from storage.deadlines import VIETNAM, vietnam_today
from storage.models import Attachment, Handoff, Petition, PetitionEvent
from storage.services.lifecycle import acceptance_state
from storage.services.petitions import deadline_state

EXCERPT = 160


def today() -> dt.date:
    return vietnam_today()


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def local_time(value: str | None) -> str:
    """An ISO timestamp as Vietnam's wall-clock time, for people (the API keeps ISO in UTC)."""
    if not value:
        return "—"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def map_link(latitude: float, longitude: float) -> str:
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.6f}&mlon={longitude:.6f}"
        f"#map=17/{latitude:.6f}/{longitude:.6f}"
    )


def actor_name(actor: str) -> tuple[str, int | None]:
    """("official", id) for an official's event, else the actor as stored (citizen, system)."""
    kind, _, ident = actor.partition(":")
    if kind == "official" and ident.isdigit():
        return "official", int(ident)
    return kind, None


def petition_row(
    petition: Petition, day: dt.date, names: Mapping[int, str], communes: Mapping[str, str]
) -> dict[str, Any]:
    """A queue line: enough to choose what to open, nothing about who sent it."""
    assigned = petition.assigned_official_id
    description = petition.description
    return {
        "id": petition.id,
        "tracking_code": petition.tracking_code,
        "kind": petition.kind.value,
        "category": petition.category,
        "commune_code": petition.commune_code,
        "commune_name": communes.get(petition.commune_code or ""),
        "status": petition.status.value,
        "submitted_at": _iso(petition.submitted_at),
        "due_on": _iso(petition.due_on),
        "days_left": (petition.due_on - day).days,
        "deadline_state": deadline_state(petition, day),
        "assigned_official_id": assigned,
        "assigned_official_name": names.get(assigned) if assigned is not None else None,
        "excerpt": description if len(description) <= EXCERPT else description[:EXCERPT] + "…",
    }


def _attachment(attachment: Attachment) -> dict[str, Any]:
    reference = attachment.reference
    link = reference if reference and reference.startswith(("https://", "http://")) else None
    item: dict[str, Any] = {
        "id": attachment.id,
        "kind": attachment.kind,
        "name": attachment.name,
        "size": attachment.size,
        # a platform file id (Telegram) is not a link: it is shown as the id it is
        "url": link,
        "reference": None if link else reference,
        "map_url": None,
        # fetched, checked and kept: shown from the desk's own copy, not the platform's
        "status": attachment.status.value,
        "stored": attachment.status.value == "stored",
        "mime": attachment.mime,
        "file_url": f"/desk/attachments/{attachment.id}",
        "thumbnail_url": (
            f"/desk/attachments/{attachment.id}/thumb"
            if attachment.mime and attachment.mime.startswith("image/")
            else None
        ),
        "refusal": attachment.refusal,
    }
    if attachment.latitude is not None and attachment.longitude is not None:
        item["latitude"] = attachment.latitude
        item["longitude"] = attachment.longitude
        item["map_url"] = map_link(attachment.latitude, attachment.longitude)
    return item


def _event(event: PetitionEvent, names: Mapping[int, str]) -> dict[str, Any]:
    actor_kind, official_id = actor_name(event.actor)
    assignee = event.data.get("official_id") if event.kind == "assigned" else None
    return {
        "id": event.id,
        "kind": event.kind,
        "actor": actor_kind,
        "official_id": official_id,
        "official_name": names.get(official_id) if official_id is not None else None,
        "public": event.public,
        "body": event.body,
        "data": dict(event.data),
        "assignee_name": names.get(assignee) if isinstance(assignee, int) else None,
        "created_at": _iso(event.created_at),
    }


def petition_detail(
    petition: Petition,
    viewer: Viewer,
    events: Sequence[PetitionEvent],
    attachments: Sequence[Attachment],
    names: Mapping[int, str],
    communes: Mapping[str, str],
    day: dt.date,
) -> dict[str, Any]:
    detail = petition_row(petition, day, names, communes)
    detail.update(
        {
            "description": petition.description,
            "address": petition.address,
            "latitude": petition.latitude,
            "longitude": petition.longitude,
            "map_url": (
                map_link(petition.latitude, petition.longitude)
                if petition.latitude is not None and petition.longitude is not None
                else None
            ),
            "channel": petition.channel.value,
            "anonymous": petition.anonymous,
            "department": {
                "id": petition.department.id,
                "code": petition.department.code,
                "name_vi": petition.department.name_vi,
                "name_en": petition.department.name_en,
            },
            "first_reply_at": _iso(petition.first_reply_at),
            "resolved_at": _iso(petition.resolved_at),
            "rating": petition.rating,
            "rating_comment": petition.rating_comment,
            "merged_into_id": petition.merged_into_id,
            "acceptance_due_on": _iso(petition.acceptance_due_on),
            "accepted_on": _iso(petition.accepted_on),
            "acceptance_state": acceptance_state(petition, day),
            "tier": petition.tier,
            "extensions": petition.extensions,
            "first_complaint_id": petition.first_complaint_id,
            "forwarded_to": petition.forwarded_to,
            "identity_visible": sees_identity(viewer, petition),
            "identity": None,
            "attachments": [_attachment(a) for a in attachments],
            "timeline": [_event(e, names) for e in events],
        }
    )
    if detail["identity_visible"]:
        citizen = petition.citizen
        detail["identity"] = {
            "reporter_name": petition.reporter_name,
            "contact_phone": petition.contact_phone,
            "citizen_name": citizen.display_name,
            "citizen_phone": citizen.phone,
            "citizen_language": citizen.language,
        }
    return detail


def handoff_view(handoff: Handoff, names: Mapping[int, str]) -> dict[str, Any]:
    entries = []
    for entry in handoff.transcript:
        if not isinstance(entry, dict):
            continue
        sender = str(entry.get("from", ""))
        kind, official_id = actor_name(sender)
        entries.append(
            {
                "from": kind,
                "official_id": official_id,
                "official_name": names.get(official_id) if official_id is not None else None,
                "text": str(entry.get("text", "")),
                "at": entry.get("at"),
            }
        )
    citizen = handoff.citizen
    return {
        "id": handoff.id,
        "status": handoff.status.value,
        "summary": handoff.summary,
        "created_at": _iso(handoff.created_at),
        "official_id": handoff.official_id,
        "official_name": names.get(handoff.official_id) if handoff.official_id else None,
        "citizen": {
            "name": citizen.display_name,
            "channel": citizen.channel.value,
            "language": citizen.language,
        },
        "transcript": entries,
    }


def official_ids_in(events: Sequence[PetitionEvent], *extra: int | None) -> list[int]:
    ids = {i for i in extra if i is not None}
    for event in events:
        _, official_id = actor_name(event.actor)
        if official_id is not None:
            ids.add(official_id)
        assigned = event.data.get("official_id") if isinstance(event.data, dict) else None
        if isinstance(assigned, int):
            ids.add(assigned)
    return sorted(ids)


def handoff_official_ids(handoffs: Sequence[Handoff]) -> list[int]:
    ids: set[int] = set()
    for handoff in handoffs:
        if handoff.official_id is not None:
            ids.add(handoff.official_id)
        for entry in handoff.transcript:
            if isinstance(entry, dict):
                _, official_id = actor_name(str(entry.get("from", "")))
                if official_id is not None:
                    ids.add(official_id)
    return sorted(ids)


def next_link(path: str, query: Mapping[str, str], cursor: str) -> str:
    params = {k: v for k, v in query.items() if k != "cursor" and v}
    params["cursor"] = cursor
    return path + "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items())
