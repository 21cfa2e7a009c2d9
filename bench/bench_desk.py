"""The officials' desk with 1,000,000 petitions in PostgreSQL: the queue page and the queue API
at p50/p95, requested over HTTP from this process to a gateway running as its own process.

    PYTHONPATH=. .venv/app/bin/python bench/bench_desk.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time

import aiohttp
from sqlalchemy import select

from bench.bench_petitions import fill
from desk.security import sha256_hex
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Official
from storage.seed import load_all
from storage.services.desk_accounts import create_api_token
from tests.conftest import PostgresDatabases
from tests.servers import APP_PYTHON, ROOT, free_port, stop, wait_until

PASSWORD = "bench-password"
REQUESTS = 200
TARGET_P95_MS = 150.0


def percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


async def timed_gets(http: aiohttp.ClientSession, url: str, **kwargs: object) -> list[float]:
    timings = []
    for _ in range(REQUESTS):
        began = time.perf_counter()
        async with http.get(url, **kwargs) as response:  # type: ignore[arg-type]
            assert response.status == 200, response.status
            await response.read()
        timings.append((time.perf_counter() - began) * 1000)
    return timings


async def login(http: aiohttp.ClientSession, base: str, username: str) -> None:
    async with http.get(f"{base}/desk/login") as response:
        page = await response.text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf, "no CSRF token on the login page"
    form = {"csrf": csrf.group(1), "next": "/desk", "username": username, "password": PASSWORD}
    async with http.post(f"{base}/desk/login", data=form, allow_redirects=False) as response:
        assert response.status in (302, 303), response.status


async def main(rows: int) -> int:
    databases = PostgresDatabases()
    url = await databases.create()
    gateway = None
    try:
        await asyncio.to_thread(upgrade, url)
        database = Database(url)
        async with database.session() as session:
            await load_all(session, PASSWORD)
        began = time.perf_counter()
        await fill(url, rows)
        print(f"filled {rows:,} petitions in {time.perf_counter() - began:.0f} s")
        token = secrets.token_urlsafe(32)
        async with database.session() as session:
            official = await session.scalar(select(Official).where(Official.username == "xaydung"))
            assert official is not None
            await create_api_token(session, official.id, "bench", sha256_hex(token), None)
        await database.close()

        port = free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": url,
            "GATEWAY_PORT": str(port),
            "DATA_DIR": tempfile.mkdtemp(),
            "DESK_SECRET_KEY": secrets.token_urlsafe(40),
            "LOG_LEVEL": "WARNING",
        }
        gateway = subprocess.Popen(  # noqa: ASYNC220 (started once, before measuring)
            [str(APP_PYTHON), "-m", "bot"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        wait_until(f"{base}/healthz", 60, gateway)
        # unsafe: keep cookies from an IP-address host (the loopback gateway)
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            await login(http, base, "xaydung")
            await timed_gets(http, f"{base}/desk")  # warm-up
            page = percentiles(await timed_gets(http, f"{base}/desk"))
            overdue = percentiles(await timed_gets(http, f"{base}/desk?overdue=1"))
            every = percentiles(await timed_gets(http, f"{base}/desk?status=all"))
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as http:
            api = percentiles(await timed_gets(http, f"{base}/api/v1/petitions"))
        for name, (p50, p95) in (
            ("queue page /desk", page),
            ("queue page, overdue only", overdue),
            ("queue page, every state (?status=all)", every),
            ("queue API /api/v1/petitions", api),
        ):
            print(
                f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {REQUESTS} requests "
                f"(target p95 < {TARGET_P95_MS:.0f} ms)"
            )
        return 0 if max(page[1], api[1], every[1]) < TARGET_P95_MS else 1
    finally:
        if gateway is not None:
            stop(gateway)
        await databases.drop(url)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    sys.exit(asyncio.run(main(parser.parse_args().rows)))
