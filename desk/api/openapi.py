"""The OpenAPI 3.1 description of /api/v1, generated from the models the handlers read and answer
through (desk.api.models) and the route table below. Tests check that every API route is in it
and nothing else is, and that real answers match it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from desk.api import handoffs, models, petitions
from desk.filters import DEFAULT_LIMIT, STATUS_CHOICES
from storage.models import PetitionKind

SCHEMA_REF = "#/components/schemas/{model}"
ERROR_REF = {"$ref": "#/components/responses/Error"}
# an answer of no fixed shape: this document itself
ANY_OBJECT = {"type": "object"}


@dataclass(frozen=True)
class Query:
    name: str
    schema: dict[str, Any]
    description: str


@dataclass(frozen=True)
class Operation:
    method: Literal["get", "post"]
    path: str
    summary: str
    response: type[BaseModel] | None
    body: type[BaseModel] | None = None
    # the same body as multipart/form-data, where a file can come as a file part
    form: type[BaseModel] | None = None
    query: tuple[Query, ...] = ()
    # besides 401 and 403, which every route can answer (no token; a role the API refuses)
    errors: tuple[int, ...] = ()


QUEUE_QUERY = (
    Query("status", {"type": "string", "enum": list(STATUS_CHOICES)}, "default: open"),
    Query("kind", {"type": "string", "enum": [k.value for k in PetitionKind]}, ""),
    Query("category", {"type": "string"}, ""),
    Query("commune", {"type": "string"}, "commune code"),
    Query("overdue", {"type": "boolean"}, "open items past their due date only"),
    Query("sort", {"type": "string", "enum": ["due", "-due"]}, "by due date (default: due)"),
    Query("limit", {"type": "integer", "minimum": 1, "maximum": 200}, f"default: {DEFAULT_LIMIT}"),
    Query("cursor", {"type": "string"}, "next_cursor of the previous page"),
)
REPORT_QUERY = (
    Query("from", {"type": "string", "format": "date"}, "submitted on or after"),
    Query("to", {"type": "string", "format": "date"}, "submitted on or before"),
    Query("department", {"type": "integer"}, "administrator only"),
)
ACTION_ERRORS = (400, 404, 409)


def _petition_action(
    segment: str, summary: str, response: type[BaseModel] = models.PetitionDetail
) -> Operation:
    """A POST to /api/v1/petitions/{petition_id}/<segment>, with the body its handler reads."""
    return Operation(
        "post",
        f"/api/v1/petitions/{{petition_id}}/{segment}",
        summary,
        response,
        body=petitions.ACTIONS[segment].body,
        form=models.ReplyForm if segment == "replies" else None,
        errors=ACTION_ERRORS,
    )


def _handoff_action(segment: str, summary: str) -> Operation:
    return Operation(
        "post",
        f"/api/v1/handoffs/{{handoff_id}}/{segment}",
        summary,
        models.Handoff,
        body=handoffs.ACTIONS[segment].body,
        errors=ACTION_ERRORS,
    )


OPERATIONS = (
    Operation("get", "/api/v1/me", "The token's official", models.Me),
    Operation("get", "/api/v1/departments", "Units (transfer targets)", models.Departments),
    Operation(
        "get",
        "/api/v1/petitions",
        "The unit's queue, by due date, one keyset page at a time",
        models.PetitionPage,
        query=QUEUE_QUERY,
        errors=(400,),
    ),
    Operation(
        "get",
        "/api/v1/petitions/{petition_id}",
        "One item of the unit with its timeline and attachments (404 for another unit's)",
        models.PetitionDetail,
        errors=(404,),
    ),
    _petition_action("claim", "Assign the item to oneself"),
    _petition_action("assign", "Assign to a colleague (supervisor, inspector, admin)"),
    _petition_action(
        "replies",
        "Reply to the citizen (sent through the outbox on their channel), with a photo or a "
        "PDF if wanted",
    ),
    _petition_action("notes", "Internal note (never sent)"),
    _petition_action(
        "request-information",
        "Ask the citizen for more information (sent on their channel; the item then awaits "
        "the citizen)",
    ),
    _petition_action(
        "merge",
        "Merge this duplicate into another open item of the unit and the same kind, named by "
        "tracking code or id; the duplicate's citizen is told the other item's code",
    ),
    _petition_action(
        "transfer",
        "Transfer to another unit with a reason (supervisor, inspector, admin)",
        models.Transferred,
    ),
    _petition_action("resolve", "Resolve; the text is sent to the citizen with a rating request"),
    _petition_action("reopen", "Reopen a resolved item"),
    _petition_action(
        "accept",
        "Accept (thụ lý) a complaint or denunciation; the settlement clock starts today, by "
        "tier (supervisor, inspector, admin)",
    ),
    _petition_action(
        "refuse",
        "Do not accept a complaint or denunciation; reason and legal ground go to the citizen",
    ),
    _petition_action(
        "extend",
        "Extend the settlement as far as the law allows; the citizen is told the new due date",
    ),
    _petition_action(
        "forward",
        "Send a matter outside the unit's authority to the body that has it, and close it here",
    ),
    _petition_action(
        "second-complaint",
        "Register the citizen's second complaint about this settled first complaint",
    ),
    Operation(
        "get", "/api/v1/handoffs", "The unit's open handoff conversations", models.HandoffList
    ),
    Operation(
        "get",
        "/api/v1/handoffs/{handoff_id}",
        "One conversation with its transcript",
        models.Handoff,
        errors=(404,),
    ),
    _handoff_action("hold", "Take the conversation"),
    _handoff_action("messages", "Write to the citizen"),
    _handoff_action("hand-back", "Hand the conversation back to the assistant"),
    Operation(
        "get",
        "/api/v1/reports/summary",
        "Counts, deadline rates, durations and satisfaction (the unit; the administrator: the "
        "province or ?department=)",
        models.ReportSummary,
        query=REPORT_QUERY,
        errors=(400,),
    ),
    Operation("get", "/api/v1/openapi.json", "This document", None),
)


class _Components:
    """The models' JSON Schemas under components/schemas, each nested model once."""

    def __init__(self) -> None:
        self.schemas: dict[str, Any] = {}

    def _add(self, name: str, schema: dict[str, Any]) -> None:
        if self.schemas.setdefault(name, schema) != schema:
            # a model that reads and answers differently would need two names
            raise ValueError(f"two different schemas are both named {name}")

    def ref(
        self, model: type[BaseModel], mode: Literal["validation", "serialization"]
    ) -> dict[str, str]:
        schema = model.model_json_schema(ref_template=SCHEMA_REF, mode=mode)
        for name, nested in schema.pop("$defs", {}).items():
            self._add(name, nested)
        self._add(model.__name__, schema)
        return {"$ref": SCHEMA_REF.format(model=model.__name__)}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _parameters(operation: Operation) -> list[dict[str, Any]]:
    # every path parameter is an id
    path = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
        for name in re.findall(r"{(\w+)}", operation.path)
    ]
    query = [
        {"name": q.name, "in": "query", "required": False, "schema": q.schema}
        | ({"description": q.description} if q.description else {})
        for q in operation.query
    ]
    return path + query


def _request_body(operation: Operation, components: _Components) -> dict[str, Any] | None:
    if operation.body is None:
        return None
    content = {"application/json": {"schema": components.ref(operation.body, "validation")}}
    if operation.form is not None:
        content["multipart/form-data"] = {"schema": components.ref(operation.form, "validation")}
    required = any(field.is_required() for field in operation.body.model_fields.values())
    return {"required": required, "content": content}


def _operation(operation: Operation, components: _Components) -> dict[str, Any]:
    answer = (
        components.ref(operation.response, "serialization")
        if operation.response is not None
        else ANY_OBJECT
    )
    responses: dict[str, Any] = {"200": _json(answer)}
    for status in sorted({401, 403, *operation.errors}):
        responses[str(status)] = ERROR_REF
    described: dict[str, Any] = {"summary": operation.summary}
    if parameters := _parameters(operation):
        described["parameters"] = parameters
    if body := _request_body(operation, components):
        described["requestBody"] = body
    described["responses"] = responses
    return described


@functools.cache
def document() -> dict[str, Any]:
    components = _Components()
    paths: dict[str, dict[str, Any]] = {}
    for operation in OPERATIONS:
        paths.setdefault(operation.path, {})[operation.method] = _operation(operation, components)
    error = components.ref(models.ApiError, "serialization")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Officials' desk API",
            "version": "1.0.0",
            "description": "The queue and the operations of a province's officials' desk. Every "
            "call carries `Authorization: Bearer <token>` (tokens are made on the desk's API "
            "tokens page). An official sees only their own unit's items: another unit's id "
            "answers 404.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": dict(sorted(components.schemas.items())),
            "responses": {"Error": _json(error, "Refused (see the status code)")},
        },
    }


async def openapi_document(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return web.json_response(document())
