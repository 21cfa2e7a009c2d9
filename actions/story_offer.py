"""A problem told at length, classified as a procedure question or not understood: the citizen
is offered to file it, rather than answered with whichever procedure shares its words."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.petition_turn import reads_like_a_report
from actions.reading.kinds import kind_described
from actions.reading.stories import tells_a_story


def is_a_problem_told(text: str) -> bool:
    return tells_a_story(text) and (reads_like_a_report(text) or kind_described(text) is not None)


def offer_to_file(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """The offer, when the latest typed message outside a form tells a problem; None otherwise."""
    text = str(tracker.latest_message.get("text") or "")
    if text.startswith("/") or (tracker.active_loop or {}).get("name"):
        return None
    if not is_a_problem_told(text):
        return None
    return [SlotSet("handoff_offered", False), *offer_report(dispatcher, text)]


def offer_report(dispatcher: CollectingDispatcher, text: str) -> list[dict[str, Any]]:
    """Offers to file `text` as a report; a "có" then files it (action_answer_yes_no)."""
    dispatcher.utter_message(response="utter_offer_report")
    return [SlotSet("pending_report", text)]
