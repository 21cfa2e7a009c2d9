"""Answers messages the assistant did not understand, and offers an official after two in a row."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

MISUNDERSTOOD = {"nlu_fallback", "out_of_scope"}
# how many misunderstandings in a row make the assistant offer an official
OFFER_AFTER = 2


def misunderstandings_in_a_row(tracker: Tracker) -> int:
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
        if intent not in MISUNDERSTOOD:
            break
        count += 1
    return count


class ActionHandleMisunderstanding(Action):
    def name(self) -> str:
        return "action_handle_misunderstanding"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if misunderstandings_in_a_row(tracker) >= OFFER_AFTER:
            dispatcher.utter_message(response="utter_offer_handoff")
            return [SlotSet("handoff_offered", True)]
        if tracker.latest_message.get("intent", {}).get("name") == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response="utter_default")
        return [SlotSet("handoff_offered", False)]
