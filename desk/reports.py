"""The reports' figures: gathered from storage's aggregates, then turned into rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.services import desk_reports
from storage.services.desk_reports import Durations, ReportScope, Satisfaction


@dataclass(frozen=True)
class Report:
    total: int
    outcomes: dict[str, int]
    # the decision to accept complaints and denunciations, against its own clock
    acceptance: dict[str, int]
    # per unit: resolved items their citizens said were not put right
    reopenings: list[desk_reports.Reopenings]
    rates: dict[str, float | None]
    by_status: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    by_department: list[tuple[str, int]]
    durations: Durations
    satisfaction: Satisfaction
    feedback: dict[str, Satisfaction]


def _rates(outcomes: dict[str, int]) -> dict[str, float | None]:
    """Shares of the items whose deadline outcome is known: resolved (on time or late) or
    already overdue. Open items still in time are not counted either way."""
    judged = outcomes["on_time"] + outcomes["late"] + outcomes["overdue"]
    return {
        name: (outcomes[name] / judged if judged else None)
        for name in ("on_time", "late", "overdue")
    }


async def build(
    session: AsyncSession, scope: ReportScope, today: dt.date, *, province_wide: bool
) -> Report:
    outcomes = await desk_reports.outcomes(session, scope, today)
    by_status = await desk_reports.counts_by(session, scope, "status")
    feedback: dict[str, Satisfaction] = {}
    if province_wide:
        feedback = await desk_reports.feedback_satisfaction(session, scope.since, scope.until)
    return Report(
        total=sum(n for _, n in by_status),
        outcomes=outcomes,
        acceptance=await desk_reports.acceptance_outcomes(session, scope, today),
        reopenings=await desk_reports.reopenings(session, scope),
        rates=_rates(outcomes),
        by_status=by_status,
        by_kind=await desk_reports.counts_by(session, scope, "kind"),
        by_category=await desk_reports.counts_by(session, scope, "category"),
        by_month=await desk_reports.counts_by(session, scope, "month"),
        by_department=(
            await desk_reports.counts_by(session, scope, "department") if province_wide else []
        ),
        durations=await desk_reports.durations(session, scope),
        satisfaction=await desk_reports.petition_satisfaction(session, scope),
        feedback=feedback,
    )


def as_json(report: Report) -> dict[str, Any]:
    data = asdict(report)
    data["reopenings"] = [{**asdict(r), "rate": r.rate} for r in report.reopenings]
    for key in ("by_status", "by_kind", "by_category", "by_month", "by_department"):
        data[key] = [{"key": k, "count": n} for k, n in getattr(report, key)]
    return data
