"""The platforms' send rates before each delivery: Telegram's per chat and per bot, Zalo's per
app; delayed, never dropped; shared through Redis by every gateway when REDIS_URL is set."""

from __future__ import annotations

import uuid

import pytest

from bot.send_rates import SendRates
from tests.channels.test_shared_limits import REDIS_URL, _redis_answers


async def test_one_chat_gets_a_short_burst_then_about_one_a_second() -> None:
    rates = SendRates()
    waits = [await rates.wait_for("telegram", "42") for _ in range(8)]
    assert waits[:5] == [0.0] * 5
    assert waits[5] == pytest.approx(1.0, abs=0.05)
    assert waits[7] == pytest.approx(3.0, abs=0.05)
    # another chat has its own budget; the web chat has none to keep
    assert await rates.wait_for("telegram", "43") == 0.0
    assert await rates.wait_for("web", "abc") == 0.0


async def test_the_bot_sends_about_thirty_a_second_over_all_chats() -> None:
    rates = SendRates()
    waits = [await rates.wait_for("telegram", str(chat)) for chat in range(40)]
    assert max(waits[:30]) == 0.0
    assert waits[30] == pytest.approx(1 / 30, abs=0.01)
    assert waits[39] == pytest.approx(10 / 30, abs=0.02)


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
async def test_two_gateways_share_the_platforms_budget_through_redis() -> None:
    chat = f"chat-{uuid.uuid4().hex}"
    first, second = SendRates(REDIS_URL), SendRates(REDIS_URL)
    try:
        waits = [await (first if n % 2 else second).wait_for("telegram", chat) for n in range(7)]
    finally:
        await first.close()
        await second.close()
    assert waits[:5] == [0.0] * 5
    assert waits[5] == pytest.approx(1.0, abs=0.2)
    assert waits[6] == pytest.approx(2.0, abs=0.2)
