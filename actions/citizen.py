"""The citizen behind a conversation: Rasa's sender id is `<channel>:<platform user id>`."""

from __future__ import annotations

from rasa_sdk import Tracker
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Channel, Citizen
from storage.services import messaging


async def citizen_of(session: AsyncSession, tracker: Tracker) -> Citizen:
    """The stored citizen; created if Rasa is reached without the gateway (e.g. `rasa shell`).
    Flushes (the new citizen's id); the action commits at its end."""
    found = await messaging.citizen_by_sender(session, tracker.sender_id)
    if found is not None:
        return found
    channel, _, user_id = tracker.sender_id.partition(":")
    try:
        parsed = Channel(channel)
    except ValueError:
        parsed, user_id = Channel.WEB, tracker.sender_id
    citizen = await messaging.get_or_create_citizen(session, parsed, user_id)
    await session.flush()
    return citizen
