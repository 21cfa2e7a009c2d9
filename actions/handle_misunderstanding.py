"""Answers messages the classifier could not place (low confidence, out of scope, a bare answer
outside a form), trying everything before admitting it did not understand:

1. a phone number typed to unlock a petition asked about by code from another account;
2. a petition named in words ("mình muốn phản ánh", "cho tôi khiếu nại"): the form starts;
3. a problem told at length: offered to be filed, whatever procedure shares its words;
4. the procedure catalogue: a clear match is answered, a close tie offered as choices;
5. a message that reads like a problem report: offered to be filed as one;
6. a message giving only the citizen's name or phone: noted (the form reads it when it starts);
7. only then "I did not understand", and an official after two in a row.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.check_status import confirm_phone_for_status
from actions.petition_turn import reads_like_a_report
from actions.procedure_questions import answer_from_catalogue, names_a_procedure
from actions.reading.cues import is_a_question, wants_to_cancel
from actions.reading.kinds import read_kind
from actions.reading.names import find_name
from actions.reading.yes_no import read_yes_no
from actions.story_offer import offer_report, offer_to_file
from core.phones import find_phone

MISUNDERSTOOD = {"nlu_fallback", "out_of_scope"}
# how many misunderstandings in a row make the assistant offer an official
OFFER_AFTER = 2


def misunderstandings_in_a_row(tracker: Tracker) -> int:
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
        if intent not in MISUNDERSTOOD:
            break
        count += 1
    return count


def _previous_message(tracker: Tracker) -> str | None:
    typed = [e.get("text") for e in tracker.events if e.get("event") == "user"]
    return str(typed[-2]) if len(typed) > 1 else None


def more_of_the_offered_report(tracker: Tracker, text: str) -> bool:
    """Whether a message right after the offer to file a report ("ổ gà" → offer → "to lắm ad")
    goes on telling that problem: neither a yes, a no, nor a question."""
    pending = tracker.get_slot("pending_report")
    return bool(
        pending
        and _previous_message(tracker) == pending
        and read_yes_no(text) is None
        and not is_a_question(text)
        and not wants_to_cancel(text)
    )


def gives_own_details(text: str) -> bool:
    """ "Tôi Đinh Văn Khải, điện thoại 0336…": the citizen introduces themselves before saying
    what they want; the petition form finds these in the messages before it."""
    return (find_name(text) is not None or find_phone(text) is not None) and not is_a_question(text)


class ActionHandleMisunderstanding(Action):
    def name(self) -> str:
        return "action_handle_misunderstanding"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = str(tracker.latest_message.get("text") or "")
        confirmed = await confirm_phone_for_status(dispatcher, tracker)
        if confirmed is not None:
            return confirmed
        if text and not text.startswith("/"):
            if more_of_the_offered_report(tracker, text):
                # they go on describing it: the form starts with all they said
                pending = tracker.get_slot("pending_report")
                return [
                    SlotSet("pending_report", f"{pending}, {text}"),
                    SlotSet("handoff_offered", False),
                    FollowupAction("petition_form"),
                ]
            if read_kind(text):
                return [SlotSet("handoff_offered", False), FollowupAction("petition_form")]
            offered = offer_to_file(dispatcher, tracker)
            if offered is not None:
                return offered
            if await names_a_procedure(text, clearly=True):
                return [
                    SlotSet("handoff_offered", False),
                    *await answer_from_catalogue(dispatcher, tracker, domain),
                ]
            if reads_like_a_report(text):
                return [SlotSet("handoff_offered", False), *offer_report(dispatcher, text)]
            if gives_own_details(text):
                dispatcher.utter_message(response="utter_details_noted")
                return [SlotSet("handoff_offered", False)]
        if misunderstandings_in_a_row(tracker) >= OFFER_AFTER:
            dispatcher.utter_message(response="utter_offer_handoff")
            return [SlotSet("handoff_offered", True)]
        if tracker.latest_message.get("intent", {}).get("name") == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response="utter_default")
        return [SlotSet("handoff_offered", False)]
