"""`action_consultation_start`: a consultation's question is put to the citizen (the gateway's
turn names it), or the citizen asks for the open one, or to change their answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.consultation_common import reset_events
from actions.context import database
from actions.procedure_catalogue import entity_value
from storage.deadlines import vietnam_today
from storage.services import consultations


class ActionConsultationStart(Action):
    def name(self) -> str:
        return "action_consultation_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        today = vietnam_today()
        named = entity_value(tracker, "consultation_code")
        async with database().transaction() as session:
            citizen = await citizen_of(session, tracker)
            found = await consultations.by_code(session, named) if named else None
            if found is None or not consultations.is_open(found, today):
                open_now = await consultations.open_for_citizen(session, citizen.id, today)
                found = open_now[0] if open_now and not named else None
        if found is None:
            # nothing to ask: the form ends at once and says so
            return [*reset_events(), SlotSet("consultation_outcome", "none")]
        return [*reset_events(), SlotSet("consultation_code", found.code)]
