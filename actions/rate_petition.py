"""`action_rate_petition`: the citizen's rating of their own resolved petition (a button)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import entity_value
from actions.record_feedback import rating_of
from actions.report_not_fixed import PENDING_REOPEN_SLOT
from storage.errors import InvalidValue, NotAllowed, NotFound
from storage.services import petitions

LOW_RATING = 2


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
        # a refused rating stores nothing but the citizen citizen_of may have added
        async with database().transaction() as session:
            citizen = await citizen_of(session, tracker)
            try:
                petition = await petitions.rate(session, citizen.id, code, rating, None)
            except (NotAllowed, NotFound, InvalidValue):
                dispatcher.utter_message(response="utter_rating_not_allowed")
                return []
        dispatcher.utter_message(response="utter_feedback_thanks")
        if rating <= LOW_RATING:
            # one or two stars often means "it is not fixed": offer to reopen, never assume it
            dispatcher.utter_message(
                response="utter_offer_reopen_after_rating", code=petition.tracking_code
            )
            return [SlotSet(PENDING_REOPEN_SLOT, petition.tracking_code)]
        return []
