"""The clocks the laws set for each step of a petition, with where each comes from.

A report or a proposal has one clock, from receipt. A complaint and a denunciation have two: the
unit must decide whether to accept (thụ lý) the matter, and the settlement is counted from the
day it was accepted, longer for a complex matter, in a remote area, or for a second complaint.
The citizen is told of an acceptance the moment it is recorded, well within the 5 working days
the Law on Denunciation (art. 29) allows.
A deployment may set other figures in `deployment.yml` (`clocks:`), which `make db` stores in the
`legal_clocks` table; these are the defaults.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.deadlines import Clock, WorkingCalendar, received_on
from storage.models import LegalClockRow, PetitionKind

# tiers a unit gives a matter when it accepts it; a denunciation's tier decides its extensions
NORMAL, COMPLEX, VERY_COMPLEX = "normal", "complex", "very_complex"
TIERS = (NORMAL, COMPLEX, VERY_COMPLEX)


@dataclass(frozen=True)
class LegalClock:
    days: int
    working: bool
    source: str

    @property
    def clock(self) -> Clock:
        return Clock(self.days, working=self.working)


# keys: what is counted, for which kind, in which case
DEFAULTS: dict[str, LegalClock] = {
    # Luật Tiếp công dân 2013, art. 28: a report or proposal is answered within 10 working days
    "answer.phan_anh": LegalClock(10, True, "Luật Tiếp công dân 2013, điều 28"),
    "answer.kien_nghi": LegalClock(10, True, "Luật Tiếp công dân 2013, điều 28"),
    "accept.khieu_nai": LegalClock(10, False, "Luật Khiếu nại 2011, điều 27"),
    "settle.khieu_nai.first.normal": LegalClock(30, False, "Luật Khiếu nại 2011, điều 28"),
    "settle.khieu_nai.first.complex": LegalClock(45, False, "Luật Khiếu nại 2011, điều 28"),
    "settle.khieu_nai.first.remote": LegalClock(45, False, "Luật Khiếu nại 2011, điều 28"),
    "settle.khieu_nai.first.remote_complex": LegalClock(60, False, "Luật Khiếu nại 2011, điều 28"),
    "settle.khieu_nai.second.normal": LegalClock(45, False, "Luật Khiếu nại 2011, điều 37"),
    "settle.khieu_nai.second.complex": LegalClock(60, False, "Luật Khiếu nại 2011, điều 37"),
    "settle.khieu_nai.second.remote": LegalClock(60, False, "Luật Khiếu nại 2011, điều 37"),
    "settle.khieu_nai.second.remote_complex": LegalClock(70, False, "Luật Khiếu nại 2011, điều 37"),
    "accept.to_cao": LegalClock(7, True, "Luật Tố cáo 2018, điều 24"),
    "settle.to_cao": LegalClock(30, False, "Luật Tố cáo 2018, điều 30"),
    # each extension; once for a complex matter, twice for a very complex one
    "extend.to_cao": LegalClock(30, False, "Luật Tố cáo 2018, điều 30"),
}
EXTENSIONS_ALLOWED = {NORMAL: 0, COMPLEX: 1, VERY_COMPLEX: 2}
NEEDS_ACCEPTANCE = frozenset({PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION})


class Clocks:
    """The defaults with a deployment's own figures on top."""

    def __init__(self, overrides: Mapping[str, LegalClock] | None = None) -> None:
        unknown = set(overrides or {}) - set(DEFAULTS)
        if unknown:
            raise ValueError(f"unknown clocks: {', '.join(sorted(unknown))}")
        self._clocks = {**DEFAULTS, **(overrides or {})}

    def __getitem__(self, key: str) -> LegalClock:
        return self._clocks[key]

    def items(self) -> list[tuple[str, LegalClock]]:
        return sorted(self._clocks.items())

    def settlement(
        self, kind: PetitionKind, tier: str, *, remote: bool, second: bool
    ) -> LegalClock:
        if kind == PetitionKind.DENUNCIATION:
            return self["settle.to_cao"]
        case = ("remote_" if remote else "") + ("complex" if tier != NORMAL else "normal")
        if case == "remote_normal":
            case = "remote"
        return self[f"settle.khieu_nai.{'second' if second else 'first'}.{case}"]


def count(clock: LegalClock, start: dt.date, calendar: WorkingCalendar) -> dt.date:
    """The last day of a clock started on `start`: working days, or calendar days moved off a
    day off to the next working day."""
    if clock.working:
        return calendar.add_working_days(start, clock.days)
    return calendar.roll_forward(start + dt.timedelta(days=clock.days))


def first_due(
    kind: PetitionKind, submitted_at: dt.datetime, calendar: WorkingCalendar, clocks: Clocks
) -> dt.date:
    """A new petition's due date: the answer for a report or proposal, the acceptance decision
    for a complaint or a denunciation."""
    step = "accept" if kind in NEEDS_ACCEPTANCE else "answer"
    return count(clocks[f"{step}.{kind.value}"], received_on(submitted_at, calendar), calendar)


async def load_clocks(session: AsyncSession) -> Clocks:
    """The defaults with the figures `make db` stored from the deployment's file."""
    rows = (await session.scalars(select(LegalClockRow))).all()
    return Clocks(
        {
            row.key: LegalClock(row.days, row.working, row.source)
            for row in rows
            if row.key in DEFAULTS
        }
    )
