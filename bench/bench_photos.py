"""100 photo messages of about 2 MB arriving together on the Telegram webhook: how fast each is
acknowledged (the download happens later, in the attachment worker) and how long until every
photo is fetched, checked and kept. The same number of text messages, sent together the same
way just before, is the baseline the acknowledgement is compared with.

Starts the gateway (a fresh SQLite database) with the fake Bot API from tests/fakes serving the
photos and an echoing stand-in for Rasa; a second process sends the updates over loopback.

    PYTHONPATH=. .venv/app/bin/python bench/bench_photos.py [--photos 100] [--megabytes 2]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import random
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
from PIL import Image
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_webhook import SECRET, TOKEN, echo_rasa_webhook  # noqa: E402
from bot.app import create_app  # noqa: E402
from core.settings import Settings  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Attachment, AttachmentStatus  # noqa: E402
from tests.fakes.telegram import FakeBotAPI  # noqa: E402

TARGET_P95_MS = 200.0


def photo_update(number: int, photo: bool, size: int) -> dict[str, Any]:
    user = 50_000 + number
    content: dict[str, Any]
    if photo:
        content = {
            "photo": [
                {
                    "file_id": f"photo-{number}",
                    "file_unique_id": f"u{number}",
                    "file_size": size,
                    "width": 1600,
                    "height": 1600,
                }
            ],
            "caption": "Ổ gà trước cổng trường",
        }
    else:
        content = {"text": f"Ổ gà trước cổng trường #{number}"}
    return {
        "update_id": (2_000_000 if photo else 3_000_000) + number,
        "message": {
            "message_id": number,
            "from": {"id": user, "is_bot": False, "first_name": "Lan", "language_code": "vi"},
            "chat": {"id": user, "type": "private"},
            "date": 1764230400,
            **content,
        },
    }


async def drive(url: str, count: int, photo: bool, size: int) -> dict[str, float]:
    """All at once: one connection per update."""
    latencies: list[float] = []
    statuses: list[int] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=count)) as session:

        async def send(number: int) -> None:
            body = json.dumps(photo_update(number, photo, size))
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
                statuses.append(response.status)
            latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(send(n) for n in range(count)))
    latencies.sort()
    return {
        "ok": float(statuses.count(200)),
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "max": latencies[-1],
    }


def photos(count: int, megabytes: float) -> list[bytes]:
    """Distinct JPEGs of about the given size (noise compresses badly, like a real photo)."""
    side = int(1000 * megabytes**0.5)
    base = Image.effect_noise((side, side), 90).convert("RGB")
    made = []
    rng = random.Random(2026)
    for _ in range(count):
        image = base.copy()
        image.putpixel((rng.randrange(side), rng.randrange(side)), (255, 0, 0))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=95)
        made.append(out.getvalue())
    return made


async def run_driver(url: str, count: int, photo: bool, size: int) -> dict[str, float]:
    driver = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--drive",
        url,
        "--photos",
        str(count),
        "--kind",
        "photo" if photo else "text",
        "--size",
        str(size),
        stdout=subprocess.PIPE,
    )
    output, _ = await driver.communicate()
    return dict(json.loads(output))


async def main(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING)
    workdir = Path(tempfile.mkdtemp(prefix="bench-photos-"))
    database_url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    await asyncio.to_thread(upgrade, database_url)
    rasa_app = web.Application()
    rasa_app.router.add_post("/webhooks/rest/webhook", echo_rasa_webhook)
    rasa_server = TestServer(rasa_app, host="127.0.0.1")
    await rasa_server.start_server()
    made = await asyncio.to_thread(photos, args.photos, args.megabytes)
    size = int(statistics.mean(len(p) for p in made))
    async with FakeBotAPI(TOKEN) as bot_api:
        for number, data in enumerate(made):
            bot_api.files[f"photo-{number}"] = data
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=database_url,
            rasa_url=str(rasa_server.make_url("")).rstrip("/"),
            telegram_bot_token=TOKEN,
            telegram_webhook_secret=SECRET,
            telegram_api_base_url=bot_api.base_url,
            attachments_dir=workdir / "attachments",
            sender_rate_per_minute=100_000,
            log_level="WARNING",
        )
        runner = web.AppRunner(create_app(settings), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/webhooks/telegram"
        text = await run_driver(url, args.photos, False, 0)
        started = time.perf_counter()
        photo = await run_driver(url, args.photos, True, size)
        database = Database(database_url)
        stored = 0
        deadline = time.perf_counter() + args.timeout
        while time.perf_counter() < deadline:
            async with database.session() as session:
                stored = int(
                    await session.scalar(
                        select(func.count())
                        .select_from(Attachment)
                        .where(Attachment.status == AttachmentStatus.STORED)
                    )
                    or 0
                )
            if stored >= args.photos:
                break
            await asyncio.sleep(0.1)
        kept_in = time.perf_counter() - started
        await database.close()
        await runner.cleanup()
    await rasa_server.close()
    print(f"{args.photos} photos of {size / 1e6:.1f} MB on average, sent together")
    for name, result in (("text messages (baseline)", text), ("photo messages", photo)):
        print(
            f"{name}: {int(result['ok'])}/{args.photos} acknowledged, p50 "
            f"{result['p50'] * 1000:.0f} ms, p95 {result['p95'] * 1000:.0f} ms, "
            f"max {result['max'] * 1000:.0f} ms"
        )
    print(f"photo p95 against text p95: {photo['p95'] / text['p95']:.2f}x")
    print(
        f"all {stored}/{args.photos} photos fetched, checked and kept "
        f"{kept_in:.1f} s after the first was sent"
    )
    met = photo["p95"] * 1000 < TARGET_P95_MS and stored >= args.photos
    print(f"target: p95 acknowledgement < {TARGET_P95_MS:.0f} ms: {'met' if met else 'NOT met'}")
    return 0 if met else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--drive", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--kind", default="photo", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.drive:
        found = asyncio.run(
            drive(arguments.drive, arguments.photos, arguments.kind == "photo", arguments.size)
        )
        print(json.dumps(found))
    else:
        sys.exit(asyncio.run(main(arguments)))
