"""A fake Telegram Bot API: enough of it for the gateway to run against unchanged.

It records every call, hands out queued updates to getUpdates, and can be told to fail the next
calls (429 with retry_after, 500, 403...). Start it with `async with FakeBotAPI(token) as api:`;
`api.base_url` is what `telegram_api_base_url` should be set to.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument")


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass
class Failure:
    status: int
    retry_after: int | None
    description: str
    methods: tuple[str, ...]
    skip: int = 0  # matching calls to let through before this failure applies
    migrate_to_chat_id: int | None = None  # a group upgraded to a supergroup


def _decode(value: str) -> Any:
    # PTB form-encodes parameters, JSON-encoding the ones that are not strings
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeBotAPI:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.updates: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] = {}
        self._new_update = asyncio.Event()
        self._message_ids = itertools.count(1000)
        self._server: TestServer | None = None
        # files citizens "sent", served by getFile and /file/bot<token>/<path> as the Bot API does
        self.files: dict[str, bytes] = {}
        self.file_downloads: list[str] = []

    # --- what tests use

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("")).rstrip("/")

    def fail_next(
        self,
        count: int,
        status: int = 500,
        *,
        retry_after: int | None = None,
        description: str | None = None,
        methods: tuple[str, ...] = SEND_METHODS,
        after: int = 0,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Fails `count` calls to `methods`, starting after `after` successful ones."""
        text = description or {
            429: f"Too Many Requests: retry after {retry_after}",
            403: "Forbidden: bot was blocked by the user",
            400: "Bad Request: chat not found",
        }.get(status, "Internal Server Error")
        self.failures += [
            Failure(status, retry_after, text, methods, migrate_to_chat_id=migrate_to_chat_id)
            for _ in range(count)
        ]
        if count > 0:
            self.failures[-count].skip = after

    def queue_update(self, update: dict[str, Any]) -> None:
        self.updates.append(update)
        self._new_update.set()

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def sent_texts(self) -> list[str]:
        return [str(c.params.get("text")) for c in self.calls_to("sendMessage")]

    # --- the server

    async def __aenter__(self) -> FakeBotAPI:
        app = web.Application(client_max_size=32 * 1024 * 1024)  # uploads of photos and PDFs
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        await self._server.close()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = {k: _decode(v) for k, v in request.query.items()}
        if request.content_type == "application/json":
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
        elif request.can_read_body:
            form = await request.post()
            params.update({k: _decode(v) for k, v in form.items() if isinstance(v, str)})
            # a multipart upload (sendPhoto / sendDocument with the file's bytes): kept whole,
            # so a test can check what reached the citizen
            params.update(
                {
                    k: Upload(v.filename, v.content_type, v.file.read())
                    for k, v in form.items()
                    if isinstance(v, web.FileField)
                }
            )
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append(Call(method, params))
        failure = next((f for f in self.failures if method in f.methods), None)
        if failure is not None and failure.skip > 0:
            failure.skip -= 1
            failure = None
        if failure is not None:
            self.failures.remove(failure)
            answer: dict[str, Any] = {
                "ok": False,
                "error_code": failure.status,
                "description": failure.description,
            }
            if failure.retry_after is not None:
                answer["parameters"] = {"retry_after": failure.retry_after}
            if failure.migrate_to_chat_id is not None:
                answer["parameters"] = {"migrate_to_chat_id": failure.migrate_to_chat_id}
            return web.json_response(answer, status=failure.status)
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        result = await handler(params)
        return web.json_response({"ok": True, "result": result})

    def _message(self, chat_id: Any, **extra: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": int(chat_id), "type": "private"},
            "from": {"id": 1, "is_bot": True, "first_name": "Bot"},
            **extra,
        }

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params["chat_id"], text=str(params["text"]))

    async def _sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        size = {"file_id": "AgAD", "file_unique_id": "u1", "width": 90, "height": 90}
        return self._message(params["chat_id"], photo=[size])

    async def _sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        document = {"file_id": "BQAD", "file_unique_id": "d1", "file_name": "file.pdf"}
        return self._message(params["chat_id"], document=document)

    async def _answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        return True

    async def _getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise web.HTTPBadRequest(
                text=json.dumps(
                    {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
                ),
                content_type="application/json",
            )
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(self.files[file_id]),
            "file_path": f"photos/{file_id}.jpg",
        }

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        self.file_downloads.append(path)
        file_id = path.rsplit("/", 1)[-1].removesuffix(".jpg")
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    async def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"id": 1, "is_bot": True, "first_name": "Bot", "username": "fake_bot"}

    async def _getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        # confirming an offset forgets the updates before it, as Telegram does
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates:
            self._new_update.clear()
            timeout = min(float(params.get("timeout") or 0), 2.0)
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout)
            except asyncio.TimeoutError:
                return []
        return list(self.updates)

    async def _setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = dict(params)
        return True

    async def _deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    async def _getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
            "allowed_updates": self.webhook.get("allowed_updates"),
        }
