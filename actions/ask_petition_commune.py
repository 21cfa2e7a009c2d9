"""`action_ask_petition_commune`: the place named no commune of the province (a GPS point, or
"đầu ngõ 7"), or named two: which one is it? Two named are offered as buttons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

MAX_CHOICES = 4


class ActionAskPetitionCommune(Action):
    def name(self) -> str:
        return "action_ask_petition_commune"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        choices = [str(c) for c in tracker.get_slot("petition_commune_choices") or []]
        if choices:
            dispatcher.utter_message(
                response="utter_ask_petition_commune_choice",
                buttons=[{"title": name, "payload": name} for name in choices[:MAX_CHOICES]],
            )
        else:
            dispatcher.utter_message(response="utter_ask_petition_commune")
        return []
