"""`action_answer_procedure_detail`: fee, time or place of a procedure, including follow-ups
("lệ phí bao nhiêu?") that rely on the procedure already in the conversation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import procedure_catalogue as catalogue
from actions.lookup_procedure import identify, offer_choices
from actions.story_offer import offer_to_file

RESPONSE_OF_INTENT = {
    "ask_fee": "utter_procedure_fee",
    "ask_processing_time": "utter_procedure_time",
    "ask_where": "utter_procedure_where",
}


async def answer_detail(
    dispatcher: CollectingDispatcher, tracker: Tracker, intent: str
) -> list[dict[str, Any]]:
    """The fee, time or place (by the question's intent) of the procedure the message or the
    conversation names."""
    language = catalogue.language_of(tracker)
    response = RESPONSE_OF_INTENT.get(intent, "utter_procedure_summary")
    code, choices = await identify(tracker)
    if code is None and choices and not tracker.get_slot("procedure"):
        await offer_choices(dispatcher, choices, language)
        return []
    row = await catalogue.find(code or tracker.get_slot("procedure"))
    if row is None:
        dispatcher.utter_message(response="utter_ask_which_procedure")
        return []
    values = catalogue.answer_values(row, language)
    dispatcher.utter_message(response=response, **values)
    if response == "utter_procedure_fee" and row.data.get("fee_varies_by_province"):
        dispatcher.utter_message(response="utter_procedure_fee_varies")
    return [SlotSet("procedure", row.code)]


class ActionAnswerProcedureDetail(Action):
    def name(self) -> str:
        return "action_answer_procedure_detail"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        offered = offer_to_file(dispatcher, tracker)
        if offered is not None:
            return offered
        intent = str(tracker.latest_message.get("intent", {}).get("name"))
        return await answer_detail(dispatcher, tracker, intent)
