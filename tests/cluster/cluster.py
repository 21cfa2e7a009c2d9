"""Starts the cluster as `make run-cluster` does (scripts/run-cluster under supervisord), on
ports, PostgreSQL databases and a Redis of its own, and gives the fault tests their levers:
kill a process, restart one, drop every database connection, restart Redis."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg

from tests.servers import ROOT, free_port

SUPERVISORCTL = ROOT / ".venv" / "app" / "bin" / "supervisorctl"
CONFIG = ROOT / "deploy" / "supervisord.conf"
TELEGRAM_TOKEN = "123456:CLUSTER-token"
WEBHOOK_SECRET = "cluster-webhook-secret"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
START_SECONDS = 240.0
PORTS = (
    "CLUSTER_PORT",
    "GATEWAY1_PORT",
    "GATEWAY2_PORT",
    "WORKERS_PORT",
    "RASA_LB_PORT",
    "RASA1_PORT",
    "RASA2_PORT",
    "ACTIONS_LB_PORT",
    "ACTIONS1_PORT",
    "ACTIONS2_PORT",
)


class Redis:
    """A redis-server of the test's own, so that restarting it touches nothing else."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with (self.directory / "redis.log").open("ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 10
        while not _answers(["redis-cli", "-p", str(self.port), "ping"], "PONG"):
            if time.monotonic() > deadline:
                raise TimeoutError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()


def _answers(command: list[str], expected: str) -> bool:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return result.returncode == 0 and expected in result.stdout


@dataclass
class Cluster:
    directory: Path
    env: dict[str, str]
    database: str
    rasa_database: str
    redis: Redis
    supervisor: subprocess.Popen[bytes]

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.env['CLUSTER_PORT']}"

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    def ctl(self, *args: str) -> str:
        result = subprocess.run(
            [str(SUPERVISORCTL), "-c", str(CONFIG), *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        return result.stdout

    def kill(self, program: str) -> int:
        """SIGKILL, as the kernel's OOM killer or a pulled plug would; supervisord restarts it."""
        pid = int(self.ctl("pid", program).strip())
        os.kill(pid, signal.SIGKILL)
        return pid

    def restart(self, program: str) -> None:
        """A graceful stop and start (a deployment, a config change); returns once running."""
        self.ctl("restart", program)

    def drop_database_connections(self) -> int:
        """Ends every connection to the cluster's two databases, as a PostgreSQL failover or
        restart does; returns how many were ended."""
        return int(
            _admin(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname IN ($1, $2) AND pid <> pg_backend_pid()",
                self.database,
                self.rasa_database,
            )
        )

    def wait_ready(self) -> None:
        """Until the balancer answers ready and every Rasa and action server answers itself."""
        urls = [f"{self.public_url}/readyz"] + [
            f"http://127.0.0.1:{self.env[port]}{path}"
            for port, path in (
                ("RASA1_PORT", "/status"),
                ("RASA2_PORT", "/status"),
                ("ACTIONS1_PORT", "/health"),
                ("ACTIONS2_PORT", "/health"),
                ("WORKERS_PORT", "/healthz"),
            )
        ]
        deadline = time.monotonic() + START_SECONDS
        for url in urls:
            while not _ok(url):
                if self.supervisor.poll() is not None:
                    raise RuntimeError("supervisord exited: see " + str(self.directory))
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} not ready after {START_SECONDS} s")
                time.sleep(0.5)

    def logs(self) -> str:
        parts = []
        for log in sorted(self.directory.glob("*.log")):
            parts.append(f"--- {log.name} (tail)\n{log.read_text(errors='replace')[-2000:]}")
        return "\n".join(parts)


def _ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError as error:  # not ready yet (503): its response is closed too
        error.close()
        return False
    except (urllib.error.URLError, OSError):
        return False


def _admin(sql: str, *args: Any) -> Any:
    """One statement on the server's maintenance database; callable from sync code running
    inside an event loop (the fault test's), hence a loop of its own in a thread."""

    async def execute() -> Any:
        connection = await asyncpg.connect(PG_ADMIN)
        try:
            return await connection.fetchval(sql, *args)
        finally:
            await connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, execute()).result()


def _drop_database(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def running_cluster(directory: Path, extra_env: dict[str, str]) -> Iterator[Cluster]:
    name = f"cluster_{uuid.uuid4().hex[:8]}"
    redis = Redis(directory)
    redis.start()
    env = {
        **os.environ,
        **{port: str(free_port()) for port in PORTS},
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "DATA_DIR": str(directory / "data"),
        "CLUSTER_DIR": str(directory),
        "DATABASE_URL": f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}",
        "RASA_DB_NAME": f"{name}_rasa",
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "REDIS_PORT": str(redis.port),
        "DESK_SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex,
        "METRICS_TOKEN": uuid.uuid4().hex,
        "SEED_OFFICIAL_PASSWORD": "mat-khau-thu-nghiem",
        "DESK_MAP_TILES": "",
        **extra_env,
    }
    with (directory / "run-cluster.log").open("ab") as log:
        supervisor = subprocess.Popen(
            [str(ROOT / "scripts" / "run-cluster")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    cluster = Cluster(directory, env, name, f"{name}_rasa", redis, supervisor)
    try:
        cluster.wait_ready()
        yield cluster
    except BaseException:
        print(cluster.logs())
        raise
    finally:
        if supervisor.poll() is None:
            cluster.ctl("shutdown")
            try:
                supervisor.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(supervisor.pid, signal.SIGKILL)
                supervisor.wait()
        redis.stop()
        _drop_database(name)
        _drop_database(f"{name}_rasa")


async def until(check: Callable[[], bool], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        await asyncio.sleep(0.05)


async def eventually(check: Callable[[], Awaitable[bool]], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        await asyncio.sleep(0.1)


def telegram_text_update(update_id: int, chat: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": chat, "is_bot": False, "first_name": "Dân", "language_code": "vi"},
            "chat": {"id": chat, "type": "private"},
            "date": int(time.time()),
            "text": text,
        },
    }


async def post_until_acknowledged(
    http: aiohttp.ClientSession, url: str, update: dict[str, Any]
) -> int:
    """Posts a Telegram update and, as Telegram does, resends it until a gateway answers 200;
    returns how many times it was resent."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    resent = 0
    while True:
        try:
            async with http.post(url, json=update, headers=headers) as response:
                if response.status == 200:
                    return resent
        except (aiohttp.ClientError, asyncio.TimeoutError):
            pass
        resent += 1
        await asyncio.sleep(0.1)  # Telegram's own pause before it resends


async def rasa_user_events(cluster: Cluster) -> Counter[str]:
    """How many times Rasa took in each citizen's messages, from its own SQL tracker store."""
    connection = await asyncpg.connect(
        f"postgresql://postgres@127.0.0.1:5432/{cluster.rasa_database}"
    )
    try:
        rows = await connection.fetch(
            "SELECT sender_id, count(*) AS n FROM events WHERE type_name = 'user' "
            "GROUP BY sender_id"
        )
    finally:
        await connection.close()
    return Counter({row["sender_id"]: row["n"] for row in rows})
