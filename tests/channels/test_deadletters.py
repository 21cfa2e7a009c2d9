"""The dead-letter tool lists refused replies and puts chosen ones back in the queue."""

from __future__ import annotations

from bot.deadletters import run
from storage.models import OutboxStatus
from tests.channels import payloads as p
from tests.channels.conftest import Gateway, eventually


async def test_list_then_retry_delivers_an_undeliverable_reply(gateway: Gateway) -> None:
    gateway.telegram.fail_next(1, 403)
    await gateway.telegram_update(p.telegram_text(9501, "xin chào"))
    await eventually(lambda: gateway.telegram.calls_to("sendMessage"))
    [row] = await eventually(gateway.outbox)
    await eventually(lambda: _status_is(gateway, OutboxStatus.UNDELIVERABLE))

    listing = await run(["list"], gateway.settings)
    assert f"{row.id:>7}  telegram undeliverable" in listing
    assert "echo: xin chào" in listing

    assert await run(["retry", "--id", "99999"], gateway.settings) == (
        "nothing to retry (ids not found, or not dead/undeliverable)"
    )
    assert await run(["retry", "--id", str(row.id)], gateway.settings) == f"requeued 1: {row.id}"
    await eventually(lambda: len(gateway.telegram.calls_to("sendMessage")) == 2, timeout=5)
    await eventually(lambda: _status_is(gateway, OutboxStatus.SENT))
    assert await run(["list"], gateway.settings) == "no dead or undeliverable messages"


async def _status_is(gateway: Gateway, status: OutboxStatus) -> bool:
    rows = await gateway.outbox()
    return bool(rows) and rows[0].status == status
