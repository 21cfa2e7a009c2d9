"""`action_consultation_later`: the citizen asked something else instead of answering; the
consultation waits (they can ask for it again) and their question is answered next."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.consultation_common import reset_events


class ActionConsultationLater(Action):
    def name(self) -> str:
        return "action_consultation_later"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        code = tracker.get_slot("consultation_code")
        intent = tracker.latest_message.get("intent", {}).get("name")
        if code and intent != "consultations_off":
            dispatcher.utter_message(response="utter_consultation_later", code=code)
        return [ActiveLoop(None), SlotSet("requested_slot", None), *reset_events()]
