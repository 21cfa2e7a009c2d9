"""Working an item: claim, assign, reply, note, transfer, resolve, reopen, from the page and the
API; every one recorded in the timeline and the audit log."""

from __future__ import annotations

import re

from sqlalchemy import select

from desk.views import today
from storage.models import AuditEntry, Channel, OutboxMessage, PetitionStatus
from storage.services.attachments import add_attachment
from tests.desk.conftest import Desk


async def test_reply_from_the_page_sends_one_message_on_the_citizens_channel(desk: Desk) -> None:
    petition = await desk.petition(channel=Channel.ZALO)
    browser = await desk.signed_in("tiepdan")
    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert 'name="text"' in page
    assert 'id="send-reply"' in page

    response = await browser.post(
        f"/desk/petitions/{petition.id}/reply", {"text": "Đã cử cán bộ đến kiểm tra."}
    )

    assert response.status == 303
    assert response.headers["Location"] == f"/desk/petitions/{petition.id}?done=reply"
    [message] = await desk.outbox()
    assert message.citizen_id == petition.citizen_id
    assert message.channel == Channel.ZALO
    assert "Đã cử cán bộ đến kiểm tra." in message.body["text"]
    assert petition.tracking_code in message.body["text"]
    after = await desk.reload(petition.id)
    assert after.status == PetitionStatus.IN_PROGRESS
    assert after.first_reply_at is not None
    shown = await browser.text(f"/desk/petitions/{petition.id}?done=reply")
    assert 'id="done"' in shown
    assert "Đã cử cán bộ đến kiểm tra." in shown
    official = await desk.official("tiepdan")
    assert (await desk.audit_actions(official.id))[-1] == "reply"


async def test_reply_through_the_api_sends_one_message(desk: Desk) -> None:
    petition = await desk.petition(channel=Channel.WEB)
    token = await desk.token("tiepdan")
    response = await desk.api(
        "POST", f"/api/v1/petitions/{petition.id}/replies", token, {"text": "Chúng tôi đã nhận."}
    )
    assert response.status == 200
    detail = await response.json()
    assert detail["status"] == "in_progress"
    assert detail["timeline"][-1]["kind"] == "replied"
    assert detail["timeline"][-1]["public"]
    [message] = await desk.outbox()
    assert (message.citizen_id, message.channel) == (petition.citizen_id, Channel.WEB)
    for body in ({}, {"text": "   "}, {"text": 5}):
        refused = await desk.api("POST", f"/api/v1/petitions/{petition.id}/replies", token, body)
        assert refused.status == 400
    bad_json = await desk.client.post(
        f"/api/v1/petitions/{petition.id}/replies",
        data=b"{not json",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert bad_json.status == 400
    assert len(await desk.outbox()) == 1


async def test_an_internal_note_goes_nowhere_but_the_timeline(desk: Desk) -> None:
    petition = await desk.petition()
    browser = await desk.signed_in("tiepdan")
    await browser.get(f"/desk/petitions/{petition.id}")
    await browser.post(f"/desk/petitions/{petition.id}/note", {"note": "Gọi lại cho tổ dân phố"})
    assert await desk.outbox() == []
    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert "Gọi lại cho tổ dân phố" in page
    assert "nội bộ" in page
    assert (await desk.reload(petition.id)).status == PetitionStatus.RECEIVED


async def test_claim_and_assign(desk: Desk) -> None:
    petition = await desk.petition(category="xay_dung")
    officer = await desk.signed_in("xaydung")
    page = await officer.text(f"/desk/petitions/{petition.id}")
    assert 'id="claim"' in page
    await officer.post(f"/desk/petitions/{petition.id}/claim")
    me = await desk.official("xaydung")
    assert (await desk.reload(petition.id)).assigned_official_id == me.id
    assert 'id="claim"' not in await officer.text(f"/desk/petitions/{petition.id}")

    supervisor = await desk.official("xaydung.tp")
    token = await desk.token("xaydung.tp")
    response = await desk.api(
        "POST", f"/api/v1/petitions/{petition.id}/assign", token, {"official_id": supervisor.id}
    )
    assert response.status == 200
    assert (await response.json())["assigned_official_name"] == "Lê Minh Tuấn"
    # the officer may not take it back from a colleague; only a supervisor reassigns
    taken = await officer.post(f"/desk/petitions/{petition.id}/claim")
    assert taken.headers["Location"].endswith("error=forbidden")
    outsider = await desk.official("tiepdan")
    refused = await desk.api(
        "POST", f"/api/v1/petitions/{petition.id}/assign", token, {"official_id": outsider.id}
    )
    assert refused.status == 403
    assert (await desk.reload(petition.id)).assigned_official_id == supervisor.id


async def test_transfer_moves_the_item_out_of_the_old_units_queue(desk: Desk) -> None:
    petition = await desk.petition()  # filed with the reception board
    supervisor = await desk.signed_in("tiepdan")
    assert petition.tracking_code in await supervisor.text("/desk")
    target = await desk.department_id("so_xay_dung")

    empty_reason = await supervisor.post(
        f"/desk/petitions/{petition.id}/transfer", {"department_id": target, "reason": " "}
    )
    assert empty_reason.headers["Location"].endswith("error=invalid")
    response = await supervisor.post(
        f"/desk/petitions/{petition.id}/transfer",
        {"department_id": target, "reason": "Thuộc lĩnh vực xây dựng"},
    )

    assert response.headers["Location"] == "/desk?done=transfer"
    assert petition.tracking_code not in await supervisor.text("/desk?status=all")
    assert (await supervisor.get(f"/desk/petitions/{petition.id}")).status == 404
    receiving = await desk.signed_in("xaydung")
    assert petition.tracking_code in await receiving.text("/desk")
    page = await receiving.text(f"/desk/petitions/{petition.id}")
    assert "Thuộc lĩnh vực xây dựng" in page
    assert (await desk.reload(petition.id)).department_id == target


async def test_transfer_through_the_api(desk: Desk) -> None:
    petition = await desk.petition()
    token = await desk.token("tiepdan")
    target = await desk.department_id("cong_an_tinh")
    response = await desk.api(
        "POST",
        f"/api/v1/petitions/{petition.id}/transfer",
        token,
        {"department_id": target, "reason": "Trật tự công cộng"},
    )
    assert await response.json() == {"id": petition.id, "transferred": True}
    assert (await desk.api("GET", f"/api/v1/petitions/{petition.id}", token)).status == 404
    police = await desk.token("congan")
    assert (await desk.api("GET", f"/api/v1/petitions/{petition.id}", police)).status == 200


async def test_resolve_then_reopen(desk: Desk) -> None:
    petition = await desk.petition()
    browser = await desk.signed_in("tiepdan")
    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert 'id="resolve"' in page
    # the resolution text starts filled in, so a click on #resolve alone resolves
    default = re.search(r'name="resolution" id="resolve-text"[^>]*>([^<]+)<', page)
    assert default is not None

    response = await browser.post(
        f"/desk/petitions/{petition.id}/resolve", {"resolution": default.group(1)}
    )

    assert response.headers["Location"].endswith("done=resolve")
    resolved = await desk.reload(petition.id)
    assert resolved.status == PetitionStatus.RESOLVED
    assert resolved.resolved_at is not None
    [message] = await desk.outbox()
    # the rating request, and "still not fixed"
    assert len(message.body["buttons"]) == 6
    again = await browser.post(f"/desk/petitions/{petition.id}/resolve", {"resolution": "x"})
    assert again.headers["Location"].endswith("error=conflict")
    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert 'id="resolve"' not in page
    assert 'id="reopen"' in page

    await browser.post(
        f"/desk/petitions/{petition.id}/reopen", {"reason": "Công dân báo chưa xong"}
    )
    assert (await desk.reload(petition.id)).status == PetitionStatus.IN_PROGRESS
    token = await desk.token("tiepdan")
    api = await desk.api(
        "POST", f"/api/v1/petitions/{petition.id}/resolve", token, {"text": "Xong"}
    )
    assert (await api.json())["status"] == "resolved"


async def test_the_item_page_shows_timeline_photos_location_and_days_left(desk: Desk) -> None:
    citizen_user = "nguoi-dan-42"
    petition = await desk.petition(user_id=citizen_user, latitude=19.8067, longitude=105.7852)
    async with desk.database.session() as session:
        photo = await add_attachment(
            session,
            citizen_id=petition.citizen_id,
            kind="photo",
            reference="https://zalo.example/photo/1.jpg",
            name=None,
            size=1200,
            latitude=None,
            longitude=None,
            inbox_message_id=None,
        )
        tg_photo = await add_attachment(
            session,
            citizen_id=petition.citizen_id,
            kind="photo",
            reference="AgACAgIAAxkBAAIB",
            name=None,
            size=None,
            latitude=None,
            longitude=None,
            inbox_message_id=None,
        )
        photo.petition_id = tg_photo.petition_id = petition.id
        await session.commit()
    browser = await desk.signed_in("tiepdan")
    page = await browser.text(f"/desk/petitions/{petition.id}?tpl=need_info")

    assert "https://www.openstreetmap.org/?mlat=19.806700&amp;mlon=105.785200" in page
    assert 'href="https://zalo.example/photo/1.jpg"' in page
    assert "AgACAgIAAxkBAAIB" in page
    assert 'href="AgACAgIAAxkBAAIB"' not in page
    assert "Công dân gửi" in page
    assert "Chuyển đến đơn vị" in page
    days_left = (petition.due_on - today()).days
    assert f"còn {days_left} ngày" in page
    assert "đề nghị bạn cung cấp thêm" in page  # the chosen template fills the reply box
    english = await browser.text(f"/desk/petitions/{petition.id}?lang=en")
    assert f"{days_left} days left" in english
    assert "Timeline" in english


async def test_every_action_is_in_the_audit_log(desk: Desk) -> None:
    petition = await desk.petition()
    token = await desk.token("tiepdan")
    me = await desk.official("tiepdan")
    steps = [
        ("claim", {}),
        ("assign", {"official_id": me.id}),
        ("replies", {"text": "a"}),
        ("notes", {"text": "b"}),
        ("resolve", {"text": "c"}),
        ("reopen", {"reason": "d"}),
    ]
    for action, body in steps:
        response = await desk.api("POST", f"/api/v1/petitions/{petition.id}/{action}", token, body)
        assert response.status == 200, action
    async with desk.database.session() as session:
        rows = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.official_id == me.id).order_by(AuditEntry.id)
            )
        ).all()
    assert [r.action for r in rows] == ["claim", "assign", "reply", "note", "resolve", "reopen"]
    assert {r.target for r in rows} == {f"petition:{petition.id}"}
    # the citizen hears of the first assignment, the reply, the resolution and the reopening,
    # not of the note
    assert await desk.count(OutboxMessage) == 4
