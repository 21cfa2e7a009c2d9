"""The oversight role and the public scoreboard show every unit's figures and no one's data:
personal details, words and a denunciation's area are seeded on purpose and looked for."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from storage.models import AuditEntry, Department, Official, PetitionKind, Role
from storage.passwords import hash_password
from storage.services.petitions import resolve
from tests.conftest import SEED_PASSWORD
from tests.desk.conftest import Desk

LONG_AGO = dt.datetime(2026, 1, 5, 3, tzinfo=dt.timezone.utc)
PERSONAL = (
    "Trần Văn Tư",
    "0987 111 222",
    "+84987111222",
    "số 9 ngõ 4 Bà Triệu",
    "ông Tư đổ rác ra mương",
    "Chủ tịch xã Nguyễn Văn Xấu nhận tiền",
)


async def seeded(desk: Desk) -> None:
    """Items of several units that carry personal data, one overdue, one resolved and rated,
    and a denunciation about an official's conduct."""
    common = {
        "display_name": "Trần Văn Tư",
        "contact_phone": "+84987111222",
        "reporter_name": "Trần Văn Tư",
        "address": "số 9 ngõ 4 Bà Triệu",
    }
    await desk.petition(description="Nhà ông Tư đổ rác ra mương, gọi 0987 111 222", **common)
    await desk.petition(category="giao_thong", now=LONG_AGO, **common)
    resolved = await desk.petition(category="chieu_sang", **common)
    officer = await desk.official("xaydung")
    async with desk.database.transaction() as session:
        await resolve(session, resolved.id, officer.id, "Đã thay bóng, cảm ơn ông Tư")
    await desk.petition(
        kind=PetitionKind.DENUNCIATION,
        category="can_bo",
        description="Chủ tịch xã Nguyễn Văn Xấu nhận tiền",
        now=LONG_AGO,
        **common,
    )


async def overseer(desk: Desk) -> str:
    async with desk.database.session() as session:
        front = await session.scalar(select(Department).where(Department.code == "tiep_cong_dan"))
        assert front is not None
        session.add(
            Official(
                username="mttq",
                full_name="Ủy ban MTTQ tỉnh",
                password_hash=hash_password(SEED_PASSWORD),
                role=Role.OVERSIGHT,
                department_id=front.id,
            )
        )
        await session.commit()
    return "mttq"


def leaked(text: str) -> list[str]:
    return [p for p in PERSONAL if p in text]


async def test_an_overseer_sees_every_units_figures_and_no_ones_data(desk: Desk) -> None:
    await seeded(desk)
    browser = await desk.signed_in(await overseer(desk))
    start = await browser.get("/desk")
    assert start.status == 302 and start.headers["Location"] == "/desk/oversight"
    page = await browser.text("/desk/oversight")
    assert page.count('<tr class="unit-row">') == 3  # reception board, construction, inspectorate
    assert "Sở Xây dựng" in page and "Thanh tra tỉnh" in page
    assert leaked(page) == []
    overdue = page.split('id="overdue-items"')[1]
    assert overdue.count('<tr class="overdue-item">') == 2
    # the overdue denunciation is listed as one, without its area
    assert "Tố cáo" in overdue and "Cán bộ, công chức" not in overdue
    csv_response = await browser.get("/desk/oversight.csv")
    body = (await csv_response.read()).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("department_code,received,on_time")
    assert "so_xay_dung,2,1,0,1,0,1.000" in body
    assert leaked(body) == []
    async with desk.database.session() as session:
        actions = (await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all()
    assert actions[-2:] == ["oversight_view", "oversight_export"]


async def test_an_overseer_opens_no_item_queue_map_or_api(desk: Desk) -> None:
    petition = await desk.petition()
    username = await overseer(desk)
    browser = await desk.signed_in(username)
    for path in (f"/desk/petitions/{petition.id}", "/desk/map", "/desk/map.json", "/desk/reports"):
        assert (await browser.get(path)).status == 403, path
    token = await desk.token(username)
    assert (await desk.api("GET", "/api/v1/petitions", token)).status == 403
    officer = await desk.signed_in("tiepdan")
    assert (await officer.get("/desk/oversight")).status == 403


async def test_the_public_scoreboard_shows_counts_and_no_personal_data(desk: Desk) -> None:
    await seeded(desk)
    stranger = desk.browser()
    response = await stranger.get("/scoreboard")
    assert response.status == 200
    assert response.headers["Cache-Control"].startswith("public")
    assert "Set-Cookie" not in response.headers
    page = await response.text()
    assert "Kết quả phục vụ người dân" in page and "Sở Xây dựng" in page
    # this month's: the reception board's and construction's (January's are older than six months)
    assert page.count('<tr class="score-row">') == 2
    assert "Ngày tiếp dân đã tổ chức" in page and page.count('class="reception-days"') == 2
    assert leaked(page) == []
    english = await (await stranger.get("/scoreboard?lang=en")).text()
    assert "How the province serves its citizens" in english
    assert "Department of Construction" in english
    assert leaked(english) == []
