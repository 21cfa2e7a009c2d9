"""The platforms' own send rates, kept before each delivery: Telegram about 30 messages a second
per bot and about one a second per chat (short bursts allowed), Zalo about 4,000 requests a
minute per app. A delivery over a rate waits its turn (never dropped); with REDIS_URL set the
budgets are shared by every gateway, so two gateways together stay within them too.

The same GCRA buckets as the per-sender flood limit (bot.ratelimit), one per platform and one
per Telegram chat.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from redis.asyncio import Redis

from bot.ratelimit import Limiter, RedisSenderLimiter, SenderLimiter


@dataclass(frozen=True)
class Rate:
    per_minute: int
    burst: int


TELEGRAM_BOT = Rate(per_minute=30 * 60, burst=30)
TELEGRAM_CHAT = Rate(per_minute=60, burst=5)
ZALO_APP = Rate(per_minute=4000, burst=60)


class SendRates:
    def __init__(self, redis_url: str = "") -> None:
        def bucket(rate: Rate, name: str) -> Limiter:
            if redis_url:
                return RedisSenderLimiter(
                    Redis.from_url(redis_url), rate.per_minute, f"send:{name}:", rate.burst
                )
            return SenderLimiter(rate.per_minute, burst=rate.burst)

        self.platforms: dict[str, Limiter] = {
            "telegram": bucket(TELEGRAM_BOT, "telegram"),
            "zalo": bucket(ZALO_APP, "zalo"),
        }
        self.chats: dict[str, Limiter] = {"telegram": bucket(TELEGRAM_CHAT, "telegram-chat")}

    async def wait_for(self, channel: str, chat: str) -> float:
        """How long the next message to this chat must wait; the tokens are taken."""
        waits = [0.0]
        if channel in self.platforms:
            waits.append(await self.platforms[channel].delay(channel))
        if channel in self.chats:
            waits.append(await self.chats[channel].delay(chat))
        return max(waits)

    async def before_send(self, channel: str, chat: str) -> None:
        wait = await self.wait_for(channel, chat)
        if wait > 0:
            await asyncio.sleep(wait)

    async def close(self) -> None:
        for limiter in [*self.platforms.values(), *self.chats.values()]:
            await limiter.close()
