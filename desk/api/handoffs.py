"""Handoff conversations as JSON: the unit's open ones, a transcript, writing, handing back."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import operations, views
from desk.api import models
from desk.api.common import Action, answer, json_body, parsed, path_id
from desk.keys import OFFICIAL
from storage.errors import NotFound
from storage.models import Handoff
from storage.services import desk_queries

# by the path segment that names the action
ACTIONS = {
    "hold": Action("hold", None),
    "messages": Action("message", models.TextBody),
    "hand-back": Action("hand_back", None),
}


async def _json(session: AsyncSession, handoff: Handoff) -> web.Response:
    names = await desk_queries.official_names(session, views.handoff_official_ids([handoff]))
    return answer(models.Handoff.model_validate(views.handoff_view(handoff, names)))


async def list_handoffs(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    rows = await desk_queries.open_handoffs(session, request[OFFICIAL].department_id)
    names = await desk_queries.official_names(session, views.handoff_official_ids(rows))
    listing = {"items": [views.handoff_view(h, names) for h in rows]}
    return answer(models.HandoffList.model_validate(listing))


async def get_handoff(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    handoff = await operations.unit_handoff(
        session, request[OFFICIAL], path_id(request, "handoff_id")
    )
    return await _json(session, handoff)


async def handoff_action(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    action = ACTIONS.get(request.match_info["action"])
    if action is None:
        raise NotFound("action")
    data = await json_body(request)
    fields = parsed(action.body, data).model_dump() if action.body else {}
    handoff = await operations.handoff_action(
        session, request[OFFICIAL], path_id(request, "handoff_id"), action.name, fields
    )
    return await _json(session, handoff)
