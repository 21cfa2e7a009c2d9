"""Officials' accounts for the desk: sign-in bookkeeping, sessions, API tokens, the audit log.

Secrets never reach this module: callers pass the SHA-256 of a session cookie or an API token, so
a copy of the database lets nobody sign in.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.errors import NotFound
from storage.models import ApiToken, AuditEntry, DeskSession, Official, utcnow

logger = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
# writing last_used_at on every API call would turn each read into a write
_TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=10)


def add_audit(
    session: AsyncSession,
    official_id: int | None,
    action: str,
    target: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Adds an audit entry to the session without committing: the caller's edge commits it with
    the change it records, or the rollback of a refusal drops both."""
    entry = AuditEntry(
        official_id=official_id, action=action, target=target, data=data or {}, created_at=utcnow()
    )
    session.add(entry)
    return entry


async def official_by_username(session: AsyncSession, username: str) -> Official | None:
    official: Official | None = await session.scalar(
        select(Official)
        .where(Official.username == username)
        .options(selectinload(Official.department))
    )
    return official


async def record_failed_login(
    session: AsyncSession, official_id: int, now: dt.datetime | None = None
) -> dt.datetime | None:
    """Counts a wrong password; the fifth in a row locks the account for LOCKOUT and returns
    when the lock ends. The increment is one UPDATE, so parallel guesses are all counted. The
    caller commits."""
    moment = now or utcnow()
    failures = await session.scalar(
        update(Official)
        .where(Official.id == official_id)
        .values(failed_logins=Official.failed_logins + 1)
        .returning(Official.failed_logins)
    )
    locked_until = None
    if failures is not None and failures >= MAX_FAILED_LOGINS:
        locked_until = moment + LOCKOUT
        # the count starts again, so the account gets five more tries once the lock ends
        await session.execute(
            update(Official)
            .where(Official.id == official_id)
            .values(failed_logins=0, locked_until=locked_until)
        )
        logger.warning("official %s locked after %d failed sign-ins", official_id, failures)
    return locked_until


async def record_successful_login(session: AsyncSession, official_id: int) -> None:
    await session.execute(
        update(Official)
        .where(Official.id == official_id)
        .values(failed_logins=0, locked_until=None)
    )


async def create_session(
    session: AsyncSession, official_id: int, token_hash: str, expires_at: dt.datetime
) -> DeskSession:
    """A new desk session of the official. Flushes; the caller commits."""
    # an official's expired sessions go when they next sign in: no sweeper process needed
    await session.execute(
        delete(DeskSession).where(
            DeskSession.official_id == official_id, DeskSession.expires_at <= utcnow()
        )
    )
    row = DeskSession(official_id=official_id, token_hash=token_hash, expires_at=expires_at)
    session.add(row)
    await session.flush()
    return row


async def session_official(
    session: AsyncSession, token_hash: str, now: dt.datetime | None = None
) -> Official | None:
    """The active official a live session belongs to, with their department."""
    row = await session.scalar(
        select(DeskSession)
        .where(DeskSession.token_hash == token_hash, DeskSession.expires_at > (now or utcnow()))
        .options(selectinload(DeskSession.official).selectinload(Official.department))
    )
    if row is None or not row.official.active:
        return None
    return row.official


async def end_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(delete(DeskSession).where(DeskSession.token_hash == token_hash))


async def end_sessions_of(session: AsyncSession, official_id: int) -> None:
    """Signs an official out everywhere (password changed, account deactivated)."""
    await session.execute(delete(DeskSession).where(DeskSession.official_id == official_id))


async def create_api_token(
    session: AsyncSession,
    official_id: int,
    name: str,
    token_hash: str,
    expires_at: dt.datetime | None,
) -> ApiToken:
    """A new API token of the official (flushed, so it has its id); the caller commits."""
    token = ApiToken(
        official_id=official_id,
        name=name,
        token_hash=token_hash,
        expires_at=expires_at,
        created_at=utcnow(),
    )
    session.add(token)
    await session.flush()
    return token


async def token_official(
    session: AsyncSession, token_hash: str, now: dt.datetime | None = None
) -> Official | None:
    """The active official a live, unrevoked API token belongs to. A token not used for a while
    has its last use noted in the session; the caller commits it."""
    moment = now or utcnow()
    token = await session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
        .options(selectinload(ApiToken.official).selectinload(Official.department))
    )
    if token is None or not token.official.active:
        return None
    if token.expires_at is not None and token.expires_at <= moment:
        return None
    if token.last_used_at is None or moment - token.last_used_at > _TOKEN_TOUCH_INTERVAL:
        token.last_used_at = moment
    return token.official


async def tokens_of(session: AsyncSession, official_id: int) -> list[ApiToken]:
    rows = await session.scalars(
        select(ApiToken).where(ApiToken.official_id == official_id).order_by(ApiToken.id.desc())
    )
    return list(rows.all())


async def revoke_token(session: AsyncSession, official_id: int, token_id: int) -> ApiToken:
    """Revokes one of the official's own tokens; another official's is NotFound. The caller
    commits."""
    token = await session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.official_id == official_id)
    )
    if token is None:
        raise NotFound(f"api token {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


async def change_password(session: AsyncSession, official_id: int, password_hash: str) -> None:
    """Stores a new hash and ends every session of the official (the caller signs in again).
    The caller commits."""
    await session.execute(
        update(Official).where(Official.id == official_id).values(password_hash=password_hash)
    )
    await end_sessions_of(session, official_id)
