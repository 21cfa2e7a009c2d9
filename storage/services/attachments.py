"""Photos, files and locations citizens send, kept as references (never fetched at intake)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue
from storage.models import Attachment, AttachmentStatus

ATTACHMENT_KINDS = frozenset({"photo", "file", "location"})


async def add_attachment(
    session: AsyncSession,
    *,
    citizen_id: int,
    kind: str,
    reference: str | None = None,
    name: str | None = None,
    size: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    inbox_message_id: int | None = None,
    flush: bool = True,
) -> Attachment:
    """Keeps what a citizen sent (a platform file id or URL, never the file) until a petition
    binds it; the caller commits (with the message it came in, if any). `flush=False` for many
    at once: they get their ids at the caller's flush."""
    if kind not in ATTACHMENT_KINDS:
        raise InvalidValue(f"unknown attachment kind {kind!r}")
    attachment = Attachment(
        citizen_id=citizen_id,
        kind=kind,
        reference=reference,
        name=name[:255] if name else name,
        size=size,
        latitude=latitude,
        longitude=longitude,
        inbox_message_id=inbox_message_id,
        # a photo or file is fetched by the attachment worker; a location has nothing to fetch
        status=AttachmentStatus.PENDING
        if kind != "location" and reference
        else AttachmentStatus.NONE,
    )
    session.add(attachment)
    if flush:
        await session.flush()
    return attachment


async def add_stored_attachment(
    session: AsyncSession,
    *,
    citizen_id: int,
    inbox_message_id: int,
    kind: str,
    name: str | None,
    size: int,
    sha256: str,
    mime: str,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Attachment:
    """A file that came with its bytes (the web chat's upload), already checked and kept in the
    file store: nothing left to fetch. The caller commits."""
    if kind not in ("photo", "file"):
        raise InvalidValue(f"unknown uploaded kind {kind!r}")
    attachment = Attachment(
        citizen_id=citizen_id,
        kind=kind,
        name=name[:255] if name else None,
        size=size,
        sha256=sha256,
        mime=mime,
        latitude=latitude,
        longitude=longitude,
        inbox_message_id=inbox_message_id,
        status=AttachmentStatus.STORED,
    )
    session.add(attachment)
    await session.flush()
    return attachment


async def attachments_of_message(session: AsyncSession, inbox_message_id: int) -> list[Attachment]:
    query = (
        select(Attachment)
        .where(Attachment.inbox_message_id == inbox_message_id)
        .order_by(Attachment.id)
    )
    return list((await session.scalars(query)).all())


async def messages_with_attachments(
    session: AsyncSession, inbox_message_ids: list[int]
) -> set[int]:
    """Of these inbox messages, the ones that already have attachments."""
    rows = await session.scalars(
        select(Attachment.inbox_message_id)
        .where(Attachment.inbox_message_id.in_(inbox_message_ids))
        .distinct()
    )
    return {int(i) for i in rows.all() if i is not None}
