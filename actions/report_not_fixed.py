"""`action_report_not_fixed`: "vẫn chưa sửa", "still broken" after a petition was resolved.

The assistant names the petition it understood and asks before reopening it ("có" reopens it,
through `action_answer_yes_no`). With no resolved petition to reopen, the message is read as any
other that was not placed (a new problem described is offered to be filed).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import petition_labels as labels
from actions.citizen import citizen_of
from actions.context import database
from actions.handle_misunderstanding import ActionHandleMisunderstanding
from actions.procedure_catalogue import entity_value, language_of
from core.dates import day_for
from storage.deadlines import VIETNAM
from storage.models import Petition
from storage.services import reopening

PENDING_REOPEN_SLOT = "pending_reopen"


def offer_values(petition: Petition, language: str) -> dict[str, str]:
    resolved = petition.resolved_at.astimezone(VIETNAM).date() if petition.resolved_at else None
    day = "" if resolved is None else day_for(language, resolved)
    return {
        "code": petition.tracking_code,
        "kind": labels.label(labels.KINDS, petition.kind.value, language),
        "resolved_on": day,
    }


class ActionReportNotFixed(Action):
    def name(self) -> str:
        return "action_report_not_fixed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        async with database().transaction() as session:
            citizen = await citizen_of(session, tracker)
            petition = await reopening.reopenable(
                session, citizen.id, entity_value(tracker, "tracking_code")
            )
        if petition is None:
            # nothing to reopen: read like any other message, in this same action, so the
            # rules' next step after it is still to listen
            return await ActionHandleMisunderstanding().run(dispatcher, tracker, domain)
        dispatcher.utter_message(
            response="utter_offer_reopen", **offer_values(petition, language_of(tracker))
        )
        return [SlotSet(PENDING_REOPEN_SLOT, petition.tracking_code)]


async def reopen_pending(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """The citizen said yes to reopening the petition they were offered."""
    code = tracker.get_slot(PENDING_REOPEN_SLOT)
    language = language_of(tracker)
    async with database().transaction() as session:
        citizen = await citizen_of(session, tracker)
        petition = await reopening.reopenable(session, citizen.id, str(code))
        if petition is None:
            dispatcher.utter_message(response="utter_rating_not_allowed")
            return [SlotSet(PENDING_REOPEN_SLOT, None)]
        done = await reopening.reopen_by_citizen(
            session, citizen.id, petition.id, str(tracker.latest_message.get("text") or "")
        )
    department = done.department.name_en if language == "en" else done.department.name_vi
    due = done.petition.due_on
    who = ""
    if done.supervisor is not None:
        who = f" ({done.supervisor.full_name})"
    dispatcher.utter_message(
        response="utter_reopened",
        code=done.petition.tracking_code,
        department=department,
        who=who,
        due_on=day_for(language, due),
    )
    return [SlotSet(PENDING_REOPEN_SLOT, None)]
