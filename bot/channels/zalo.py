"""Zalo Official Account: the event webhook, the sender, and the rotating access token.

The webhook only checks, stores and answers (Zalo wants 200 within 2 s and switches a slow
webhook off); Rasa is reached later by the inbox worker. Zalo OA messages have no buttons, so
Rasa's buttons are shown as numbered lines and a typed number or title is mapped back to the
button's payload against the assistant's latest answer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import io
import json
import logging
import re
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.channels.base import RetryLater, Undeliverable
from bot.channels.parts import PartProgress, Step
from bot.intake import AttachmentSpec, Incoming, accept, location_text
from bot.keys import DATABASE, SETTINGS
from bot.splitting import split_text
from core.phones import normalize_shared_phone
from core.settings import Settings
from core.text import nfc
from core.words import words_for
from storage import media
from storage.db import Database
from storage.job_locks import JobLock
from storage.models import Channel, ChannelCredential, Citizen, utcnow
from storage.object_store import open_store
from storage.services import credentials, messaging
from storage.services.reply_files import KeptFile

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-ZEvent-Signature"
CREDENTIAL_NAME = "zalo"
TEXT_LIMIT = 2000
USER_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
FILE_EVENTS = {"user_send_file", "user_send_audio", "user_send_video"}

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
# the picture on Zalo's contact form, served by the gateway (ROUTES below)
CONTACT_IMAGE_PATH = "/static/contact-card.png"

REFRESH_AHEAD = dt.timedelta(minutes=30)
# how often a gateway without the rotation's lock looks whether it is free
LOCK_RETRY_SECONDS = 60.0
# a token taken from the settings has an unknown age: assume little is left, so it is rotated
# soon after start (an already expired one is caught by -216 and refreshed at once)
SEEDED_TOKEN_LIFETIME = dt.timedelta(hours=1)
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15)


class BadEvent(ValueError):
    """The body is not a JSON object."""


# --- the webhook


def expected_signature(app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """sha256_hex(app_id + body + timestamp + OA secret key), per the community's reading of
    Zalo's docs (unconfirmed against an official page; see docs/PROTOCOLS.md)."""
    digest = hashlib.sha256()
    digest.update(app_id.encode("utf-8"))
    digest.update(raw_body)
    digest.update(timestamp.encode("utf-8"))
    digest.update(oa_secret_key.encode("utf-8"))
    return digest.hexdigest()


def signature_matches(
    header: str | None, app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str
) -> bool:
    if not header:
        return False
    given = header.strip()
    if given[:4].lower() == "mac=":  # some senders prefix it
        given = given[4:]
    expected = expected_signature(app_id, raw_body, timestamp, oa_secret_key)
    return hmac.compare_digest(given.lower().encode("utf-8", "replace"), expected.encode())


def _timestamp_of(data: dict[str, Any]) -> str | None:
    value = data.get("timestamp")
    if isinstance(value, str) and value:
        return value
    if type(value) is int:  # documented as a string; tolerate a number
        return str(value)
    return None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    if isinstance(value, str) and value:
        return value
    if type(value) is int:
        return str(value)
    return None


def _int(value: object) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _coordinates(latitude: object, longitude: object) -> tuple[float, float] | None:
    try:
        lat, lon = float(str(latitude)), float(str(longitude))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also false for nan; inf fails above
        return None
    return lat, lon


def _attachments(message: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    items = message.get("attachments")
    if not isinstance(items, list):
        return []
    found = [item for item in items if isinstance(item, dict)]
    return [item for item in found if kind is None or item.get("type") == kind]


def _location(message: dict[str, Any]) -> tuple[float, float] | None:
    # the coordinates come in an attachment's payload in most samples, in message.location in
    # one: accept both
    for item in _attachments(message):
        coordinates = _dict(_dict(item.get("payload")).get("coordinates"))
        if coordinates:
            return _coordinates(coordinates.get("latitude"), coordinates.get("longitude"))
    location = _dict(message.get("location"))
    if location:
        return _coordinates(location.get("latitude"), location.get("longitude"))
    return None


def parse_event(data: object) -> Incoming | None:
    """One Zalo event as the inbox stores it; None for events the assistant ignores."""
    if not isinstance(data, dict):
        raise BadEvent("body must be a JSON object")
    event = data.get("event_name")
    if not isinstance(event, str) or event.startswith("oa_send_"):
        return None  # oa_send_*: the OA's own messages echoed back; answering them loops
    timestamp = _timestamp_of(data) or ""
    user = _str(_dict(data.get("follower" if event == "follow" else "sender")).get("id"))
    if user is None or not USER_ID.match(user):
        return None
    message = _dict(data.get("message"))
    msg_id = _str(message.get("msg_id"))
    # follow and form answers carry no msg_id: name + user + time identifies them
    platform_id = msg_id or f"{event}:{user}:{timestamp}"
    payload: dict[str, Any] = {"zalo": {"event_name": event, "timestamp": timestamp}}
    if msg_id:
        payload["zalo"]["msg_id"] = msg_id
    attachments: list[AttachmentSpec] = []
    text: str
    if event == "user_send_text":
        text = nfc(str(message.get("text") or "")).strip()[:TEXT_LIMIT]
        if not text:
            return None
    elif event == "user_send_image":
        urls = [
            url
            for item in _attachments(message, "image")
            if (url := _str(_dict(item.get("payload")).get("url")))
        ]
        if not urls:
            return None
        attachments = [AttachmentSpec("photo", reference=url) for url in urls]
        payload["photo"] = {"url": urls[0], "count": len(urls)}
        caption = nfc(str(message.get("text") or "")).strip()[:TEXT_LIMIT]
        if caption:
            payload["photo"]["caption"] = caption
        text = caption or "/share_photo"
    elif event == "user_send_location":
        point = _location(message)
        if point is None:
            return None
        lat, lon = point
        payload["location"] = {"latitude": lat, "longitude": lon}
        attachments = [AttachmentSpec("location", latitude=lat, longitude=lon)]
        text = location_text(lat, lon)
    elif event in FILE_EVENTS:
        files = [_dict(item.get("payload")) for item in _attachments(message)]
        files = [f for f in files if _str(f.get("url"))]
        if not files:
            return None
        attachments = [
            AttachmentSpec(
                "file",
                reference=_str(f.get("url")),
                name=_str(f.get("name")),
                size=_int(f.get("size")),
            )
            for f in files
        ]
        payload["file"] = {"url": _str(files[0].get("url")), "name": _str(files[0].get("name"))}
        text = "/share_file"
    elif event == "follow":
        text = "/greet"
    elif event == "user_submit_info":
        info = _dict(data.get("info"))
        phone = normalize_shared_phone(info.get("phone"))
        name = _str(info.get("name"))
        if name:
            payload["name"] = nfc(name)[:200]
        if phone:
            payload["contact"] = {"phone": phone, "source": "zalo_form"}
            text = "/share_contact" + json.dumps({"phone": phone})
        else:
            text = "/share_contact"
    else:  # unfollow, stickers, links, reactions...: nothing to answer
        return None
    return Incoming(Channel.ZALO, platform_id, user, text, payload, None, tuple(attachments))


def choose_button(text: str, buttons: list[dict[str, Any]]) -> str | None:
    """The payload of the button a typed "2", "2." or title names, if any."""
    typed = text.strip().rstrip(".)").strip()
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        payload = buttons[int(typed) - 1].get("payload")
        return payload if isinstance(payload, str) else None
    folded = nfc(text).strip().casefold()
    for button in buttons:
        title, payload = button.get("title"), button.get("payload")
        if isinstance(title, str) and isinstance(payload, str) and title.casefold() == folded:
            return payload
    return None


async def _with_button_choice(app: web.Application, incoming: Incoming) -> Incoming:
    if incoming.text.startswith("/") or len(incoming.text) > 200:
        return incoming
    async with app[DATABASE].session() as session:
        citizen = await messaging.citizen_by_sender(session, f"zalo:{incoming.user_id}")
        if citizen is None:
            return incoming
        buttons = await messaging.latest_reply_buttons(session, citizen.id)
    payload = choose_button(incoming.text, buttons) if buttons else None
    if payload is None:
        return incoming
    return Incoming(
        incoming.channel,
        incoming.platform_message_id,
        incoming.user_id,
        payload,
        {**incoming.payload, "typed": incoming.text, "button": True},
        incoming.display_name,
        incoming.attachments,
    )


async def webhook(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    header = request.headers.get(SIGNATURE_HEADER)
    if not header or settings.zalo_oa_secret_key is None:
        raise web.HTTPUnauthorized()
    raw = await request.read()  # the exact bytes are signed; 413 past client_max_size
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text="body is not JSON") from None
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    timestamp = _timestamp_of(data)
    app_id = settings.zalo_app_id or (_str(data.get("app_id")) or "")
    if timestamp is None or not signature_matches(
        header, app_id, raw, timestamp, settings.zalo_oa_secret_key.get_secret_value()
    ):
        raise web.HTTPUnauthorized()
    incoming = parse_event(data)
    if incoming is not None:
        if incoming.payload["zalo"]["event_name"] == "user_send_text":
            incoming = await _with_button_choice(request.app, incoming)
        await accept(request.app, incoming)
    return web.Response(status=200)


CONTACT_IMAGE = Path(__file__).resolve().parent.parent / "static" / "contact-card.png"


async def contact_image(request: web.Request) -> web.FileResponse:
    return web.FileResponse(CONTACT_IMAGE, headers={"Cache-Control": "public, max-age=86400"})


ROUTES = [
    web.post("/webhooks/zalo", webhook),
    web.get(CONTACT_IMAGE_PATH, contact_image),
]


# --- tokens


class ZaloTokens:
    """The live access/refresh pair, shared by every gateway through `channel_credentials`."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self._lock = asyncio.Lock()
        self._current: ChannelCredential | None = None
        self._http: aiohttp.ClientSession | None = None

    def attach_http(self, http: aiohttp.ClientSession) -> None:
        self._http = http

    async def _load(self) -> ChannelCredential:
        settings = self.settings
        async with self.database.transaction() as session:
            stored = await credentials.get_credential(session, CREDENTIAL_NAME)
            if stored is None:
                assert settings.zalo_access_token is not None
                if settings.zalo_refresh_token is None:
                    raise RetryLater("ZALO_REFRESH_TOKEN is not set and no token is stored")
                stored = await credentials.seed_credential(
                    session,
                    CREDENTIAL_NAME,
                    access_token=settings.zalo_access_token.get_secret_value(),
                    refresh_token=settings.zalo_refresh_token.get_secret_value(),
                    expires_at=utcnow() + SEEDED_TOKEN_LIFETIME,
                )
        self._current = stored
        return stored

    async def current(self) -> ChannelCredential:
        credential = self._current or await self._load()
        if credential.expires_at - utcnow() < REFRESH_AHEAD:
            credential = await self.refresh(stale=credential.access_token)
        return credential

    async def access_token(self) -> str:
        return (await self.current()).access_token

    async def refresh(self, stale: str) -> ChannelCredential:
        """Rotates the pair unless someone (this process or another) already replaced `stale`."""
        async with self._lock:
            stored = await self._load()
            if stored.access_token != stale and stored.expires_at - utcnow() >= REFRESH_AHEAD:
                return stored
            answer = await self._ask_for_new_pair(stored.refresh_token)
            if answer is None:
                # another gateway may have spent the (single-use) refresh token first
                again = await self._load()
                if again.version != stored.version:
                    return again
                raise RetryLater("zalo token refresh failed")
            access, refresh, lifetime = answer
            async with self.database.transaction() as session:
                replaced = await credentials.replace_credential(
                    session,
                    CREDENTIAL_NAME,
                    expected_version=stored.version,
                    access_token=access,
                    refresh_token=refresh,
                    expires_at=utcnow() + dt.timedelta(seconds=lifetime),
                )
            if not replaced:  # cannot happen while refresh tokens are single-use; be safe
                logger.error("Zalo token pair changed under a refresh; keeping the stored one")
            logger.info("Zalo access token rotated")
            return await self._load()

    async def _ask_for_new_pair(self, refresh_token: str) -> tuple[str, str, int] | None:
        settings = self.settings
        assert self._http is not None
        secret = settings.zalo_app_secret.get_secret_value() if settings.zalo_app_secret else ""
        url = f"{settings.zalo_oauth_base_url.rstrip('/')}/v4/oa/access_token"
        form = {
            "refresh_token": refresh_token,
            "app_id": settings.zalo_app_id,
            "grant_type": "refresh_token",
        }
        try:
            async with self._http.post(url, data=form, headers={"secret_key": secret}) as response:
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.warning("Zalo token refresh failed: %s", type(error).__name__)
            return None
        answer = _dict(answer)
        access, refresh = _str(answer.get("access_token")), _str(answer.get("refresh_token"))
        if not access or not refresh:
            logger.error(
                "Zalo refused the token refresh: HTTP %d, error %s",
                response.status,
                answer.get("error"),
            )
            return None
        lifetime = _int(answer.get("expires_in")) or 90000  # a string of seconds
        return access, refresh, lifetime

    async def keep_fresh(self, idle: float = 3600.0, lock: JobLock | None = None) -> None:
        """Background task: rotates ahead of expiry even with no traffic, which also keeps the
        three-month refresh token alive. With several gateways, the one holding `lock` does it
        (the others still rotate on demand, safely: the pair is compare-and-set)."""
        while True:
            try:
                if lock is not None and not await lock.held():
                    await asyncio.sleep(LOCK_RETRY_SECONDS)
                    continue
                credential = await self.current()
                left = (credential.expires_at - utcnow() - REFRESH_AHEAD).total_seconds()
                await asyncio.sleep(min(max(left, 30.0), idle))
            except RetryLater as error:
                logger.warning("Zalo token not refreshed: %s", error)
                await asyncio.sleep(60.0)
            except Exception:  # the database or Zalo down: the task must outlive it
                logger.exception("Zalo token rotation failed")
                await asyncio.sleep(60.0)


# --- sending


def _with_button_lines(text: str, buttons: object) -> str:
    if not isinstance(buttons, list):
        return text
    titles = [
        b["title"] for b in buttons if isinstance(b, dict) and isinstance(b.get("title"), str)
    ]
    if not titles:
        return text
    lines = "\n".join(f"{number}. {title}" for number, title in enumerate(titles, start=1))
    return f"{text}\n\n{lines}" if text else lines


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
        text = _with_button_lines(text if isinstance(text, str) else str(text), body.get("buttons"))
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
                answer = _dict(await response.json(content_type=None))
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RetryLater(f"zalo upload {type(error).__name__}") from error
        code = _int(answer.get("error"))
        if code is None:
            raise RetryLater(f"zalo upload answered HTTP {response.status} without an error code")
        found = _dict(answer.get("data")).get("attachment_id" if file.kind == "photo" else "token")
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
        code = _int(_dict(answer).get("error"))
        if code is None:
            raise RetryLater(f"zalo answered HTTP {response.status} without an error code")
        return code


ZALO = web.AppKey("zalo", ZaloSender)
