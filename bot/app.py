"""The gateway application factory: channels, workers and health in one aiohttp app."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from aiohttp import web

from bot import health
from bot.channels import web as webchat
from bot.channels.base import Sender
from bot.inbound import InboundWorker
from bot.keys import DATABASE, INBOUND, OUTBOUND, RASA, SETTINGS
from bot.outbound import OutboundWorker
from bot.rasa_client import RasaClient
from core.settings import Settings
from storage.db import Database


def build_senders(settings: Settings) -> dict[str, Sender]:
    senders: dict[str, Sender] = {"web": webchat.WebSender()}
    return senders


def create_app(settings: Settings, *, run_workers: bool = True) -> web.Application:
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings

    async def resources(app: web.Application) -> AsyncIterator[None]:
        database = Database(settings.effective_database_url)
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        await rasa.start()
        inbound = InboundWorker(database, rasa)
        outbound = OutboundWorker(database, build_senders(settings), settings.outbox_max_attempts)
        inbound.on_handled = outbound.wake
        app[DATABASE] = database
        app[RASA] = rasa
        app[INBOUND] = inbound
        app[OUTBOUND] = outbound
        tasks = []
        if run_workers:
            tasks = [asyncio.create_task(inbound.run()), asyncio.create_task(outbound.run())]
        yield
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await rasa.close()
        await database.close()

    app.cleanup_ctx.append(resources)
    app.add_routes(health.ROUTES)
    app.add_routes(webchat.ROUTES)
    return app
