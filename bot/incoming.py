"""A platform update as every channel hands it to the inbox, and the cleaning that makes any
string storable."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from storage.models import Channel


@dataclasses.dataclass(frozen=True)
class AttachmentSpec:
    kind: str  # photo | file | location
    reference: str | None = None
    name: str | None = None
    size: int | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclasses.dataclass(frozen=True)
class Incoming:
    """One platform update turned into what the inbox stores."""

    channel: Channel
    platform_message_id: str
    user_id: str
    text: str
    payload: dict[str, Any]
    display_name: str | None = None
    attachments: tuple[AttachmentSpec, ...] = ()


def clean(value: Any) -> Any:
    """Strings a database can store: no NUL (PostgreSQL refuses it), no lone surrogates (a JSON
    escape like \\ud800 decodes to one, and UTF-8 cannot encode it)."""
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, float) and not math.isfinite(value):  # JSON's NaN: PostgreSQL refuses it
        return None
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value
