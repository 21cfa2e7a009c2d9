"""A plain "yes" or "no" outside a form: accepts or declines an official when one was offered."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ActionAnswerYesNo(Action):
    def name(self) -> str:
        return "action_answer_yes_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        offered = bool(tracker.get_slot("handoff_offered"))
        said_yes = tracker.latest_message.get("intent", {}).get("name") == "affirm"
        if offered and said_yes:
            return [SlotSet("handoff_offered", False), FollowupAction("action_start_handoff")]
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("handoff_offered", False)]
