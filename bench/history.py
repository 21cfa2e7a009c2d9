"""Three years of a province's petitions, loaded by COPY for the desk's benchmark: most resolved
(some late, many rated), some merged, the rest open and some of those overdue; complaints and
denunciations with their acceptance clock; a commune on most and a GPS point on some. The
rollups are then counted once from the rows (COPY goes around the flush that keeps them)."""

from __future__ import annotations

import datetime as dt
import random

import asyncpg

from bench.bench_petitions import CATEGORIES, CITIZENS, KINDS, code_of
from storage import rollups
from storage.db import Database

YEARS = 3
COLUMNS = [
    "tracking_code",
    "idempotency_key",
    "kind",
    "category",
    "description",
    "citizen_id",
    "channel",
    "commune_code",
    "latitude",
    "longitude",
    "anonymous",
    "department_id",
    "status",
    "submitted_at",
    "due_on",
    "first_reply_at",
    "resolved_at",
    "rating",
    "acceptance_due_on",
    "accepted_on",
    "tier",
    "extensions",
    "reopen_count",
]


def _petition(
    rng: random.Random,
    n: int,
    now: dt.datetime,
    citizen: int,
    department: int,
    commune: tuple[str, float, float],
) -> tuple[object, ...]:
    submitted = now - dt.timedelta(minutes=rng.randrange(YEARS * 365 * 24 * 60))
    kind = rng.choice(KINDS)
    due_on = (submitted + dt.timedelta(days=15)).date()
    age = (now - submitted).days
    first_reply = resolved = rating = accepted = acceptance_due = None
    status = "received"
    if kind in ("khieu_nai", "to_cao"):
        acceptance_due = (submitted + dt.timedelta(days=10)).date()
    roll = rng.random()
    if age > 2 and roll < 0.03:
        status = "merged"
    elif age > 20 or roll < age / 20:
        # resolved: nine in ten on time
        took = dt.timedelta(days=rng.uniform(1, 14) if rng.random() < 0.9 else rng.uniform(16, 40))
        resolved = submitted + took
        if resolved < now:
            status = "resolved"
            first_reply = submitted + took / 3
            rating = rng.randint(1, 5) if rng.random() < 0.4 else None
        else:
            resolved = None
    if status == "received" and rng.random() < 0.5:
        status = "in_progress"
        first_reply = submitted + dt.timedelta(hours=rng.uniform(1, 48))
    if acceptance_due is not None and status in ("resolved", "in_progress"):
        accepted = acceptance_due - dt.timedelta(days=rng.randrange(0, 8))
    code, latitude, longitude = commune
    has_point = rng.random() < 0.3
    return (
        code_of(n * 7919 + 13),
        f"history:{n}",
        kind,
        rng.choice(CATEGORIES),
        "Mô tả phản ánh mẫu cho đo hiệu năng",
        citizen,
        "telegram",
        code if rng.random() < 0.8 else None,
        latitude + rng.uniform(-0.02, 0.02) if has_point else None,
        longitude + rng.uniform(-0.02, 0.02) if has_point else None,
        False,
        department,
        status,
        submitted,
        due_on,
        first_reply,
        resolved,
        rating,
        acceptance_due,
        accepted,
        "normal",
        0,
        1 if resolved is not None and rng.random() < 0.02 else 0,
    )


async def fill_history(url: str, rows: int) -> None:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    departments = [r["id"] for r in await connection.fetch("SELECT id FROM departments")]
    communes = [
        (r["code"], r["latitude"] or 20.8, r["longitude"] or 105.3)
        for r in await connection.fetch("SELECT code, latitude, longitude FROM communes")
    ]
    now = dt.datetime.now(dt.timezone.utc)
    await connection.copy_records_to_table(
        "citizens",
        records=[("telegram", str(20_000_000 + n), "vi", False, now) for n in range(CITIZENS)],
        columns=["channel", "channel_user_id", "language", "paused", "created_at"],
    )
    citizens = [r["id"] for r in await connection.fetch("SELECT id FROM citizens ORDER BY id")]
    rng = random.Random(2026)
    batch = []
    for n in range(rows):
        batch.append(
            _petition(
                rng,
                n,
                now,
                citizens[n % len(citizens)],
                rng.choice(departments),
                rng.choice(communes),
            )
        )
        if len(batch) == 50_000:
            await connection.copy_records_to_table("petitions", records=batch, columns=COLUMNS)
            batch = []
    if batch:
        await connection.copy_records_to_table("petitions", records=batch, columns=COLUMNS)
    await connection.execute("ANALYZE")
    await connection.close()


async def rebuild_rollups(url: str) -> int:
    database = Database(url)
    try:
        async with database.engine.begin() as connection:
            written = await connection.run_sync(rollups.rebuild)
            await connection.exec_driver_sql("ANALYZE petition_rollups")
        return written
    finally:
        await database.close()
