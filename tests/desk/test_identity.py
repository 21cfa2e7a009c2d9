"""A denouncer's identity (Law on Denunciation 2018) is the inspector's alone: never in another
official's page, API answer or export, and in no export at all."""

from __future__ import annotations

from storage.models import Channel, PetitionKind, Role
from storage.passwords import hash_password
from storage.services import desk_admin
from tests.conftest import SEED_PASSWORD
from tests.desk.conftest import Desk, leaked

NAME = "Phạm Văn Tố Giác"
PHONE = "0912345678"
CHAT_NAME = "Tài khoản Zalo của người tố cáo"
SECRETS = (NAME, PHONE, CHAT_NAME)


async def _denunciation(desk: Desk):
    return await desk.petition(
        kind=PetitionKind.DENUNCIATION,
        category="can_bo",
        channel=Channel.ZALO,
        display_name=CHAT_NAME,
        reporter_name=NAME,
        contact_phone=PHONE,
        description="Cán bộ địa chính nhận tiền để làm nhanh hồ sơ",
    )


async def _inspection_officer(desk: Desk) -> str:
    """An officer (not an inspector) of the inspectorate: sees the item, not who sent it."""
    async with desk.database.transaction() as session:
        await desk_admin.create_official(
            session,
            username="thanhtra.cb",
            full_name="Cán bộ thanh tra",
            role=Role.OFFICER,
            department_id=await desk.department_id("thanh_tra_tinh"),
            password_hash=hash_password(SEED_PASSWORD),
        )
    return "thanhtra.cb"


async def test_a_non_inspector_never_sees_the_denouncer(desk: Desk) -> None:
    petition = await _denunciation(desk)
    username = await _inspection_officer(desk)
    browser = await desk.signed_in(username)
    token = await desk.token(username)

    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert "Cán bộ địa chính nhận tiền" in page  # the item itself is the unit's to handle
    assert "chỉ thanh tra viên được xem" in page
    assert leaked(page, SECRETS) == []
    assert leaked(await browser.text("/desk"), SECRETS) == []
    detail = await desk.api("GET", f"/api/v1/petitions/{petition.id}", token)
    body = await detail.text()
    assert (await detail.json())["identity"] is None
    assert leaked(body, SECRETS) == []
    listing = await (await desk.api("GET", "/api/v1/petitions", token)).text()
    assert petition.tracking_code in listing
    assert leaked(listing, SECRETS) == []
    csv = await browser.get("/desk/reports.csv")
    text = await csv.text()
    assert petition.tracking_code in text
    assert leaked(text, SECRETS) == []
    # the reply goes to the denouncer without the official learning who that is
    await browser.post(f"/desk/petitions/{petition.id}/reply", {"text": "Đã tiếp nhận tố cáo."})
    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert leaked(page, SECRETS) == []
    [message] = await desk.outbox()
    assert message.citizen_id == petition.citizen_id


async def test_the_inspector_sees_the_denouncer_and_that_is_audited(desk: Desk) -> None:
    petition = await _denunciation(desk)
    inspector = await desk.signed_in("thanhtra")
    page = await inspector.text(f"/desk/petitions/{petition.id}")
    assert leaked(page, SECRETS) == list(SECRETS)
    token = await desk.token("thanhtra")
    detail = await (await desk.api("GET", f"/api/v1/petitions/{petition.id}", token)).json()
    assert detail["identity"]["reporter_name"] == NAME
    assert detail["identity"]["contact_phone"] == PHONE
    official = await desk.official("thanhtra")
    assert (await desk.audit_actions(official.id)).count("identity_viewed") == 2
    # exports carry no identity, even the inspector's own
    csv = await (await inspector.get("/desk/reports.csv")).text()
    assert petition.tracking_code in csv
    assert leaked(csv, SECRETS) == []


async def test_the_administrators_province_wide_export_has_no_identity(desk: Desk) -> None:
    petition = await _denunciation(desk)
    report = await desk.petition(reporter_name=NAME, contact_phone=PHONE)
    admin = await desk.signed_in("admin")
    response = await admin.get("/desk/reports.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    text = await response.text()
    assert petition.tracking_code in text
    assert report.tracking_code in text
    assert leaked(text, SECRETS) == []
    assert text.splitlines()[0].lstrip("\ufeff").startswith("tracking_code,kind,category")
    # the administrator is not an inspector and the item is not the admin's unit's
    assert (await admin.get(f"/desk/petitions/{petition.id}")).status == 404
    assert "export_csv" in await desk.audit_actions((await desk.official("admin")).id)


async def test_an_anonymous_report_hides_its_sender_from_officers(desk: Desk) -> None:
    petition = await desk.petition(anonymous=True, display_name=CHAT_NAME, contact_phone=PHONE)
    browser = await desk.signed_in("tiepdan")
    page = await browser.text(f"/desk/petitions/{petition.id}")
    assert leaked(page, SECRETS) == []
    named = await desk.petition(display_name=CHAT_NAME, contact_phone=PHONE)
    assert leaked(await browser.text(f"/desk/petitions/{named.id}"), (CHAT_NAME, PHONE)) == [
        CHAT_NAME,
        PHONE,
    ]
