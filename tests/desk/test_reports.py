"""Reports: counts, deadline outcomes in Vietnam's days, durations, satisfaction, charts, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from storage.deadlines import VIETNAM
from storage.models import Petition, PetitionKind
from storage.services import petitions
from tests.desk.conftest import Desk

LONG_AGO = dt.datetime(2026, 1, 5, 9, tzinfo=VIETNAM)


async def _resolve(desk: Desk, petition: Petition, at: dt.datetime | None = None) -> None:
    official = await desk.official("tiepdan")
    async with desk.database.session() as session:
        await petitions.resolve(session, petition.id, official.id, "Đã xử lý")
        if at is not None:
            resolved = await session.get(Petition, petition.id)
            assert resolved is not None
            resolved.resolved_at = at
        await session.commit()


async def _outcomes_fixture(desk: Desk) -> dict[str, Petition]:
    made = {
        "on_time": await desk.petition(),
        "late": await desk.petition(now=LONG_AGO),
        "overdue": await desk.petition(now=LONG_AGO, kind=PetitionKind.COMPLAINT),
        "open": await desk.petition(),
        "elsewhere": await desk.petition(category="xay_dung", now=LONG_AGO),
    }
    await _resolve(desk, made["on_time"])
    await _resolve(desk, made["late"])
    async with desk.database.transaction() as session:
        await petitions.rate(
            session, made["on_time"].citizen_id, made["on_time"].tracking_code, 4, None
        )
        await petitions.rate(
            session, made["late"].citizen_id, made["late"].tracking_code, 2, "chậm"
        )
    return made


async def test_the_summary_counts_the_units_items_and_their_deadlines(desk: Desk) -> None:
    await _outcomes_fixture(desk)
    token = await desk.token("tiepdan")
    report = await (await desk.api("GET", "/api/v1/reports/summary", token)).json()

    assert report["total"] == 4  # the construction department's item is not this unit's
    assert report["outcomes"] == {"on_time": 1, "late": 1, "overdue": 1, "open": 1, "merged": 0}
    assert report["rates"]["on_time"] == 1 / 3
    assert {row["key"]: row["count"] for row in report["by_status"]} == {
        "received": 2,
        "resolved": 2,
    }
    assert {row["key"]: row["count"] for row in report["by_kind"]} == {
        "khieu_nai": 1,
        "phan_anh": 3,
    }
    months = {row["key"] for row in report["by_month"]}
    assert "2026-01" in months
    assert len(months) >= 2
    assert report["durations"]["first_reply_hours"] > 0
    assert report["durations"]["resolution_hours"] > 0
    assert report["satisfaction"] == {"average": 3.0, "count": 2}
    assert report["by_department"] == []  # a unit's report is about the unit only


async def test_a_resolution_late_in_the_evening_of_the_due_date_is_on_time(desk: Desk) -> None:
    evening = await desk.petition()
    night = await desk.petition()
    due = evening.due_on
    await _resolve(desk, evening, dt.datetime.combine(due, dt.time(23, 30), tzinfo=VIETNAM))
    after = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(0, 30), tzinfo=VIETNAM)
    await _resolve(desk, night, after)
    token = await desk.token("tiepdan")
    report = await (await desk.api("GET", "/api/v1/reports/summary", token)).json()
    assert report["outcomes"]["on_time"] == 1
    assert report["outcomes"]["late"] == 1


async def test_the_administrator_sees_every_unit_and_can_narrow(desk: Desk) -> None:
    await _outcomes_fixture(desk)
    token = await desk.token("admin")
    report = await (await desk.api("GET", "/api/v1/reports/summary", token)).json()
    assert report["total"] == 5
    assert {row["key"]: row["count"] for row in report["by_department"]} == {
        "so_xay_dung": 1,
        "tiep_cong_dan": 4,
    }
    construction = await desk.department_id("so_xay_dung")
    narrowed = await desk.api("GET", f"/api/v1/reports/summary?department={construction}", token)
    assert (await narrowed.json())["total"] == 1
    january = await desk.api("GET", "/api/v1/reports/summary?from=2026-01-01&to=2026-01-31", token)
    assert (await january.json())["total"] == 3
    bad = await desk.api("GET", "/api/v1/reports/summary?from=tomorrow", token)
    assert bad.status == 400


async def test_the_reports_page_draws_bars_and_the_csv_matches(desk: Desk) -> None:
    made = await _outcomes_fixture(desk)
    browser = await desk.signed_in("tiepdan")
    page = await browser.text("/desk/reports")
    assert page.count("<svg") >= 5
    assert 'class="chart-bar"' in page
    assert "<script" not in page
    assert "https://" not in page
    assert 'id="rate-on-time">33%' in page

    response = await browser.get("/desk/reports.csv")
    rows = list(csv.DictReader(io.StringIO((await response.text()).lstrip("\ufeff"))))
    assert {r["tracking_code"] for r in rows} == {
        made[k].tracking_code for k in ("on_time", "late", "overdue", "open")
    }
    by_code = {r["tracking_code"]: r for r in rows}
    assert by_code[made["late"].tracking_code]["outcome"] == "late"
    assert by_code[made["overdue"].tracking_code]["outcome"] == "overdue"
    assert by_code[made["on_time"].tracking_code]["rating"] == "4"
    english = await browser.text("/desk/reports?lang=en")
    assert "By month" in english


async def test_the_reports_page_lists_hotspots_against_the_period_before(desk: Desk) -> None:
    for _ in range(3):
        await desk.petition(category="khac", commune_code="viet_tri")
    await desk.petition(category="khac", commune_code="hoa_binh")
    browser = await desk.signed_in("tiepdan")
    page = await browser.text("/desk/reports")
    assert 'id="hotspots"' in page
    rows = page.split('<tr class="hotspot">')[1:]
    assert len(rows) == 2
    assert "Phường Việt Trì" in rows[0] and "<td>3</td><td>0</td><td>+3</td>" in rows[0]
    assert 'href="/desk/map?status=all&amp;commune=viet_tri&amp;category=khac"' in rows[0]
