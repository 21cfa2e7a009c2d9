"""Photos, files and locations citizens send, kept as references (never fetched at intake)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Attachment


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
) -> Attachment:
    """Adds one attachment row; the caller commits (with the message it came in, if any)."""
    attachment = Attachment(
        citizen_id=citizen_id,
        kind=kind,
        reference=reference,
        name=name[:255] if name else name,
        size=size,
        latitude=latitude,
        longitude=longitude,
        inbox_message_id=inbox_message_id,
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
