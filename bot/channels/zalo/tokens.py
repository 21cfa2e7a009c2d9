"""Zalo's rotating access token: the live access/refresh pair, kept in `channel_credentials` and
rotated ahead of its expiry (or at once when Zalo refuses it)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import aiohttp

from bot.channels.base import RetryLater
from bot.channels.zalo.fields import as_dict, as_int, as_str
from core.settings import Settings
from storage.db import Database
from storage.job_locks import JobLock
from storage.models import ChannelCredential, utcnow
from storage.services import credentials

logger = logging.getLogger(__name__)

CREDENTIAL_NAME = "zalo"
REFRESH_AHEAD = dt.timedelta(minutes=30)
# how often a gateway without the rotation's lock looks whether it is free
LOCK_RETRY_SECONDS = 60.0
# a token taken from the settings has an unknown age: assume little is left, so it is rotated
# soon after start (an already expired one is caught by -216 and refreshed at once)
SEEDED_TOKEN_LIFETIME = dt.timedelta(hours=1)


class ZaloTokens:
    """The live access/refresh pair, shared by every gateway through `channel_credentials`."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self._lock = asyncio.Lock()
        self._current: ChannelCredential | None = None
        self._http: aiohttp.ClientSession | None = None

    def attach_http(self, http: aiohttp.ClientSession) -> None:
        self._http = http

    async def _load(self) -> ChannelCredential:
        settings = self.settings
        async with self.database.transaction() as session:
            stored = await credentials.get_credential(session, CREDENTIAL_NAME)
            if stored is None:
                assert settings.zalo_access_token is not None
                if settings.zalo_refresh_token is None:
                    raise RetryLater("ZALO_REFRESH_TOKEN is not set and no token is stored")
                stored = await credentials.seed_credential(
                    session,
                    CREDENTIAL_NAME,
                    access_token=settings.zalo_access_token.get_secret_value(),
                    refresh_token=settings.zalo_refresh_token.get_secret_value(),
                    expires_at=utcnow() + SEEDED_TOKEN_LIFETIME,
                )
        self._current = stored
        return stored

    async def current(self) -> ChannelCredential:
        credential = self._current or await self._load()
        if credential.expires_at - utcnow() < REFRESH_AHEAD:
            credential = await self.refresh(stale=credential.access_token)
        return credential

    async def access_token(self) -> str:
        return (await self.current()).access_token

    async def refresh(self, stale: str) -> ChannelCredential:
        """Rotates the pair unless someone (this process or another) already replaced `stale`."""
        async with self._lock:
            stored = await self._load()
            if stored.access_token != stale and stored.expires_at - utcnow() >= REFRESH_AHEAD:
                return stored
            answer = await self._ask_for_new_pair(stored.refresh_token)
            if answer is None:
                # another gateway may have spent the (single-use) refresh token first
                again = await self._load()
                if again.version != stored.version:
                    return again
                raise RetryLater("zalo token refresh failed")
            access, refresh, lifetime = answer
            async with self.database.transaction() as session:
                replaced = await credentials.replace_credential(
                    session,
                    CREDENTIAL_NAME,
                    expected_version=stored.version,
                    access_token=access,
                    refresh_token=refresh,
                    expires_at=utcnow() + dt.timedelta(seconds=lifetime),
                )
            if not replaced:  # cannot happen while refresh tokens are single-use; be safe
                logger.error("Zalo token pair changed under a refresh; keeping the stored one")
            logger.info("Zalo access token rotated")
            return await self._load()

    async def _ask_for_new_pair(self, refresh_token: str) -> tuple[str, str, int] | None:
        settings = self.settings
        assert self._http is not None
        secret = settings.zalo_app_secret.get_secret_value() if settings.zalo_app_secret else ""
        url = f"{settings.zalo_oauth_base_url.rstrip('/')}/v4/oa/access_token"
        form = {
            "refresh_token": refresh_token,
            "app_id": settings.zalo_app_id,
            "grant_type": "refresh_token",
        }
        try:
            async with self._http.post(url, data=form, headers={"secret_key": secret}) as response:
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.warning("Zalo token refresh failed: %s", type(error).__name__)
            return None
        answer = as_dict(answer)
        access, refresh = as_str(answer.get("access_token")), as_str(answer.get("refresh_token"))
        if not access or not refresh:
            logger.error(
                "Zalo refused the token refresh: HTTP %d, error %s",
                response.status,
                answer.get("error"),
            )
            return None
        lifetime = as_int(answer.get("expires_in")) or 90000  # a string of seconds
        return access, refresh, lifetime

    async def keep_fresh(self, idle: float = 3600.0, lock: JobLock | None = None) -> None:
        """Background task: rotates ahead of expiry even with no traffic, which also keeps the
        three-month refresh token alive. With several gateways, the one holding `lock` does it
        (the others still rotate on demand, safely: the pair is compare-and-set)."""
        while True:
            try:
                if lock is not None and not await lock.held():
                    await asyncio.sleep(LOCK_RETRY_SECONDS)
                    continue
                credential = await self.current()
                left = (credential.expires_at - utcnow() - REFRESH_AHEAD).total_seconds()
                await asyncio.sleep(min(max(left, 30.0), idle))
            except RetryLater as error:
                logger.warning("Zalo token not refreshed: %s", error)
                await asyncio.sleep(60.0)
            except Exception:  # the database or Zalo down: the task must outlive it
                logger.exception("Zalo token rotation failed")
                await asyncio.sleep(60.0)
