"""`action_rate_petition`: the citizen's rating of their own resolved petition (a button)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import entity_value
from actions.record_feedback import rating_of
from storage.errors import InvalidValue, NotAllowed, NotFound
from storage.services import petitions


class ActionRatePetition(Action):
    def name(self) -> str:
        return "action_rate_petition"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        code = entity_value(tracker, "tracking_code")
        rating = rating_of(tracker)
        if code is None or rating is None:
            dispatcher.utter_message(response="utter_ask_feedback")
            return []
        async with database().session() as session:
            citizen = await citizen_of(session, tracker)
            try:
                await petitions.rate(session, citizen.id, code, rating, None)
            except (NotAllowed, NotFound, InvalidValue):
                dispatcher.utter_message(response="utter_rating_not_allowed")
                return []
        dispatcher.utter_message(response="utter_feedback_thanks")
        return []
