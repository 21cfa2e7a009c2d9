"""Helpers the API handlers share: reading a JSON body and path ids."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage.errors import InvalidValue, NotFound


async def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object; an empty body is an empty object (claim, hand back)."""
    if not request.can_read_body:
        return {}
    try:
        data = await request.json()
    except ValueError:
        raise InvalidValue("the body is not JSON") from None
    if not isinstance(data, dict):
        raise InvalidValue("the body must be a JSON object")
    return data


def path_id(request: web.Request, name: str) -> int:
    raw = request.match_info[name]
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound(name)
    return int(raw)
