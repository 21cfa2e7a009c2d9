"""Open311 GeoReport v2 as another system uses it: every method in XML and JSON, the JSON valid
against the published schemas, filing into the right queue with its clock, the specification's
errors, and a public view that shows no one's identity and never a denunciation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from storage.models import (
    Attachment,
    AuditEntry,
    Channel,
    Department,
    OutboxMessage,
    Petition,
    PetitionKind,
)
from storage.services import petitions
from tests.desk.conftest import Desk
from tests.open311.client import check_times
from tests.open311.conftest import Open311Factory
from tests.open311.schemas import validate

KEY_SHOWN = re.compile(r'id="new-key">([^<]+)<')
POTHOLE = {
    "service_code": "giao_thong",
    "lat": "21.3230",
    "long": "105.4020",
    "address_string": "Đường Hùng Vương, phường Việt Trì",
    "description": "Ổ gà sâu giữa đường Hùng Vương, xe máy dễ ngã",
    "first_name": "Nguyễn",
    "last_name": "Thị Hoa",
    "phone": "0912 345 678",
    "email": "hoa@example.vn",
}


async def issued_key(desk: Desk) -> str:
    """A key issued the way an administrator issues one: on the desk's admin page."""
    admin = await desk.signed_in("admin")
    response = await admin.post("/desk/admin/open311", {"name": "Cổng dịch vụ công tỉnh"})
    assert response.status == 201
    found = KEY_SHOWN.search(await response.text())
    assert found
    return found.group(1)


@pytest.mark.parametrize("fmt", ["json", "xml"])
async def test_services_list_every_category_with_its_group_and_keywords(
    open311_app: Open311Factory, fmt: str
) -> None:
    _, client = await open311_app()
    answer = await client.services(fmt)
    assert answer.status == 200
    validate("services.json", answer.body)
    codes = {s["service_code"] for s in answer.body}
    assert {"giao_thong", "chieu_sang", "moi_truong", "khac"} <= codes
    roads = next(s for s in answer.body if s["service_code"] == "giao_thong")
    assert roads["group"] == "Hạ tầng" and "ổ gà" in roads["keywords"]
    assert roads["metadata"] is True and roads["type"] == "realtime"
    english = await client.services(fmt, locale="en")
    assert next(s for s in english.body if s["service_code"] == "giao_thong")["group"] == (
        "Infrastructure"
    )


async def test_xml_and_json_say_the_same(open311_app: Open311Factory) -> None:
    _, client = await open311_app()
    assert (await client.services("xml")).body == (await client.services("json")).body
    assert (await client.definition("moi_truong", "xml")).body == (
        await client.definition("moi_truong", "json")
    ).body


@pytest.mark.parametrize("fmt", ["json", "xml"])
async def test_a_service_definition_names_its_attributes_and_values(
    open311_app: Open311Factory, fmt: str
) -> None:
    _, client = await open311_app()
    answer = await client.definition("moi_truong", fmt)
    assert answer.status == 200
    validate("service-definition.json", answer.body)
    kind = next(a for a in answer.body["attributes"] if a["code"] == "kind")
    assert [v["key"] for v in kind["values"]] == ["phan_anh", "kien_nghi"]
    missing = await client.definition("khong_co", fmt)
    assert missing.status == 404
    assert missing.body == [{"code": 404, "description": "service_code 'khong_co' not found"}]


@pytest.mark.parametrize("fmt", ["json", "xml"])
async def test_filing_puts_the_petition_in_the_right_queue_with_its_clock(
    open311_app: Open311Factory, fmt: str
) -> None:
    desk, client = await open311_app()
    key = await issued_key(desk)
    answer = await client.post({**POTHOLE, "api_key": key, "account_id": "u-77"}, fmt)
    assert answer.status == 200, answer.body
    [created] = answer.body
    assert created["account_id"] == "u-77"
    assert "Sở Xây dựng" in created["service_notice"]
    code = created["service_request_id"]
    async with desk.database.session() as session:
        petition = await session.scalar(select(Petition).where(Petition.tracking_code == code))
        assert petition is not None
        department = await session.get(Department, petition.department_id)
        messages = (await session.scalars(select(OutboxMessage))).all()
    assert department is not None and department.code == "so_xay_dung"
    assert petition.kind == PetitionKind.REPORT and petition.channel == Channel.OPEN311
    assert petition.commune_code == "viet_tri"
    assert petition.latitude == pytest.approx(21.3230)
    assert petition.reporter_name == "Nguyễn Thị Hoa" and petition.contact_phone == "+84912345678"
    # ten working days for a report's answer, as for one filed in the chat
    assert petition.due_on >= petition.submitted_at.date() + dt.timedelta(days=13)
    assert messages == []  # no chat to send to: the client reads the state back
    shown = await client.request(code, fmt)
    assert shown.status == 200
    [row] = shown.body
    assert row["status"] == "open" and row["service_code"] == "giao_thong"
    assert row["expected_datetime"].startswith(petition.due_on.isoformat())
    check_times(shown.body)
    if fmt == "json":
        validate("requests.json", shown.body)
        validate("request.json", row)


async def test_the_specifications_errors_for_a_bad_filing(open311_app: Open311Factory) -> None:
    desk, client = await open311_app()
    key = await issued_key(desk)
    cases = [
        ({**POTHOLE}, 403, "api_key is missing or not valid"),
        ({**POTHOLE, "api_key": "o311_forged"}, 403, "api_key is missing or not valid"),
        ({**POTHOLE, "api_key": key, "service_code": ""}, 400, "service_code is required"),
        (
            {**POTHOLE, "api_key": key, "service_code": "bogus"},
            404,
            "service_code 'bogus' not found",
        ),
        (
            {"api_key": key, "service_code": "giao_thong", "description": "Ổ gà to"},
            400,
            "a location is required: lat and long, address_string or address_id",
        ),
        ({**POTHOLE, "api_key": key, "description": "  "}, 400, "description is required"),
        ({**POTHOLE, "api_key": key, "lat": "north"}, 400, "lat must be a number"),
        (
            {**POTHOLE, "api_key": key, "attribute[kind]": "to_cao"},
            400,
            "attribute[kind] must be one of phan_anh, kien_nghi",
        ),
        (
            {**POTHOLE, "api_key": key, "media_url": "file:///etc/passwd"},
            400,
            "media_url must be an http or https URL",
        ),
    ]
    for fields, status, description in cases:
        for fmt in ("json", "xml"):
            answer = await client.post(fields, fmt)
            assert (answer.status, answer.body) == (
                status,
                [{"code": status, "description": description}],
            ), fields
    assert await desk.count(Petition) == 0


async def test_a_revoked_key_files_nothing_and_every_key_change_is_audited(
    open311_app: Open311Factory,
) -> None:
    desk, client = await open311_app()
    key = await issued_key(desk)
    admin = await desk.signed_in("admin")
    page = await admin.text("/desk/admin/open311")
    assert "Cổng dịch vụ công tỉnh" in page and key not in page
    async with desk.database.session() as session:
        key_id = await session.scalar(
            select(AuditEntry.target).where(AuditEntry.action == "open311_key_issued")
        )
    assert key_id is not None
    revoked = await admin.post(f"/desk/admin/open311/{key_id.split(':')[1]}/revoke")
    assert revoked.status == 303
    answer = await client.post({**POTHOLE, "api_key": key})
    assert answer.status == 403
    assert "open311_key_revoked" in await desk.audit_actions()
    officer = await desk.signed_in("tiepdan")
    assert (await officer.get("/desk/admin/open311")).status == 403


async def test_a_retried_filing_with_its_idempotency_key_is_filed_once(
    open311_app: Open311Factory,
) -> None:
    desk, client = await open311_app()
    key = await issued_key(desk)
    headers = {"Idempotency-Key": "portal-req-1"}
    first = await client.post({**POTHOLE, "api_key": key}, headers=headers)
    again = await client.post({**POTHOLE, "api_key": key}, headers=headers)
    assert first.body[0]["service_request_id"] == again.body[0]["service_request_id"]
    assert await desk.count(Petition) == 1


async def test_a_photo_url_is_kept_for_the_gateway_to_fetch_and_shown_back(
    open311_app: Open311Factory,
) -> None:
    desk, client = await open311_app()
    key = await issued_key(desk)
    photo = "https://portal.example.vn/media/o-ga.jpg"
    answer = await client.post({**POTHOLE, "api_key": key, "media_url": photo})
    code = answer.body[0]["service_request_id"]
    async with desk.database.session() as session:
        [attachment] = (await session.scalars(select(Attachment))).all()
    assert attachment.reference == photo and attachment.kind == "photo"
    [row] = (await client.request(code)).body
    assert row["media_url"] == photo


async def filed(desk: Desk, **overrides: object) -> Petition:
    return await desk.petition(
        description="Nhà ông Tư đổ rác ra mương, SĐT 0987 111 222",
        display_name="Trần Văn Tư",
        contact_phone="+84987111222",
        reporter_name="Trần Văn Tư",
        **overrides,
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
async def test_the_public_list_hides_identity_denunciations_and_words_by_default(
    open311_app: Open311Factory, fmt: str
) -> None:
    desk, client = await open311_app()
    report = await filed(desk, category="moi_truong")
    denunciation = await filed(desk, kind=PetitionKind.DENUNCIATION, category="can_bo")
    complaint = await filed(desk, kind=PetitionKind.COMPLAINT, category="dat_dai")
    about_an_official = await filed(desk, category="can_bo")
    answer = await client.requests(fmt)
    assert answer.status == 200
    codes = [r["service_request_id"] for r in answer.body]
    assert report.tracking_code in codes
    for hidden in (denunciation, complaint, about_an_official):
        assert hidden.tracking_code not in codes
        assert (await client.request(hidden.tracking_code, fmt)).status == 404
    raw = str(answer.body)
    for personal in ("Trần Văn Tư", "0987", "ông Tư", "Đường Bà Triệu"):
        assert personal not in raw
    [row] = [r for r in answer.body if r["service_request_id"] == report.tracking_code]
    assert row["description"] is None and row["address"] == "Phường Việt Trì"
    if fmt == "json":
        validate("requests.json", answer.body)


async def test_a_deployment_that_publishes_words_shows_descriptions_and_answers(
    open311_app: Open311Factory,
) -> None:
    desk, client = await open311_app(public_descriptions=True)
    report = await desk.petition(category="moi_truong")
    officer = await desk.official("tiepdan")
    async with desk.database.transaction() as session:
        await petitions.resolve(session, report.id, officer.id, "Đã thu gom rác.")
    [row] = (await client.request(report.tracking_code)).body
    assert row["status"] == "closed"
    assert row["description"] == "Rác thải đổ trộm ven đường suốt một tuần"
    assert row["status_notes"] == "Đã thu gom rác."
    validate("request.json", row)


async def test_filters_codes_service_dates_and_status(open311_app: Open311Factory) -> None:
    desk, client = await open311_app()
    rubbish = await desk.petition(category="moi_truong")
    lamp = await desk.petition(category="chieu_sang")
    officer = await desk.official("xaydung")
    async with desk.database.transaction() as session:
        await petitions.resolve(session, lamp.id, officer.id, "Đã thay bóng.")

    async def codes(**params: str) -> list[str]:
        answer = await client.requests(**params)
        assert answer.status == 200, answer.body
        validate("requests.json", answer.body)
        return sorted(r["service_request_id"] for r in answer.body)

    both = sorted([rubbish.tracking_code, lamp.tracking_code])
    assert await codes() == both
    assert await codes(service_code="chieu_sang") == [lamp.tracking_code]
    assert await codes(status="open") == [rubbish.tracking_code]
    assert await codes(status="closed") == [lamp.tracking_code]
    # the ids decide alone, as the specification says, typed as people type them
    assert await codes(
        service_request_id=rubbish.tracking_code.lower().replace("-", ""), status="closed"
    ) == [rubbish.tracking_code]
    assert await codes(service_request_id="ZZZZ-ZZZZ") == []
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat()
    assert await codes(start_date=later) == []
    too_long = await client.requests(
        start_date="2026-01-01T00:00:00+07:00", end_date="2026-06-01T00:00:00+07:00"
    )
    assert too_long.status == 400
    assert too_long.body == [
        {"code": 400, "description": "start_date and end_date may not span more than 90 days"}
    ]
    bad_status = await client.requests("xml", status="pending")
    assert bad_status.body == [{"code": 400, "description": "status must be open or closed"}]
    no_zone = await client.requests(start_date="2026-11-01T00:00:00")
    assert no_zone.status == 400


async def test_a_configured_jurisdiction_refuses_another(open311_app: Open311Factory) -> None:
    desk, client = await open311_app(open311_jurisdiction_id="phutho.gov.vn")
    assert (await client.services(jurisdiction_id="phutho.gov.vn")).status == 200
    other = await client.services("xml", jurisdiction_id="hanoi.gov.vn")
    assert other.status == 404
    assert other.body == [{"code": 404, "description": "jurisdiction_id 'hanoi.gov.vn' not found"}]
    key = await issued_key(desk)
    refused = await client.post({**POTHOLE, "api_key": key, "jurisdiction_id": "hanoi.gov.vn"})
    assert refused.status == 404


async def test_a_filing_names_its_commune_by_address_id(open311_app: Open311Factory) -> None:
    desk, client = await open311_app()
    key = await issued_key(desk)
    by_id = {
        "api_key": key,
        "service_code": "chieu_sang",
        "address_id": "hoa_binh",
        "description": "Đèn đường tổ 5 tắt cả tuần",
        "attribute[anonymous]": "yes",
        "first_name": "Lan",
    }
    answer = await client.post(by_id)
    code = answer.body[0]["service_request_id"]
    async with desk.database.session() as session:
        petition = await session.scalar(select(Petition).where(Petition.tracking_code == code))
        assert petition is not None
        department = await session.get(Department, petition.department_id)
    # the commune's own rule: street lights in Hòa Bình ward go to its People's Committee
    assert petition.commune_code == "hoa_binh" and department is not None
    assert department.code == "ubnd_hoa_binh"
    assert petition.anonymous is True and petition.reporter_name is None
