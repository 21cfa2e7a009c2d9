"""Aggregates for the desk's reports, read from the rollups (storage.rollups) kept as petitions
change, so a report costs the same with a thousand petitions or a million; the CSV export and
the overdue list read the petitions themselves.

A scope's bounds are Vietnam midnights, since the rollups count whole Vietnam days.
Days are Vietnam's calendar days: a petition resolved at 23:30 in Hanoi on its due date is on
time, although it is already the next day in UTC. Vietnam has kept UTC+7 without summer time
since 1975, so SQLite can shift by a fixed seven hours where PostgreSQL names the zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Date, Select, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage import rollups
from storage.models import Department, Feedback, Petition, PetitionRollup, PetitionStatus

ZONE = "Asia/Ho_Chi_Minh"
Dimension = Literal["status", "department", "kind", "month", "category"]
Outcome = Literal["on_time", "late", "overdue", "open", "merged"]


@dataclass(frozen=True)
class ReportScope:
    """Which petitions a report covers: one unit (None: every unit), submitted in [since, until)."""

    department_id: int | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@dataclass(frozen=True)
class Durations:
    first_reply_hours: float | None
    resolution_hours: float | None


@dataclass(frozen=True)
class Satisfaction:
    average: float | None
    count: int


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _local_date(session: AsyncSession, column: Any) -> ColumnElement[Any]:
    if _dialect(session) == "postgresql":
        return cast(func.timezone(ZONE, column), Date)
    return func.date(column, "+7 hours")


def _scoped(query: Select[Any], scope: ReportScope) -> Select[Any]:
    if scope.department_id is not None:
        query = query.where(Petition.department_id == scope.department_id)
    if scope.since is not None:
        query = query.where(Petition.submitted_at >= scope.since)
    if scope.until is not None:
        query = query.where(Petition.submitted_at < scope.until)
    return query


def outcome_of(session: AsyncSession, today: dt.date) -> ColumnElement[Any]:
    """on_time / late for resolved petitions, overdue / open for the rest, merged apart."""
    resolved_on = _local_date(session, Petition.resolved_at)
    return case(
        (Petition.resolved_at.is_not(None) & (resolved_on <= Petition.due_on), "on_time"),
        (Petition.resolved_at.is_not(None), "late"),
        (Petition.status == PetitionStatus.MERGED, "merged"),
        (Petition.due_on < today, "overdue"),
        else_="open",
    )


def _rolled(query: Select[Any], scope: ReportScope, dimension: str) -> Select[Any]:
    query = query.where(PetitionRollup.dimension == dimension)
    if scope.department_id is not None:
        query = query.where(PetitionRollup.department_id == scope.department_id)
    if scope.since is not None:
        query = query.where(PetitionRollup.day >= rollups.local_day(scope.since))
    if scope.until is not None:
        query = query.where(PetitionRollup.day < rollups.local_day(scope.until))
    return query


def _judged(today: dt.date) -> ColumnElement[Any]:
    """A pending bucket is overdue once its due day has passed, open until then."""
    pending = PetitionRollup.value == "pending"
    return case(
        (pending & (PetitionRollup.due_on < today), "overdue"),
        (pending, "open"),
        else_=PetitionRollup.value,
    )


def _by_month(rows: Sequence[Any]) -> list[tuple[str, int]]:
    months: dict[str, int] = {}
    for day, n in rows:
        month = day.strftime("%Y-%m")
        months[month] = months.get(month, 0) + int(n)
    return sorted((month, n) for month, n in months.items() if n)


async def counts_by(
    session: AsyncSession, scope: ReportScope, dimension: Dimension
) -> list[tuple[str, int]]:
    """(key, count) pairs; departments are keyed by code, months as YYYY-MM in Vietnam's time."""
    total = func.sum(PetitionRollup.n)
    if dimension == "month":
        query = _rolled(select(PetitionRollup.day, total), scope, "all")
        return _by_month((await session.execute(query.group_by(PetitionRollup.day))).all())
    if dimension == "department":
        query = _rolled(select(Department.code.label("k"), total).join(Department), scope, "all")
    else:
        query = _rolled(select(PetitionRollup.value.label("k"), total), scope, dimension)
    rows = await session.execute(query.group_by("k").having(total > 0).order_by("k"))
    return [(str(k), int(n)) for k, n in rows.all()]


async def _judged_counts(
    session: AsyncSession, scope: ReportScope, today: dt.date, dimension: str
) -> dict[str, int]:
    judged = _judged(today).label("outcome")
    query = _rolled(select(judged, func.sum(PetitionRollup.n)), scope, dimension)
    return {str(k): int(n) for k, n in (await session.execute(query.group_by("outcome"))).all()}


async def outcomes(session: AsyncSession, scope: ReportScope, today: dt.date) -> dict[str, int]:
    counted = await _judged_counts(session, scope, today, "outcome")
    return {name: counted.get(name, 0) for name in ("on_time", "late", "overdue", "open", "merged")}


async def acceptance_outcomes(
    session: AsyncSession, scope: ReportScope, today: dt.date
) -> dict[str, int]:
    """How the acceptance clock went, over the items that have one: on_time / late once the
    decision to accept was taken (a refusal or a forwarding is a decision too), overdue / open
    while it was not."""
    counted = await _judged_counts(session, scope, today, "acceptance")
    return {name: counted.get(name, 0) for name in ("on_time", "late", "overdue", "open")}


@dataclass(frozen=True)
class Reopenings:
    """Of the items a unit said it had resolved, how many their citizen said were not."""

    department: str
    resolved: int
    reopened: int

    @property
    def rate(self) -> float | None:
        return self.reopened / self.resolved if self.resolved else None


async def reopenings(session: AsyncSession, scope: ReportScope) -> list[Reopenings]:
    """Per unit: items resolved at least once (resolved now, or reopened since) and of them the
    ones reopened by their citizen."""
    resolved = func.sum(PetitionRollup.once_resolved)
    query = _rolled(
        select(Department.code.label("k"), resolved, func.sum(PetitionRollup.reopened)).join(
            Department
        ),
        scope,
        "all",
    )
    rows = await session.execute(query.group_by("k").having(resolved > 0).order_by("k"))
    return [Reopenings(str(k), int(n), int(r or 0)) for k, n, r in rows.all()]


def _average(total: Any, count: Any) -> float | None:
    return float(total) / float(count) if count else None


async def durations(session: AsyncSession, scope: ReportScope) -> Durations:
    query = _rolled(
        select(
            func.sum(PetitionRollup.first_reply_seconds),
            func.sum(PetitionRollup.first_reply_n),
            func.sum(PetitionRollup.resolution_seconds),
            func.sum(PetitionRollup.resolution_n),
        ),
        scope,
        "all",
    )
    first, firsts, resolution, resolutions = (await session.execute(query)).one()
    first_hours = _average(first, firsts)
    resolution_hours = _average(resolution, resolutions)
    return Durations(
        first_reply_hours=first_hours / 3600 if first_hours is not None else None,
        resolution_hours=resolution_hours / 3600 if resolution_hours is not None else None,
    )


async def petition_satisfaction(session: AsyncSession, scope: ReportScope) -> Satisfaction:
    query = _rolled(
        select(func.sum(PetitionRollup.rating_sum), func.sum(PetitionRollup.rating_n)),
        scope,
        "all",
    )
    total, count = (await session.execute(query)).one()
    return Satisfaction(_average(total, count), int(count or 0))


async def feedback_satisfaction(
    session: AsyncSession, since: dt.datetime | None, until: dt.datetime | None
) -> dict[str, Satisfaction]:
    """Ratings of the assistant and of services (not tied to a unit): the whole province."""
    query = select(Feedback.target, func.avg(Feedback.rating), func.count(Feedback.rating)).where(
        Feedback.target != "petition"
    )
    if since is not None:
        query = query.where(Feedback.created_at >= since)
    if until is not None:
        query = query.where(Feedback.created_at < until)
    rows = await session.execute(query.group_by(Feedback.target))
    return {
        str(target): Satisfaction(float(avg) if avg is not None else None, int(count))
        for target, avg, count in rows.all()
    }


@dataclass(frozen=True)
class ExportRow:
    """One petition as exported: no names, phones, descriptions or citizen ids, so an export
    can never reveal a denouncer, whoever downloads it."""

    tracking_code: str
    kind: str
    category: str
    commune_code: str | None
    department_code: str
    status: str
    submitted_at: dt.datetime
    due_on: dt.date
    first_reply_at: dt.datetime | None
    resolved_at: dt.datetime | None
    outcome: str
    rating: int | None


async def export_rows(
    session: AsyncSession, scope: ReportScope, today: dt.date, batch: int = 1000
) -> AsyncIterator[list[ExportRow]]:
    """Batches in id order, by keyset, so an export of a million rows never holds them all."""
    outcome = outcome_of(session, today)
    last_id = 0
    while True:
        query = _scoped(
            select(
                Petition.id,
                Petition.tracking_code,
                Petition.kind,
                Petition.category,
                Petition.commune_code,
                Department.code,
                Petition.status,
                Petition.submitted_at,
                Petition.due_on,
                Petition.first_reply_at,
                Petition.resolved_at,
                outcome,
                Petition.rating,
            )
            .select_from(Petition)
            .join(Department)
            .where(Petition.id > last_id),
            scope,
        )
        rows = (await session.execute(query.order_by(Petition.id).limit(batch))).all()
        if not rows:
            return
        last_id = rows[-1][0]
        yield [
            ExportRow(
                tracking_code=r[1],
                kind=r[2].value,
                category=r[3],
                commune_code=r[4],
                department_code=r[5],
                status=r[6].value,
                submitted_at=r[7],
                due_on=r[8],
                first_reply_at=r[9],
                resolved_at=r[10],
                outcome=str(r[11]),
                rating=r[12],
            )
            for r in rows
        ]
        if len(rows) < batch:
            return


@dataclass(frozen=True)
class UnitFigures:
    """One unit's petitions over a period (or one month of it): counts only, never who or what."""

    department_code: str
    month: str | None
    received: int
    on_time: int
    late: int
    overdue: int
    open: int
    satisfaction: float | None
    ratings: int

    @property
    def on_time_rate(self) -> float | None:
        decided = self.on_time + self.late
        return self.on_time / decided if decided else None


async def unit_figures(
    session: AsyncSession, scope: ReportScope, today: dt.date, *, by_month: bool = False
) -> list[UnitFigures]:
    """Per unit (and per month, Vietnam's, of submission), from the rollups."""
    judged = _judged(today).label("outcome")
    keys: list[Any] = [Department.code.label("unit")]
    if by_month:
        keys.append(PetitionRollup.day)
    counted = await session.execute(
        _rolled(
            select(*keys, judged, func.sum(PetitionRollup.n)).join(Department), scope, "outcome"
        ).group_by(*keys, "outcome")
    )
    rated = await session.execute(
        _rolled(
            select(
                *keys, func.sum(PetitionRollup.rating_sum), func.sum(PetitionRollup.rating_n)
            ).join(Department),
            scope,
            "all",
        ).group_by(*keys)
    )

    def key_of(row: Any) -> tuple[str, str | None]:
        return row[0], row[1].strftime("%Y-%m") if by_month else None

    table: dict[tuple[str, str | None], dict[str, int]] = {}
    for row in counted.all():
        outcomes_of = table.setdefault(key_of(row), {})
        outcomes_of[str(row[-2])] = outcomes_of.get(str(row[-2]), 0) + int(row[-1])
    ratings: dict[tuple[str, str | None], list[int]] = {}
    for row in rated.all():
        summed = ratings.setdefault(key_of(row), [0, 0])
        summed[0] += int(row[-2] or 0)
        summed[1] += int(row[-1] or 0)
    figures = []
    for (unit, month), outcomes_of in sorted(
        table.items(), key=lambda item: (item[0][0], item[0][1] or "")
    ):
        if not any(outcomes_of.values()):
            continue
        total, count = ratings.get((unit, month), (0, 0))
        average = _average(total, count)
        figures.append(
            UnitFigures(
                department_code=unit,
                month=month,
                received=sum(outcomes_of.values()),
                on_time=outcomes_of.get("on_time", 0),
                late=outcomes_of.get("late", 0),
                overdue=outcomes_of.get("overdue", 0),
                open=outcomes_of.get("open", 0),
                satisfaction=round(average, 2) if average is not None else None,
                ratings=count,
            )
        )
    return figures


@dataclass(frozen=True)
class OverdueItem:
    """An overdue item as an overseer may see it: no words, no person; a denunciation's area is
    left out too (it may point at whom it is about)."""

    tracking_code: str
    kind: str
    category: str | None
    department_code: str
    due_on: dt.date


async def overdue_items(
    session: AsyncSession, today: dt.date, limit: int = 500
) -> list[OverdueItem]:
    rows = await session.execute(
        select(
            Petition.tracking_code,
            Petition.kind,
            Petition.category,
            Department.code,
            Petition.due_on,
        )
        .join(Department)
        .where(
            Petition.resolved_at.is_(None),
            Petition.status != PetitionStatus.MERGED,
            Petition.due_on < today,
        )
        .order_by(Petition.due_on, Petition.id)
        .limit(limit)
    )
    return [
        OverdueItem(
            tracking_code=code,
            kind=kind.value,
            category=None if kind.value == "to_cao" else category,
            department_code=unit,
            due_on=due_on,
        )
        for code, kind, category, unit, due_on in rows.all()
    ]
