"""`action_reset_petition`: forgets a cancelled petition's answers."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.submit_petition import reset_events


class ActionResetPetition(Action):
    def name(self) -> str:
        return "action_reset_petition"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_petition_cancelled")
        return reset_events()
