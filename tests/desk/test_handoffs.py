"""Conversations handed to officials: the unit sees its own, writes to the citizen, hands back."""

from __future__ import annotations

from storage.models import Channel, Citizen, HandoffStatus
from storage.services.handoffs import start_handoff
from storage.services.messaging import get_or_create_citizen
from tests.desk.conftest import Desk


async def _handoff(desk: Desk, department: str, user: str = "555") -> tuple[int, int]:
    async with desk.database.session() as session:
        citizen = await get_or_create_citizen(session, Channel.TELEGRAM, user, "Chị Hoa")
        await session.commit()
        handoff = await start_handoff(
            session,
            citizen.id,
            await desk.department_id(department),
            "Hỏi về cấp sổ đỏ lần đầu",
            [{"from": "citizen", "text": "cho em gặp cán bộ"}],
        )
        await session.commit()
        return handoff.id, citizen.id


async def test_an_official_writes_to_the_citizen_and_hands_back(desk: Desk) -> None:
    handoff_id, citizen_id = await _handoff(desk, "tiep_cong_dan")
    browser = await desk.signed_in("tiepdan")
    listing = await browser.text("/desk/handoffs")
    assert f'href="/desk/handoffs/{handoff_id}"' in listing
    assert "Hỏi về cấp sổ đỏ" in listing

    page = await browser.text(f"/desk/handoffs/{handoff_id}")
    assert "cho em gặp cán bộ" in page
    assert 'id="send-message"' in page
    response = await browser.post(
        f"/desk/handoffs/{handoff_id}/message", {"text": "Chào chị, em nghe."}
    )
    assert response.status == 303
    [message] = await desk.outbox()
    assert (message.citizen_id, message.channel) == (citizen_id, Channel.TELEGRAM)
    assert message.body == {"text": "Chào chị, em nghe."}
    transcript = await browser.text(f"/desk/handoffs/{handoff_id}/transcript")
    assert "Chào chị, em nghe." in transcript
    assert "Nguyễn Thị Lan" in transcript

    back = await browser.post(f"/desk/handoffs/{handoff_id}/hand-back")
    assert back.headers["Location"] == "/desk/handoffs"
    async with desk.database.session() as session:
        citizen = await session.get(Citizen, citizen_id)
        assert citizen is not None
        assert not citizen.paused
    assert len(await desk.outbox()) == 2  # the assistant says it is back
    assert f"/desk/handoffs/{handoff_id}" not in await browser.text("/desk/handoffs")
    actions = await desk.audit_actions((await desk.official("tiepdan")).id)
    assert actions[-2:] == ["handoff_message", "handoff_hand_back"]


async def test_another_units_conversation_is_404(desk: Desk) -> None:
    handoff_id, _ = await _handoff(desk, "tiep_cong_dan")
    outsider = await desk.signed_in("xaydung")
    assert f"/desk/handoffs/{handoff_id}" not in await outsider.text("/desk/handoffs")
    assert (await outsider.get(f"/desk/handoffs/{handoff_id}")).status == 404
    assert (await outsider.get(f"/desk/handoffs/{handoff_id}/transcript")).status == 404
    response = await outsider.post(f"/desk/handoffs/{handoff_id}/message", {"text": "xin chào"})
    assert response.status == 404
    token = await desk.token("xaydung")
    assert (await desk.api("GET", f"/api/v1/handoffs/{handoff_id}", token)).status == 404
    api = await desk.api("POST", f"/api/v1/handoffs/{handoff_id}/messages", token, {"text": "x"})
    assert api.status == 404
    assert await desk.outbox() == []


async def test_the_api_holds_writes_and_hands_back(desk: Desk) -> None:
    handoff_id, _ = await _handoff(desk, "so_xay_dung")
    token = await desk.token("xaydung")
    listing = await (await desk.api("GET", "/api/v1/handoffs", token)).json()
    assert [h["id"] for h in listing["items"]] == [handoff_id]
    held = await (await desk.api("POST", f"/api/v1/handoffs/{handoff_id}/hold", token)).json()
    assert held["status"] == HandoffStatus.HELD.value
    assert held["official_name"] == "Trần Văn Hùng"
    written = await desk.api(
        "POST", f"/api/v1/handoffs/{handoff_id}/messages", token, {"text": "Dạ"}
    )
    assert (await written.json())["transcript"][-1] == {
        "from": "official",
        "official_id": (await desk.official("xaydung")).id,
        "official_name": "Trần Văn Hùng",
        "text": "Dạ",
        "at": (await written.json())["transcript"][-1]["at"],
    }
    empty = await desk.api("POST", f"/api/v1/handoffs/{handoff_id}/messages", token, {"text": ""})
    assert empty.status == 400
    back = await desk.api("POST", f"/api/v1/handoffs/{handoff_id}/hand-back", token)
    assert (await back.json())["status"] == "returned"
    late = await desk.api(
        "POST", f"/api/v1/handoffs/{handoff_id}/messages", token, {"text": "còn đó?"}
    )
    assert late.status == 409
