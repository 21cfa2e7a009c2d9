"""The oversight role's page (the Fatherland Front, People's Council delegates): every unit's
figures over any period, the overdue items, a chart and a CSV. Counts and tracking codes only:
never a citizen's name, phone, address or what anyone wrote, and no denunciation's area. Every
view is in the audit log."""

from __future__ import annotations

import csv
import io

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import charts, filters, views
from desk.keys import LANGUAGE, OFFICIAL
from desk.render import render
from storage.services import desk_accounts, desk_queries, desk_reports

CSV_COLUMNS = (
    "department_code",
    "received",
    "on_time",
    "late",
    "overdue",
    "open",
    "on_time_rate",
    "satisfaction",
    "ratings",
)


async def _figures(
    request: web.Request, session: AsyncSession, action: str
) -> tuple[filters.ReportQuery, list[desk_reports.UnitFigures]]:
    query = filters.parse_report(request.query)
    scope = filters.report_scope(query, None)
    desk_accounts.add_audit(session, request[OFFICIAL].id, action, None, query.as_params())
    await session.commit()
    return query, await desk_reports.unit_figures(session, scope, views.today())


async def oversight_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    query, figures = await _figures(request, session, "oversight_view")
    departments = await desk_queries.departments(session)
    names = {d.code: d.name_en if request[LANGUAGE] == "en" else d.name_vi for d in departments}
    params = "&".join(f"{k}={v}" for k, v in query.as_params().items() if v)
    return render(
        request,
        "oversight.html",
        {
            "query": query,
            "figures": figures,
            "names": names,
            "overdue": await desk_reports.overdue_items(session, views.today()),
            "chart": charts.bar_chart(
                [(names.get(f.department_code, f.department_code), f.overdue) for f in figures]
            ),
            "csv_url": "/desk/oversight.csv" + (f"?{params}" if params else ""),
        },
    )


async def oversight_csv(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    _, figures = await _figures(request, session, "oversight_export")
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheet programs read Vietnamese letters as UTF-8 with it
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for f in figures:
        rate = f.on_time_rate
        writer.writerow(
            [
                f.department_code,
                f.received,
                f.on_time,
                f.late,
                f.overdue,
                f.open,
                "" if rate is None else f"{rate:.3f}",
                "" if f.satisfaction is None else f"{f.satisfaction:.2f}",
                f.ratings,
            ]
        )
    return web.Response(
        body=out.getvalue().encode(),
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="oversight.csv"',
        },
    )
