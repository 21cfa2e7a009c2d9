"""A fake Zalo OA Open API (send) and OAuth server (token refresh) in one aiohttp app.

It checks the access token on every send (-216 when it is not the live one), rotates the pair on
refresh with single-use refresh tokens, records every request, and can be told to fail the next
sends with a Zalo error code or an HTTP status. `api.base_url` serves as both
`zalo_api_base_url` and `zalo_oauth_base_url`.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class Uploaded:
    path: str
    filename: str
    content_type: str
    data: bytes


class FakeZaloAPI:
    def __init__(self, *, app_id: str, app_secret: str, access_token: str, refresh_token: str):
        self.app_id = app_id
        self.app_secret = app_secret
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.requests: list[Request] = []
        self.failures: list[tuple[int, int]] = []  # (zalo error code, HTTP status)
        self._numbers = itertools.count(1)
        self._server: TestServer | None = None
        # what citizens "sent": Zalo gives a URL for each image or file, served here
        self.media: dict[str, bytes] = {}
        # what the OA uploaded, by the attachment_id or token given back
        self.uploads: dict[str, Uploaded] = {}

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("")).rstrip("/")

    def media_url(self, name: str) -> str:
        return f"{self.base_url}/media/{name}"

    def fail_next(self, count: int, error: int = -1, *, http_status: int = 200) -> None:
        self.failures += [(error, http_status)] * count

    def expire_access_token(self) -> None:
        """The live access token stops working; the refresh token still does."""
        self.access_token = f"expired-{next(self._numbers)}"

    @property
    def sends(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/v3.0/oa/message/cs"]

    @property
    def refreshes(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/v4/oa/access_token"]

    def sent_texts(self) -> list[str]:
        return [
            r.body["message"]["text"] for r in self.sends if "text" in r.body.get("message", {})
        ]

    async def __aenter__(self) -> FakeZaloAPI:
        app = web.Application(client_max_size=32 * 1024 * 1024)  # uploads of photos and PDFs
        app.router.add_post("/v3.0/oa/message/cs", self._send)
        app.router.add_post("/v4/oa/access_token", self._refresh)
        app.router.add_get("/media/{name}", self._media)
        app.router.add_post("/v2.0/oa/upload/image", self._upload)
        app.router.add_post("/v2.0/oa/upload/file", self._upload)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        await self._server.close()

    async def _media(self, request: web.Request) -> web.Response:
        data = self.media.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def _upload(self, request: web.Request) -> web.Response:
        """Image: `data.attachment_id`; file: `data.token` (both used once in a send)."""
        form = await request.post()
        self.requests.append(Request(request.path, dict(request.headers), {}))
        if request.headers.get("access_token") != self.access_token:
            return web.json_response({"error": -216, "message": "Access token is invalid"})
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return web.json_response({"error": -201, "message": "file is missing"})
        reference = f"up{next(self._numbers)}"
        self.uploads[reference] = Uploaded(
            request.path, upload.filename, upload.content_type, upload.file.read()
        )
        key = "attachment_id" if request.path.endswith("/image") else "token"
        return web.json_response({"error": 0, "message": "Success", "data": {key: reference}})

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(Request(request.path, dict(request.headers), body))
        if request.headers.get("access_token") != self.access_token:
            return web.json_response({"error": -216, "message": "Access token is invalid"})
        if self.failures:
            error, status = self.failures.pop(0)
            if status >= 500:
                return web.Response(status=status, text="upstream error")
            return web.json_response({"error": error, "message": "failure asked for by the test"})
        message_id = f"m{next(self._numbers)}"
        user_id = body["recipient"]["user_id"]
        return web.json_response(
            {
                "error": 0,
                "message": "Success",
                "data": {"message_id": message_id, "user_id": user_id},
            }
        )

    async def _refresh(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.requests.append(Request(request.path, dict(request.headers), form))
        valid = (
            request.headers.get("secret_key") == self.app_secret
            and form.get("app_id") == self.app_id
            and form.get("grant_type") == "refresh_token"
            and form.get("refresh_token") == self.refresh_token
        )
        if not valid:
            return web.json_response({"error": -14014, "error_name": "Invalid refresh token"})
        number = next(self._numbers)
        self.access_token = f"access-{number}"
        self.refresh_token = f"refresh-{number}"  # single use: the old one is dead now
        return web.json_response(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_in": "90000",
            }
        )
