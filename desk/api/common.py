"""Helpers the API handlers share: reading a JSON body and path ids, and reading and answering
through the models of desk.api.models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from desk.api.models import RequestBody
from storage.errors import InvalidValue, NotFound

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Action:
    """What a POST to .../{action} does: its name in desk.operations, and the model of the JSON
    body it reads (None: it reads none)."""

    name: str
    body: type[RequestBody] | None


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


def parsed(model: type[Model], data: object) -> Model:
    """`data` read through the body's model; what it refuses is a 400 naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        # the fields and the reasons only: the caller's input is not echoed back
        reasons = (
            f"{'.'.join(str(part) for part in problem['loc']) or 'body'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise InvalidValue("; ".join(reasons)) from None


def answer(body: BaseModel) -> web.Response:
    """A 200 JSON answer, serialised by its model exactly as the OpenAPI document describes."""
    return web.json_response(body.model_dump(mode="json"))


def path_id(request: web.Request, name: str) -> int:
    raw = request.match_info[name]
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound(name)
    return int(raw)
