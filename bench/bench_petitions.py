"""Petitions at the scale of a province's years: 1,000,000 rows in PostgreSQL, then submission
through the service layer (petitions per second) and a citizen's status lookup (p95).

    PYTHONPATH=. .venv/app/bin/python bench/bench_petitions.py [--rows 1000000]

Creates and drops its own database on the local server (127.0.0.1:5432, trust auth).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import sys
import time
import uuid

import asyncpg

from core.tracking_codes import ALPHABET
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Channel
from storage.seed import load_all
from storage.services import petitions
from tests.conftest import POSTGRES_ADMIN_DSN, PostgresDatabases

CITIZENS = 100_000
SUBMISSIONS = 500
LOOKUPS = 1000
KINDS = ["phan_anh", "kien_nghi", "khieu_nai", "to_cao"]
CATEGORIES = ["giao_thong", "chieu_sang", "moi_truong", "trat_tu", "xay_dung", "dat_dai"]


def code_of(n: int) -> str:
    digits = []
    for _ in range(8):
        n, rest = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[rest])
    raw = "".join(reversed(digits))
    return f"{raw[:4]}-{raw[4:]}"


async def fill(url: str, rows: int) -> tuple[list[int], list[tuple[int, str]]]:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    departments = [r["id"] for r in await connection.fetch("SELECT id FROM departments")]
    now = dt.datetime.now(dt.timezone.utc)
    await connection.copy_records_to_table(
        "citizens",
        records=[
            ("telegram", str(10_000_000 + n), None, None, "vi", None, False, now)
            for n in range(CITIZENS)
        ],
        columns=[
            "channel",
            "channel_user_id",
            "display_name",
            "phone",
            "language",
            "consent_at",
            "paused",
            "created_at",
        ],
    )
    citizen_ids = [r["id"] for r in await connection.fetch("SELECT id FROM citizens ORDER BY id")]
    rng = random.Random(2026)
    sample: list[tuple[int, str]] = []
    batch = []
    offset = rng.randrange(len(ALPHABET) ** 7)
    for n in range(rows):
        citizen = citizen_ids[n % len(citizen_ids)]
        code = code_of(offset + n * 7919)
        submitted = now - dt.timedelta(minutes=n % 500_000)
        batch.append(
            (
                code,
                f"bench:{n}",
                rng.choice(KINDS),
                rng.choice(CATEGORIES),
                "Mô tả phản ánh mẫu cho đo hiệu năng",
                citizen,
                "telegram",
                False,
                rng.choice(departments),
                "received",
                submitted,
                (submitted + dt.timedelta(days=14)).date(),
            )
        )
        if n % 997 == 0:
            sample.append((citizen, code))
        if len(batch) == 50_000:
            await _copy(connection, batch)
            batch = []
    if batch:
        await _copy(connection, batch)
    await connection.execute("ANALYZE")
    await connection.close()
    return citizen_ids, sample


async def _copy(connection: asyncpg.Connection, batch: list[tuple[object, ...]]) -> None:
    await connection.copy_records_to_table(
        "petitions",
        records=batch,
        columns=[
            "tracking_code",
            "idempotency_key",
            "kind",
            "category",
            "description",
            "citizen_id",
            "channel",
            "anonymous",
            "department_id",
            "status",
            "submitted_at",
            "due_on",
        ],
    )


async def measure(url: str, citizen_ids: list[int], sample: list[tuple[int, str]]) -> None:
    database = Database(url)
    rng = random.Random(7)
    started = time.perf_counter()
    for _ in range(SUBMISSIONS):
        async with database.transaction() as session:
            await petitions.submit_petition(
                session,
                idempotency_key=f"bench-submit:{uuid.uuid4()}",
                citizen_id=rng.choice(citizen_ids),
                channel=Channel.TELEGRAM,
                kind=rng.choice(KINDS),
                category=rng.choice(CATEGORIES),
                description="Đèn đường hỏng, đề nghị sửa",
                commune_code="hoa_binh",
                address="Ngõ 12",
                latitude=None,
                longitude=None,
                contact_phone="+84912345678",
                anonymous=False,
                attachment_ids=[],
            )
    elapsed = time.perf_counter() - started
    print(
        f"submission through the service layer: {SUBMISSIONS / elapsed:.0f} petitions/s "
        f"({SUBMISSIONS} sequential submissions, one session each)"
    )
    timings = []
    for _ in range(LOOKUPS):
        citizen, code = rng.choice(sample)
        began = time.perf_counter()
        async with database.session() as session:
            found = await petitions.status_for_citizen(session, citizen, code)
        timings.append((time.perf_counter() - began) * 1000)
        assert found is not None
    timings.sort()
    print(
        f"status lookup by code: p50 {statistics.median(timings):.2f} ms, "
        f"p95 {timings[int(LOOKUPS * 0.95) - 1]:.2f} ms ({LOOKUPS} lookups)"
    )
    timings = []
    for _ in range(LOOKUPS):
        citizen, _ = rng.choice(sample)
        began = time.perf_counter()
        async with database.session() as session:
            await petitions.petitions_of_citizen(session, citizen)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    print(
        f"'my petitions' lookup: p50 {statistics.median(timings):.2f} ms, "
        f"p95 {timings[int(LOOKUPS * 0.95) - 1]:.2f} ms"
    )
    await database.close()


async def main(rows: int) -> int:
    databases = PostgresDatabases()
    url = await databases.create()
    try:
        await asyncio.to_thread(upgrade, url)
        database = Database(url)
        async with database.session() as session:
            await load_all(session, "bench-password")
        await database.close()
        began = time.perf_counter()
        citizen_ids, sample = await fill(url, rows)
        print(
            f"filled {rows:,} petitions for {CITIZENS:,} citizens in "
            f"{time.perf_counter() - began:.0f} s"
        )
        await measure(url, citizen_ids, sample)
    finally:
        await databases.drop(url)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    arguments = parser.parse_args()
    print(f"PostgreSQL at {POSTGRES_ADMIN_DSN.rsplit('@', 1)[-1]}")
    sys.exit(asyncio.run(main(arguments.rows)))
