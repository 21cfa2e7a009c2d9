"""GeoReport v2's two formats: XML (required by the specification) and JSON, from the same rows.

A list of rows becomes `<root><item>…</item>…</root>` in XML and an array in JSON; a nested list
is named by its plural (`attributes` holds `attribute` elements, `values` holds `value`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from typing import Any

from aiohttp import web

# the element each list's items are written as
SINGULAR = {"attributes": "attribute", "values": "value"}
CONTENT_TYPES = {"xml": "text/xml", "json": "application/json"}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(parent: ElementTree.Element, name: str, value: Any) -> None:
    child = ElementTree.SubElement(parent, name)
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _element(child, key, inner)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            _element(child, SINGULAR.get(name, "item"), item)
    else:
        child.text = _text(value)


def to_xml(root: str, item: str | None, body: Any) -> bytes:
    """`body` is a list of rows (each an `item`) or one mapping (the root's own children)."""
    top = ElementTree.Element(root)
    if isinstance(body, Mapping):
        for key, value in body.items():
            _element(top, key, value)
    else:
        for row in body:
            _element(top, item or "item", row)
    written: bytes = ElementTree.tostring(top, encoding="utf-8", xml_declaration=True)
    return written


def respond(fmt: str, root: str, item: str | None, body: Any, status: int = 200) -> web.Response:
    if fmt == "xml":
        payload = to_xml(root, item, body)
    else:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return web.Response(
        body=payload, status=status, content_type=CONTENT_TYPES[fmt], charset="utf-8"
    )


def errors(fmt: str, status: int, description: str) -> web.Response:
    """The specification's error list: one `{code, description}`."""
    return respond(fmt, "errors", "error", [{"code": status, "description": description}], status)
