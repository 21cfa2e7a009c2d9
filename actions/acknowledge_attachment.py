"""`action_acknowledge_attachment`: confirms a photo, file or location the gateway has stored."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionAcknowledgeAttachment(Action):
    def name(self) -> str:
        return "action_acknowledge_attachment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        in_form = (tracker.active_loop or {}).get("name") == "petition_form"
        dispatcher.utter_message(
            response="utter_attachment_received" if in_form else "utter_attachment_outside_form"
        )
        return []
