"""Nobody gets in without a session or a token, no form works without its CSRF token, and no
official reaches another unit's item, whatever the id or the door."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from aiohttp import web

from desk.app import PREFIXES
from desk.security import API_TOKEN_PREFIX, new_secret, sha256_hex
from storage.models import AuditEntry, OutboxMessage, PetitionKind, utcnow
from storage.services import desk_accounts
from tests.desk.conftest import Desk

PUBLIC = {("GET", "/desk/login"), ("POST", "/desk/login"), ("GET", "/scoreboard")}
SAMPLE = {
    "petition_id": "1",
    "action": "claim",
    "handoff_id": "1",
    "token_id": "1",
    "department_id": "1",
    "rule_id": "1",
    "official_id": "1",
    "day": "2026-01-01",
    "code": "khai_sinh",
    "attachment_id": "1",
    "key_id": "1",
    "booking_id": "1",
    "consultation_id": "1",
    "file_id": "1",
}


def desk_routes(app: web.Application) -> list[tuple[str, str]]:
    """(method, path with sample ids) of every desk and API route, the static files aside."""
    found = []
    for route in app.router.routes():
        canonical = route.resource.canonical if route.resource else ""
        if route.method == "HEAD" or not canonical.startswith(PREFIXES):
            continue
        if canonical.startswith("/desk/static"):
            continue
        path = re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m.group(1)], canonical)
        found.append((route.method, path))
    return found


async def test_every_page_sends_a_stranger_to_the_login_page(desk: Desk) -> None:
    routes = [
        r for r in desk_routes(desk.client.app) if r[1].startswith("/desk") and r not in PUBLIC
    ]
    assert len(routes) > 25
    stranger = desk.browser()
    for method, path in routes:
        response = await stranger.request(
            method, path, data={"csrf": "x"} if method == "POST" else None
        )
        assert response.status == 302, (method, path, response.status)
        assert response.headers["Location"].startswith("/desk/login"), (method, path)


async def test_every_api_route_answers_401_without_a_valid_token(desk: Desk) -> None:
    routes = [r for r in desk_routes(desk.client.app) if r[1].startswith("/api/v1")]
    assert len(routes) >= 9
    revoked = await desk.token("tiepdan")
    official = await desk.official("tiepdan")
    async with desk.database.transaction() as session:
        [row] = await desk_accounts.tokens_of(session, official.id)
        await desk_accounts.revoke_token(session, official.id, row.id)
    signed_in = await desk.signed_in("tiepdan")
    for method, path in routes:
        for token in (None, "dsk_not-a-token", revoked):
            response = await desk.api(method, path, token, json={})
            assert response.status == 401, (method, path, token, response.status)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert (await response.json())["error"] == "unauthorized"
        if path != "/api/v1/openapi.json":
            # a browser's session cookie is not an API credential (so the API needs no CSRF)
            assert (await signed_in.request(method, path, json={})).status == 401, path


async def test_an_expired_token_is_refused(desk: Desk) -> None:
    official = await desk.official("tiepdan")
    token = API_TOKEN_PREFIX + new_secret()
    async with desk.database.transaction() as session:
        await desk_accounts.create_api_token(
            session, official.id, "old", sha256_hex(token), utcnow() - dt.timedelta(seconds=1)
        )
    assert (await desk.api("GET", "/api/v1/me", token)).status == 401
    fresh = await desk.token("tiepdan")
    assert (await desk.api("GET", "/api/v1/me", fresh)).status == 200


async def test_every_form_refuses_a_missing_or_forged_csrf_token(desk: Desk) -> None:
    admin = await desk.signed_in("admin")
    other = await desk.signed_in("tiepdan")
    routes = [
        r
        for r in desk_routes(desk.client.app)
        if r[0] == "POST" and r[1].startswith("/desk") and r not in PUBLIC
    ]
    assert len(routes) > 12
    audit_before = await desk.count(AuditEntry)
    for _, path in routes:
        for csrf in (None, "", "forged-token", other.csrf):
            response = await admin.post(path, {"text": "x"}, csrf=csrf)
            assert response.status == 403, (path, csrf, response.status)
    # nothing was done, so nothing was audited, and the session still works
    assert await desk.count(AuditEntry) == audit_before
    assert (await admin.get("/desk")).status == 200


async def test_another_units_item_is_404_by_page_and_api(desk: Desk) -> None:
    petition = await desk.petition()  # the reception board's
    outsider = await desk.signed_in("xaydung")
    token = await desk.token("xaydung")
    missing = petition.id + 1000

    for ident in (petition.id, missing):
        page = await outsider.get(f"/desk/petitions/{ident}")
        assert page.status == 404
        assert petition.tracking_code not in await page.text()
        for action, form in (
            ("claim", {}),
            ("reply", {"text": "Xin chào"}),
            ("note", {"note": "ghi chú"}),
            ("resolve", {"resolution": "Xong"}),
            ("reopen", {"reason": "Chưa xong"}),
        ):
            response = await outsider.post(f"/desk/petitions/{ident}/{action}", form)
            assert response.status == 404, action
        api = await desk.api("GET", f"/api/v1/petitions/{ident}", token)
        assert api.status == 404
        assert await api.json() == {"error": "not_found", "message": "no such item in your unit"}
        for action, body in (
            ("claim", {}),
            ("replies", {"text": "Xin chào"}),
            ("resolve", {"text": "x"}),
        ):
            response = await desk.api("POST", f"/api/v1/petitions/{ident}/{action}", token, body)
            assert response.status == 404, action

    listing = await desk.api("GET", "/api/v1/petitions?status=all", token)
    assert petition.id not in [item["id"] for item in (await listing.json())["items"]]
    assert petition.tracking_code not in await outsider.text("/desk?status=all")
    assert await desk.count(OutboxMessage) == 0
    unchanged = await desk.reload(petition.id)
    assert unchanged.assigned_official_id is None
    assert unchanged.status.value == "received"
    assert "denied" in await desk.audit_actions((await desk.official("xaydung")).id)


async def test_roles_limit_what_an_officer_may_do(desk: Desk) -> None:
    petition = await desk.petition(category="xay_dung")  # the construction department's
    officer = await desk.signed_in("xaydung")
    page = await officer.text(f"/desk/petitions/{petition.id}")
    assert 'id="transfer"' not in page
    assert 'name="official_id"' not in page
    target = await desk.department_id("tiep_cong_dan")
    response = await officer.post(
        f"/desk/petitions/{petition.id}/transfer", {"department_id": target, "reason": "x"}
    )
    assert response.headers["Location"].endswith("error=forbidden")
    assert (await desk.reload(petition.id)).department_id != target
    token = await desk.token("xaydung")
    refused = await desk.api(
        "POST",
        f"/api/v1/petitions/{petition.id}/transfer",
        token,
        {"department_id": target, "reason": "x"},
    )
    assert refused.status == 403
    for path in ("/desk/admin", "/desk/admin/officials", "/desk/admin/procedures/khai_sinh"):
        assert (await officer.get(path)).status == 403


@pytest.mark.parametrize("kind", [PetitionKind.DENUNCIATION])
async def test_a_denunciation_cannot_be_transferred_out_of_inspection(
    desk: Desk, kind: PetitionKind
) -> None:
    petition = await desk.petition(kind=kind)
    inspector = await desk.signed_in("thanhtra")
    response = await inspector.post(
        f"/desk/petitions/{petition.id}/transfer",
        {"department_id": await desk.department_id("so_xay_dung"), "reason": "không phải tố cáo"},
    )
    assert response.headers["Location"].endswith("error=forbidden")
    assert (await desk.reload(petition.id)).department_id == await desk.department_id(
        "thanh_tra_tinh"
    )


async def test_pages_carry_security_headers(desk: Desk) -> None:
    browser = await desk.signed_in("tiepdan")
    response = await browser.get("/desk")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    css = await browser.get("/desk/static/desk.css")
    assert css.status == 200
