"""Asking the citizen for more information and merging a duplicate, from the item page and the
API: the unit's rules, the timeline, the outbox and the audit log."""

from __future__ import annotations

from storage.models import Channel, Citizen, OutboxMessage, PetitionStatus
from tests.desk.conftest import Desk

# --- request more information -----------------------------------------------------------------


async def test_requesting_information_from_the_page_asks_the_citizen_on_their_channel(
    desk: Desk,
) -> None:
    petition = await desk.petition(channel=Channel.ZALO)
    browser = await desk.signed_in("tiepdan")
    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert 'id="request-info"' in page
    assert 'name="question"' in page

    response = await browser.post(
        f"/desk/petitions/{petition.id}/request_information",
        {"question": "Xin cho biết đoạn đường cụ thể và gửi kèm ảnh."},
    )

    assert response.status == 303
    assert response.headers["Location"] == (
        f"/desk/petitions/{petition.id}?done=request_information"
    )
    [message] = await desk.outbox()
    assert (message.citizen_id, message.channel) == (petition.citizen_id, Channel.ZALO)
    assert message.body["text"] == (
        f"Đề nghị bổ sung thông tin cho phản ánh/kiến nghị {petition.tracking_code}:\n"
        "Xin cho biết đoạn đường cụ thể và gửi kèm ảnh.\n"
        "(Bạn chỉ cần trả lời bằng một tin nhắn tại đây.)"
    )
    after = await desk.reload(petition.id)
    assert after.status == PetitionStatus.AWAITING_CITIZEN
    assert after.first_reply_at is not None
    shown = await browser.text(f"/desk/petitions/{petition.id}?done=request_information")
    assert "Đã gửi đề nghị bổ sung thông tin cho công dân." in shown
    assert "Chờ công dân bổ sung" in shown
    assert "Xin cho biết đoạn đường cụ thể" in shown
    official = await desk.official("tiepdan")
    assert (await desk.audit_actions(official.id))[-1] == "request_information"

    empty = await browser.post(
        f"/desk/petitions/{petition.id}/request_information", {"question": "  "}
    )
    assert empty.headers["Location"].endswith("error=invalid")
    assert len(await desk.outbox()) == 1


async def test_requesting_information_through_the_api(desk: Desk) -> None:
    petition = await desk.petition(channel=Channel.WEB)
    async with desk.database.session() as session:
        citizen = await session.get(Citizen, petition.citizen_id)
        assert citizen is not None
        citizen.language = "en"
        await session.commit()
    token = await desk.token("tiepdan")
    path = f"/api/v1/petitions/{petition.id}/request-information"

    response = await desk.api("POST", path, token, {"question": "Which lamp post?"})

    assert response.status == 200
    detail = await response.json()
    assert detail["status"] == "awaiting_citizen"
    assert detail["timeline"][-1]["kind"] == "information_requested"
    assert detail["timeline"][-1]["public"]
    [message] = await desk.outbox()
    assert message.body["text"] == (
        f"More information is needed about your petition {petition.tracking_code}:\n"
        "Which lamp post?\n(Just answer with one message here.)"
    )
    for body in ({}, {"question": " "}, {"question": 7}, {"question": "x" * 4001}):
        assert (await desk.api("POST", path, token, body)).status == 400
    await desk.api(
        "POST", f"/api/v1/petitions/{petition.id}/resolve", token, {"text": "Đã sửa xong"}
    )
    assert (await desk.api("POST", path, token, {"question": "?"})).status == 409
    # another unit's item is not found, whatever it is asked
    outsider = await desk.token("xaydung")
    assert (await desk.api("POST", path, outsider, {"question": "?"})).status == 404


# --- merge a duplicate ------------------------------------------------------------------------


async def test_merging_a_duplicate_from_the_page_by_tracking_code(desk: Desk) -> None:
    keeper = await desk.petition()
    duplicate = await desk.petition(channel=Channel.WEB)
    browser = await desk.signed_in("tiepdan")
    page = await browser.text(f"/desk/petitions/{duplicate.id}")
    assert 'id="merge"' in page
    assert 'name="into_code"' in page

    # typed as officials type it: lower case, no hyphen
    typed = keeper.tracking_code.replace("-", "").lower()
    response = await browser.post(f"/desk/petitions/{duplicate.id}/merge", {"into_code": typed})

    assert response.headers["Location"] == f"/desk/petitions/{duplicate.id}?done=merge"
    merged = await desk.reload(duplicate.id)
    assert merged.status == PetitionStatus.MERGED
    assert merged.merged_into_id == keeper.id
    [message] = await desk.outbox()
    assert (message.citizen_id, message.channel) == (duplicate.citizen_id, Channel.WEB)
    assert keeper.tracking_code in message.body["text"]
    shown = await browser.text(f"/desk/petitions/{duplicate.id}?done=merge")
    assert "Đã gộp hồ sơ." in shown
    assert f'href="/desk/petitions/{keeper.id}">{keeper.tracking_code}</a>' in shown
    for form in ('id="merge"', 'id="request-info"', 'id="resolve"', 'id="send-reply"'):
        assert form not in shown
    kept = await browser.text(f"/desk/petitions/{keeper.id}")
    assert "Gộp hồ sơ trùng vào đây" in kept
    assert f'href="/desk/petitions/{duplicate.id}">{duplicate.tracking_code}</a>' in kept
    official = await desk.official("tiepdan")
    assert (await desk.audit_actions(official.id))[-1] == "merge"


async def test_the_item_page_suggests_duplicates_and_merges_one_with_a_tap(desk: Desk) -> None:
    keeper = await desk.petition(latitude=21.3230, longitude=105.4020)
    # about 60 m away, other words: the same spot
    nearby = await desk.petition(
        channel=Channel.ZALO,
        latitude=21.3235,
        longitude=105.4020,
        description="Có người đổ rác bên đường, bốc mùi",
    )
    elsewhere = await desk.petition(commune_code="hoa_binh")
    browser = await desk.signed_in("tiepdan")
    page = await browser.text(f"/desk/petitions/{nearby.id}")
    assert 'id="suggested-duplicates"' in page
    assert f'href="/desk/petitions/{keeper.id}">{keeper.tracking_code}</a>' in page
    assert "cách 56 m" in page
    assert elsewhere.tracking_code not in page

    response = await browser.post(
        f"/desk/petitions/{nearby.id}/merge", {"into_code": keeper.tracking_code}
    )
    assert response.headers["Location"] == f"/desk/petitions/{nearby.id}?done=merge"
    kept = await browser.text(f"/desk/petitions/{keeper.id}")
    assert 'id="follower-count">1<' in kept
    # the merged item's citizen now hears the keeper's replies, on Zalo
    await browser.post(f"/desk/petitions/{keeper.id}/reply", {"text": "Đã dọn sạch."})
    told = [m for m in await desk.outbox() if m.citizen_id == nearby.citizen_id]
    assert [m.channel for m in told] == [Channel.ZALO, Channel.ZALO]
    assert told[-1].body["text"].endswith("Đã dọn sạch.")


async def test_a_merge_into_another_units_item_itself_or_an_unknown_code_is_refused(
    desk: Desk,
) -> None:
    duplicate = await desk.petition()  # the reception board's
    elsewhere = await desk.petition(category="xay_dung")  # the construction department's
    browser = await desk.signed_in("tiepdan")
    await browser.get(f"/desk/petitions/{duplicate.id}")
    for code in (elsewhere.tracking_code, duplicate.tracking_code, "ZZZZ-ZZZZ", "not a code", ""):
        response = await browser.post(f"/desk/petitions/{duplicate.id}/merge", {"into_code": code})
        assert response.headers["Location"].endswith("error=invalid"), code
    token = await desk.token("tiepdan")
    path = f"/api/v1/petitions/{duplicate.id}/merge"
    for body in (
        {"into_id": elsewhere.id},
        {"into_code": elsewhere.tracking_code},
        {"into_id": duplicate.id},
        {"into_id": "x"},
        {},
    ):
        assert (await desk.api("POST", path, token, body)).status == 400, body
    assert (await desk.reload(duplicate.id)).status == PetitionStatus.RECEIVED
    assert (await desk.reload(elsewhere.id)).status == PetitionStatus.RECEIVED
    assert await desk.count(OutboxMessage) == 0
    # and the other unit cannot merge the reception board's item into its own
    outsider = await desk.token("xaydung.tp")
    refused = await desk.api("POST", path, outsider, {"into_code": elsewhere.tracking_code})
    assert refused.status == 404


async def test_merging_through_the_api_by_id_or_code(desk: Desk) -> None:
    keeper = await desk.petition()
    first = await desk.petition()
    second = await desk.petition()
    token = await desk.token("tiepdan")

    by_id = await desk.api(
        "POST", f"/api/v1/petitions/{first.id}/merge", token, {"into_id": keeper.id}
    )
    by_code = await desk.api(
        "POST",
        f"/api/v1/petitions/{second.id}/merge",
        token,
        {"into_code": keeper.tracking_code},
    )

    for response in (by_id, by_code):
        assert response.status == 200
        detail = await response.json()
        assert detail["status"] == "merged"
        assert detail["merged_into_id"] == keeper.id
        assert detail["timeline"][-1]["kind"] == "merged"
    again = await desk.api(
        "POST", f"/api/v1/petitions/{first.id}/merge", token, {"into_id": keeper.id}
    )
    assert again.status == 409
    into_merged = await desk.api(
        "POST", f"/api/v1/petitions/{keeper.id}/merge", token, {"into_id": first.id}
    )
    assert into_merged.status == 409
    kept = await (await desk.api("GET", f"/api/v1/petitions/{keeper.id}", token)).json()
    assert [e["kind"] for e in kept["timeline"]][-2:] == ["merged_in", "merged_in"]
    assert await desk.count(OutboxMessage) == 2  # one to each duplicate's citizen
