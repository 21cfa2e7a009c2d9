"""`action_record_feedback`: a rating (1–5) and comment on a service or on the assistant."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import entity_value
from actions.procedure_questions import answer_from_catalogue, names_a_procedure
from actions.reading.feedback import tells_an_incident
from actions.reading.words import folded
from actions.story_offer import offer_report
from storage.services.feedback import record_feedback

# words that make a message feedback even when it names a procedure ("làm căn cước nhanh, 5 sao")
FEEDBACK_WORDS = re.compile(
    r"(?<!\w)(?:gop y|danh gia|sao|hai long|tot|te|kem|cham|nhanh|tan tinh|nhiet tinh|thai do|"
    r"phuc vu|cam on|feedback|rate|rating|stars?|service|satisfied|great|good|bad|slow|helpful)"
    r"(?!\w)"
)


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
        if (
            rating is None
            and not FEEDBACK_WORDS.search(folded(text))
            and await names_a_procedure(text, clearly=True)
        ):
            # a procedure question the classifier took for a comment
            return await answer_from_catalogue(dispatcher, tracker, domain)
        async with database().session() as session:
            citizen = await citizen_of(session, tracker)
            await record_feedback(
                session,
                citizen.id,
                target="service",
                rating=rating,
                comment=text[:2000] if typed else None,
            )
            await session.commit()
        dispatcher.utter_message(response="utter_feedback_thanks")
        if typed and rating is None and tells_an_incident(text):
            # an incident told as a comment: offered to be filed
            return offer_report(dispatcher, text)
        return []
