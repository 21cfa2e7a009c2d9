"""Per-sender flood limiting: a token bucket that delays, never drops.

Each sender may send `rate_per_minute` messages in a burst, then one every 60/rate seconds. A
message over the limit is still stored and acknowledged (a platform that is not acknowledged
redelivers, and a citizen's message must never be lost); it just stays pending in the inbox with
`next_attempt_at` set to when the bucket would have had a token, so Rasa sees a flooding sender
at the sustained rate and everyone else is unaffected. The inbox worker keeps each citizen's
messages in order, so the held-back ones are answered in the order they were sent.

The buckets are GCRA "theoretical arrival times", one number per sender. `SenderLimiter` keeps
them in this process (a restart forgets them; the inbox rows do not); `RedisSenderLimiter` keeps
them in Redis, so several gateways share one budget per sender, with Redis's own clock.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from aiohttp import web
from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class SenderLimiter:
    """`burst` messages at once (default: a minute's worth), then one per 60/rate seconds."""

    def __init__(
        self,
        rate_per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        burst: int | None = None,
    ) -> None:
        self.interval = 60.0 / max(rate_per_minute, 1)
        # how far ahead of now a sender's bucket may run before messages are held back
        self.tolerance = self.interval * (max(burst or rate_per_minute, 1) - 1)
        self.clock = clock
        self._next_free: dict[str, float] = {}

    async def delay(self, sender: str) -> float:
        """Takes a token for one message; returns how many seconds to hold it back (0: none)."""
        now = self.clock()
        if len(self._next_free) > 10_000:
            self._forget_idle(now)
        arrival = max(self._next_free.get(sender, now), now)
        wait = max(0.0, arrival - self.tolerance - now)
        self._next_free[sender] = arrival + self.interval
        return wait

    async def refund(self, sender: str) -> None:
        """Gives back the token a redelivered (already stored) message took."""
        if sender in self._next_free:
            self._next_free[sender] -= self.interval

    async def close(self) -> None:
        return None

    def _forget_idle(self, now: float) -> None:
        # a sender whose bucket has refilled completely needs no entry
        self._next_free = {s: t for s, t in self._next_free.items() if t > now}


# GCRA in one round trip, on Redis's clock: every gateway agrees on "now"
_TAKE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local arrival = tonumber(redis.call('GET', KEYS[1]) or now)
if arrival < now then arrival = now end
local wait = arrival - tolerance - now
if wait < 0 then wait = 0 end
local next_free = arrival + interval
redis.call('SET', KEYS[1], tostring(next_free), 'PX', math.ceil((next_free - now) * 1000) + 1000)
return tostring(wait)
"""
_REFUND = """
local value = redis.call('GET', KEYS[1])
if value then
  local ttl = redis.call('PTTL', KEYS[1])
  redis.call('SET', KEYS[1], tostring(tonumber(value) - tonumber(ARGV[1])), 'PX', math.max(ttl, 1))
end
return 1
"""


class RedisSenderLimiter:
    """The same buckets, shared by every gateway through Redis (`REDIS_URL`)."""

    def __init__(
        self,
        client: Redis,
        rate_per_minute: int,
        prefix: str = "flood:",
        burst: int | None = None,
    ) -> None:
        self.client = client
        self.interval = 60.0 / max(rate_per_minute, 1)
        self.tolerance = self.interval * (max(burst or rate_per_minute, 1) - 1)
        self.prefix = prefix
        self._take = client.register_script(_TAKE)
        self._refund = client.register_script(_REFUND)

    async def delay(self, sender: str) -> float:
        try:
            wait = await self._take(
                keys=[self.prefix + sender], args=[self.interval, self.tolerance]
            )
        except RedisError:
            # Redis down: the message is still stored and answered, just not held back
            logger.warning("flood limit not checked: Redis unavailable")
            return 0.0
        return float(wait)

    async def refund(self, sender: str) -> None:
        try:
            await self._refund(keys=[self.prefix + sender], args=[self.interval])
        except RedisError:
            logger.warning("flood limit not refunded: Redis unavailable")

    async def close(self) -> None:
        await self.client.aclose()


class Limiter(Protocol):
    async def delay(self, sender: str) -> float: ...

    async def refund(self, sender: str) -> None: ...

    async def close(self) -> None: ...


def build_limiter(redis_url: str, rate_per_minute: int) -> Limiter:
    if not redis_url:
        return SenderLimiter(rate_per_minute)
    return RedisSenderLimiter(Redis.from_url(redis_url), rate_per_minute)


LIMITER = web.AppKey("sender_limiter", Limiter)
