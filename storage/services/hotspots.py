"""Where the problems are: counts per commune and category over a period against the one before
it, and surges (a commune and category receiving many times its usual daily count, such as
flooding after a storm), told to the unit's Telegram group once a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from storage.deadlines import VIETNAM, vietnam_today
from storage.models import Commune, Department, Notification, Petition, PetitionKind
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


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), VIETNAM)


async def _counts(
    session: AsyncSession,
    since: dt.datetime,
    until: dt.datetime,
    department_id: int | None,
) -> dict[tuple[str, str], int]:
    query = (
        select(Petition.commune_code, Petition.category, func.count())
        .where(
            Petition.submitted_at >= since,
            Petition.submitted_at < until,
            Petition.commune_code.is_not(None),
            # a denunciation is counted nowhere it could point at its author
            Petition.kind != PetitionKind.DENUNCIATION,
        )
        .group_by(Petition.commune_code, Petition.category)
    )
    if department_id is not None:
        query = query.where(Petition.department_id == department_id)
    return {(code, category): n for code, category, n in await session.execute(query)}


async def hotspots(
    session: AsyncSession,
    since: dt.date,
    until: dt.date,
    department_id: int | None = None,
) -> list[Hotspot]:
    """The busiest communes and categories from `since` to `until` (Vietnam's days, both
    included), with the count of the period of the same length just before."""
    start, end = _start_of(since), _start_of(until + dt.timedelta(days=1))
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


async def check_surge(
    session: AsyncSession, petition: Petition, department: Department, rules: SurgeRules
) -> Notification | None:
    """Called as a petition is filed: when its commune and category have received today at
    least `multiple` times their usual daily count (and `min_count`), the unit's group hears it
    once that day. The caller commits."""
    if petition.commune_code is None or petition.kind == PetitionKind.DENUNCIATION:
        return None
    today = vietnam_today(petition.submitted_at)
    start = _start_of(today)
    same = (
        Petition.commune_code == petition.commune_code,
        Petition.category == petition.category,
        Petition.kind != PetitionKind.DENUNCIATION,
    )
    today_count = int(
        await session.scalar(
            select(func.count()).where(
                *same,
                Petition.submitted_at >= start,
                Petition.submitted_at < start + dt.timedelta(days=1),
            )
        )
        or 0
    )
    if today_count < rules.min_count:
        return None
    before = int(
        await session.scalar(
            select(func.count()).where(
                *same,
                Petition.submitted_at >= start - dt.timedelta(days=USUAL_DAYS),
                Petition.submitted_at < start,
            )
        )
        or 0
    )
    usual = before / USUAL_DAYS
    if today_count < rules.multiple * max(usual, 1.0):
        return None
    commune = await session.get(Commune, petition.commune_code)
    category = notifications.CATEGORY_NAMES.get(petition.category, petition.category)
    place = commune.name if commune else petition.commune_code
    text = (
        f"Tăng đột biến: {today_count} hồ sơ {category} tại {place} hôm nay "
        f"(thường khoảng {usual:.1f} mỗi ngày)."
    )
    return await notifications.enqueue(
        session,
        chat_id=department.telegram_chat_id,
        text=text,
        dedupe_key=f"surge:{petition.commune_code}:{petition.category}:{today.isoformat()}",
        link_path=f"/desk/map?category={petition.category}&commune={petition.commune_code}",
    )
