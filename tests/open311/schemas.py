"""The published GeoReport v2 JSON Schemas (the Open311 project's schema-validation
repository, `schema/georeport-v2/`, copied unchanged into `reference/`), with their relative
references resolved, as validators."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

REFERENCE = Path(__file__).resolve().parent / "reference"
NAMES = (
    "service.json",
    "services.json",
    "service-definition.json",
    "request.json",
    "requests.json",
)


@lru_cache(maxsize=1)
def _registry() -> Registry:
    resources = [
        (name, Resource.from_contents(json.loads((REFERENCE / name).read_text()), DRAFT7))
        for name in NAMES
    ]
    return Registry().with_resources(resources)


def validate(schema_name: str, instance: Any) -> None:
    schema = json.loads((REFERENCE / schema_name).read_text())
    Draft7Validator(schema, registry=_registry()).validate(instance)
