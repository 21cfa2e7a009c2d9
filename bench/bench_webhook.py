"""Telegram webhook throughput: acknowledgements/s, time to acknowledge, replies/s delivered.

Starts the gateway (on a fresh SQLite database) with the fake Bot API from tests/fakes and, unless
--rasa-url is given, an echoing stand-in for Rasa; then drives POST /webhooks/telegram from a
second process over loopback, bounded (--requests, --concurrency), and waits until every reply
has reached the fake Bot API. In the same run the same driver measures a bare aiohttp handler
that only answers 200 (the ceiling of this machine and server), so the gateway's rate is also
printed as a share of it.

    PYTHONPATH=. .venv/app/bin/python bench/bench_webhook.py [--requests 2000] [--concurrency 20]
        [--users 500] [--rasa-url http://127.0.0.1:5005] [--database-url ...] [--store-only]
        [--loop uvloop]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import create_app  # noqa: E402
from core.settings import Settings  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.fakes.telegram import FakeBotAPI  # noqa: E402

TOKEN = "123456:BENCH"
SECRET = "bench-secret"


# --- the driver (second process)


def update(number: int, users: int) -> dict[str, Any]:
    user = 10_000 + number % users
    return {
        "update_id": 1_000_000 + number,
        "message": {
            "message_id": number,
            "from": {"id": user, "is_bot": False, "first_name": "Lan", "language_code": "vi"},
            "chat": {"id": user, "type": "private"},
            "date": 1764230400,
            "text": f"Làm căn cước cần giấy tờ gì? #{number}",
        },
    }


async def drive(url: str, requests: int, concurrency: int, users: int) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(requests):
        queue.put_nowait(number)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while not queue.empty():
                number = queue.get_nowait()
                body = json.dumps(update(number, users))
                started = time.perf_counter()
                async with session.post(
                    url,
                    data=body,
                    headers={
                        "X-Telegram-Bot-Api-Secret-Token": SECRET,
                        "Content-Type": "application/json",
                    },
                ) as response:
                    await response.read()
                latencies.append(time.perf_counter() - started)
                statuses[response.status] = statuses.get(response.status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "elapsed": elapsed,
        "statuses": statuses,
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "max": latencies[-1],
    }


# --- the stand-in for Rasa (echo), as in the channel-protocol tests


async def echo_rasa_webhook(request: web.Request) -> web.Response:
    body = await request.json()
    return web.json_response([{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}])


async def bare_handler(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(text="ok")


async def drive_in_subprocess(url: str, args: argparse.Namespace) -> dict[str, Any]:
    driver = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--drive",
        url,
        "--requests",
        str(args.requests),
        "--concurrency",
        str(args.concurrency),
        "--users",
        str(args.users),
        stdout=subprocess.PIPE,
    )
    output, _ = await driver.communicate()
    return dict(json.loads(output))


async def bare_rate(args: argparse.Namespace) -> dict[str, Any]:
    """The same driver against a handler that reads the body and answers 200, in this process."""
    app = web.Application()
    app.router.add_post("/webhooks/telegram", bare_handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        return await drive_in_subprocess(f"http://127.0.0.1:{port}/webhooks/telegram", args)
    finally:
        await runner.cleanup()


def timing_line(result: dict[str, Any]) -> str:
    return (
        f"p50 {result['p50'] * 1000:.1f} ms, p95 {result['p95'] * 1000:.1f} ms, "
        f"p99 {result['p99'] * 1000:.1f} ms, max {result['max'] * 1000:.1f} ms"
    )


# --- the gateway side (first process)


async def main(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.WARNING)
    workdir = Path(tempfile.mkdtemp(prefix="bench-webhook-"))
    database_url = args.database_url or f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    await asyncio.to_thread(upgrade, database_url)
    rasa_server: TestServer | None = None
    rasa_url = args.rasa_url
    if rasa_url is None:
        rasa_app = web.Application()
        rasa_app.router.add_post("/webhooks/rest/webhook", echo_rasa_webhook)
        rasa_server = TestServer(rasa_app, host="127.0.0.1")
        await rasa_server.start_server()
        rasa_url = str(rasa_server.make_url("")).rstrip("/")
    async with FakeBotAPI(TOKEN) as bot_api:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=database_url,
            rasa_url=rasa_url,
            telegram_bot_token=TOKEN,
            telegram_webhook_secret=SECRET,
            telegram_api_base_url=bot_api.base_url,
            run_workers=not args.store_only,
            log_level="WARNING",
        )
        runner = web.AppRunner(create_app(settings), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        url = f"http://127.0.0.1:{port}/webhooks/telegram"
        started = time.perf_counter()
        result = await drive_in_subprocess(url, args)
        deadline = time.perf_counter() + (0 if args.store_only else args.timeout)
        while len(bot_api.calls_to("sendMessage")) < args.requests:
            if time.perf_counter() > deadline:
                break
            await asyncio.sleep(0.05)
        replies = len(bot_api.calls_to("sendMessage"))
        replied_in = time.perf_counter() - started
        await runner.cleanup()
    if rasa_server is not None:
        await rasa_server.close()
    bare = await bare_rate(args)
    acknowledged = result["statuses"].get("200", 0)
    rate = acknowledged / result["elapsed"]
    bare_per_second = bare["statuses"].get("200", 0) / bare["elapsed"]
    print(f"requests: {args.requests}, concurrency: {args.concurrency}, users: {args.users}")
    print(f"database: {database_url.split('://')[0]}, event loop: {args.loop}")
    print(f"rasa: {'echo stand-in' if args.rasa_url is None else args.rasa_url}")
    print(f"HTTP statuses: {result['statuses']}")
    print(f"acknowledged webhooks/s: {rate:.0f}")
    print(f"time to acknowledge: {timing_line(result)}")
    print(f"bare aiohttp handler: {bare_per_second:.0f}/s, {timing_line(bare)}")
    print(f"gateway / bare: {rate / bare_per_second:.0%}")
    print(
        f"replies delivered to the Bot API: {replies}/{args.requests} in {replied_in:.1f} s "
        f"({replies / replied_in:.0f}/s, from the first request to the last reply)"
    )
    if acknowledged < args.requests or (replies < args.requests and not args.store_only):
        raise SystemExit(1)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--users", type=int, default=500, help="distinct senders")
    parser.add_argument("--rasa-url", default=None, help="a real Rasa instead of the echo")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--timeout", type=float, default=300.0, help="wait for replies, seconds")
    parser.add_argument(
        "--store-only",
        action="store_true",
        help="a gateway with RUN_WORKERS=false, as in the cluster: acknowledgement only",
    )
    parser.add_argument(
        "--loop", choices=("asyncio", "uvloop"), default="asyncio", help="the gateway's event loop"
    )
    parser.add_argument("--drive", default=None, help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.drive:
        print(
            json.dumps(
                asyncio.run(
                    drive(
                        arguments.drive,
                        arguments.requests,
                        arguments.concurrency,
                        arguments.users,
                    )
                )
            )
        )
    elif arguments.loop == "uvloop":
        import uvloop

        uvloop.run(main(arguments))
    else:
        asyncio.run(main(arguments))
