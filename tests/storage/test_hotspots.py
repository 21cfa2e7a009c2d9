"""Where the problems are: the busiest communes and categories against the period before, and a
surge (many times a commune's usual daily count) told to the unit's Telegram group once."""

from __future__ import annotations

import datetime as dt

from storage.db import Database
from storage.models import Notification, PetitionKind
from storage.services import hotspots
from tests.storage.test_notifications import queued, set_group
from tests.storage.test_petitions import make_citizen, submit

# a Tuesday morning in Vietnam
STORM_DAY = dt.datetime(2026, 9, 8, 2, 0, tzinfo=dt.timezone.utc)
RULES = hotspots.SurgeRules(multiple=3.0, min_count=5)


async def flood_report(database: Database, n: int, when: dt.datetime, **overrides: object) -> None:
    citizen = await make_citizen(database, f"flood-{n}-{when.isoformat()}")
    values: dict[str, object] = {
        "category": "moi_truong",
        "commune_code": "viet_tri",
        "description": f"Ngập sâu sau mưa bão, nhà số {n}",
        "latitude": None,
        "longitude": None,
        "now": when,
        "surge": RULES,
    }
    values.update(overrides)
    await submit(database, citizen, f"flood-{n}-{when.isoformat()}", **values)


async def surges(database: Database) -> list[Notification]:
    return [n for n in await queued(database) if n.dedupe_key.startswith("surge:")]


async def test_a_surge_is_told_to_the_unit_once_that_day(seeded_database: Database) -> None:
    await set_group(seeded_database, "so_nong_nghiep_moi_truong", "-1001")
    # the usual: one flooding report a week in Việt Trì
    for week in range(1, 4):
        await flood_report(seeded_database, 100 + week, STORM_DAY - dt.timedelta(days=7 * week))
    for n in range(4):
        await flood_report(seeded_database, n, STORM_DAY + dt.timedelta(minutes=n))
    assert await surges(seeded_database) == []  # four is not yet a surge
    for n in range(4, 9):
        await flood_report(seeded_database, n, STORM_DAY + dt.timedelta(minutes=n))
    [told] = await surges(seeded_database)
    assert told.chat_id == "-1001"
    assert told.dedupe_key == "surge:viet_tri:moi_truong:2026-09-08"
    assert told.text.startswith("Tăng đột biến: 5 hồ sơ Môi trường, rác, ngập tại Phường Việt Trì")
    assert told.link_path == "/desk/map?category=moi_truong&commune=viet_tri"
    # the next day's storm is another surge
    await flood_report(seeded_database, 50, STORM_DAY + dt.timedelta(days=1))
    assert len(await surges(seeded_database)) == 1


async def test_a_commune_that_always_sends_many_is_no_surge(seeded_database: Database) -> None:
    await set_group(seeded_database, "so_nong_nghiep_moi_truong", "-1001")
    for day in range(1, 29):
        for n in range(3):
            await flood_report(
                seeded_database,
                day * 10 + n,
                STORM_DAY - dt.timedelta(days=day),
                category="moi_truong",
            )
    for n in range(6):
        await flood_report(seeded_database, n, STORM_DAY + dt.timedelta(minutes=n))
    assert await surges(seeded_database) == []  # six against three a day: not three times


async def test_hotspots_count_the_period_against_the_one_before(seeded_database: Database) -> None:
    for n in range(3):
        await flood_report(seeded_database, n, STORM_DAY)
    await flood_report(seeded_database, 9, STORM_DAY - dt.timedelta(days=10))
    await flood_report(
        seeded_database, 10, STORM_DAY, category="giao_thong", commune_code="cao_phong"
    )
    # a denunciation is counted nowhere it could point at its author
    await flood_report(
        seeded_database, 11, STORM_DAY, kind=PetitionKind.DENUNCIATION, reporter_name="Lê Văn A"
    )
    async with seeded_database.session() as session:
        found = await hotspots.hotspots(session, dt.date(2026, 9, 2), dt.date(2026, 9, 8))
    assert [(h.commune_code, h.category, h.count, h.previous, h.change) for h in found] == [
        ("viet_tri", "moi_truong", 3, 1, 2),
        ("cao_phong", "giao_thong", 1, 0, 1),
    ]
    assert found[0].commune_name == "Phường Việt Trì"
