"""Rotating platform tokens. Zalo's refresh token is single-use, so a new pair replaces the old
one in one statement that checks the version it was read at (compare-and-set): two refreshers
can never both believe they hold the live pair.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelCredential


async def get_credential(session: AsyncSession, name: str) -> ChannelCredential | None:
    # populate_existing: another process may have rotated the pair since this session saw it
    credential: ChannelCredential | None = await session.scalar(
        select(ChannelCredential)
        .where(ChannelCredential.name == name)
        .execution_options(populate_existing=True)
    )
    return credential


async def seed_credential(
    session: AsyncSession,
    name: str,
    *,
    access_token: str,
    refresh_token: str,
    expires_at: dt.datetime,
) -> ChannelCredential:
    """Stores the configured pair when the table has none; an existing (newer) pair wins.
    Flushes (in a savepoint, so losing the race leaves the caller's work alone); the caller
    commits."""
    existing = await get_credential(session, name)
    if existing is not None:
        return existing
    try:
        async with session.begin_nested():
            session.add(
                ChannelCredential(
                    name=name,
                    access_token=access_token,
                    refresh_token=refresh_token,
                    expires_at=expires_at,
                    version=1,
                )
            )
    except IntegrityError:  # another gateway seeded it first: its savepoint is rolled back
        pass
    credential = await get_credential(session, name)
    assert credential is not None
    return credential


async def replace_credential(
    session: AsyncSession,
    name: str,
    *,
    expected_version: int,
    access_token: str,
    refresh_token: str,
    expires_at: dt.datetime,
) -> bool:
    """Stores a new pair if the stored one is still at `expected_version`; False otherwise.
    The caller commits."""
    result = await session.execute(
        update(ChannelCredential)
        .where(ChannelCredential.name == name, ChannelCredential.version == expected_version)
        .values(
            access_token=access_token,
            refresh_token=refresh_token,
            expires_at=expires_at,
            version=expected_version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)
