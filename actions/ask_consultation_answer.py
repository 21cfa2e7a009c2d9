"""`action_ask_consultation_answer`: the consultation's question with its numbered choices (as
buttons too); put again shorter when an answer could not be read."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.consultation_common import consultation_of, how_to_answer, scope_of
from actions.context import database
from actions.procedure_catalogue import language_of
from core.dates import day_for


class ActionAskConsultationAnswer(Action):
    def name(self) -> str:
        return "action_ask_consultation_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        async with database().session() as session:
            consultation = await consultation_of(session, tracker)
            if consultation is None:
                return []
            scope = await scope_of(session, consultation, language)
        # the choices travel as buttons: Telegram and the web chat show them to tap, Zalo as
        # numbered lines (bot.channels.zalo); a typed number or the words work everywhere
        buttons = [
            {"title": choice, "payload": str(n)}
            for n, choice in enumerate(consultation.choices, start=1)
        ]
        how = how_to_answer(language, consultation)
        if (tracker.get_slot("consultation_tries") or 0) > 0:
            dispatcher.utter_message(
                response="utter_consultation_ask_again", how=how, buttons=buttons
            )
            return []
        dispatcher.utter_message(
            response="utter_consultation_question",
            code=consultation.code,
            scope=scope,
            question=consultation.question,
            how=how,
            closes=day_for(language, consultation.closes_on),
            buttons=buttons,
        )
        return []
