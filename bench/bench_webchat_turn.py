"""A web chat turn through the gateway against the same message sent straight to Rasa's REST
channel, in the same run: p50 and p95 of each and their ratio (the goal: at most 1.25×).

Starts the real stack as the integration tests do (Rasa on the trained model, the action server,
the gateway on a fresh SQLite database). Turns alternate between the two paths, each on a new
conversation, so both see the same machine. A gateway turn is the page's own path: post the
message (stored, 202), then long-poll until its replies are delivered and nothing is pending.

    PYTHONPATH=. .venv/app/bin/python bench/bench_webchat_turn.py [--turns 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import running_stack  # noqa: E402

TARGET_RATIO = 1.25
MESSAGE = "Làm căn cước cần giấy tờ gì?"
WARM_UP = 10


async def straight_to_rasa(http: aiohttp.ClientSession, rasa_url: str, turn: int) -> int:
    body = {"sender": f"bench-rasa-{turn}", "message": MESSAGE}
    async with http.post(f"{rasa_url}/webhooks/rest/webhook", json=body) as response:
        response.raise_for_status()
        return len(await response.json())


async def through_gateway(http: aiohttp.ClientSession, gateway_url: str, turn: int) -> int:
    session = f"bench-web-{turn:06d}"
    body = {"session": session, "text": MESSAGE, "id": f"turn-{turn:06d}"}
    async with http.post(f"{gateway_url}/webchat/messages", json=body) as response:
        assert response.status == 202, await response.text()
    received = 0
    after = 0
    while True:
        params = {"session": session, "after": str(after), "wait": "10"}
        async with http.get(f"{gateway_url}/webchat/messages", params=params) as response:
            shown = await response.json()
        received += len(shown["messages"])
        if shown["messages"]:
            after = shown["messages"][-1]["id"]
        if received and not shown["busy"]:
            return received


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


async def measure(rasa_url: str, gateway_url: str, turns: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"rasa": [], "gateway": []}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
        for turn in range(WARM_UP + turns):
            for path in ("rasa", "gateway"):
                started = time.perf_counter()
                if path == "rasa":
                    replies = await straight_to_rasa(http, rasa_url, turn)
                else:
                    replies = await through_gateway(http, gateway_url, turn)
                elapsed = time.perf_counter() - started
                assert replies > 0, f"no reply on the {path} path"
                if turn >= WARM_UP:
                    times[path].append(elapsed)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=200)
    args = parser.parse_args()
    with running_stack(Path(tempfile.mkdtemp(prefix="bench-webchat-"))) as stack:
        times = asyncio.run(measure(stack.rasa_url, stack.gateway_url, args.turns))
    print(f"{args.turns} turns of {MESSAGE!r}, each path alternately, new conversation each")
    for path, label in (("rasa", "straight to Rasa's REST channel"), ("gateway", "web chat")):
        values = times[path]
        print(
            f"{label}: p50 {statistics.median(values) * 1000:.0f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:.0f} ms"
        )
    ratio = percentile(times["gateway"], 0.95) / percentile(times["rasa"], 0.95)
    print(f"p95 ratio web chat / Rasa: {ratio:.2f}× (goal at most {TARGET_RATIO}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
