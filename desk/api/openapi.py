"""The OpenAPI 3.1 description of /api/v1, written by hand next to the handlers it describes
(a test checks every API route is in it and nothing else is)."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk.filters import STATUS_CHOICES
from storage.models import PetitionKind

_ERROR = {"$ref": "#/components/responses/Error"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _id_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _action(
    summary: str, body: dict[str, Any] | None, result: str = "PetitionDetail"
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "parameters": [_id_param("petition_id")],
        "responses": {
            "200": _json(_ref(result)),
            "400": _ERROR,
            "401": _ERROR,
            "403": _ERROR,
            "404": _ERROR,
            "409": _ERROR,
        },
    }
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    return {"post": operation}


def _object(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


_TEXT = {"type": "string", "minLength": 1, "maxLength": 4000}
_NULLABLE_STRING = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}

# "from" is a keyword, so these properties cannot be keyword arguments
_TRANSCRIPT_ENTRY: dict[str, Any] = {
    "from": {"type": "string"},
    "text": {"type": "string"},
    "at": _NULLABLE_STRING,
}

_SCHEMAS: dict[str, Any] = {
    "Error": _object(["error", "message"], error={"type": "string"}, message={"type": "string"}),
    "PetitionRow": _object(
        ["id", "tracking_code", "kind", "status", "due_on", "days_left", "deadline_state"],
        id={"type": "integer"},
        tracking_code={"type": "string"},
        kind={"type": "string", "enum": [k.value for k in PetitionKind]},
        category={"type": "string"},
        commune_code=_NULLABLE_STRING,
        commune_name=_NULLABLE_STRING,
        status={"type": "string"},
        submitted_at={"type": "string", "format": "date-time"},
        due_on={"type": "string", "format": "date"},
        days_left={"type": "integer", "description": "negative when overdue"},
        deadline_state={
            "type": "string",
            "enum": ["on_time", "due_soon", "overdue", "resolved_on_time", "resolved_late"],
        },
        assigned_official_id=_NULLABLE_INT,
        assigned_official_name=_NULLABLE_STRING,
        excerpt={"type": "string"},
    ),
    "Identity": {
        "type": ["object", "null"],
        "description": "Who sent the item. Null for a denunciation or an anonymous item unless "
        "the caller is an inspector (Law on Denunciation 2018).",
        "properties": {
            "reporter_name": _NULLABLE_STRING,
            "contact_phone": _NULLABLE_STRING,
            "citizen_name": _NULLABLE_STRING,
            "citizen_phone": _NULLABLE_STRING,
            "citizen_language": {"type": "string"},
        },
    },
    "Event": _object(
        ["id", "kind", "actor", "public", "created_at"],
        id={"type": "integer"},
        kind={"type": "string"},
        actor={"type": "string", "enum": ["citizen", "system", "official"]},
        official_id=_NULLABLE_INT,
        official_name=_NULLABLE_STRING,
        public={"type": "boolean"},
        body=_NULLABLE_STRING,
        data={"type": "object"},
        assignee_name=_NULLABLE_STRING,
        created_at={"type": "string", "format": "date-time"},
    ),
    "Attachment": _object(
        ["id", "kind"],
        id={"type": "integer"},
        kind={"type": "string", "enum": ["photo", "file", "location"]},
        name=_NULLABLE_STRING,
        size=_NULLABLE_INT,
        url=_NULLABLE_STRING,
        reference={**_NULLABLE_STRING, "description": "a platform file id when not a URL"},
        map_url=_NULLABLE_STRING,
    ),
    "PetitionDetail": {
        "allOf": [
            _ref("PetitionRow"),
            {
                "type": "object",
                "properties": {
                    "description": {"type": "string"},
                    "address": _NULLABLE_STRING,
                    "latitude": {"type": ["number", "null"]},
                    "longitude": {"type": ["number", "null"]},
                    "map_url": _NULLABLE_STRING,
                    "channel": {"type": "string"},
                    "anonymous": {"type": "boolean"},
                    "department": {"type": "object"},
                    "first_reply_at": _NULLABLE_STRING,
                    "resolved_at": _NULLABLE_STRING,
                    "rating": _NULLABLE_INT,
                    "rating_comment": _NULLABLE_STRING,
                    "merged_into_id": _NULLABLE_INT,
                    "acceptance_due_on": {"type": ["string", "null"], "format": "date"},
                    "accepted_on": {"type": ["string", "null"], "format": "date"},
                    "acceptance_state": {
                        "type": ["string", "null"],
                        "enum": ["pending", "due_soon", "overdue", "on_time", "late", None],
                    },
                    "tier": {"type": "string", "enum": ["normal", "complex", "very_complex"]},
                    "extensions": {"type": "integer"},
                    "first_complaint_id": _NULLABLE_INT,
                    "forwarded_to": _NULLABLE_STRING,
                    "identity_visible": {"type": "boolean"},
                    "identity": _ref("Identity"),
                    "attachments": {"type": "array", "items": _ref("Attachment")},
                    "timeline": {"type": "array", "items": _ref("Event")},
                },
            },
        ]
    },
    "Handoff": _object(
        ["id", "status", "transcript"],
        id={"type": "integer"},
        status={"type": "string", "enum": ["waiting", "held", "returned"]},
        summary={"type": "string"},
        created_at={"type": "string", "format": "date-time"},
        official_id=_NULLABLE_INT,
        official_name=_NULLABLE_STRING,
        citizen={"type": "object"},
        transcript={
            "type": "array",
            "items": _object(
                ["from", "text"],
                **_TRANSCRIPT_ENTRY,
            ),
        },
    ),
}

_QUEUE_PARAMS = [
    _query("status", {"type": "string", "enum": list(STATUS_CHOICES)}, "default: open"),
    _query("kind", {"type": "string", "enum": [k.value for k in PetitionKind]}, ""),
    _query("category", {"type": "string"}, ""),
    _query("commune", {"type": "string"}, "commune code"),
    _query("overdue", {"type": "boolean"}, "open items past their due date only"),
    _query("sort", {"type": "string", "enum": ["due", "-due"]}, "by due date (default: due)"),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "default: 50"),
    _query("cursor", {"type": "string"}, "next_cursor of the previous page"),
]

_HANDOFF_ACTION = {
    "parameters": [_id_param("handoff_id")],
    "responses": {"200": _json(_ref("Handoff")), "401": _ERROR, "404": _ERROR, "409": _ERROR},
}

_PATHS: dict[str, Any] = {
    "/api/v1/me": {
        "get": {
            "summary": "The token's official",
            "responses": {"200": _json({"type": "object"}), "401": _ERROR},
        }
    },
    "/api/v1/departments": {
        "get": {
            "summary": "Units (transfer targets)",
            "responses": {"200": _json({"type": "array"}), "401": _ERROR},
        }
    },
    "/api/v1/petitions": {
        "get": {
            "summary": "The unit's queue, by due date, one keyset page at a time",
            "parameters": _QUEUE_PARAMS,
            "responses": {
                "200": _json(
                    _object(
                        ["items", "next_cursor"],
                        items={"type": "array", "items": _ref("PetitionRow")},
                        next_cursor=_NULLABLE_STRING,
                    )
                ),
                "400": _ERROR,
                "401": _ERROR,
            },
        }
    },
    "/api/v1/petitions/{petition_id}": {
        "get": {
            "summary": "One item of the unit with its timeline and attachments "
            "(404 for another unit's)",
            "parameters": [_id_param("petition_id")],
            "responses": {"200": _json(_ref("PetitionDetail")), "401": _ERROR, "404": _ERROR},
        }
    },
    "/api/v1/petitions/{petition_id}/claim": _action("Assign the item to oneself", None),
    "/api/v1/petitions/{petition_id}/assign": _action(
        "Assign to a colleague (supervisor, inspector, admin)",
        _object(["official_id"], official_id={"type": "integer"}),
    ),
    "/api/v1/petitions/{petition_id}/replies": _action(
        "Reply to the citizen (sent through the outbox on their channel)",
        _object(["text"], text=_TEXT),
    ),
    "/api/v1/petitions/{petition_id}/notes": _action(
        "Internal note (never sent)", _object(["text"], text=_TEXT)
    ),
    "/api/v1/petitions/{petition_id}/request-information": _action(
        "Ask the citizen for more information (sent on their channel; the item then awaits "
        "the citizen)",
        _object(["question"], question=_TEXT),
    ),
    "/api/v1/petitions/{petition_id}/merge": _action(
        "Merge this duplicate into another open item of the unit and the same kind, named by "
        "tracking code or id; the duplicate's citizen is told the other item's code",
        {
            "type": "object",
            "properties": {
                "into_code": {"type": "string", "description": "tracking code, e.g. K7M3-9QX2"},
                "into_id": {"type": "integer"},
            },
            "anyOf": [{"required": ["into_code"]}, {"required": ["into_id"]}],
        },
    ),
    "/api/v1/petitions/{petition_id}/transfer": _action(
        "Transfer to another unit with a reason (supervisor, inspector, admin)",
        _object(["department_id", "reason"], department_id={"type": "integer"}, reason=_TEXT),
        result="Transferred",
    ),
    "/api/v1/petitions/{petition_id}/resolve": _action(
        "Resolve; the text is sent to the citizen with a rating request",
        _object(["text"], text=_TEXT),
    ),
    "/api/v1/petitions/{petition_id}/reopen": _action(
        "Reopen a resolved item", _object(["reason"], reason=_TEXT)
    ),
    "/api/v1/petitions/{petition_id}/accept": _action(
        "Accept (thụ lý) a complaint or denunciation; the settlement clock starts today, by "
        "tier (supervisor, inspector, admin)",
        {
            "type": "object",
            "properties": {
                "tier": {"type": "string", "enum": ["normal", "complex", "very_complex"]}
            },
        },
    ),
    "/api/v1/petitions/{petition_id}/refuse": _action(
        "Do not accept a complaint or denunciation; reason and legal ground go to the citizen",
        _object(["reason", "legal_ground"], reason=_TEXT, legal_ground=_TEXT),
    ),
    "/api/v1/petitions/{petition_id}/extend": _action(
        "Extend the settlement as far as the law allows; the citizen is told the new due date",
        _object(["reason"], reason=_TEXT),
    ),
    "/api/v1/petitions/{petition_id}/forward": _action(
        "Send a matter outside the unit's authority to the body that has it, and close it here",
        _object(["to", "reason"], to=_TEXT, reason=_TEXT),
    ),
    "/api/v1/petitions/{petition_id}/second-complaint": _action(
        "Register the citizen's second complaint about this settled first complaint",
        _object(["text"], text=_TEXT),
    ),
    "/api/v1/handoffs": {
        "get": {
            "summary": "The unit's open handoff conversations",
            "responses": {
                "200": _json(_object(["items"], items={"type": "array", "items": _ref("Handoff")})),
                "401": _ERROR,
            },
        }
    },
    "/api/v1/handoffs/{handoff_id}": {
        "get": {"summary": "One conversation with its transcript", **_HANDOFF_ACTION}
    },
    "/api/v1/handoffs/{handoff_id}/hold": {
        "post": {"summary": "Take the conversation", **_HANDOFF_ACTION}
    },
    "/api/v1/handoffs/{handoff_id}/messages": {
        "post": {
            "summary": "Write to the citizen",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _object(["text"], text=_TEXT)}},
            },
            **_HANDOFF_ACTION,
        }
    },
    "/api/v1/handoffs/{handoff_id}/hand-back": {
        "post": {"summary": "Hand the conversation back to the assistant", **_HANDOFF_ACTION}
    },
    "/api/v1/reports/summary": {
        "get": {
            "summary": "Counts, deadline rates, durations and satisfaction (the unit; the "
            "administrator: the province or ?department=)",
            "parameters": [
                _query("from", {"type": "string", "format": "date"}, "submitted on or after"),
                _query("to", {"type": "string", "format": "date"}, "submitted on or before"),
                _query("department", {"type": "integer"}, "administrator only"),
            ],
            "responses": {"200": _json({"type": "object"}), "400": _ERROR, "401": _ERROR},
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {"200": _json({"type": "object"}), "401": _ERROR},
        }
    },
}

_SCHEMAS["Transferred"] = _object(
    ["id", "transferred"], id={"type": "integer"}, transferred={"type": "boolean"}
)

DOCUMENT: dict[str, Any] = {
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
    "paths": _PATHS,
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": _SCHEMAS,
        "responses": {"Error": _json(_ref("Error"), "Refused (see the status code)")},
    },
}


async def openapi_document(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    return web.json_response(DOCUMENT)
