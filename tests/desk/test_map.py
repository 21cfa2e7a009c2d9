"""The queue on a map: the unit's items with a GPS point coloured by their clock, items with
only a commune counted on its centre, the list's filters and access, and a page that loads the
vendored Leaflet and images only from the configured tile server."""

from __future__ import annotations

import datetime as dt

from storage.models import PetitionKind
from tests.desk.conftest import Desk

LONG_AGO = dt.datetime(2026, 1, 5, 3, tzinfo=dt.timezone.utc)


async def test_the_map_data_colours_points_and_counts_communes(desk: Desk) -> None:
    overdue = await desk.petition(latitude=21.32, longitude=105.40, now=LONG_AGO)
    on_time = await desk.petition(latitude=21.33, longitude=105.41)
    await desk.petition(commune_code="viet_tri")
    await desk.petition(commune_code="viet_tri", now=LONG_AGO)
    # another unit's, and a denunciation (the inspectorate's): not on this unit's map
    roads = await desk.petition(category="giao_thong", latitude=21.31, longitude=105.39)
    secret = await desk.petition(
        kind=PetitionKind.DENUNCIATION, latitude=21.31, longitude=105.39, reporter_name="X"
    )
    browser = await desk.signed_in("tiepdan")
    response = await browser.get("/desk/map.json")
    assert response.status == 200
    data = await response.json()
    states = {p["code"]: p["state"] for p in data["points"]}
    assert states == {overdue.tracking_code: "overdue", on_time.tracking_code: "on_time"}
    assert roads.tracking_code not in states and secret.tracking_code not in states
    [commune] = data["communes"]
    assert commune["code"] == "viet_tri" and commune["count"] == 2
    assert commune["states"] == {"on_time": 1, "overdue": 1} and commune["worst"] == "overdue"
    assert (commune["lat"], commune["lon"]) == (21.3326, 105.399)
    assert data["truncated"] is False
    # the list's filters narrow the map the same way
    narrowed = await (await browser.get("/desk/map.json?overdue=1")).json()
    assert [p["code"] for p in narrowed["points"]] == [overdue.tracking_code]
    inspector = await desk.signed_in("thanhtra")
    theirs = await (await inspector.get("/desk/map.json")).json()
    assert [p["code"] for p in theirs["points"]] == [secret.tracking_code]


async def test_the_map_page_loads_its_own_leaflet_and_the_tile_servers_images(desk: Desk) -> None:
    browser = await desk.signed_in("tiepdan")
    response = await browser.get("/desk/map?category=khac")
    assert response.status == 200
    page = await response.text()
    assert 'src="/desk/static/vendor/leaflet/leaflet.min.js"' in page
    assert 'data-source="/desk/map.json?status=open&amp;category=khac' in page
    policy = response.headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy
    assert "script-src 'self';" in policy
    for path in (
        "/desk/static/vendor/leaflet/leaflet.min.js",
        "/desk/static/vendor/leaflet.markercluster/leaflet.markercluster.min.js",
        "/desk/static/vendor/leaflet/COPYRIGHT",
        "/desk/static/map.js",
    ):
        assert (await browser.get(path)).status == 200, path
    stranger = desk.browser()
    assert (await stranger.get("/desk/map.json")).status == 302
