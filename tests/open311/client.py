"""A GeoReport v2 client written from the specification alone (wiki.open311.org/GeoReport_v2),
used to test the server as another system would: it reads XML and JSON into the same shapes,
and checks what the specification requires of every response (UTF-8, the XML declaration, ISO
8601 times with their zone)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

# the specification's list elements, and the element each item is written as
LISTS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}
BOOLEANS = {"metadata", "variable", "required"}
NUMBERS = {"lat", "long", "order"}
TIMES = {"requested_datetime", "updated_datetime", "expected_datetime"}


@dataclass
class Answer:
    status: int
    body: Any
    content_type: str


def _value(name: str, element: ElementTree.Element, parent: str = "") -> Any:
    if name in LISTS:
        return [_value(LISTS[name], child, name) for child in element]
    if len(element):
        return {child.tag: _value(child.tag, child, name) for child in element}
    text = element.text
    if text is None:
        return None
    if name in BOOLEANS:
        return text == "true"
    if name == "order" or (name == "code" and parent == "error"):
        return int(text)
    if name in NUMBERS:
        return float(text)
    return text


def parse_xml(raw: bytes) -> Any:
    assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>") or raw.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>'
    ), raw[:60]
    root = ElementTree.fromstring(raw)
    if root.tag in LISTS:
        return [_value(LISTS[root.tag], child) for child in root]
    return {child.tag: _value(child.tag, child) for child in root}


def check_times(rows: Any) -> None:
    """Every date/time carries its zone, as the specification requires."""
    for row in rows if isinstance(rows, list) else [rows]:
        for name in TIMES & set(row):
            if row[name] is not None:
                moment = dt.datetime.fromisoformat(row[name])
                assert moment.tzinfo is not None, (name, row[name])


class GeoReport:
    def __init__(self, http: TestClient[Any, Any], base: str = "/open311/v2") -> None:
        self.http = http
        self.base = base

    async def _read(self, response: ClientResponse, fmt: str) -> Answer:
        raw = await response.read()
        if fmt == "xml":
            assert response.content_type == "text/xml"
            body = parse_xml(raw)
        else:
            assert response.content_type == "application/json"
            body = json.loads(raw.decode("utf-8"))
        assert response.charset == "utf-8"
        return Answer(response.status, body, response.content_type)

    async def services(self, fmt: str = "json", **params: str) -> Answer:
        return await self._read(
            await self.http.get(f"{self.base}/services.{fmt}", params=params), fmt
        )

    async def definition(self, code: str, fmt: str = "json", **params: str) -> Answer:
        response = await self.http.get(f"{self.base}/services/{code}.{fmt}", params=params)
        return await self._read(response, fmt)

    async def post(
        self, fields: dict[str, str], fmt: str = "json", headers: dict[str, str] | None = None
    ) -> Answer:
        # "POST Service Request … form-encoded" (application/x-www-form-urlencoded)
        response = await self.http.post(
            f"{self.base}/requests.{fmt}", data=fields, headers=headers or {}
        )
        return await self._read(response, fmt)

    async def requests(self, fmt: str = "json", **params: str) -> Answer:
        response = await self.http.get(f"{self.base}/requests.{fmt}", params=params)
        return await self._read(response, fmt)

    async def request(self, request_id: str, fmt: str = "json", **params: str) -> Answer:
        response = await self.http.get(f"{self.base}/requests/{request_id}.{fmt}", params=params)
        return await self._read(response, fmt)
