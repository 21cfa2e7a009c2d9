"""API tokens from the desk's page, and the OpenAPI document that describes the API."""

from __future__ import annotations

import re

from desk.security import API_TOKEN_PREFIX
from storage.models import ApiToken
from tests.desk.conftest import Desk
from tests.desk.test_access import desk_routes


async def test_a_token_is_shown_once_works_and_can_be_revoked(desk: Desk) -> None:
    browser = await desk.signed_in("congan")
    await browser.get("/desk/tokens")
    response = await browser.post("/desk/tokens", {"name": "tích hợp 1022", "days": "30"})
    assert response.status == 201
    page = await response.text()
    token = re.search(r'id="new-token">([^<]+)<', page)
    assert token is not None
    assert token.group(1).startswith(API_TOKEN_PREFIX)
    assert token.group(1) not in await browser.text("/desk/tokens")
    me = await (await desk.api("GET", "/api/v1/me", token.group(1))).json()
    assert me["username"] == "congan"
    assert me["department"]["code"] == "cong_an_tinh"

    async with desk.database.session() as session:
        row = await session.get(ApiToken, 1)
        assert row is not None
        assert token.group(1) not in row.token_hash
    await browser.get("/desk/tokens")
    await browser.post("/desk/tokens/1/revoke")
    assert (await desk.api("GET", "/api/v1/me", token.group(1))).status == 401
    # another official's token id is not found
    other = await desk.signed_in("tiepdan")
    assert (await other.post("/desk/tokens/1/revoke")).status == 404


async def test_the_openapi_document_describes_every_api_route(desk: Desk) -> None:
    token = await desk.token("tiepdan")
    response = await desk.api("GET", "/api/v1/openapi.json", token)
    document = await response.json()
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    documented = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    actions = {
        "/api/v1/petitions/{petition_id}/{action}": [
            "claim",
            "assign",
            "replies",
            "notes",
            "request-information",
            "transfer",
            "merge",
            "resolve",
            "reopen",
            "accept",
            "refuse",
            "extend",
            "forward",
            "second-complaint",
        ],
        "/api/v1/handoffs/{handoff_id}/{action}": ["hold", "messages", "hand-back"],
    }
    served = set()
    for route in desk.client.app.router.routes():
        canonical = route.resource.canonical if route.resource else ""
        if route.method == "HEAD" or not canonical.startswith("/api/v1"):
            continue
        for action in actions.get(canonical, [None]):
            path = canonical.replace("{action}", action) if action else canonical
            served.add((route.method, path))
    assert documented == served
    assert len(desk_routes(desk.client.app)) > 0
    # a signed-in browser may read it too; a stranger may not
    browser = await desk.signed_in("tiepdan")
    assert (await browser.get("/api/v1/openapi.json")).status == 200
    assert (await desk.api("GET", "/api/v1/openapi.json", None)).status == 401
