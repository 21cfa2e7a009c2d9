"""Calls to /api/v1 checked against the OpenAPI document the API itself serves: the status must be
one the operation documents, the answer must match that status's schema, and a body sent must
match the operation's request schema. Records which operations answered what."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.desk.conftest import Desk

# the document as a schema resource, so its "#/components/..." references resolve inside it
DOCUMENT_URI = "urn:desk:openapi"
JSON = "application/json"


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


class Contract:
    def __init__(self, desk: Desk, document: dict[str, Any]) -> None:
        self.desk = desk
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(DOCUMENT_URI, resource)
        # (METHOD, path template, status) of every call made
        self.answered: set[tuple[str, str, int]] = set()

    def operations(self) -> set[tuple[str, str]]:
        return {
            (method.upper(), path)
            for path, methods in self.document["paths"].items()
            for method in methods
        }

    def _operation(self, method: str, template: str) -> dict[str, Any]:
        operation: dict[str, Any] = self.document["paths"][template][method.lower()]
        return operation

    def _validator(self, pointer: str) -> Draft202012Validator:
        return Draft202012Validator(
            {"$ref": f"{DOCUMENT_URI}#{pointer}"},
            registry=self._registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )

    def body_problem(self, method: str, template: str, body: Any) -> str | None:
        """Why the document refuses `body` for this operation (None: it accepts it)."""
        operation = self._operation(method, template)
        assert "requestBody" in operation, f"{method} {template} documents no request body"
        pointer = _pointer("paths", template, method.lower(), "requestBody", "content", JSON)
        try:
            self._validator(pointer + "/schema").validate(body)
        except ValidationError as error:
            return error.message
        return None

    def _answer_pointer(self, method: str, template: str, status: int) -> str:
        responses = self._operation(method, template)["responses"]
        assert str(status) in responses, f"{method} {template} answered {status}, undocumented"
        described = responses[str(status)]
        if "$ref" in described:
            base = described["$ref"].removeprefix("#")
        else:
            base = _pointer("paths", template, method.lower(), "responses", str(status))
        return base + _pointer("content", JSON, "schema")

    async def call(
        self,
        method: str,
        template: str,
        token: str | None,
        body: Any = None,
        *,
        query: str = "",
        status: int = 200,
        **ids: int,
    ) -> Any:
        """Calls the operation with `ids` in its path and a body the document accepts, and
        returns the answer once it has the expected status and matches the document."""
        if body is not None:
            assert self.body_problem(method, template, body) is None, (template, body)
        return await self._send(method, template, token, body, query, status, ids)

    async def refused(self, method: str, template: str, token: str, body: Any, **ids: int) -> str:
        """Sends a body the document refuses, checks the API refuses it too (400), and returns
        the document's reason."""
        problem = self.body_problem(method, template, body)
        assert problem is not None, f"the document accepts {body!r} for {template}"
        await self._send(method, template, token, body, "", 400, ids)
        return problem

    async def _send(
        self,
        method: str,
        template: str,
        token: str | None,
        body: Any,
        query: str,
        status: int,
        ids: dict[str, int],
    ) -> Any:
        response = await self.desk.api(method, template.format(**ids) + query, token, body)
        text = await response.text()
        assert response.status == status, (method, template, response.status, text[:300])
        assert response.content_type == JSON, (method, template, response.content_type)
        payload = json.loads(text)
        self._validator(self._answer_pointer(method, template, status)).validate(payload)
        self.answered.add((method, template, status))
        return payload
