"""The unit's queue on a map: the same filters and the same access as the list. Items with a
GPS point are markers coloured by their clock; items with only a commune are counted on its
centre. The page draws the map from /desk/map.json with the vendored Leaflet."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import filters, views
from desk.i18n import LABELS
from desk.keys import OFFICIAL, SETTINGS
from desk.render import render
from storage.models import PetitionKind
from storage.services import desk_queries
from storage.services.petitions import deadline_state_of

# worst first: a cluster or a commune takes the colour of its most urgent item
SEVERITY = ("overdue", "due_soon", "on_time", "resolved")


def map_state(due_on: dt.date, resolved: bool, today: dt.date) -> str:
    """The clock's colour on the map: a closed item is simply resolved."""
    return "resolved" if resolved else deadline_state_of(due_on, None, today)


def _tile_origin(template: str) -> str | None:
    parts = urlsplit(template)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _csp(tile_origin: str | None) -> str:
    images = "'self' data:" + (f" {tile_origin}" if tile_origin else "")
    return (
        f"default-src 'self'; img-src {images}; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


async def map_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    query = filters.parse_queue(request.query)
    settings = request.app[SETTINGS]
    response = render(
        request,
        "map.html",
        {
            "query": query,
            "statuses": filters.STATUS_CHOICES,
            "kinds": [k.value for k in PetitionKind],
            "categories": list(LABELS["category"]),
            "communes": await desk_queries.communes(session),
            "data_url": "/desk/map.json?"
            + urlencode({k: v for k, v in query.as_params().items() if v}),
            "tiles": settings.desk_map_tiles,
            "attribution": settings.desk_map_attribution,
        },
    )
    # the tile server is the one other place the page may load images from
    response.headers["Content-Security-Policy"] = _csp(_tile_origin(settings.desk_map_tiles))
    return response


async def map_data(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    query = filters.parse_queue(request.query)
    day = views.today()
    wanted = filters.queue_filter(query, request[OFFICIAL].department_id, day)
    points = await desk_queries.map_points(session, wanted)
    dues = await desk_queries.commune_dues(session, wanted)
    communes = {c.code: c for c in await desk_queries.communes(session)}
    by_commune: dict[str, dict[str, int]] = {}
    for due in dues:
        state = map_state(due.due_on, due.resolved, day)
        states = by_commune.setdefault(due.commune_code, {})
        states[state] = states.get(state, 0) + due.count
    counted: list[dict[str, Any]] = []
    for code, states in sorted(by_commune.items()):
        commune = communes.get(code)
        if commune is None or commune.latitude is None or commune.longitude is None:
            continue
        counted.append(
            {
                "code": code,
                "name": commune.name,
                "lat": commune.latitude,
                "lon": commune.longitude,
                "count": sum(states.values()),
                "states": states,
                "worst": next(s for s in SEVERITY if s in states),
            }
        )
    return web.json_response(
        {
            "points": [
                {
                    "id": p.id,
                    "code": p.tracking_code,
                    "lat": p.latitude,
                    "lon": p.longitude,
                    "state": map_state(p.due_on, p.resolved_at is not None, day),
                    "kind": p.kind.value,
                    "category": p.category,
                }
                for p in points
            ],
            "communes": counted,
            "truncated": len(points) >= desk_queries.MAX_MAP_POINTS,
        }
    )
