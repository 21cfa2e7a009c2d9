"""What every platform webhook does once it has parsed an update: store it, then wake the inbox.

The message (and its attachments) is committed before the platform is acknowledged, so a crash
loses nothing: the platform redelivers, and the unique (channel, platform id) makes the
redelivery a no-op that is acknowledged again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
from typing import Any

from aiohttp import web

from bot.keys import DATABASE, FETCHER, INBOUND
from bot.metrics import MESSAGES_DUPLICATE, MESSAGES_RECEIVED
from bot.ratelimit import LIMITER
from storage.models import Channel, utcnow
from storage.services import attachments, messaging

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class AttachmentSpec:
    kind: str  # photo | file | location
    reference: str | None = None
    name: str | None = None
    size: int | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclasses.dataclass(frozen=True)
class Incoming:
    """One platform update turned into what the inbox stores."""

    channel: Channel
    platform_message_id: str
    user_id: str
    text: str
    payload: dict[str, Any]
    display_name: str | None = None
    attachments: tuple[AttachmentSpec, ...] = ()


def clean(value: Any) -> Any:
    """Strings a database can store: no NUL (PostgreSQL refuses it), no lone surrogates (a JSON
    escape like \\ud800 decodes to one, and UTF-8 cannot encode it)."""
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, float) and not math.isfinite(value):  # JSON's NaN: PostgreSQL refuses it
        return None
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def location_text(latitude: float, longitude: float) -> str:
    """The structured Rasa message for a shared location (intent and entities without NLU)."""
    return "/share_location" + json.dumps({"latitude": latitude, "longitude": longitude})


async def accept(app: web.Application, incoming: Incoming) -> bool:
    """Stores the message once; returns False for a redelivery (which is only acknowledged)."""
    database = app[DATABASE]
    channel = incoming.channel.value
    sender = f"{channel}:{incoming.user_id}"
    wait = await app[LIMITER].delay(sender)
    hold_until = utcnow() + dt.timedelta(seconds=wait) if wait > 0 else None
    async with database.session() as session:
        message, created = await messaging.record_inbound(
            session,
            hold_until=hold_until,
            channel=incoming.channel,
            platform_message_id=clean(incoming.platform_message_id)[:128],
            channel_user_id=clean(incoming.user_id)[:128],
            text=clean(incoming.text),
            payload=clean(incoming.payload),
            display_name=clean(incoming.display_name),
        )
        # checked on redeliveries too: a crash between the two commits must not lose the photo
        if incoming.attachments and not await attachments.attachments_of_message(
            session, message.id
        ):
            for spec in incoming.attachments:
                await attachments.add_attachment(
                    session,
                    citizen_id=message.citizen_id,
                    inbox_message_id=message.id,
                    **clean(dataclasses.asdict(spec)),
                )
            await session.commit()
    if created and hold_until is not None:
        logger.info("holding inbox %d back %.1f s (sender over its rate)", message.id, wait)
    if not created:
        await app[LIMITER].refund(sender)
    if created:
        MESSAGES_RECEIVED.labels(channel=channel).inc()
        app[INBOUND].wake.set()
        if incoming.attachments:
            app[FETCHER].wake.set()
    else:
        MESSAGES_DUPLICATE.labels(channel=channel).inc()
    return created
