"""A plain "yes" or "no" outside a form: accepts or declines what the assistant just offered
(reopening a resolved petition, filing the problem the citizen described, or an official)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.check_status import confirm_phone_for_status
from actions.handle_misunderstanding import ActionHandleMisunderstanding
from actions.petition_turn import reads_like_a_report
from actions.reading.yes_no import read_yes_no
from actions.report_not_fixed import PENDING_REOPEN_SLOT, reopen_pending


class ActionAnswerYesNo(Action):
    def name(self) -> str:
        return "action_answer_yes_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        said_yes = tracker.latest_message.get("intent", {}).get("name") == "affirm"
        text = str(tracker.latest_message.get("text") or "")
        nothing_pending = not any(
            tracker.get_slot(s) for s in (PENDING_REOPEN_SLOT, "pending_report", "handoff_offered")
        )
        if nothing_pending and read_yes_no(text) is None and reads_like_a_report(text):
            # "ổ gà" read as a yes: a problem named, offered for filing as any unclear message is
            return list(await ActionHandleMisunderstanding().run(dispatcher, tracker, domain))
        if tracker.get_slot(PENDING_REOPEN_SLOT):
            if said_yes:
                return await reopen_pending(dispatcher, tracker)
            dispatcher.utter_message(response="utter_anything_else")
            return [SlotSet(PENDING_REOPEN_SLOT, None)]
        if tracker.get_slot("pending_report"):
            if said_yes:
                # the form reads the pending report as its first message
                return [SlotSet("handoff_offered", False), FollowupAction("petition_form")]
            dispatcher.utter_message(response="utter_anything_else")
            return [SlotSet("pending_report", None)]
        if tracker.get_slot("handoff_offered") and said_yes:
            return [SlotSet("handoff_offered", False), FollowupAction("action_start_handoff")]
        confirmed = await confirm_phone_for_status(dispatcher, tracker)
        if confirmed is not None:
            return confirmed
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("handoff_offered", False)]
