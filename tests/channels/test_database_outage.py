"""The database goes away and comes back (as in a restart): a webhook that cannot be stored is
refused with a 5xx so the platform redelivers it, and afterwards every message is handled and
answered exactly once."""

from __future__ import annotations

import asyncpg
import pytest

from tests.channels.conftest import StartGateway, eventually
from tests.channels.payloads import telegram_text
from tests.conftest import POSTGRES_ADMIN_DSN


async def _set_reachable(database_url: str, reachable: bool) -> None:
    """Refuses (and cuts) every connection to the test database, or lets them in again."""
    name = database_url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(POSTGRES_ADMIN_DSN)
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(reachable).lower()}')
        if not reachable:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> pg_backend_pid()",
                name,
            )
    finally:
        await admin.close()


async def test_a_database_outage_loses_nothing_and_answers_nothing_twice(
    start_gateway: StartGateway, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("an outage of the embedded SQLite file is not a thing that happens")
    gateway = await start_gateway()
    first = telegram_text(5001, "trước khi mất kết nối")
    assert (await gateway.telegram_update(first)).status == 200
    await eventually(lambda: len(gateway.telegram.sent_texts()) == 1)

    await _set_reachable(database_url, False)
    during = telegram_text(5002, "trong lúc mất kết nối")
    try:
        refused = await gateway.telegram_update(during)
        assert refused.status >= 500  # Telegram keeps the update and sends it again
    finally:
        await _set_reachable(database_url, True)

    # Telegram's redelivery of the refused update, then a new message
    assert (await gateway.telegram_update(during)).status == 200
    assert (await gateway.telegram_update(telegram_text(5003, "sau khi có lại"))).status == 200
    await eventually(lambda: len(gateway.telegram.sent_texts()) == 3, timeout=20)
    await gateway.idle()
    sent = gateway.telegram.sent_texts()
    assert len(sent) == 3
    assert [s.split(": ", 1)[1] for s in sent] == [
        "trước khi mất kết nối",
        "trong lúc mất kết nối",
        "sau khi có lại",
    ]
