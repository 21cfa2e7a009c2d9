"""`action_reception_start`: a citizen asks when a unit's head receives citizens, or to book a
meeting. A commune named in the message (or "tỉnh", "province") answers the form's first
question before it is asked."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import database
from actions.reading.words import folded
from actions.reception_common import PROVINCE, reset_events
from storage.services.intake import match_commune

PROVINCE_WORDS = re.compile(r"(?<!\w)(?:tinh|chu tich tinh|province|provincial)(?!\w)")


async def commune_named(text: str) -> str | None:
    """The commune a message names, or "province" for the province's head."""
    async with database().session() as session:
        commune = await match_commune(session, text)
    if commune is not None:
        return commune.code
    return PROVINCE if PROVINCE_WORDS.search(folded(text)) else None


class ActionReceptionStart(Action):
    def name(self) -> str:
        return "action_reception_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        named = await commune_named(str(tracker.latest_message.get("text") or ""))
        return [*reset_events(), SlotSet("reception_commune", named)]
