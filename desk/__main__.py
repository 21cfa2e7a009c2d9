"""`python -m desk`: the officials' desk in a process of its own (the gateway also mounts it).

It serves /desk and /api/v1 on DESK_HOST:DESK_PORT against the same database as the gateway;
the gateway keeps the channels and the workers. Set DESK_SECRET_KEY so that sign-ins survive
restarts and are shared with any gateway that also mounts the desk.
"""

from __future__ import annotations

import logging

from aiohttp import web

from core.settings import Settings, get_settings
from desk.app import setup_desk


async def _to_the_desk(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/desk")


async def _alive(request: web.Request) -> web.StreamResponse:
    return web.json_response({"status": "ok"})


def create_desk_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=settings.max_body_bytes)
    setup_desk(app, settings)
    app.add_routes([web.get("/", _to_the_desk), web.get("/healthz", _alive)])
    return app


def main() -> None:
    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    print(f"Officials' desk: http://{settings.desk_host}:{settings.desk_port}/desk", flush=True)
    web.run_app(
        create_desk_app(settings), host=settings.desk_host, port=settings.desk_port, print=None
    )


if __name__ == "__main__":
    main()
