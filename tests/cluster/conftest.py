"""One cluster for every test of the package: starting it takes a minute."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.cluster.cluster import TELEGRAM_TOKEN, WEBHOOK_SECRET, Cluster, running_cluster
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.threaded import in_thread


@pytest.fixture(scope="package")
def telegram_api() -> Iterator[FakeBotAPI]:
    with in_thread(FakeBotAPI(TELEGRAM_TOKEN)) as api:
        yield api


@pytest.fixture(scope="package")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, telegram_api: FakeBotAPI
) -> Iterator[Cluster]:
    platform = {
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TELEGRAM_API_BASE_URL": telegram_api.base_url,
    }
    with running_cluster(tmp_path_factory.mktemp("cluster"), platform) as running:
        yield running
