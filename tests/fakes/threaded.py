"""Runs a fake platform server in a thread of its own, for tests whose gateway is another
process (the integration stack) and whose own code is synchronous fixtures."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def in_thread(server: AbstractAsyncContextManager[T]) -> Iterator[T]:
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop = asyncio.Event()
    started: list[T] = []
    failure: list[BaseException] = []

    async def serve() -> None:
        try:
            async with server as running:
                started.append(running)
                ready.set()
                await stop.wait()
        except BaseException as error:  # surfaced to the caller below
            failure.append(error)
            ready.set()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    ready.wait(30)
    if failure:
        raise failure[0]
    try:
        yield started[0]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()
