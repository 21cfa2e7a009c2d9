"""Liveness (`/healthz`) and readiness (`/readyz`: database, Rasa, action server) checks."""

from __future__ import annotations

import asyncio
import hmac

import aiohttp
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.keys import DATABASE, RASA, SETTINGS
from bot.metrics import QUEUE_DEPTH
from storage.services import messaging

CHECK_TIMEOUT = aiohttp.ClientTimeout(total=3)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _database_ok(request: web.Request) -> bool:
    try:
        await asyncio.wait_for(request.app[DATABASE].ping(), timeout=3)
    except Exception:
        return False
    return True


async def _action_server_ok(request: web.Request) -> bool:
    url = request.app[SETTINGS].action_server_url.rstrip("/") + "/health"
    try:
        async with aiohttp.ClientSession(timeout=CHECK_TIMEOUT) as session:
            async with session.get(url) as response:
                return response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def readyz(request: web.Request) -> web.Response:
    database, rasa, actions = await asyncio.gather(
        _database_ok(request), request.app[RASA].is_ready(), _action_server_ok(request)
    )
    parts = {
        "database": "ok" if database else "down",
        "rasa": "ok" if rasa else "down",
        "action_server": "ok" if actions else "down",
    }
    ready = all(v == "ok" for v in parts.values())
    return web.json_response(
        {"status": "ready" if ready else "not ready", "parts": parts},
        status=200 if ready else 503,
    )


def _may_read_metrics(request: web.Request) -> bool:
    token = request.app[SETTINGS].metrics_token
    if token is None:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token.get_secret_value()}".encode())


async def metrics(request: web.Request) -> web.Response:
    if not _may_read_metrics(request):
        raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Bearer"})
    async with request.app[DATABASE].session() as session:
        for queue, depth in (await messaging.queue_depths(session)).items():
            QUEUE_DEPTH.labels(queue=queue).set(depth)
    response = web.Response(body=generate_latest())
    response.content_type = CONTENT_TYPE_LATEST.split(";")[0]
    return response


ROUTES = [
    web.get("/healthz", healthz),
    web.get("/readyz", readyz),
    web.get("/metrics", metrics),
]
