"""`action_start_handoff`: passes the conversation to officials, with a summary and transcript.

The gateway stops passing the citizen's messages to Rasa while the handoff is open and puts them
in its transcript; the official hands the conversation back from the desk.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import language_of
from storage.services import handoffs
from storage.services.consultations import OPENED_INTENT
from storage.services.intake import handoff_department

TRANSCRIPT_TURNS = 20


def transcript_of(tracker: Tracker) -> list[dict[str, Any]]:
    turns = []
    for event in tracker.events:
        if event.get("event") == "user" and event.get("text"):
            if str(event["text"]).startswith(f"/{OPENED_INTENT}"):
                continue  # the assistant's own turn that put a consultation's question
            turns.append({"from": "citizen", "text": event["text"]})
        elif event.get("event") == "bot" and event.get("text"):
            turns.append({"from": "assistant", "text": event["text"]})
    return turns[-TRANSCRIPT_TURNS:]


class ActionStartHandoff(Action):
    def name(self) -> str:
        return "action_start_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        transcript = transcript_of(tracker)
        asked = [t["text"] for t in transcript if t["from"] == "citizen"][-3:]
        summary = " / ".join(asked)[:500]
        # the handoff and the citizen's silence, committed together
        async with database().transaction() as session:
            citizen = await citizen_of(session, tracker)
            department = await handoff_department(session, citizen.id)
            await handoffs.start_handoff(session, citizen.id, department.id, summary, transcript)
        dispatcher.utter_message(
            response="utter_handoff_started",
            department=department.name_en if language == "en" else department.name_vi,
        )
        return [SlotSet("handoff_offered", False)]
