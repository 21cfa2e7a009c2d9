"""Where the problems are: counts per commune and category over a period against the one before
it, and surges (a commune and category receiving many times its usual daily count, such as
flooding after a storm), told to the unit's Telegram group once a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from core.words import words_for
from storage.deadlines import vietnam_today
from storage.models import Commune, Department, Notification, Petition, PetitionKind, PetitionRollup
from storage.services import notifications

# how many days make "usual" for a commune and category
USUAL_DAYS = 28
MAX_HOTSPOTS = 20


@dataclass(frozen=True)
class SurgeRules:
    # today's count must reach this multiple of the usual daily count, and this many at least
    multiple: float = 3.0
    min_count: int = 5

    @classmethod
    def from_settings(cls, settings: Settings) -> SurgeRules:
        return cls(multiple=settings.surge_multiple, min_count=settings.surge_min_count)


@dataclass(frozen=True)
class Hotspot:
    commune_code: str
    commune_name: str
    category: str
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


async def _counts(
    session: AsyncSession,
    since: dt.date,
    until: dt.date,
    department_id: int | None,
) -> dict[tuple[str, str], int]:
    """Per (commune, category) from Vietnam day `since` to `until` (excluded). The rollups'
    "place" buckets leave denunciations out: a denunciation is counted nowhere it could point
    at its author."""
    total = func.sum(PetitionRollup.n)
    query = (
        select(PetitionRollup.value, total)
        .where(
            PetitionRollup.dimension == "place",
            PetitionRollup.day >= since,
            PetitionRollup.day < until,
        )
        .group_by(PetitionRollup.value)
        .having(total > 0)
    )
    if department_id is not None:
        query = query.where(PetitionRollup.department_id == department_id)
    counted = {}
    for value, n in await session.execute(query):
        code, _, category = value.partition(":")
        counted[(code, category)] = int(n)
    return counted


async def hotspots(
    session: AsyncSession,
    since: dt.date,
    until: dt.date,
    department_id: int | None = None,
) -> list[Hotspot]:
    """The busiest communes and categories from `since` to `until` (Vietnam's days, both
    included), with the count of the period of the same length just before."""
    start, end = since, until + dt.timedelta(days=1)
    length = end - start
    current = await _counts(session, start, end, department_id)
    previous = await _counts(session, start - length, start, department_id)
    names = {
        code: name
        for code, name in await session.execute(
            select(Commune.code, Commune.name).where(
                Commune.code.in_({code for code, _ in current})
            )
        )
    }
    found = [
        Hotspot(code, names.get(code, code), category, n, previous.get((code, category), 0))
        for (code, category), n in current.items()
    ]
    found.sort(key=lambda h: (-h.count, -h.change, h.commune_code, h.category))
    return found[:MAX_HOTSPOTS]


async def _place_counts(
    session: AsyncSession, place: str, since: dt.date, until: dt.date
) -> dict[dt.date, int]:
    """Per Vietnam day from `since` to `until` (included), every unit together."""
    rows = await session.execute(
        select(PetitionRollup.day, func.sum(PetitionRollup.n))
        .where(
            PetitionRollup.dimension == "place",
            PetitionRollup.value == place,
            PetitionRollup.day >= since,
            PetitionRollup.day <= until,
        )
        .group_by(PetitionRollup.day)
    )
    return {day: int(n) for day, n in rows.all()}


async def check_surge(
    session: AsyncSession, petition: Petition, department: Department, rules: SurgeRules
) -> Notification | None:
    """Called as a petition is filed: when its commune and category have received today at
    least `multiple` times their usual daily count (and `min_count`), the unit's group hears it
    once that day. The caller commits."""
    if petition.commune_code is None or petition.kind == PetitionKind.DENUNCIATION:
        return None
    today = vietnam_today(petition.submitted_at)
    place = f"{petition.commune_code}:{petition.category}"
    # every unit's petitions about this commune and category, this one included (flushed)
    await session.flush()
    counted = await _place_counts(session, place, today - dt.timedelta(days=USUAL_DAYS), today)
    today_count = counted.get(today, 0)
    if today_count < rules.min_count:
        return None
    before = sum(n for day, n in counted.items() if day < today)
    usual = before / USUAL_DAYS
    if today_count < rules.multiple * max(usual, 1.0):
        return None
    commune = await session.get(Commune, petition.commune_code)
    category = notifications.CATEGORY_NAMES.get(petition.category, petition.category)
    commune_name = commune.name if commune else petition.commune_code
    text = words_for(notifications.OFFICIALS_LANGUAGE).ngettext(
        "notify_surge", today_count, category=category, commune=commune_name, usual=usual
    )
    return await notifications.enqueue(
        session,
        chat_id=department.telegram_chat_id,
        text=text,
        dedupe_key=f"surge:{petition.commune_code}:{petition.category}:{today.isoformat()}",
        link_path=f"/desk/map?category={petition.category}&commune={petition.commune_code}",
    )
