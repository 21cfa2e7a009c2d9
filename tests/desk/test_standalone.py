"""`python -m desk` runs the desk in a process of its own, against the gateway's database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import aiohttp

from storage.db import Database
from tests.conftest import SEED_PASSWORD
from tests.servers import free_port, stop, wait_until


def _start_desk(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "desk"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


async def test_the_desk_runs_alone_and_an_official_signs_in(seeded_database: Database) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": seeded_database.url,
        "DESK_PORT": str(port),
        "DESK_SECRET_KEY": "s" * 48,
        "PYTHONPATH": os.getcwd(),
    }
    process = _start_desk(env)
    base = f"http://127.0.0.1:{port}"
    try:
        await asyncio.to_thread(wait_until, f"{base}/healthz", 30, process)
        # the desk signs its cookies for 127.0.0.1, which the default jar refuses to keep
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            async with http.get(f"{base}/desk/login") as page:
                assert page.status == 200
                form = await page.text()
            csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            async with http.post(
                f"{base}/desk/login",
                data={"username": "tiepdan", "password": SEED_PASSWORD, "csrf": csrf},
                allow_redirects=False,
            ) as signed_in:
                assert signed_in.status in (302, 303)
            async with http.get(f"{base}/desk") as queue:
                assert queue.status == 200
                page = await queue.text()
                assert "Hàng đợi của đơn vị" in page and "Đăng xuất" in page
    finally:
        stop(process)
