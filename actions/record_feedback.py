"""`action_record_feedback`: a rating (1–5) and comment on a service or on the assistant."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import entity_value
from storage.services.feedback import record_feedback


def rating_of(tracker: Tracker) -> int | None:
    value = entity_value(tracker, "rating")
    if value is None:
        return None
    try:
        rating = int(value)
    except ValueError:
        return None
    return rating if 1 <= rating <= 5 else None


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return "action_record_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = str(tracker.latest_message.get("text") or "").strip()
        typed = not text.startswith("/")
        rating = rating_of(tracker)
        if rating is None and not typed:
            # the menu's "rate the service" without a rating yet: ask for one
            dispatcher.utter_message(response="utter_ask_feedback")
            return []
        async with database().session() as session:
            citizen = await citizen_of(session, tracker)
            await record_feedback(
                session,
                citizen.id,
                target="service",
                rating=rating,
                comment=text[:2000] if typed else None,
            )
        dispatcher.utter_message(response="utter_feedback_thanks")
        return []
