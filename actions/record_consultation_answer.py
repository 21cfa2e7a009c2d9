"""`action_record_consultation_answer`: keeps the citizen's one answer (a changed answer
replaces the earlier one) and says what was kept, or why nothing was."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.consultation_common import answer_words, consultation_of, reset_events
from actions.context import database
from actions.procedure_catalogue import language_of
from core.dates import day_for
from storage.deadlines import vietnam_today
from storage.errors import StorageError
from storage.services import consultations


class ActionRecordConsultationAnswer(Action):
    def name(self) -> str:
        return "action_record_consultation_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        outcome = tracker.get_slot("consultation_outcome")
        async with database().session() as session:
            consultation = await consultation_of(session, tracker)
            if consultation is None or outcome == "none":
                dispatcher.utter_message(response="utter_consultation_none")
                return reset_events()
            closes = day_for(language, consultation.closes_on)
            if outcome == "stopped":
                dispatcher.utter_message(response="utter_consultation_stopped", closes=closes)
                return reset_events()
            citizen = await citizen_of(session, tracker)
            picked = tracker.get_slot("consultation_choice")
            choice = int(picked) if picked else None
            text = tracker.get_slot("consultation_answer")
            try:
                _, changed = await consultations.answer(
                    session,
                    consultation.code,
                    citizen.id,
                    choice=choice,
                    text=None if choice else text,
                    today=vietnam_today(),
                )
                await session.commit()
            except StorageError:
                # closed while the citizen was answering
                dispatcher.utter_message(response="utter_consultation_none")
                return reset_events()
        dispatcher.utter_message(
            response="utter_consultation_changed" if changed else "utter_consultation_recorded",
            code=consultation.code,
            answer=answer_words(consultation, choice, text),
            closes=closes,
        )
        return reset_events()
