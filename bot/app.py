"""The gateway application factory: channels, workers and health in one aiohttp app."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web

from bot import health, wakeups
from bot.attachment_fetcher import (
    AttachmentFetcher,
    Downloader,
    TelegramDownloader,
    UrlDownloader,
)
from bot.channels import telegram, web_upload, zalo
from bot.channels import web as webchat
from bot.channels.base import RetryLater, Sender
from bot.consultation_questions import ask_forever
from bot.inbound import InboundWorker
from bot.intake_batch import INTAKE, IntakeBatch
from bot.keys import DATABASE, FETCHER, INBOUND, OUTBOUND, RASA, SETTINGS
from bot.notifier import NOTIFIER, Notifier
from bot.outbound import OutboundWorker
from bot.rasa_client import RasaClient
from bot.ratelimit import LIMITER, build_limiter
from bot.reception_reminders import remind_forever
from bot.send_rates import SendRates
from core.settings import Settings
from desk.app import setup_desk
from open311.app import setup_open311
from storage.db import Database
from storage.job_locks import JobLock
from storage.models import Channel
from storage.object_store import open_store

logger = logging.getLogger(__name__)


def job_lock(app: web.Application, name: str) -> JobLock:
    """A job only one gateway runs (see storage.job_locks), over the gateway's database."""
    return JobLock(app[DATABASE], name, app[SETTINGS].data_dir / "locks")


def build_senders(settings: Settings, database: Database | None = None) -> dict[str, Sender]:
    senders: dict[str, Sender] = {"web": webchat.WebSender()}
    if settings.telegram_enabled:
        senders["telegram"] = telegram.TelegramSender(settings)
    # Zalo's rotating token lives in the database, so its sender needs one
    if settings.zalo_enabled and database is not None:
        senders["zalo"] = zalo.ZaloSender(settings, database)
    return senders


async def _close_senders(app: web.Application) -> AsyncIterator[None]:
    """Mounted first, so it closes the senders' HTTP clients (and the flood limiter's Redis
    client) after the workers have stopped."""
    yield
    await app[LIMITER].close()
    outbound = app.get(OUTBOUND)
    if outbound is not None:
        await outbound.rates.close()
    for sender in outbound.senders.values() if outbound is not None else []:
        close = getattr(sender, "close", None)
        if close is not None:
            await close()


def _channel_tasks(run_workers: bool) -> Callable[[web.Application], AsyncIterator[None]]:
    """Telegram long polling and Zalo's token rotation, started once the workers exist."""

    async def channel_tasks(app: web.Application) -> AsyncIterator[None]:
        senders = app[OUTBOUND].senders
        tasks: list[asyncio.Task[None]] = []
        locks: list[JobLock] = []
        telegram_sender = senders.get("telegram")
        if isinstance(telegram_sender, telegram.TelegramSender):
            app[telegram.TELEGRAM] = telegram_sender
            if run_workers and app[SETTINGS].telegram_mode == "polling":
                poller = job_lock(app, "telegram_polling")
                locks.append(poller)
                tasks.append(asyncio.create_task(telegram.poll_updates(app, lock=poller)))
        zalo_sender = senders.get("zalo")
        if isinstance(zalo_sender, zalo.ZaloSender):
            app[zalo.ZALO] = zalo_sender
            try:
                await zalo_sender.start()
            except RetryLater as error:
                logger.error("Zalo token not ready: %s", error)
            if run_workers:
                rotation = job_lock(app, "zalo_token_rotation")
                locks.append(rotation)
                tasks.append(asyncio.create_task(zalo_sender.tokens.keep_fresh(lock=rotation)))
        yield
        await stop_tasks(tasks)
        for lock in locks:
            await lock.release()

    return channel_tasks


async def stop_tasks(tasks: list[asyncio.Task[Any]]) -> None:
    """Cancels the workers and waits for them, cancelling again each second: on Python 3.10
    `asyncio.wait_for` can swallow a cancellation that lands as its wait ends, and a single
    cancel then leaves shutdown waiting for ever."""
    pending = {task for task in tasks if not task.done()}
    while pending:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=1.0)
    for task in tasks:
        if not task.cancelled() and task.exception() is not None:
            logger.error("worker ended with an error", exc_info=task.exception())


def _attachment_fetcher(
    settings: Settings, database: Database, outbound: OutboundWorker
) -> tuple[AttachmentFetcher, UrlDownloader]:
    """The worker that fetches citizens' photos and files from each platform that sends them."""
    url_downloader = UrlDownloader()
    # Zalo sends links to its CDN; an Open311 client names its photo by media_url
    downloaders: dict[Channel, Downloader] = {
        Channel.ZALO: url_downloader,
        Channel.OPEN311: url_downloader,
    }
    telegram_sender = outbound.senders.get("telegram")
    if isinstance(telegram_sender, telegram.TelegramSender):
        downloaders[Channel.TELEGRAM] = TelegramDownloader(telegram_sender.bot)
    fetcher = AttachmentFetcher(
        database,
        open_store(settings),
        downloaders,
        max_image_bytes=settings.max_image_bytes,
        max_document_bytes=settings.max_document_bytes,
        max_attempts=settings.attachment_max_attempts,
    )
    return fetcher, url_downloader


def create_app(settings: Settings, *, run_workers: bool | None = None) -> web.Application:
    """The gateway; `run_workers` (default: the RUN_WORKERS setting) says whether this process
    also handles the queues and the jobs, or only stores and acknowledges."""
    if run_workers is None:
        run_workers = settings.run_workers
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[LIMITER] = build_limiter(settings.redis_url, settings.sender_rate_per_minute)
    app.cleanup_ctx.append(_close_senders)
    # one engine for the gateway and the desk it mounts; it connects on first use
    database = Database(settings.effective_database_url)
    app[INTAKE] = IntakeBatch(database)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        await rasa.start()
        inbound = InboundWorker(database, rasa)
        outbound = OutboundWorker(
            database,
            build_senders(settings, database),
            settings.outbox_max_attempts,
            rates=SendRates(settings.redis_url),
        )
        inbound.on_handled = outbound.wake
        inbound.replies_stored = outbound.delivered
        app[DATABASE] = database
        app[RASA] = rasa
        app[INBOUND] = inbound
        app[OUTBOUND] = outbound
        fetcher, url_downloader = _attachment_fetcher(settings, database, outbound)
        fetcher.on_told = outbound.wake
        app[FETCHER] = fetcher
        tasks = []
        reminders_lock = job_lock(app, "reception_reminders")
        questions_lock = job_lock(app, "consultation_questions")
        if run_workers:
            tasks = [
                asyncio.create_task(inbound.run()),
                asyncio.create_task(outbound.run()),
                asyncio.create_task(fetcher.run()),
                asyncio.create_task(
                    remind_forever(database, reminders_lock, on_told=outbound.wake.set)
                ),
                asyncio.create_task(
                    ask_forever(database, questions_lock, on_queued=inbound.wake.set)
                ),
            ]
            if not database.is_sqlite:
                # messages stored by the other gateways wake this process's workers at once
                def wake() -> None:
                    inbound.wake.set()
                    fetcher.wake.set()

                tasks.append(asyncio.create_task(wakeups.listen_forever(database.url, wake)))
        # officials' Telegram notifications, through the Telegram sender's bot (closed after)
        telegram_sender = outbound.senders.get("telegram")
        if isinstance(telegram_sender, telegram.TelegramSender):
            sweep_lock = job_lock(app, "overdue_sweep")
            notifier = Notifier(
                database,
                telegram_sender.bot,
                public_base_url=settings.public_base_url,
                max_attempts=settings.outbox_max_attempts,
                sweep_lock=sweep_lock,
            )
            app[NOTIFIER] = notifier
            if run_workers:
                tasks += [
                    asyncio.create_task(notifier.run()),
                    asyncio.create_task(notifier.sweep_forever()),
                ]
        yield
        await stop_tasks(tasks)
        await reminders_lock.release()
        await questions_lock.release()
        if NOTIFIER in app:
            lock = app[NOTIFIER].sweep_lock
            if lock is not None:
                await lock.release()
        await url_downloader.close()
        await rasa.close()
        await database.close()

    app.cleanup_ctx.append(resources)
    app.cleanup_ctx.append(_channel_tasks(run_workers))
    app.add_routes(health.ROUTES)
    app.add_routes(webchat.ROUTES)
    app.add_routes(web_upload.ROUTES)
    if settings.telegram_enabled and settings.telegram_mode == "webhook":
        app.add_routes(telegram.ROUTES)
    if settings.zalo_enabled:
        app.add_routes(zalo.ROUTES)
    # the one place the gateway knows the desk: it mounts it, sharing its database
    setup_desk(app, settings, database)
    setup_open311(app, settings, database)
    return app
