"""Per-sender flood limiting: a token bucket that delays, never drops.

Each sender may send `rate_per_minute` messages in a burst, then one every 60/rate seconds. A
message over the limit is still stored and acknowledged (a platform that is not acknowledged
redelivers, and a citizen's message must never be lost); it just stays pending in the inbox with
`next_attempt_at` set to when the bucket would have had a token, so Rasa sees a flooding sender
at the sustained rate and everyone else is unaffected. The inbox worker keeps each citizen's
messages in order, so the held-back ones are answered in the order they were sent.

The buckets live in this process (as GCRA "theoretical arrival times", one float per sender):
several gateways each allow the rate, and a restart forgets the buckets; the inbox rows do not.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from aiohttp import web


class SenderLimiter:
    def __init__(self, rate_per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 60.0 / max(rate_per_minute, 1)
        # how far ahead of now a sender's bucket may run before messages are held back
        self.tolerance = self.interval * (max(rate_per_minute, 1) - 1)
        self.clock = clock
        self._next_free: dict[str, float] = {}

    def delay(self, sender: str) -> float:
        """Takes a token for one message; returns how many seconds to hold it back (0: none)."""
        now = self.clock()
        if len(self._next_free) > 10_000:
            self._forget_idle(now)
        arrival = max(self._next_free.get(sender, now), now)
        wait = max(0.0, arrival - self.tolerance - now)
        self._next_free[sender] = arrival + self.interval
        return wait

    def refund(self, sender: str) -> None:
        """Gives back the token a redelivered (already stored) message took."""
        if sender in self._next_free:
            self._next_free[sender] -= self.interval

    def _forget_idle(self, now: float) -> None:
        # a sender whose bucket has refilled completely needs no entry
        self._next_free = {s: t for s, t in self._next_free.items() if t > now}


LIMITER = web.AppKey("sender_limiter", SenderLimiter)
