"""The public scoreboard: per unit and per month, petitions received, settled on time, late and
overdue, average satisfaction and reception days held; no login, no personal data (counts
only), cached for a few minutes, in Vietnamese or English. The provincial portal links or
embeds it."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import charts, views
from desk.keys import DATABASE, LANGUAGE, SCOREBOARD
from desk.render import render
from storage.deadlines import VIETNAM
from storage.services import desk_queries, desk_reports, reception

MONTHS = 6
CACHE_SECONDS = 300.0


@dataclass
class Cached:
    at: float
    figures: list[desk_reports.UnitFigures]
    names: dict[str, tuple[str, str]]
    # (unit code, "YYYY-MM") -> reception days held
    reception_days: dict[tuple[str, str], int]


def _six_months_ago(today: dt.date) -> dt.datetime:
    month = today.month - (MONTHS - 1)
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.datetime(year, month, 1, tzinfo=VIETNAM)


async def _figures(session: AsyncSession, cache: dict[str, Any]) -> Cached:
    cached: Cached | None = cache.get("figures")
    if cached is not None and time.monotonic() - cached.at < CACHE_SECONDS:
        return cached
    today = views.today()
    since = _six_months_ago(today)
    scope = desk_reports.ReportScope(since=since)
    figures = await desk_reports.unit_figures(session, scope, today, by_month=True)
    names = {d.code: (d.name_vi, d.name_en) for d in await desk_queries.departments(session)}
    held = await reception.days_held(session, since.date(), today)
    fresh = Cached(time.monotonic(), figures, names, held)
    cache["figures"] = fresh
    return fresh


async def scoreboard_page(request: web.Request) -> web.StreamResponse:
    language = "en" if request.query.get("lang") == "en" else "vi"
    request[LANGUAGE] = language
    async with request.app[DATABASE].session() as session:
        cached = await _figures(session, request.app[SCOREBOARD])
    names = {code: pair[1] if language == "en" else pair[0] for code, pair in cached.names.items()}
    totals: dict[str, list[int]] = {}
    for f in cached.figures:
        on_time, decided = totals.setdefault(f.department_code, [0, 0])
        totals[f.department_code] = [on_time + f.on_time, decided + f.on_time + f.late]
    chart = charts.bar_chart(
        [
            (names.get(code, code), round(100 * on_time / decided) if decided else 0)
            for code, (on_time, decided) in sorted(totals.items())
        ]
    )
    response = render(
        request,
        "scoreboard.html",
        {
            "figures": cached.figures,
            "names": names,
            "chart": chart,
            "reception_days": cached.reception_days,
        },
    )
    # counts only, the same for everyone (the language is in the address, never a cookie):
    # shared caches may keep it as long as this process does
    response.headers.popall("Set-Cookie", None)
    response.headers["Cache-Control"] = f"public, max-age={int(CACHE_SECONDS)}"
    return response
