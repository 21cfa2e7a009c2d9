"""`action_set_updates`: the citizen turns the messages about their petition's moves off or on."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from storage.services import citizen_updates


class ActionSetUpdates(Action):
    def name(self) -> str:
        return "action_set_updates"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        wanted = tracker.latest_message.get("intent", {}).get("name") == "updates_on"
        async with database().session() as session:
            citizen = await citizen_of(session, tracker)
            await citizen_updates.set_updates(session, citizen.id, wanted)
            await session.commit()
        dispatcher.utter_message(response="utter_updates_on" if wanted else "utter_updates_off")
        return []
