"""Sending replies to Zalo: texts, images, the contact form and uploaded files, and Zalo's error
codes mapped to the outbox's two kinds of failure."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any

import aiohttp
from aiohttp import web

from bot.channels.base import RetryLater, Undeliverable
from bot.channels.parts import PartProgress, Step
from bot.channels.zalo.buttons import with_button_lines
from bot.channels.zalo.events import TEXT_LIMIT
from bot.channels.zalo.fields import as_dict, as_int
from bot.channels.zalo.tokens import ZaloTokens
from bot.channels.zalo.webhook import CONTACT_IMAGE_PATH
from bot.splitting import split_text
from core.settings import Settings
from core.words import words_for
from storage import media
from storage.db import Database
from storage.models import Channel, Citizen
from storage.object_store import open_store
from storage.services.reply_files import KeptFile

logger = logging.getLogger(__name__)

TOKEN_INVALID = {-216, -220}
RATE_LIMITED = -32
# the user does not follow the OA, or has not written within the 7-day window; -201: a bad
# parameter, which no retry fixes
REFUSED = {-213, -230, -232, -201}
RATE_LIMIT_WAIT = 60.0
# upload limits as reported by integrators (../shared/docs/PROTOCOLS.md, unconfirmed): a photo
# is made smaller to fit, a larger PDF is not sent
ZALO_IMAGE_BYTES = 1024 * 1024
ZALO_FILE_BYTES = 5 * 1024 * 1024
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15)


def _image_message(url: str) -> dict[str, Any]:
    element = {"media_type": "image", "url": url}
    template = {"template_type": "media", "elements": [element]}
    return {"attachment": {"type": "template", "payload": template}}


def _request_user_info(language: str, image_url: str | None) -> dict[str, Any]:
    """Zalo's own form for the user's name and phone; the answer comes back as a
    `user_submit_info` event (read as /share_contact)."""
    words = words_for(language)
    element: dict[str, Any] = {
        "title": words.gettext("citizen_contact_card_title"),
        "subtitle": words.gettext("citizen_contact_card_subtitle"),
    }
    if image_url:
        element["image_url"] = image_url
    template = {"template_type": "request_user_info", "elements": [element]}
    return {"attachment": {"type": "template", "payload": template}}


def _file_message(kind: str, reference: str) -> dict[str, Any]:
    if kind == "photo":
        element = {"media_type": "image", "attachment_id": reference}
        template = {"template_type": "media", "elements": [element]}
        return {"attachment": {"type": "template", "payload": template}}
    return {"attachment": {"type": "file", "payload": {"token": reference}}}


class ZaloSender:
    channel = Channel.ZALO

    def __init__(self, settings: Settings, database: Database) -> None:
        base = settings.zalo_api_base_url.rstrip("/")
        self.url = f"{base}/v3.0/oa/message/cs"
        # an official's photo or PDF is uploaded first, then sent by the id Zalo gives it
        self.upload_urls = {
            "photo": f"{base}/v2.0/oa/upload/image",
            "document": f"{base}/v2.0/oa/upload/file",
        }
        self.files = open_store(settings)
        public = settings.public_base_url.rstrip("/")
        self.contact_image = f"{public}{CONTACT_IMAGE_PATH}" if public else None
        self.tokens = ZaloTokens(settings, database)
        self._http: aiohttp.ClientSession | None = None
        self._progress = PartProgress()

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None:  # made on first use, inside the running loop
            self._http = aiohttp.ClientSession(timeout=HTTP_TIMEOUT)
            self.tokens.attach_http(self._http)
        return self._http

    async def start(self) -> None:
        self._session()
        await self.tokens.current()  # seeds the table from the settings when empty

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def deliver(self, citizen: Citizen, body: dict[str, Any]) -> None:
        self._session()
        user_id = citizen.channel_user_id
        custom = body.get("custom") if isinstance(body.get("custom"), dict) else {}
        assert isinstance(custom, dict)
        text = body.get("text") or custom.get("text") or ""
        text = with_button_lines(text if isinstance(text, str) else str(text), body.get("buttons"))
        messages: list[dict[str, Any]] = [{"text": part} for part in split_text(text, TEXT_LIMIT)]
        if isinstance(body.get("image"), str):
            messages.append(_image_message(body["image"]))
        if custom.get("request") == "phone":
            messages.append(_request_user_info(citizen.language, self.contact_image))
        file = KeptFile.from_body(body.get("file"))
        if not messages and file is None:
            logger.warning("reply with nothing Zalo can show skipped (keys %s)", sorted(body))
            return
        steps = [self._step(user_id, m) for m in messages]
        if file is not None:
            steps.append(self._file_step(user_id, file))
        await self._progress.run(citizen.id, body, steps)

    def _file_step(self, user_id: str, file: KeptFile) -> Step:
        async def step() -> None:
            data = await asyncio.to_thread(self.files.get, file.sha256)
            if data is None:
                raise Undeliverable(f"file {file.sha256[:12]} is not in the file store")
            if file.kind == "photo":
                try:
                    data = await asyncio.to_thread(media.fitting, data, ZALO_IMAGE_BYTES)
                except media.Refused:
                    raise Undeliverable("photo cannot be made small enough for Zalo") from None
            elif len(data) > ZALO_FILE_BYTES:
                raise Undeliverable("file larger than Zalo takes")
            reference = await self._upload(file, data)
            await self._send(user_id, _file_message(file.kind, reference))

        return step

    async def _upload(self, file: KeptFile, data: bytes) -> str:
        """Zalo's attachment_id (image) or token (file) for the uploaded bytes."""
        token = await self.tokens.access_token()
        code, reference = await self._post_upload(token, file, data)
        if code in TOKEN_INVALID:
            token = (await self.tokens.refresh(stale=token)).access_token
            code, reference = await self._post_upload(token, file, data)
        if code == 0 and reference:
            return reference
        if code == RATE_LIMITED:
            raise RetryLater("zalo rate limited (-32) on upload", after=RATE_LIMIT_WAIT)
        if code in REFUSED:
            raise Undeliverable(f"zalo refused the upload ({code})")
        raise RetryLater(f"zalo upload error {code}")

    async def _post_upload(self, token: str, file: KeptFile, data: bytes) -> tuple[int, str | None]:
        form = aiohttp.FormData()
        form.add_field("file", io.BytesIO(data), filename=file.name, content_type=file.mime)
        try:
            async with self._session().post(
                self.upload_urls[file.kind], data=form, headers={"access_token": token}
            ) as response:
                if response.status >= 500:
                    raise RetryLater(f"zalo upload HTTP {response.status}")
                answer = as_dict(await response.json(content_type=None))
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RetryLater(f"zalo upload {type(error).__name__}") from error
        code = as_int(answer.get("error"))
        if code is None:
            raise RetryLater(f"zalo upload answered HTTP {response.status} without an error code")
        found = as_dict(answer.get("data")).get(
            "attachment_id" if file.kind == "photo" else "token"
        )
        return code, str(found) if found else None

    def _step(self, user_id: str, message: dict[str, Any]) -> Step:
        async def step() -> None:
            await self._send(user_id, message)

        return step

    async def _send(self, user_id: str, message: dict[str, Any]) -> None:
        token = await self.tokens.access_token()
        code = await self._post(token, user_id, message)
        if code in TOKEN_INVALID:
            # expired or revoked: rotate (or pick up another gateway's rotation) and retry once
            token = (await self.tokens.refresh(stale=token)).access_token
            code = await self._post(token, user_id, message)
        if code == 0:
            return
        if code == RATE_LIMITED:
            raise RetryLater("zalo rate limited (-32)", after=RATE_LIMIT_WAIT)
        if code in REFUSED:
            raise Undeliverable(f"zalo refused ({code})")
        raise RetryLater(f"zalo error {code}")

    async def _post(self, token: str, user_id: str, message: dict[str, Any]) -> int:
        """Zalo's error code for one send (0 is success); passing failures raise RetryLater."""
        body = {"recipient": {"user_id": user_id}, "message": message}
        try:
            async with self._session().post(
                self.url, json=body, headers={"access_token": token}
            ) as response:
                if response.status >= 500:
                    raise RetryLater(f"zalo HTTP {response.status}")
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RetryLater(f"zalo {type(error).__name__}") from error
        code = as_int(as_dict(answer).get("error"))
        if code is None:
            raise RetryLater(f"zalo answered HTTP {response.status} without an error code")
        return code


ZALO = web.AppKey("zalo", ZaloSender)
