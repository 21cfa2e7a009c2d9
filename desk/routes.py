"""Every desk route in one table. Each is wrapped by `page`, `api` or `public` (desk.guard), so
none can be added without deciding who may call it."""

from __future__ import annotations

from aiohttp import web

from desk.api import handoffs as api_handoffs
from desk.api import petitions as api_petitions
from desk.api.openapi import openapi_document
from desk.api.reports import report_summary
from desk.guard import api, page, public
from desk.pages import (
    admin,
    admin_officials,
    admin_open311,
    admin_procedures,
    admin_reception,
    attachment_files,
    consultations,
    handoffs,
    login,
    oversight,
    petition,
    queue,
    queue_map,
    reception,
    reports,
    scoreboard,
    tokens,
)
from storage.models import Role

ADMIN = frozenset({Role.ADMIN})
EVERYONE = frozenset(Role)
OVERSEERS = frozenset({Role.OVERSIGHT, Role.ADMIN})

PAGE_ROUTES = [
    web.get("/desk/login", public(login.login_form)),
    web.get("/scoreboard", public(scoreboard.scoreboard_page)),
    web.post("/desk/login", public(login.login_submit)),
    web.post("/desk/logout", page(login.logout, roles=EVERYONE)),
    web.get("/desk/account", page(login.account_page, roles=EVERYONE)),
    web.post("/desk/account/password", page(login.change_password, roles=EVERYONE)),
    web.get("/desk", page(queue.queue_page, roles=EVERYONE)),
    web.get("/desk/oversight", page(oversight.oversight_page, roles=OVERSEERS)),
    web.get("/desk/oversight.csv", page(oversight.oversight_csv, roles=OVERSEERS)),
    web.get("/desk/map", page(queue_map.map_page)),
    web.get("/desk/map.json", page(queue_map.map_data)),
    web.get("/desk/petitions/{petition_id}", page(petition.petition_page)),
    web.post("/desk/petitions/{petition_id}/{action}", page(petition.petition_action)),
    web.get("/desk/attachments/{attachment_id}", page(attachment_files.attachment_file)),
    web.get("/desk/attachments/{attachment_id}/thumb", page(attachment_files.attachment_thumbnail)),
    web.get("/desk/reply-files/{file_id}", page(attachment_files.reply_file)),
    web.get("/desk/reception", page(reception.reception_page)),
    web.get("/desk/consultations", page(consultations.consultations_page)),
    web.post("/desk/consultations", page(consultations.create_consultation)),
    web.get("/desk/consultations/{consultation_id:\\d+}", page(consultations.results_page)),
    web.get("/desk/consultations/{consultation_id:\\d+}.csv", page(consultations.results_csv)),
    web.post("/desk/reception/close", page(reception.close_day)),
    web.post("/desk/reception/bookings/{booking_id}/outcome", page(reception.record_outcome)),
    web.get("/desk/handoffs", page(handoffs.handoffs_page)),
    web.get("/desk/handoffs/{handoff_id}", page(handoffs.handoff_page)),
    web.get("/desk/handoffs/{handoff_id}/transcript", page(handoffs.handoff_transcript)),
    web.post("/desk/handoffs/{handoff_id}/{action}", page(handoffs.handoff_action)),
    web.get("/desk/reports", page(reports.reports_page)),
    web.get("/desk/reports.csv", page(reports.reports_csv)),
    web.get("/desk/tokens", page(tokens.tokens_page)),
    web.post("/desk/tokens", page(tokens.create_token)),
    web.post("/desk/tokens/{token_id}/revoke", page(tokens.revoke_token)),
    web.get("/desk/admin", page(admin.admin_index, roles=ADMIN)),
    web.get("/desk/admin/departments", page(admin.departments_page, roles=ADMIN)),
    web.post("/desk/admin/departments", page(admin.create_department, roles=ADMIN)),
    web.post("/desk/admin/departments/{department_id}", page(admin.update_department, roles=ADMIN)),
    web.get("/desk/admin/routing", page(admin.routing_page, roles=ADMIN)),
    web.post("/desk/admin/routing", page(admin.add_rule, roles=ADMIN)),
    web.post("/desk/admin/routing/{rule_id}/delete", page(admin.delete_rule, roles=ADMIN)),
    web.get("/desk/admin/holidays", page(admin.holidays_page, roles=ADMIN)),
    web.post("/desk/admin/holidays", page(admin.set_holiday, roles=ADMIN)),
    web.post("/desk/admin/holidays/{day}/delete", page(admin.delete_holiday, roles=ADMIN)),
    web.get("/desk/admin/reception", page(admin_reception.schedules_page, roles=ADMIN)),
    web.post(
        "/desk/admin/reception/{department_id}",
        page(admin_reception.save_schedule, roles=ADMIN),
    ),
    web.get("/desk/admin/open311", page(admin_open311.keys_page, roles=ADMIN)),
    web.post("/desk/admin/open311", page(admin_open311.issue_key, roles=ADMIN)),
    web.post("/desk/admin/open311/{key_id}/revoke", page(admin_open311.revoke_key, roles=ADMIN)),
    web.get("/desk/admin/officials", page(admin_officials.officials_page, roles=ADMIN)),
    web.post("/desk/admin/officials", page(admin_officials.create_official, roles=ADMIN)),
    web.get(
        "/desk/admin/officials/{official_id}", page(admin_officials.official_page, roles=ADMIN)
    ),
    web.post(
        "/desk/admin/officials/{official_id}", page(admin_officials.update_official, roles=ADMIN)
    ),
    web.get("/desk/admin/procedures", page(admin_procedures.procedures_page, roles=ADMIN)),
    web.get("/desk/admin/procedures/{code}", page(admin_procedures.procedure_page, roles=ADMIN)),
    web.post("/desk/admin/procedures/{code}", page(admin_procedures.update_procedure, roles=ADMIN)),
]

API_ROUTES = [
    web.get("/api/v1/openapi.json", api(openapi_document, session_too=True)),
    web.get("/api/v1/me", api(api_petitions.me)),
    web.get("/api/v1/departments", api(api_petitions.list_departments)),
    web.get("/api/v1/petitions", api(api_petitions.list_petitions)),
    web.get("/api/v1/petitions/{petition_id}", api(api_petitions.get_petition)),
    web.post("/api/v1/petitions/{petition_id}/{action}", api(api_petitions.petition_action)),
    web.get("/api/v1/handoffs", api(api_handoffs.list_handoffs)),
    web.get("/api/v1/handoffs/{handoff_id}", api(api_handoffs.get_handoff)),
    web.post("/api/v1/handoffs/{handoff_id}/{action}", api(api_handoffs.handoff_action)),
    web.get("/api/v1/reports/summary", api(report_summary)),
]
