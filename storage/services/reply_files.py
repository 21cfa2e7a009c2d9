"""Photos and PDFs officials send with a reply: checked from their bytes like citizens' files
(storage.media), a photo re-encoded upright without its metadata, kept in the file store, and
described in the reply's outbox body so each channel's sender can deliver the file itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import media
from storage.errors import InvalidValue
from storage.file_store import Store
from storage.models import ReplyFile

SAFE_NAME = re.compile(r"[^\w.\-]+")
MAX_NAME = 120


@dataclass(frozen=True)
class KeptFile:
    kind: str  # "photo" or "document"
    name: str
    mime: str
    size: int
    sha256: str

    def as_body(self) -> dict[str, Any]:
        """The outbox body's "file" entry (senders read the bytes from the file store)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "mime": self.mime,
            "size": self.size,
            "sha256": self.sha256,
        }

    @classmethod
    def from_body(cls, entry: object) -> KeptFile | None:
        if not isinstance(entry, dict):
            return None
        try:
            return cls(
                kind=str(entry["kind"]),
                name=str(entry["name"]),
                mime=str(entry["mime"]),
                size=int(entry["size"]),
                sha256=str(entry["sha256"]),
            )
        except (KeyError, ValueError, TypeError):
            return None


def safe_name(name: str | None, mime: str) -> str:
    """A file name fit for a Content-Disposition and a chat: letters (Vietnamese ones too),
    digits, dots and dashes; anything else, a path included, becomes "_"."""
    stem = SAFE_NAME.sub("_", (name or "").strip()).strip("._")[:MAX_NAME]
    extension = ".pdf" if mime == "application/pdf" else ".jpg"
    if not stem:
        stem = "tep-dinh-kem"
    return stem if stem.lower().endswith(extension) else stem.rsplit(".", 1)[0] + extension


def keep(
    store: Store,
    data: bytes,
    name: str | None,
    *,
    max_image_bytes: int,
    max_document_bytes: int,
) -> KeptFile:
    """Checks and keeps an official's file; a refused one raises InvalidValue with the reason
    (too_large, unsupported, broken)."""
    try:
        checked = media.inspect(
            data, max_image_bytes=max_image_bytes, max_document_bytes=max_document_bytes
        )
    except media.Refused as refused:
        raise InvalidValue(f"file refused: {refused.reason}") from None
    if checked.kind == "image":
        data = media.viewable(data)
        mime, kind = "image/jpeg", "photo"
    else:
        mime, kind = checked.mime, "document"
    digest = store.put(data)
    return KeptFile(kind, safe_name(name, mime), mime, len(data), digest)


def record(session: AsyncSession, petition_id: int, event_id: int, kept: KeptFile) -> ReplyFile:
    """Links the kept file to the reply's event; the caller commits."""
    row = ReplyFile(
        petition_id=petition_id,
        event_id=event_id,
        kind=kept.kind,
        name=kept.name,
        mime=kept.mime,
        size=kept.size,
        sha256=kept.sha256,
    )
    session.add(row)
    return row


async def of_petition(session: AsyncSession, petition_id: int) -> list[ReplyFile]:
    rows = await session.scalars(
        select(ReplyFile).where(ReplyFile.petition_id == petition_id).order_by(ReplyFile.id)
    )
    return list(rows.all())
