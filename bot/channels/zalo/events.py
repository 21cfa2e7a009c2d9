"""Reading a Zalo event into the Incoming the inbox stores (or None for one it ignores)."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.channels.zalo.fields import as_dict, as_int, as_str
from bot.intake import AttachmentSpec, Incoming, location_text
from core.phones import normalize_shared_phone
from core.text import nfc
from storage.models import Channel

TEXT_LIMIT = 2000
USER_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
FILE_EVENTS = {"user_send_file", "user_send_audio", "user_send_video"}


class BadEvent(ValueError):
    """The body is not a JSON object."""


def timestamp_of(data: dict[str, Any]) -> str | None:
    value = data.get("timestamp")
    if isinstance(value, str) and value:
        return value
    if type(value) is int:  # documented as a string; tolerate a number
        return str(value)
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
        coordinates = as_dict(as_dict(item.get("payload")).get("coordinates"))
        if coordinates:
            return _coordinates(coordinates.get("latitude"), coordinates.get("longitude"))
    location = as_dict(message.get("location"))
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
    timestamp = timestamp_of(data) or ""
    user = as_str(as_dict(data.get("follower" if event == "follow" else "sender")).get("id"))
    if user is None or not USER_ID.match(user):
        return None
    message = as_dict(data.get("message"))
    msg_id = as_str(message.get("msg_id"))
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
            if (url := as_str(as_dict(item.get("payload")).get("url")))
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
        files = [as_dict(item.get("payload")) for item in _attachments(message)]
        files = [f for f in files if as_str(f.get("url"))]
        if not files:
            return None
        attachments = [
            AttachmentSpec(
                "file",
                reference=as_str(f.get("url")),
                name=as_str(f.get("name")),
                size=as_int(f.get("size")),
            )
            for f in files
        ]
        payload["file"] = {"url": as_str(files[0].get("url")), "name": as_str(files[0].get("name"))}
        text = "/share_file"
    elif event == "follow":
        text = "/greet"
    elif event == "user_submit_info":
        info = as_dict(data.get("info"))
        phone = normalize_shared_phone(info.get("phone"))
        name = as_str(info.get("name"))
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
