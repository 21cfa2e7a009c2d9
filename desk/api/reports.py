"""The reports' figures as JSON (same scope rules as the reports page)."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from desk import access, filters, reports, views
from desk.api import models
from desk.api.common import answer
from desk.keys import OFFICIAL


async def report_summary(request: web.Request, session: AsyncSession) -> web.StreamResponse:
    official = request[OFFICIAL]
    query = filters.parse_report(request.query)
    every_unit = access.reports_every_unit(official)
    scope = filters.report_scope(query, None if every_unit else official.department_id)
    report = await reports.build(
        session, scope, views.today(), province_wide=every_unit and scope.department_id is None
    )
    return answer(models.ReportSummary.model_validate(reports.as_json(report)))
