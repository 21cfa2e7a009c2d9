"""The OpenAPI document against the API's real answers: every documented operation is called on
a real app and database, and each answer (successes and refusals) must match the document's
schemas, which are generated from the models the handlers answer through."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from openapi_spec_validator import validate as validate_openapi

from desk import views
from desk.api import models
from storage.legal_clocks import TIERS
from storage.models import Channel, PetitionKind
from storage.services import petitions
from storage.services.attachments import add_attachment
from storage.services.feedback import record_feedback
from storage.services.handoffs import start_handoff
from storage.services.messaging import get_or_create_citizen
from tests.desk.api_contract import Contract
from tests.desk.conftest import Desk

ITEM = "/api/v1/petitions/{petition_id}"
HANDOFF = "/api/v1/handoffs/{handoff_id}"


async def _contract(desk: Desk) -> Contract:
    response = await desk.api("GET", "/api/v1/openapi.json", await desk.token("tiepdan"))
    assert response.status == 200
    return Contract(desk, await response.json())


async def _with_photo_and_location(desk: Desk) -> int:
    petition = await desk.petition(latitude=21.3230, longitude=105.4020)
    async with desk.database.session() as session:
        for kind, reference, latitude, longitude in (
            ("photo", "https://zalo.example/photo/1.jpg", None, None),
            ("location", None, 21.3231, 105.4021),
        ):
            attachment = await add_attachment(
                session,
                citizen_id=petition.citizen_id,
                kind=kind,
                reference=reference,
                latitude=latitude,
                longitude=longitude,
            )
            attachment.petition_id = petition.id
        await session.commit()
    return petition.id


async def _handoff(desk: Desk) -> int:
    async with desk.database.session() as session:
        citizen = await get_or_create_citizen(session, Channel.TELEGRAM, "oa1", "Hoa")
        await session.commit()
        handoff = await start_handoff(
            session,
            citizen.id,
            await desk.department_id("tiep_cong_dan"),
            "Hỏi về cấp sổ đỏ",
            [{"from": "citizen", "text": "cho em gặp cán bộ"}],
        )
        await session.commit()
        return handoff.id


async def _petition_operations(contract: Contract, desk: Desk) -> None:
    head = await desk.token("tiepdan")
    me = await contract.call("GET", "/api/v1/me", head)
    clerk = await desk.official("xaydung")
    departments = await contract.call("GET", "/api/v1/departments", head)
    construction = next(d["id"] for d in departments if d["code"] == "so_xay_dung")

    located = await _with_photo_and_location(desk)
    await desk.petition(anonymous=True)
    first = await contract.call("GET", "/api/v1/petitions", head, query="?status=all&limit=1")
    assert first["next_cursor"] is not None
    cursor = f"?status=all&limit=1&cursor={first['next_cursor']}"
    second = await contract.call("GET", "/api/v1/petitions", head, query=cursor)
    await contract.call("GET", "/api/v1/petitions", head, query="?limit=0", status=400)
    identities = [
        (await contract.call("GET", ITEM, head, petition_id=item["id"]))["identity"]
        for item in first["items"] + second["items"]
    ]
    # the anonymous item's identity is left out (null), the other's is an object
    assert sorted(identity is None for identity in identities) == [False, True]

    detail = await contract.call("GET", ITEM, head, petition_id=located)
    assert {a["kind"] for a in detail["attachments"]} == {"photo", "location"}
    steps: list[tuple[str, dict[str, Any] | None]] = [
        ("claim", None),
        ("assign", {"official_id": me["id"]}),
        ("replies", {"text": "Chúng tôi đã nhận."}),
        ("notes", {"text": "gọi lại sau"}),
        ("request-information", {"question": "Cột đèn số mấy?"}),
        ("resolve", {"text": "Đã sửa xong"}),
    ]
    for action, body in steps:
        await contract.call("POST", f"{ITEM}/{action}", head, body, petition_id=located)
    async with desk.database.transaction() as session:
        petition = await desk.reload(located)
        await petitions.rate(session, petition.citizen_id, petition.tracking_code, 4, "nhanh")
    rated = await contract.call("GET", ITEM, head, petition_id=located)
    assert (rated["rating"], rated["rating_comment"]) == (4, "nhanh")
    await contract.call(
        "POST", f"{ITEM}/reopen", head, {"reason": "chưa xong"}, petition_id=located
    )
    await contract.call(
        "POST", f"{ITEM}/reopen", head, {"reason": "lần nữa"}, status=409, petition_id=located
    )

    keeper, duplicate = await desk.petition(), await desk.petition()
    merged = await contract.call(
        "POST", f"{ITEM}/merge", head, {"into_id": keeper.id}, petition_id=duplicate.id
    )
    assert merged["merged_into_id"] == keeper.id
    moved = await desk.petition()
    await contract.call(
        "POST",
        f"{ITEM}/transfer",
        head,
        {"department_id": construction, "reason": "Thuộc ngành xây dựng"},
        petition_id=moved.id,
    )
    # another unit's item is not there; an officer may not hand work out
    outsider = await desk.token("xaydung")
    await contract.call("GET", ITEM, outsider, status=404, petition_id=keeper.id)
    await contract.call(
        "POST",
        f"{ITEM}/assign",
        outsider,
        {"official_id": clerk.id},
        status=403,
        petition_id=moved.id,
    )
    await contract.call("GET", "/api/v1/me", None, status=401)

    complaint = await desk.petition(kind=PetitionKind.COMPLAINT)
    for action, body in (
        ("accept", {}),
        ("extend", {"reason": "xác minh thêm"}),
        ("resolve", {"text": "Giữ nguyên quyết định"}),
        ("second-complaint", {"text": "Không đồng ý với quyết định"}),
    ):
        await contract.call("POST", f"{ITEM}/{action}", head, body, petition_id=complaint.id)
    refused = await desk.petition(kind=PetitionKind.COMPLAINT)
    await contract.call(
        "POST",
        f"{ITEM}/refuse",
        head,
        {"reason": "hết thời hiệu", "legal_ground": "Luật Khiếu nại 2011, điều 11"},
        petition_id=refused.id,
    )
    forwarded = await desk.petition()
    await contract.call(
        "POST",
        f"{ITEM}/forward",
        head,
        {"to": "Công ty Điện lực Phú Thọ", "reason": "Thuộc ngành điện"},
        petition_id=forwarded.id,
    )


async def _handoff_operations(contract: Contract, desk: Desk) -> None:
    head = await desk.token("tiepdan")
    handoff_id = await _handoff(desk)
    listing = await contract.call("GET", "/api/v1/handoffs", head)
    assert [h["id"] for h in listing["items"]] == [handoff_id]
    await contract.call("GET", HANDOFF, head, handoff_id=handoff_id)
    await contract.call("POST", f"{HANDOFF}/hold", head, handoff_id=handoff_id)
    written = await contract.call(
        "POST", f"{HANDOFF}/messages", head, {"text": "Dạ"}, handoff_id=handoff_id
    )
    assert written["transcript"][-1]["from"] == "official"
    await contract.call("POST", f"{HANDOFF}/hand-back", head, handoff_id=handoff_id)
    await contract.call(
        "POST", f"{HANDOFF}/messages", head, {"text": "còn đó?"}, status=409, handoff_id=handoff_id
    )


async def _report_operations(contract: Contract, desk: Desk) -> None:
    async with desk.database.transaction() as session:
        citizen = await get_or_create_citizen(session, Channel.ZALO, "fb1", None)
        await record_feedback(session, citizen.id, "assistant", 5, None)
    summary = "/api/v1/reports/summary"
    unit = await contract.call("GET", summary, await desk.token("tiepdan"))
    assert unit["satisfaction"]["count"] == 1 and unit["by_department"] == []
    province = await contract.call("GET", summary, await desk.token("admin"))
    assert province["by_department"] and province["feedback"]["assistant"]["count"] == 1
    await contract.call("GET", summary, await desk.token("admin"), query="?from=x", status=400)
    await contract.call("GET", "/api/v1/openapi.json", await desk.token("tiepdan"))


async def test_the_document_is_valid_openapi_3_1(desk: Desk) -> None:
    contract = await _contract(desk)
    assert contract.document["openapi"] == "3.1.0"
    validate_openapi(contract.document)


async def test_every_documented_operation_answers_as_the_document_says(desk: Desk) -> None:
    contract = await _contract(desk)
    await _petition_operations(contract, desk)
    await _handoff_operations(contract, desk)
    await _report_operations(contract, desk)
    succeeded = {(method, path) for method, path, status in contract.answered if status == 200}
    assert succeeded == contract.operations()
    refusals = {status for _, _, status in contract.answered if status != 200}
    assert refusals == {400, 401, 403, 404, 409}


async def test_the_api_refuses_the_bodies_the_document_refuses(desk: Desk) -> None:
    contract = await _contract(desk)
    head = await desk.token("tiepdan")
    item = (await desk.petition()).id
    for action, body in (
        ("replies", {"text": ""}),
        ("replies", {"text": "x" * 4001}),
        ("replies", {"text": "x", "file": {"name": "a.pdf"}}),
        ("notes", {"text": "x", "public": True}),
        ("notes", {"text": "x", "file": {"content_base64": "JVBERi0="}}),
        ("assign", {"official_id": "5"}),
        ("assign", {"official_id": True}),
        ("transfer", {"department_id": 1}),
        ("merge", {}),
        ("merge", {"into_id": "x"}),
        ("accept", {"tier": "huge"}),
        ("refuse", {"reason": "hết thời hiệu"}),
        ("forward", {"to": "", "reason": "x"}),
    ):
        await contract.refused("POST", f"{ITEM}/{action}", head, body, petition_id=item)
    handoff_id = await _handoff(desk)
    await contract.refused("POST", f"{HANDOFF}/messages", head, {"txt": "x"}, handoff_id=handoff_id)
    assert (await desk.reload(item)).assigned_official_id is None
    assert await desk.outbox() == []


async def test_a_key_a_view_adds_without_its_model_is_never_sent(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await desk.token("tiepdan")
    item = (await desk.petition()).id
    assert (await desk.api("GET", f"/api/v1/petitions/{item}", token)).status == 200
    shown = views.petition_detail

    def with_a_new_key(*args: Any) -> dict[str, Any]:
        return {**shown(*args), "citizen_id": 7}

    monkeypatch.setattr(views, "petition_detail", with_a_new_key)
    response = await desk.api("GET", f"/api/v1/petitions/{item}", token)
    assert response.status == 500
    assert "citizen_id" not in await response.text()


def test_the_models_name_the_tiers_storage_knows() -> None:
    assert set(get_args(models.Tier)) == set(TIERS)
