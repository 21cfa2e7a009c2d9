"""Conversations handed to the unit's officials: the list, one transcript, and the replies."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import operations, views
from desk.guard import status_of
from desk.keys import OFFICIAL
from desk.render import render
from storage.errors import NotFound, StorageError
from storage.services import desk_queries

_FORM_ACTIONS = {"hold": "hold", "message": "message", "hand-back": "hand_back"}


def _handoff_id(request: web.Request) -> int:
    raw = request.match_info["handoff_id"]
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound("handoff")
    return int(raw)


async def handoffs_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    rows = await desk_queries.open_handoffs(session, official.department_id)
    names = await desk_queries.official_names(session, views.handoff_official_ids(rows))
    return render(
        request, "handoffs.html", {"handoffs": [views.handoff_view(h, names) for h in rows]}
    )


async def _view(session: AsyncSession, request: web.Request) -> dict[str, object]:
    handoff = await operations.unit_handoff(session, request[OFFICIAL], _handoff_id(request))
    names = await desk_queries.official_names(session, views.handoff_official_ids([handoff]))
    return views.handoff_view(handoff, names)


async def handoff_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    error = request.query.get("error", "")
    return render(
        request,
        "handoff.html",
        {
            "h": await _view(session, request),
            "error": error if error in ("invalid", "conflict") else "",
        },
    )


async def handoff_transcript(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    """The transcript alone, for the page's small script to refresh without a reload."""
    return render(request, "_transcript.html", {"h": await _view(session, request)})


async def handoff_action(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    handoff_id = _handoff_id(request)
    action = _FORM_ACTIONS.get(request.match_info["action"])
    if action is None:
        raise NotFound("action")
    form = await request.post()
    base = f"/desk/handoffs/{handoff_id}"
    try:
        await operations.handoff_action(
            session, request[OFFICIAL], handoff_id, action, {"text": form.get("text")}
        )
    except StorageError as error:
        status = status_of(error)
        if status == 404:
            raise
        await session.rollback()
        code = "conflict" if status == 409 else "invalid"
        raise web.HTTPSeeOther(f"{base}?error={code}") from None
    if action == "hand_back":
        raise web.HTTPSeeOther("/desk/handoffs")
    raise web.HTTPSeeOther(base)
