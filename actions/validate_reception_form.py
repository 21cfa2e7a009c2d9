"""`validate_reception_form`: reads each typed answer of the reception form (which unit, which
day, what about). Giving up ends it; a unit with no day left ends it with that said."""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.ask_reception_choice import open_offers
from actions.context import database
from actions.reading.cues import wants_to_cancel
from actions.reading.reception import read_day_choice
from actions.reading.words import words
from actions.reception_common import Offer, schedule_of_slot
from actions.reception_start import commune_named

MIN_TOPIC_WORDS = 2
MAX_TOPIC = 500
REQUESTED = "requested_slot"


def _end(outcome: str) -> list[dict[str, Any]]:
    return [SlotSet("reception_outcome", outcome), SlotSet(REQUESTED, None)]


class ValidateReceptionForm(FormValidationAction):
    def name(self) -> str:
        return "validate_reception_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("reception_outcome"):
            return [SlotSet(REQUESTED, None)]  # nothing to book (no appointment to move)
        requested = tracker.get_slot(REQUESTED)
        text = str(tracker.latest_message.get("text") or "").strip()
        updates: dict[str, Any] = {}
        if requested is not None and wants_to_cancel(text, firmly=requested == "reception_topic"):
            return _end("cancelled")
        if requested == "reception_commune":
            updates["reception_commune"] = await commune_named(text)
        elif requested == "reception_choice":
            offered = [o for o in map(Offer.parse, tracker.get_slot("reception_offer") or []) if o]
            day = read_day_choice(text, [o.day for o in offered])
            chosen = next((o for o in offered if o.day == day), None)
            updates["reception_choice"] = chosen.value() if chosen else None
        elif requested == "reception_topic" and len(words(text)) >= MIN_TOPIC_WORDS:
            updates["reception_topic"] = text[:MAX_TOPIC]
        merged = {
            name: tracker.get_slot(name)
            for name in ("reception_commune", "reception_choice", "reception_topic")
        }
        merged.update({k: v for k, v in updates.items() if v is not None})
        if merged["reception_commune"] is not None and merged["reception_choice"] is None:
            async with database().session() as session:
                schedule = await schedule_of_slot(session, merged["reception_commune"])
                if not await open_offers(session, schedule):
                    dispatcher.utter_message(
                        response="utter_reception_no_days", receiver=schedule.receiver
                    )
                    return [
                        SlotSet("reception_commune", merged["reception_commune"]),
                        *_end("no_days"),
                    ]
        next_slot = next((name for name, value in merged.items() if value is None), None)
        return [
            *(SlotSet(name, value) for name, value in updates.items() if value is not None),
            SlotSet(REQUESTED, next_slot),
        ]
