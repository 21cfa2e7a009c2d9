"""Starts the real processes for integration tests: Rasa, the action server and the gateway.

Each runs as it does under `make run` (same commands), on free ports, against a fresh SQLite
database migrated and seeded by the project's own command.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_PYTHON = ROOT / ".venv" / "app" / "bin" / "python"
RASA_START_SECONDS = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(url: str, timeout: float, process: subprocess.Popen[bytes], ok: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode} before ready")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and ok in response.read().decode():
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class Stack:
    data_dir: Path
    database_url: str
    rasa_url: str
    action_server_url: str
    gateway_url: str
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]]

    def start(self, name: str) -> None:
        """(Re)starts one process; used by fault tests that stop Rasa mid-conversation."""
        self.processes[name] = _spawn(name, self.env, self.data_dir)
        url = {
            "rasa": self.rasa_url + "/status",
            "actions": self.action_server_url + "/health",
            "gateway": self.gateway_url + "/healthz",
        }[name]
        wait_until(
            url, RASA_START_SECONDS, self.processes[name], ok="model_file" if name == "rasa" else ""
        )

    def stop(self, name: str) -> None:
        stop(self.processes[name])


COMMANDS = {
    "rasa": [str(ROOT / "scripts" / "run-rasa")],
    "actions": [str(APP_PYTHON), "-m", "actions"],
    "gateway": [str(APP_PYTHON), "-m", "bot"],
}


def _spawn(name: str, env: dict[str, str], data_dir: Path) -> subprocess.Popen[bytes]:
    with (data_dir / f"{name}.log").open("ab") as log:
        # the child keeps its own copy of the file descriptor
        return subprocess.Popen(
            COMMANDS[name],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@contextmanager
def running_stack(data_dir: Path, extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    model = ROOT / "models" / "current.tar.gz"
    if not model.exists():
        raise RuntimeError("no trained model: run `make train` (make test does it)")
    rasa_port, action_port, gateway_port = free_port(), free_port(), free_port()
    database_url = f"sqlite+aiosqlite:///{data_dir / 'assistant.db'}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "RASA_PORT": str(rasa_port),
        "RASA_TRACKER_DB": str(data_dir / "rasa_tracker.db"),
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}",
        "ACTION_SERVER_PORT": str(action_port),
        "GATEWAY_PORT": str(gateway_port),
        "SEED_OFFICIAL_PASSWORD": "mat-khau-thu-nghiem",
        # the network is closed: the desk's map draws its markers without tiles
        "DESK_MAP_TILES": "",
        **(extra_env or {}),
    }
    subprocess.run(
        [str(APP_PYTHON), "-m", "storage", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    stack = Stack(
        data_dir=data_dir,
        database_url=database_url,
        rasa_url=env["RASA_URL"],
        action_server_url=env["ACTION_SERVER_URL"],
        gateway_url=f"http://127.0.0.1:{gateway_port}",
        env=env,
        processes={},
    )
    try:
        for name in ("actions", "gateway", "rasa"):
            stack.processes[name] = _spawn(name, env, data_dir)
        wait_until(stack.action_server_url + "/health", 60, stack.processes["actions"])
        wait_until(stack.gateway_url + "/healthz", 60, stack.processes["gateway"])
        wait_until(
            stack.rasa_url + "/status", RASA_START_SECONDS, stack.processes["rasa"], ok="model_file"
        )
        yield stack
    except BaseException:
        for name in ("rasa", "actions", "gateway"):
            log = data_dir / f"{name}.log"
            if log.exists():
                sys.stderr.write(f"--- {name}.log (tail)\n{log.read_text()[-3000:]}\n")
        raise
    finally:
        for process in stack.processes.values():
            stop(process)
