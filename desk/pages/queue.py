"""The unit's queue: open items by due date, filtered, one keyset page at a time."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import filters, operations, views
from desk.i18n import LABELS
from desk.keys import OFFICIAL
from desk.render import render
from storage.models import PetitionKind, Role


async def queue_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    if request[OFFICIAL].role == Role.OVERSIGHT:
        # overseers read figures, not petitions: their desk starts at the oversight page
        raise web.HTTPFound("/desk/oversight")
    query = filters.parse_queue(request.query)
    parts = await operations.queue(session, request[OFFICIAL], query)
    next_url = None
    if parts.next_cursor is not None:
        params = {**query.as_params(), "limit": str(query.limit)}
        next_url = views.next_link(request.path, params, parts.next_cursor)
    return render(
        request,
        "queue.html",
        {
            "rows": parts.rows,
            "query": query,
            "next_url": next_url,
            "statuses": filters.STATUS_CHOICES,
            "kinds": [k.value for k in PetitionKind],
            "categories": list(LABELS["category"]),
            "communes": parts.communes,
            "done": "transfer" if request.query.get("done") == "transfer" else "",
            "first_params": urlencode({k: v for k, v in query.as_params().items() if v}),
        },
    )
