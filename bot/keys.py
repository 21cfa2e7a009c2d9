"""Typed keys for what the gateway application holds."""

from __future__ import annotations

from aiohttp import web

from bot.attachment_fetcher import AttachmentFetcher
from bot.inbound import InboundWorker
from bot.outbound import OutboundWorker
from bot.rasa_client import RasaClient
from core.settings import Settings
from storage.db import Database

SETTINGS = web.AppKey("settings", Settings)
DATABASE = web.AppKey("database", Database)
RASA = web.AppKey("rasa", RasaClient)
INBOUND = web.AppKey("inbound", InboundWorker)
OUTBOUND = web.AppKey("outbound", OutboundWorker)
FETCHER = web.AppKey("attachment_fetcher", AttachmentFetcher)
