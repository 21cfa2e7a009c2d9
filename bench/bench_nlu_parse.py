"""Rasa server: /model/parse latency (p50, p95 over 600 requests, one at a time) and resident
memory, with the project's trained model.

    PYTHONPATH=. .venv/app/bin/python bench/bench_nlu_parse.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from nlu.evaluation import read_examples
from tests.servers import ROOT, free_port, stop, wait_until

REQUESTS = 600


def resident_mib(pid: int) -> float:
    """Resident memory of the process and its children (/proc), in MiB."""
    total_kib = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kib += int(line.split()[1])
    return total_kib / 1024


def main() -> int:
    port = free_port()
    data = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "RASA_PORT": str(port),
        "RASA_TRACKER_DB": str(data / "tracker.db"),
        "ACTION_SERVER_URL": "http://127.0.0.1:9",
    }
    started = time.monotonic()
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "run-rasa")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until(f"http://127.0.0.1:{port}/status", 180, process, ok="model_file")
        ready = time.monotonic() - started
        texts = [e.text for e in read_examples(ROOT / "tests" / "nlu" / "test_nlu.yml")]
        timings = []
        for n in range(REQUESTS):
            body = json.dumps({"text": texts[n % len(texts)]}).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/model/parse",
                data=body,
                headers={"Content-Type": "application/json"},
            )
            began = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                response.read()
            timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        print(f"rasa ready in {ready:.1f} s")
        print(
            f"/model/parse over {REQUESTS} requests: p50 {statistics.median(timings):.1f} ms, "
            f"p95 {timings[int(REQUESTS * 0.95) - 1]:.1f} ms"
        )
        print(f"rasa resident memory: {resident_mib(process.pid):.0f} MiB")
    finally:
        stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
