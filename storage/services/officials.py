"""Officials as the service functions need them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import NotAllowed, NotFound
from storage.models import Official


async def active_official(session: AsyncSession, official_id: int) -> Official:
    """The official acting; a deactivated account may not act on anything."""
    official = await session.get(Official, official_id)
    if official is None:
        raise NotFound(f"official {official_id}")
    if not official.active:
        raise NotAllowed(f"official {official_id} is deactivated")
    return official
