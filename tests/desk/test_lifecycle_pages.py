"""The legal steps from the desk: a complaint shows when it must be accepted, the unit's head
accepts it (page) or extends, refuses and forwards (API), and the reports count the acceptance
clock."""

from __future__ import annotations

import datetime as dt

from storage.deadlines import VIETNAM
from storage.models import PetitionKind, PetitionStatus
from storage.services import reopening
from storage.services.petitions import resolve
from tests.desk.conftest import Desk

FIRST_OF_DECEMBER = dt.datetime(2026, 12, 1, 9, tzinfo=VIETNAM)


async def test_a_complaint_of_1_december_shows_its_acceptance_then_its_settlement_deadline(
    desk: Desk,
) -> None:
    petition = await desk.petition(kind=PetitionKind.COMPLAINT, now=FIRST_OF_DECEMBER)
    browser = await desk.signed_in("tiepdan")
    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert 'id="acceptance-due-on">2026-12-11' in page
    assert 'id="accept"' in page and 'id="refuse"' in page
    response = await browser.post(f"/desk/petitions/{petition.id}/accept", {"tier": "complex"})
    assert response.headers["Location"] == f"/desk/petitions/{petition.id}?done=accept"
    accepted = await desk.reload(petition.id)
    assert accepted.accepted_on is not None and accepted.tier == "complex"
    # a complex first complaint: 45 days from the day it was accepted (moved off a day off)
    assert (accepted.due_on - accepted.accepted_on).days >= 45
    shown = await browser.text(f"/desk/petitions/{petition.id}?done=accept")
    assert 'id="accepted-on"' in shown and 'id="accept"' not in shown
    assert 'id="extend"' not in shown or accepted.tier == "complex"
    [message] = await desk.outbox()
    assert "thụ lý" in message.body["text"] and petition.tracking_code in message.body["text"]
    assert (await desk.audit_actions())[-1] == "accept"


async def test_an_officer_cannot_accept_but_the_head_extends_refuses_and_forwards_by_api(
    desk: Desk,
) -> None:
    denunciation = await desk.petition(
        kind=PetitionKind.DENUNCIATION, category="can_bo", now=FIRST_OF_DECEMBER
    )
    officer = await desk.token("thanhtra")
    path = f"/api/v1/petitions/{denunciation.id}"
    accepted = await desk.api("POST", f"{path}/accept", officer, {"tier": "very_complex"})
    assert accepted.status == 200
    detail = await accepted.json()
    assert detail["accepted_on"] and detail["acceptance_state"] in ("on_time", "late")
    first_due = dt.date.fromisoformat(detail["due_on"])
    for expected in (1, 2):
        extended = await desk.api("POST", f"{path}/extend", officer, {"reason": "xác minh thêm"})
        assert extended.status == 200
        assert (await extended.json())["extensions"] == expected
    assert (await desk.reload(denunciation.id)).due_on > first_due + dt.timedelta(days=59)
    third = await desk.api("POST", f"{path}/extend", officer, {"reason": "nữa"})
    assert third.status == 409

    complaint = await desk.petition(kind=PetitionKind.COMPLAINT, now=FIRST_OF_DECEMBER)
    clerk = await desk.token("xaydung")
    refused_by_clerk = await desk.api(
        "POST",
        f"/api/v1/petitions/{complaint.id}/refuse",
        clerk,
        {"reason": "x", "legal_ground": "y"},
    )
    assert refused_by_clerk.status in (403, 404)
    head = await desk.token("tiepdan")
    missing_ground = await desk.api(
        "POST", f"/api/v1/petitions/{complaint.id}/refuse", head, {"reason": "hết thời hiệu"}
    )
    assert missing_ground.status == 400
    refused = await desk.api(
        "POST",
        f"/api/v1/petitions/{complaint.id}/refuse",
        head,
        {"reason": "hết thời hiệu", "legal_ground": "Luật Khiếu nại 2011, điều 11"},
    )
    assert refused.status == 200 and (await refused.json())["status"] == "refused"

    report = await desk.petition()
    forwarded = await desk.api(
        "POST",
        f"/api/v1/petitions/{report.id}/forward",
        head,
        {"to": "Công ty Điện lực Phú Thọ", "reason": "Thuộc ngành điện"},
    )
    assert forwarded.status == 200
    assert (await desk.reload(report.id)).status == PetitionStatus.FORWARDED


async def test_the_reports_count_the_acceptance_clock(desk: Desk) -> None:
    late = await desk.petition(
        kind=PetitionKind.COMPLAINT, now=dt.datetime(2026, 1, 5, 9, tzinfo=VIETNAM)
    )
    await desk.petition(kind=PetitionKind.COMPLAINT, now=FIRST_OF_DECEMBER)
    browser = await desk.signed_in("tiepdan")
    token = await desk.token("tiepdan")
    await desk.api("POST", f"/api/v1/petitions/{late.id}/accept", token, {})
    page = await browser.text("/desk/reports")
    assert 'id="acceptance-chart"' in page
    response = await desk.api("GET", "/api/v1/reports/summary", token)
    acceptance = (await response.json())["acceptance"]
    assert acceptance["late"] == 1
    assert acceptance["on_time"] + acceptance["open"] + acceptance["overdue"] == 1


async def test_the_reports_show_how_often_each_units_resolved_items_were_reopened(
    desk: Desk,
) -> None:
    head = await desk.official("tiepdan")
    petitions = [await desk.petition(user_id=f"reopen-{n}") for n in range(2)]
    for petition in petitions:
        async with desk.database.transaction() as session:
            await resolve(session, petition.id, head.id, "Đã xử lý.")
    async with desk.database.transaction() as session:
        await reopening.reopen_by_citizen(
            session, petitions[0].citizen_id, petitions[0].id, "vẫn chưa sửa"
        )
    token = await desk.token("tiepdan")
    summary = await (await desk.api("GET", "/api/v1/reports/summary", token)).json()
    [row] = summary["reopenings"]
    assert (row["department"], row["resolved"], row["reopened"], row["rate"]) == (
        "tiep_cong_dan",
        2,
        1,
        0.5,
    )
    page = await (await desk.signed_in("tiepdan")).text("/desk/reports")
    assert 'id="reopenings"' in page and "50%" in page
