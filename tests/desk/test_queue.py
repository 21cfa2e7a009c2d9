"""The unit's queue: only its items, filtered, sorted by due date, in keyset pages."""

from __future__ import annotations

import datetime as dt
import re

from storage.deadlines import VIETNAM
from storage.models import Channel, PetitionKind
from tests.desk.conftest import Desk

ROW = re.compile(r'class="queue-item[^"]*" href="/desk/petitions/(\d+)"')


def ids_in(page: str) -> list[int]:
    return [int(i) for i in ROW.findall(page)]


async def test_the_queue_holds_the_units_items_by_due_date(desk: Desk) -> None:
    old = await desk.petition(now=dt.datetime(2026, 1, 5, 9, tzinfo=VIETNAM))
    new = await desk.petition()
    complaint = await desk.petition(kind=PetitionKind.COMPLAINT, commune_code="hoa_binh")
    elsewhere = await desk.petition(category="xay_dung")  # the construction department's
    browser = await desk.signed_in("tiepdan")

    page = await browser.text("/desk")
    assert ids_in(page)[0] == old.id
    assert set(ids_in(page)) == {old.id, new.id, complaint.id}
    assert elsewhere.tracking_code not in page
    assert ids_in(await browser.text("/desk?sort=-due"))[-1] == old.id
    assert ids_in(await browser.text("/desk?overdue=1")) == [old.id]
    assert ids_in(await browser.text("/desk?kind=khieu_nai")) == [complaint.id]
    assert ids_in(await browser.text("/desk?commune=hoa_binh")) == [complaint.id]
    assert ids_in(await browser.text("/desk?category=xay_dung")) == []
    assert ids_in(await browser.text("/desk?status=resolved")) == []
    assert "quá" in page  # the overdue item says by how many days


async def test_queue_pages_follow_the_cursor_without_repeats(desk: Desk) -> None:
    filed = [await desk.petition() for _ in range(5)]
    browser = await desk.signed_in("tiepdan")
    seen: list[int] = []
    url: str | None = "/desk?limit=2"
    while url:
        page = await browser.text(url)
        seen += ids_in(page)
        found = re.search(r'href="([^"]+)" id="next-page"', page)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert sorted(seen) == sorted(p.id for p in filed)

    token = await desk.token("tiepdan")
    api_seen: list[int] = []
    cursor = ""
    while True:
        response = await desk.api("GET", f"/api/v1/petitions?limit=2&cursor={cursor}", token)
        body = await response.json()
        api_seen += [item["id"] for item in body["items"]]
        if body["next_cursor"] is None:
            break
        cursor = body["next_cursor"]
    assert api_seen == seen


async def test_the_api_lists_with_deadlines_and_refuses_bad_filters(desk: Desk) -> None:
    petition = await desk.petition(channel=Channel.ZALO)
    token = await desk.token("tiepdan")
    response = await desk.api("GET", "/api/v1/petitions?kind=phan_anh", token)
    [item] = (await response.json())["items"]
    assert item["id"] == petition.id
    assert item["due_on"] == petition.due_on.isoformat()
    assert item["deadline_state"] == "on_time"
    assert item["days_left"] == (petition.due_on - dt.datetime.now(VIETNAM).date()).days
    for bad in ("status=closed", "kind=x", "limit=0", "limit=abc", "sort=date", "cursor=zzz"):
        refused = await desk.api("GET", f"/api/v1/petitions?{bad}", token)
        assert refused.status == 400, bad
    browser = await desk.signed_in("tiepdan")
    assert (await browser.get("/desk?status=closed")).status == 400
