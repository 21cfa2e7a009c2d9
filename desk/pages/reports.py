"""Reports for the official's unit (the administrator: any unit or the whole province), with
charts, and the CSV export of the items behind them."""

from __future__ import annotations

import csv
import datetime as dt
import io

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import access, charts, filters, reports, views
from desk.access import Viewer
from desk.keys import LANGUAGE, OFFICIAL
from desk.render import render
from storage.services import desk_accounts, desk_queries, desk_reports, hotspots

HOTSPOT_DAYS = 30

# no names, phones, descriptions or citizen ids: see desk_reports.ExportRow
CSV_COLUMNS = (
    "tracking_code",
    "kind",
    "category",
    "commune_code",
    "department_code",
    "status",
    "submitted_at",
    "due_on",
    "first_reply_at",
    "resolved_at",
    "outcome",
    "rating",
)


def _scope(official: Viewer, query: filters.ReportQuery) -> desk_reports.ReportScope:
    held_to = None if access.reports_every_unit(official) else official.department_id
    return filters.report_scope(query, held_to)


async def reports_page(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    query = filters.parse_report(request.query)
    scope = _scope(official, query)
    province_wide = access.reports_every_unit(official) and scope.department_id is None
    report = await reports.build(session, scope, views.today(), province_wide=province_wide)
    departments = await desk_queries.departments(session)
    # hotspots over the chosen period, or the last 30 days, against the period before
    until = query.until or views.today()
    since = query.since or until - dt.timedelta(days=HOTSPOT_DAYS - 1)
    spots = await hotspots.hotspots(session, since, until, scope.department_id)
    params = "&".join(f"{k}={v}" for k, v in query.as_params().items() if v)
    return render(
        request,
        "reports.html",
        {
            "r": report,
            "query": query,
            "csv_url": "/desk/reports.csv" + (f"?{params}" if params else ""),
            "every_unit": access.reports_every_unit(official),
            "hotspots": spots,
            "hotspot_period": (since, until),
            "departments": departments,
            "department_labels": {
                d.code: d.name_en if request[LANGUAGE] == "en" else d.name_vi for d in departments
            },
            "charts": {
                "status": charts.bar_chart(report.by_status),
                "kind": charts.bar_chart(report.by_kind),
                "category": charts.bar_chart(report.by_category),
                "month": charts.bar_chart(report.by_month),
                "department": charts.bar_chart(report.by_department),
                "outcome": charts.bar_chart(
                    [(k, v) for k, v in report.outcomes.items() if k != "merged"]
                ),
                "acceptance": charts.bar_chart(list(report.acceptance.items())),
                "hotspots": charts.bar_chart(
                    [(f"{h.commune_name} · {h.category}", h.count) for h in spots[:10]]
                ),
            },
        },
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # a cell starting with = + - @ is a formula to a spreadsheet: keep it text
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not text[1:2].isdigit() else text


async def reports_csv(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    query = filters.parse_report(request.query)
    scope = _scope(official, query)
    desk_accounts.add_audit(session, official.id, "export_csv", None, query.as_params())
    await session.commit()
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="petitions.csv"',
        }
    )
    await response.prepare(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # the byte-order mark lets spreadsheet programs read Vietnamese letters as UTF-8
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    async for batch in desk_reports.export_rows(session, scope, views.today()):
        for row in batch:
            writer.writerow([_cell(getattr(row, column)) for column in CSV_COLUMNS])
        await response.write(buffer.getvalue().encode())
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        await response.write(buffer.getvalue().encode())
    await response.write_eof()
    return response
