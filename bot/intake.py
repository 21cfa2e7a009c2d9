"""What every platform webhook does once it has parsed an update: store it, then wake the inbox.

The message (and its attachments) is committed before the platform is acknowledged, so a crash
loses nothing: the platform redelivers, and the unique (channel, platform id) makes the
redelivery a no-op that is acknowledged again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from aiohttp import web

from bot.incoming import AttachmentSpec, Incoming, clean
from bot.intake_batch import INTAKE
from bot.keys import FETCHER, INBOUND
from bot.metrics import MESSAGES_DUPLICATE, MESSAGES_RECEIVED
from bot.ratelimit import LIMITER
from storage.models import utcnow

__all__ = ["INTAKE", "AttachmentSpec", "Incoming", "accept", "clean", "location_text"]

logger = logging.getLogger(__name__)


def location_text(latitude: float, longitude: float) -> str:
    """The structured Rasa message for a shared location (intent and entities without NLU)."""
    return "/share_location" + json.dumps({"latitude": latitude, "longitude": longitude})


async def accept(app: web.Application, incoming: Incoming) -> bool:
    """Stores the message once (in a group commit with the others arriving at the same time);
    returns False for a redelivery (which is only acknowledged)."""
    channel = incoming.channel.value
    sender = f"{channel}:{incoming.user_id}"
    wait = await app[LIMITER].delay(sender)
    hold_until = utcnow() + dt.timedelta(seconds=wait) if wait > 0 else None
    stored = await app[INTAKE].store(incoming, hold_until)
    created = stored.created
    if created and hold_until is not None:
        logger.info("holding inbox %d back %.1f s (sender over its rate)", stored.inbox_id, wait)
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
