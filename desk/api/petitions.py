"""The queue and the item operations as JSON (the same rules as the pages: desk.operations)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import filters, operations, views
from desk.api.common import json_body, path_id
from desk.forms import UploadedFile, posted
from desk.keys import FILES, OFFICIAL, SETTINGS
from storage.errors import InvalidValue, NotFound
from storage.services import desk_queries

# the JSON field each action reads, and the path segment that names the action
_ACTIONS = {
    "claim": "claim",
    "assign": "assign",
    "replies": "reply",
    "notes": "note",
    "request-information": "request_information",
    "transfer": "transfer",
    "merge": "merge",
    "resolve": "resolve",
    "reopen": "reopen",
    "accept": "accept",
    "refuse": "refuse",
    "extend": "extend",
    "forward": "forward",
    "second-complaint": "second_complaint",
}


async def list_petitions(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    parts = await operations.queue(session, request[OFFICIAL], filters.parse_queue(request.query))
    return web.json_response({"items": parts.rows, "next_cursor": parts.next_cursor})


async def _detail(session: AsyncSession, request: web.Request, petition_id: int) -> web.Response:
    official = request[OFFICIAL]
    parts = await operations.item(session, official, petition_id)
    return web.json_response(
        views.petition_detail(
            parts.petition,
            official,
            parts.events,
            parts.attachments,
            parts.names,
            parts.communes,
            views.today(),
        )
    )


async def get_petition(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return await _detail(session, request, path_id(request, "petition_id"))


async def _fields(request: web.Request, action: str) -> dict[str, Any]:
    """JSON, or for a reply with a file, multipart (text and file fields) or JSON with the
    file as {"name", "content_base64"}; the file is checked and kept before the reply."""
    if request.content_type == "multipart/form-data":
        form = await posted(request)
        fields: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        name, data = (upload.name, upload.data) if isinstance(upload, UploadedFile) else (None, b"")
    else:
        fields = await json_body(request)
        described = fields.pop("file", None)
        name, data = None, b""
        if isinstance(described, dict):
            try:
                data = base64.b64decode(str(described.get("content_base64") or ""), validate=True)
            except binascii.Error:
                raise InvalidValue("file.content_base64 is not base64") from None
            name = str(described.get("name") or "") or None
    if data:
        if action != "reply":
            raise InvalidValue("only a reply carries a file")
        fields["file"] = await operations.keep_file(
            request.app[FILES], request.app[SETTINGS], name, data
        )
    return fields


async def petition_action(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    petition_id = path_id(request, "petition_id")
    action = _ACTIONS.get(request.match_info["action"])
    if action is None:
        raise NotFound("action")
    fields = await _fields(request, action)
    await operations.perform(session, request[OFFICIAL], petition_id, action, fields)
    if action == "transfer":
        # the item has left the unit: its detail is no longer this official's to read
        return web.json_response({"id": petition_id, "transferred": True})
    return await _detail(session, request, petition_id)


async def list_departments(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    """Units to transfer to (names and ids only)."""
    rows = await desk_queries.departments(session)
    return web.json_response(
        [
            {
                "id": d.id,
                "code": d.code,
                "name_vi": d.name_vi,
                "name_en": d.name_en,
                "is_inspection": d.is_inspection,
            }
            for d in rows
        ]
    )


async def me(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    return web.json_response(
        {
            "id": official.id,
            "username": official.username,
            "full_name": official.full_name,
            "role": official.role.value,
            "department": {
                "id": official.department_id,
                "code": official.department_code,
                "name_vi": official.department_name_vi,
                "name_en": official.department_name_en,
            },
        }
    )
