"""The unit's queue: open items by due date, filtered, one keyset page at a time."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import filters, views
from desk.i18n import LABELS
from desk.keys import OFFICIAL
from desk.render import render
from storage.models import PetitionKind
from storage.services import desk_queries


async def queue_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    query = filters.parse_queue(request.query)
    day = views.today()
    page = await desk_queries.queue_page(
        session, filters.queue_filter(query, official.department_id, day)
    )
    names = await desk_queries.official_names(
        session, [p.assigned_official_id for p in page.items if p.assigned_official_id]
    )
    communes = await desk_queries.communes(session)
    commune_names = {c.code: c.name for c in communes}
    next_url = None
    if page.next_cursor is not None:
        params = {**query.as_params(), "limit": str(query.limit)}
        next_url = views.next_link(request.path, params, filters.encode_cursor(page.next_cursor))
    return render(
        request,
        "queue.html",
        {
            "rows": [views.petition_row(p, day, names, commune_names) for p in page.items],
            "query": query,
            "next_url": next_url,
            "statuses": filters.STATUS_CHOICES,
            "kinds": [k.value for k in PetitionKind],
            "categories": list(LABELS["category"]),
            "communes": communes,
            "done": "transfer" if request.query.get("done") == "transfer" else "",
            "first_params": urlencode({k: v for k, v in query.as_params().items() if v}),
        },
    )
