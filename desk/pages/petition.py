"""One item: its details, timeline, attachments and deadline, and the forms that act on it.

Each form posts to /desk/petitions/{id}/{action} and comes back here (post, redirect, get), with
the outcome named in the query string (?done=reply or ?error=conflict), never as free text.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import access, canned, operations, views
from desk.forms import UploadedFile, posted
from desk.guard import status_of
from desk.keys import FILES, OFFICIAL, SETTINGS
from desk.render import render
from storage.errors import NotFound, StorageError
from storage.services import desk_queries, duplicates, followers, reply_files
from storage.services.petitions import CLOSED_STATUSES

_ERRORS = {400: "invalid", 403: "forbidden", 409: "conflict"}
# the forms' field names (the reply's is "text", as the browser test expects)
_FIELDS = {
    "reply": {"text": "text"},
    "note": {"text": "note"},
    "resolve": {"text": "resolution"},
    "reopen": {"reason": "reason"},
    "request_information": {"question": "question"},
    "transfer": {"reason": "reason", "department_id": "department_id"},
    "merge": {"into_code": "into_code"},
    "assign": {"official_id": "official_id"},
    "claim": {},
    "accept": {"tier": "tier"},
    "refuse": {"reason": "reason", "legal_ground": "legal_ground"},
    "extend": {"reason": "reason"},
    "forward": {"to": "to", "reason": "reason"},
    "second_complaint": {"text": "text"},
}


def _petition_id(request: web.Request) -> int:
    raw = request.match_info["petition_id"]
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound("petition")
    return int(raw)


async def petition_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    parts = await operations.item(session, official, _petition_id(request))
    petition = parts.petition
    day = views.today()
    detail = views.petition_detail(
        petition, official, parts.events, parts.attachments, parts.names, parts.communes, day
    )
    language = petition.citizen.language if petition.citizen.language in ("vi", "en") else "vi"
    chosen = request.query.get("tpl", "")
    colleagues = (
        await desk_queries.officials_of(session, official.department_id)
        if access.can_assign(official)
        else []
    )
    departments = (
        [d for d in await desk_queries.departments(session) if d.id != petition.department_id]
        if access.can_transfer(official)
        else []
    )
    suggested: list[duplicates.Duplicate] = []
    if petition.status not in CLOSED_STATUSES:
        # only the unit's own items: a merge stays within one unit
        suggested = await duplicates.similar_open(
            session,
            duplicates.Report(
                kind=petition.kind,
                category=petition.category,
                description=petition.description,
                commune_code=petition.commune_code,
                latitude=petition.latitude,
                longitude=petition.longitude,
            ),
            duplicates.DuplicateRules.from_settings(request.app[SETTINGS]),
            exclude_id=petition.id,
            department_id=petition.department_id,
        )
    done = request.query.get("done", "")
    error = request.query.get("error", "")
    return render(
        request,
        "petition.html",
        {
            "p": detail,
            "templates": list(canned.TEMPLATES),
            "chosen_template": chosen if chosen in canned.TEMPLATES else "",
            "reply_text": canned.template_text(chosen, language) or "",
            "resolve_text": canned.template_text(canned.RESOLVE_DEFAULT, language) or "",
            "can_assign": access.can_assign(official),
            "can_transfer": access.can_transfer(official),
            "can_decide": access.can_decide(official),
            "colleagues": colleagues,
            "departments": departments,
            "duplicates": suggested,
            "follower_count": await followers.follower_count(session, petition.id),
            "reply_files": await reply_files.of_petition(session, petition.id),
            "done": done if done in operations.ACTIONS else "",
            "error": error if error in _ERRORS.values() else "",
        },
    )


async def petition_action(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    petition_id = _petition_id(request)
    action = request.match_info["action"]
    if action not in _FIELDS:
        raise NotFound(action)
    form = await posted(request)
    fields: dict[str, Any] = {name: form.get(field) for name, field in _FIELDS[action].items()}
    base = f"/desk/petitions/{petition_id}"
    try:
        upload = form.get("file")
        if action == "reply" and isinstance(upload, UploadedFile):
            fields["file"] = await operations.keep_file(
                request.app[FILES], request.app[SETTINGS], upload.name, upload.data
            )
        await operations.perform(session, request[OFFICIAL], petition_id, action, fields)
    except StorageError as error:
        status = status_of(error)
        if status == 404:
            raise
        await session.rollback()
        raise web.HTTPSeeOther(f"{base}?error={_ERRORS.get(status, 'invalid')}") from None
    # a transferred item has left the unit: its page would be a 404 now
    if action == "transfer":
        raise web.HTTPSeeOther("/desk?done=transfer")
    raise web.HTTPSeeOther(f"{base}?done={action}")
