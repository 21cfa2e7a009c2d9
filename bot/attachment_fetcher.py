"""The attachment worker: fetches the photos and files citizens sent from their platform, checks
what they are from their bytes, keeps them in the file store and tells the citizen when one is
refused. It runs beside the inbox, never inside a webhook (Zalo wants an answer within 2 s), and
a failed download stays pending and is tried again with backoff.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

import aiohttp
import telegram
from telegram import error as tg_error

from bot.channels.base import RetryLater, Undeliverable
from bot.worker_loop import QueueWorker
from core.retry import retry_delay
from core.words import N_, words_for
from storage import media
from storage.db import Database
from storage.file_store import Store
from storage.models import Attachment, AttachmentStatus, Channel, Citizen, utcnow
from storage.queue import claim
from storage.services.messaging import enqueue_outbound
from storage.services.petitions import photo_place_known

logger = logging.getLogger(__name__)

BATCH = 8
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=60)
# what the citizen is told of a file not kept, by the refusal's reason
REFUSED_MESSAGES = {
    "too_large": N_("citizen_file_too_large"),
    "unsupported": N_("citizen_file_unsupported"),
    "broken": N_("citizen_file_broken"),
    "failed": N_("citizen_file_failed"),
}


class TooLarge(Exception):
    """The platform says the file is larger than we keep (or than it lets bots fetch)."""


class Downloader(Protocol):
    async def download(self, reference: str, limit: int) -> bytes: ...


class TelegramDownloader:
    """getFile, then the file itself (the Bot API lets bots fetch files up to 20 MB)."""

    def __init__(self, bot: telegram.Bot) -> None:
        self.bot = bot

    async def download(self, reference: str, limit: int) -> bytes:
        try:
            file = await self.bot.get_file(reference)
            if file.file_size is not None and file.file_size > limit:
                raise TooLarge
            return bytes(await file.download_as_bytearray())
        except tg_error.BadRequest as error:
            if "too big" in error.message.lower():
                raise TooLarge from error
            raise Undeliverable(f"telegram: {error.message}") from error
        except tg_error.TelegramError as error:
            raise RetryLater(f"telegram {type(error).__name__}") from error


class UrlDownloader:
    """A file the platform gives a URL for (Zalo's CDN), read with a cap on its size."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    async def download(self, reference: str, limit: int) -> bytes:
        if not reference.startswith(("https://", "http://")):
            raise Undeliverable("not a URL")
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=DOWNLOAD_TIMEOUT)
        try:
            async with self._session.get(reference) as response:
                if response.status in (404, 410):
                    raise Undeliverable(f"HTTP {response.status}")
                if response.status >= 400:
                    raise RetryLater(f"HTTP {response.status}")
                data = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    data += chunk
                    if len(data) > limit:
                        raise TooLarge
                return bytes(data)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RetryLater(f"download: {type(error).__name__}") from error

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class AttachmentFetcher(QueueWorker):
    name = "attachment worker"

    def __init__(
        self,
        database: Database,
        store: Store,
        downloaders: dict[Channel, Downloader],
        *,
        max_image_bytes: int,
        max_document_bytes: int,
        max_attempts: int,
        poll_seconds: float = 2.0,
    ) -> None:
        super().__init__(poll_seconds)
        self.database = database
        self.store = store
        self.downloaders = downloaders
        self.max_image_bytes = max_image_bytes
        self.max_document_bytes = max_document_bytes
        self.max_attempts = max_attempts
        # set when a refusal message is queued, so the outbox sends it at once
        self.on_told: asyncio.Event | None = None
        # the first retry's wait in seconds, doubling after (with jitter) up to ten minutes
        self.retry_base = 2.0

    async def run_once(self) -> int:
        async with self.database.transaction() as session:
            batch = await claim(
                session,
                Attachment,
                Attachment.status == AttachmentStatus.PENDING,
                limit=BATCH,
            )
        if not batch:
            return 0
        return sum(await asyncio.gather(*(self._fetch(a) for a in batch)))

    async def _fetch(self, attachment: Attachment) -> int:
        async with self.database.session() as session:
            citizen = await session.get(Citizen, attachment.citizen_id)
        assert citizen is not None
        downloader = self.downloaders.get(citizen.channel)
        if downloader is None or attachment.reference is None:
            await self._settle(attachment, citizen, AttachmentStatus.FAILED, refusal="failed")
            return 1
        limit = max(self.max_image_bytes, self.max_document_bytes)
        try:
            data = await downloader.download(attachment.reference, limit)
        except TooLarge:
            await self._settle(attachment, citizen, AttachmentStatus.REFUSED, refusal="too_large")
            return 1
        except Undeliverable as error:
            logger.warning("attachment %d cannot be fetched: %s", attachment.id, error)
            await self._settle(attachment, citizen, AttachmentStatus.FAILED, refusal="failed")
            return 1
        except RetryLater as error:
            return await self._retry(attachment, citizen, str(error))
        try:
            checked = media.inspect(
                data,
                max_image_bytes=self.max_image_bytes,
                max_document_bytes=self.max_document_bytes,
            )
        except media.Refused as refused:
            await self._settle(
                attachment, citizen, AttachmentStatus.REFUSED, refusal=refused.reason
            )
            return 1
        # files are written by content: doing it before the row is marked is safe to repeat
        digest = await asyncio.to_thread(self.store.put, data)
        place = None
        if checked.kind == "image":
            thumb = await asyncio.to_thread(media.thumbnail, data)
            await asyncio.to_thread(self.store.put, thumb, "thumb", digest)
            place = media.gps_of(data)
        async with self.database.transaction() as session:
            row = await session.get(Attachment, attachment.id)
            assert row is not None
            row.status = AttachmentStatus.STORED
            row.sha256, row.mime, row.size = digest, checked.mime, len(data)
            if place is not None and row.latitude is None:
                row.latitude, row.longitude = place
                await photo_place_known(session, row)
            row.attempts += 1
        return 1

    async def _retry(self, attachment: Attachment, citizen: Citizen, error: str) -> int:
        if attachment.attempts + 1 >= self.max_attempts:
            logger.error(
                "attachment %d given up after %d tries: %s",
                attachment.id,
                attachment.attempts + 1,
                error,
            )
            await self._settle(attachment, citizen, AttachmentStatus.FAILED, refusal="failed")
            return 1
        async with self.database.transaction() as session:
            row = await session.get(Attachment, attachment.id)
            assert row is not None
            row.attempts += 1
            row.last_error = error[:500]
            row.next_attempt_at = utcnow() + retry_delay(
                row.attempts, base=self.retry_base, cap=600.0
            )
        return 0

    async def _settle(
        self, attachment: Attachment, citizen: Citizen, status: AttachmentStatus, *, refusal: str
    ) -> None:
        """A file we do not keep: marked, and the citizen told why, once, on their channel."""
        text = words_for(citizen.language).gettext(
            REFUSED_MESSAGES[refusal],
            image=self.max_image_bytes // (1024 * 1024),
            document=self.max_document_bytes // (1024 * 1024),
        )
        async with self.database.transaction() as session:
            row = await session.get(Attachment, attachment.id)
            assert row is not None
            row.status, row.refusal = status, refusal
            row.attempts += 1
            await enqueue_outbound(
                session,
                citizen_id=citizen.id,
                channel=citizen.channel,
                body={"text": text},
                dedupe_key=f"attachment:{attachment.id}:{refusal}",
            )
        if self.on_told is not None:
            self.on_told.set()
