"""`validate_consultation_form`: reads a typed answer to a consultation: one of its choices
("2", "phương án hai", "đồng ý", the choice's words), or, where it takes them, the citizen's own
words. An answer read as neither is asked for once more; giving up ends the form."""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.consultation_common import consultation_of
from actions.context import database
from actions.reading.consultation_choice import read_choice
from actions.reading.cues import wants_to_cancel
from actions.reading.words import words
from storage.services.consultations import MAX_ANSWER

REQUESTED = "requested_slot"
# asked instead of an answer: the form lets go (nothing validated), and the rules in
# nlu/data/rules/consultations.yml answer the question and keep the consultation for later
OTHER_REQUESTS = frozenset(
    {
        "ask_procedure",
        "ask_fee",
        "ask_processing_time",
        "ask_where",
        "check_status",
        "human_handoff",
        "consultations_off",
        # another consultation's question, put while this one waits
        "consultation_opened",
    }
)
MIN_ANSWER_WORDS = 2
MAX_TRIES = 2


def _end(outcome: str) -> list[dict[str, Any]]:
    return [SlotSet("consultation_outcome", outcome), SlotSet(REQUESTED, None)]


class ValidateConsultationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_consultation_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("consultation_outcome"):
            return [SlotSet(REQUESTED, None)]
        async with database().session() as session:
            consultation = await consultation_of(session, tracker)
        if consultation is None:
            return _end("none")
        if tracker.get_slot(REQUESTED) is None:
            return [SlotSet(REQUESTED, "consultation_answer")]  # the question is put first
        text = str(tracker.latest_message.get("text") or "").strip()
        choice = read_choice(text, consultation.choices)
        intent = tracker.latest_message.get("intent", {}).get("name")
        if choice is None and intent in OTHER_REQUESTS:
            return []
        if wants_to_cancel(text, firmly=consultation.free_text):
            return _end("stopped")
        if choice is not None:
            return [
                SlotSet("consultation_choice", str(choice)),
                SlotSet("consultation_answer", text[:MAX_ANSWER]),
                SlotSet(REQUESTED, None),
            ]
        if consultation.free_text and len(words(text)) >= MIN_ANSWER_WORDS:
            return [
                SlotSet("consultation_choice", None),
                SlotSet("consultation_answer", text[:MAX_ANSWER]),
                SlotSet(REQUESTED, None),
            ]
        tries = float(tracker.get_slot("consultation_tries") or 0) + 1
        if tries >= MAX_TRIES:
            return _end("stopped")
        return [SlotSet("consultation_tries", tries), SlotSet(REQUESTED, "consultation_answer")]
