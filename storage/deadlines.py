"""Working-day arithmetic on Vietnam's calendar, for the legal clocks of storage.legal_clocks.

Public holidays (Tết included) come from the maintained `holidays` package, so nobody has to type
the lunar calendar in; the `holidays` table only records what the government changes on top of it
(an extra day off, or a weekend made a working day).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Holiday

logger = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# a petition arriving at or after the end of office hours is received the next working day
OFFICE_CLOSES = dt.time(17, 0)
_ONE_DAY = dt.timedelta(days=1)
# no legal clock is anywhere near this long: a loop that runs past it has a broken calendar
_MAX_SCAN_DAYS = 366


@dataclass(frozen=True)
class Clock:
    """How long a unit has to answer: `days` working days, or calendar days when not `working`."""

    days: int
    working: bool


class WorkingCalendar:
    """Vietnam's working days: Monday to Friday minus public holidays, plus local adjustments.

    `adjustments` maps a day to True (an extra day off) or False (a working day, e.g. a Saturday
    worked in exchange for a bridge day).
    """

    def __init__(self, adjustments: Mapping[dt.date, bool] | None = None) -> None:
        self._adjustments = dict(adjustments or {})
        # expand=True: each year is loaded the first time a day in it is asked about
        self._public = holidays.country_holidays("VN")

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._adjustments:
            return not self._adjustments[day]
        if day in self._public:  # also loads the year, and with it the library's swapped Saturdays
            return False
        if day in self._public.weekend_workdays:
            return True
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        candidate = day + _ONE_DAY
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate += _ONE_DAY
        raise RuntimeError(f"no working day within a year after {day.isoformat()}")

    def roll_forward(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (`start` itself does not count; n=0 gives `start`)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days after `a` up to and including `b` (negative when b is before a).

        The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n)) == n.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a + _ONE_DAY
        while day <= b:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count


def vietnam_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Vietnam, whatever the server's zone."""
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(VIETNAM).date()


def received_on(submitted_at: dt.datetime, calendar: WorkingCalendar) -> dt.date:
    """The working day a petition counts as received: the next one if sent after hours or on a
    day off (Vietnam time, whatever the server's zone)."""
    if submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be timezone-aware")
    local = submitted_at.astimezone(VIETNAM)
    day = local.date()
    if local.time() >= OFFICE_CLOSES:
        return calendar.next_working_day(day)
    return calendar.roll_forward(day)


async def load_calendar(session: AsyncSession) -> WorkingCalendar:
    """The calendar with the adjustments an administrator stored in the `holidays` table."""
    rows = (await session.execute(select(Holiday.day, Holiday.is_day_off))).all()
    return WorkingCalendar({day: is_day_off for day, is_day_off in rows})
