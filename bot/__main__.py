"""`python -m bot`: run the gateway."""

from __future__ import annotations

import logging

import uvloop
from aiohttp import web

from bot.app import create_app
from core.settings import get_settings


def main() -> None:
    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    # aiohttp's access log would record query strings and user ids; the metrics count requests
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    url = f"http://{settings.gateway_host}:{settings.gateway_port}/"
    print(f"Web chat: {url}", flush=True)
    # uvloop: about a tenth more webhooks acknowledged per second (bench/bench_webhook.py)
    web.run_app(
        create_app(settings),
        host=settings.gateway_host,
        port=settings.gateway_port,
        print=None,
        loop=uvloop.new_event_loop(),
    )


if __name__ == "__main__":
    main()
