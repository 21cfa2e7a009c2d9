"""Administration: accounts, units, routing rules, the catalogue's texts, holiday adjustments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from storage.models import Department, Holiday, Official, PetitionKind, Procedure, RoutingRule
from storage.services.petitions import route
from tests.desk.conftest import Desk


async def test_an_official_created_by_the_admin_can_sign_in(desk: Desk) -> None:
    admin = await desk.signed_in("admin")
    assert "xaydung.tp" in await admin.text("/desk/admin/officials")
    response = await admin.post(
        "/desk/admin/officials",
        {
            "username": "hoangson",
            "full_name": "Lê Hoàng Sơn",
            "role": "officer",
            "department_id": await desk.department_id("ubnd_hoa_binh"),
            "password": "mat-khau-rieng-1",
        },
    )
    assert response.status == 303
    created = await desk.official("hoangson")
    assert created.password_hash.startswith("$argon2id$")
    assert (await desk.browser().login("hoangson", "mat-khau-rieng-1")).status == 302

    short = await admin.post(
        "/desk/admin/officials",
        {
            "username": "ngan",
            "full_name": "X",
            "role": "officer",
            "department_id": 1,
            "password": "1",
        },
    )
    assert short.status == 400
    taken = await admin.post(
        "/desk/admin/officials",
        {
            "username": "hoangson",
            "full_name": "Trùng",
            "role": "officer",
            "department_id": await desk.department_id("ubnd_hoa_binh"),
            "password": "mat-khau-rieng-2",
        },
    )
    assert taken.status == 400
    assert "official_created" in await desk.audit_actions((await desk.official("admin")).id)


async def test_deactivating_or_moving_an_official_ends_their_sessions(desk: Desk) -> None:
    officer = await desk.signed_in("moitruong")
    admin = await desk.signed_in("admin")
    target = await desk.official("moitruong")
    await admin.get(f"/desk/admin/officials/{target.id}")
    response = await admin.post(
        f"/desk/admin/officials/{target.id}",
        {
            "full_name": target.full_name,
            "role": "officer",
            "department_id": await desk.department_id("so_xay_dung"),
            "active": "1",
        },
    )
    assert response.status == 303
    assert (await officer.get("/desk")).status == 302
    moved = await desk.official("moitruong")
    assert moved.department_id == await desk.department_id("so_xay_dung")
    await admin.post(
        f"/desk/admin/officials/{target.id}",
        {"full_name": target.full_name, "role": "officer", "department_id": moved.department_id},
    )
    assert (await desk.browser().login("moitruong")).status == 200  # inactive: refused


async def test_units_and_routing_rules(desk: Desk) -> None:
    admin = await desk.signed_in("admin")
    await admin.get("/desk/admin/departments")
    await admin.post(
        "/desk/admin/departments",
        {"code": "so_van_hoa", "name_vi": "Sở Văn hóa", "name_en": "Department of Culture"},
    )
    culture = await desk.department_id("so_van_hoa")
    await admin.post(
        f"/desk/admin/departments/{culture}",
        {"name_vi": "Sở Văn hóa tỉnh", "name_en": "Culture", "telegram_chat_id": "-100123"},
    )
    async with desk.database.session() as session:
        row = await session.get(Department, culture)
        assert row is not None
        assert row.name_vi == "Sở Văn hóa tỉnh"
        assert row.telegram_chat_id == "-100123"

    await admin.post(
        # "Khác" has no rule of its own in the deployment: it goes to the default unit
        "/desk/admin/routing",
        {"category": "khac", "department_id": culture, "kind": ""},
    )
    async with desk.database.session() as session:
        assert (await route(session, PetitionKind.REPORT, "khac", None)).code == "so_van_hoa"
        rule_id = await session.scalar(select(RoutingRule.id).where(RoutingRule.category == "khac"))
        default_id = await session.scalar(
            select(RoutingRule.id).where(
                RoutingRule.category.is_(None),
                RoutingRule.commune_code.is_(None),
                RoutingRule.petition_kind.is_(None),
            )
        )
    await admin.post(f"/desk/admin/routing/{rule_id}/delete")
    refused = await admin.post(f"/desk/admin/routing/{default_id}/delete")
    assert refused.status == 400  # the last default rule stays
    async with desk.database.session() as session:
        assert (await route(session, PetitionKind.REPORT, "khac", None)).code == "tiep_cong_dan"


async def test_procedure_texts_and_checked_date(desk: Desk) -> None:
    admin = await desk.signed_in("admin")
    page = await admin.text("/desk/admin/procedures/khai_sinh")
    assert 'name="fee_vi"' in page
    assert 'name="checked_on"' in page
    response = await admin.post(
        "/desk/admin/procedures/khai_sinh",
        {"fee_vi": "Miễn lệ phí.", "fee_en": "Free.", "checked_on": "2026-11-20"},
    )
    assert response.status == 303
    async with desk.database.session() as session:
        row = await session.scalar(select(Procedure).where(Procedure.code == "khai_sinh"))
    assert row is not None
    assert row.data["fee_vi"] == "Miễn lệ phí."
    assert row.data["fee_en"] == "Free."
    assert row.checked_on == dt.date(2026, 11, 20)
    assert row.data["checked_on"] == "2026-11-20"
    assert row.data["where_vi"]  # untouched texts stay
    future = await admin.post(
        "/desk/admin/procedures/khai_sinh", {"fee_vi": "x", "checked_on": "2099-01-01"}
    )
    assert future.status == 400
    assert (await admin.get("/desk/admin/procedures/khong_co")).status == 404


async def test_holiday_adjustments(desk: Desk) -> None:
    admin = await desk.signed_in("admin")
    await admin.get("/desk/admin/holidays")
    await admin.post(
        "/desk/admin/holidays", {"day": "2026-12-26", "name": "Nghỉ bù", "is_day_off": "1"}
    )
    async with desk.database.session() as session:
        assert (await session.get(Holiday, dt.date(2026, 12, 26))) is not None
    await admin.post("/desk/admin/holidays/2026-12-26/delete")
    async with desk.database.session() as session:
        assert (await session.get(Holiday, dt.date(2026, 12, 26))) is None
    assert await desk.count(Official) == 9
