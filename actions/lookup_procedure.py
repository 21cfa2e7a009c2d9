"""`action_lookup_procedure`: finds the procedure a citizen asks about and answers in short."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import procedure_catalogue as catalogue
from actions.petition_turn import reads_like_a_report
from actions.reading.aspects import asked_part
from actions.story_offer import offer_report, offer_to_file

# the part of an answer a button asks for, and the response that gives it
ASPECT_RESPONSES = {
    "documents": "utter_procedure_documents",
    "steps": "utter_procedure_steps",
    "legal": "utter_procedure_legal",
}


async def identify(tracker: Tracker) -> tuple[str | None, list[str]]:
    """The procedure the latest message names (entity or free text), or close choices.

    The whole question is searched first: a clear winner there beats a name found inside it
    ("giấy khai sinh bị ghi sai tên" asks for a correction, not a birth registration)."""
    named = catalogue.entity_value(tracker, "procedure")
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        # a button: the payload names the procedure exactly
        return (named if named and await catalogue.find(named) else None), []
    whole = await catalogue.resolve_text(text)
    if whole.code is not None:
        return whole.code, []
    if named and await catalogue.find(named):
        # the name is known, but if the question fits other procedures as well ("đăng ký kinh
        # doanh": household business or company?), let the citizen choose
        if named in whole.choices:
            return None, whole.choices
        return named, []
    if named:
        found = await catalogue.resolve_text(named)
        if found.code is not None or found.choices:
            return found.code, found.choices
    return None, whole.choices


async def offer_choices(dispatcher: CollectingDispatcher, codes: list[str], language: str) -> None:
    rows = [row for row in [await catalogue.find(c) for c in codes] if row is not None]
    dispatcher.utter_message(
        response="utter_which_procedure_of", buttons=catalogue.choice_buttons(rows, language)
    )


# a question this short that names no procedure asks about the one being discussed
MAX_FOLLOW_UP_WORDS = 6


def _follow_up_part(text: str) -> str | None:
    """The part a typed follow-up asks for ("giấy tờ gì?": documents), "summary" for a short
    generic one ("thủ tục thế nào?"), None for a question about something else."""
    if text.startswith("/"):
        return None
    part = asked_part(text)
    if part is None and len(text.split()) <= MAX_FOLLOW_UP_WORDS:
        return "summary"
    return part


class ActionLookupProcedure(Action):
    def name(self) -> str:
        return "action_lookup_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        offered = offer_to_file(dispatcher, tracker)
        if offered is not None:
            return offered
        language = catalogue.language_of(tracker)
        aspect = catalogue.entity_value(tracker, "aspect")
        code, choices = await identify(tracker)
        text = str(tracker.latest_message.get("text") or "")
        if code is None and not choices:
            aspect = aspect or _follow_up_part(text)
            # a follow-up naming no procedure ("cần mang giấy tờ gì?") is about the one discussed
            code = tracker.get_slot("procedure") if aspect else None
        row = await catalogue.find(code)
        if row is None:
            if choices:
                await offer_choices(dispatcher, choices, language)
            elif (tracker.latest_message.get("text") or "").startswith("/"):
                dispatcher.utter_message(response="utter_ask_which_procedure")
            elif reads_like_a_report(text):
                # "trường mn thu tiền điều hòa mà không có điều hòa là ntn": a problem asked
                # about as a question, and no procedure named: offered to be filed
                return offer_report(dispatcher, text)
            else:
                dispatcher.utter_message(response="utter_procedure_not_found")
            return []
        values = catalogue.answer_values(row, language)
        if aspect in ASPECT_RESPONSES:
            if aspect == "documents":
                values["documents"] = values["documents_full"]
            dispatcher.utter_message(response=ASPECT_RESPONSES[aspect], **values)
        else:
            dispatcher.utter_message(response="utter_procedure_summary", **values)
            if row.data.get("fee_varies_by_province"):
                dispatcher.utter_message(response="utter_procedure_fee_varies")
        return [SlotSet("procedure", row.code)]
