"""The queue and the item operations as JSON (the same rules as the pages: desk.operations)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import filters, operations, views
from desk.api import models
from desk.api.common import Action, answer, json_body, parsed, path_id
from desk.forms import UploadedFile, posted
from desk.keys import FILES, OFFICIAL, SETTINGS
from storage.errors import InvalidValue, NotFound
from storage.services import desk_queries

# by the path segment that names the action
ACTIONS = {
    "claim": Action("claim", None),
    "assign": Action("assign", models.AssignBody),
    "replies": Action("reply", models.ReplyBody),
    "notes": Action("note", models.TextBody),
    "request-information": Action("request_information", models.QuestionBody),
    "transfer": Action("transfer", models.TransferBody),
    "merge": Action("merge", models.MergeBody),
    "resolve": Action("resolve", models.TextBody),
    "reopen": Action("reopen", models.ReasonBody),
    "accept": Action("accept", models.AcceptBody),
    "refuse": Action("refuse", models.RefuseBody),
    "extend": Action("extend", models.ReasonBody),
    "forward": Action("forward", models.ForwardBody),
    "second-complaint": Action("second_complaint", models.TextBody),
}


async def list_petitions(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    parts = await operations.queue(session, request[OFFICIAL], filters.parse_queue(request.query))
    page = {"items": parts.rows, "next_cursor": parts.next_cursor}
    return answer(models.PetitionPage.model_validate(page))


async def _detail(session: AsyncSession, request: web.Request, petition_id: int) -> web.Response:
    official = request[OFFICIAL]
    parts = await operations.item(session, official, petition_id)
    detail = views.petition_detail(
        parts.petition,
        official,
        parts.events,
        parts.attachments,
        parts.names,
        parts.communes,
        views.today(),
    )
    return answer(models.PetitionDetail.model_validate(detail))


async def get_petition(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return await _detail(session, request, path_id(request, "petition_id"))


# the fields for desk.operations, and the file's name and bytes (empty: no file)
Fields = tuple[dict[str, Any], str | None, bytes]


async def _reply_form(request: web.Request) -> Fields:
    form = await posted(request)
    upload = form.get("file")
    file = upload if isinstance(upload, UploadedFile) else None
    reply = parsed(
        models.ReplyForm, {"text": form.get("text"), "file": file.data if file else None}
    )
    return {"text": reply.text}, file.name if file else None, reply.file or b""


async def _json_fields(request: web.Request, action: Action) -> Fields:
    data = await json_body(request)
    if action.body is None:
        return {}, None, b""
    body = parsed(action.body, data)
    upload = body.file if isinstance(body, models.ReplyBody) else None
    if upload is None:
        return body.model_dump(exclude_none=True), None, b""
    try:
        content = base64.b64decode(upload.content_base64, validate=True)
    except binascii.Error:
        raise InvalidValue("file.content_base64 is not base64") from None
    return body.model_dump(exclude_none=True, exclude={"file"}), upload.name or None, content


async def _fields(request: web.Request, action: Action) -> dict[str, Any]:
    """The action's body read through its model: JSON, or for a reply with a file, multipart
    (text and file parts) or JSON with the file as {"name", "content_base64"}. The file is
    checked and kept before the reply."""
    if request.content_type == "multipart/form-data":
        if action.name != "reply":
            raise InvalidValue("only a reply is sent as multipart/form-data")
        fields, name, data = await _reply_form(request)
    else:
        fields, name, data = await _json_fields(request, action)
    if data:
        fields["file"] = await operations.keep_file(
            request.app[FILES], request.app[SETTINGS], name, data
        )
    return fields


async def petition_action(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    petition_id = path_id(request, "petition_id")
    action = ACTIONS.get(request.match_info["action"])
    if action is None:
        raise NotFound("action")
    fields = await _fields(request, action)
    await operations.perform(session, request[OFFICIAL], petition_id, action.name, fields)
    if action.name == "transfer":
        # the item has left the unit: its detail is no longer this official's to read
        return answer(models.Transferred(id=petition_id, transferred=True))
    return await _detail(session, request, petition_id)


async def list_departments(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    """Units to transfer to (names and ids only)."""
    rows = await desk_queries.departments(session)
    return answer(
        models.Departments(
            [
                models.Department(
                    id=d.id,
                    code=d.code,
                    name_vi=d.name_vi,
                    name_en=d.name_en,
                    is_inspection=d.is_inspection,
                )
                for d in rows
            ]
        )
    )


async def me(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    return answer(
        models.Me(
            id=official.id,
            username=official.username,
            full_name=official.full_name,
            role=official.role,
            department=models.DepartmentRef(
                id=official.department_id,
                code=official.department_code,
                name_vi=official.department_name_vi,
                name_en=official.department_name_en,
            ),
        )
    )
