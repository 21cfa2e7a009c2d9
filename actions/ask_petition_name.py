"""`action_ask_petition_name` and `action_ask_petition_anonymous`: the two questions about who
is writing, each saying what the law asks of a denunciation or a complaint."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

# kinds whose question says why the name is needed; the others ask plainly
KINDS_WITH_A_REASON = frozenset({"to_cao", "khieu_nai"})


class ActionAskPetitionName(Action):
    def name(self) -> str:
        return "action_ask_petition_name"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kind = tracker.get_slot("petition_kind")
        response = "utter_ask_petition_name"
        if kind in KINDS_WITH_A_REASON:
            response = f"utter_ask_petition_name_{kind}"
        dispatcher.utter_message(response=response)
        return []


class ActionAskPetitionAnonymous(Action):
    def name(self) -> str:
        return "action_ask_petition_anonymous"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        response = "utter_ask_petition_anonymous"
        if tracker.get_slot("petition_kind") == "to_cao":
            response = "utter_ask_petition_anonymous_to_cao"
        dispatcher.utter_message(response=response)
        return []
