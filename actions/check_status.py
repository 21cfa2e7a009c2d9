"""`action_check_status`: a petition by its tracking code, from any account or device, or the
citizen's latest ones.

Anyone holding a code sees its state, unit and due date. Its content and the officials' replies
are shown to the account that sent it, or to someone who then types the phone number on file.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import petition_labels as labels
from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import entity_value, language_of
from core.dates import day_for
from core.phones import find_phone
from core.tracking_codes import find_other_reference
from storage.services import petitions
from storage.services.petitions import PetitionStatusView

PENDING_CODE_SLOT = "status_pending_code"
SHOWN_DESCRIPTION = 300


def status_values(view: PetitionStatusView, language: str) -> dict[str, str]:
    reply = (
        labels.pick(labels.REPLY_PREFIX, language) + view.reply
        if view.reply
        else labels.pick(labels.NO_REPLY, language)
    )
    description = view.description
    if len(description) > SHOWN_DESCRIPTION:
        description = description[:SHOWN_DESCRIPTION] + "…"
    return {
        "code": view.code,
        "kind": labels.label(labels.KINDS, view.kind.value, language),
        "status": labels.label(labels.STATES, view.status.value, language),
        "department": view.department_name_en if language == "en" else view.department_name_vi,
        "due_on": day_for(language, view.due_on),
        "reply": reply,
        "description": description,
    }


async def show_by_code(
    dispatcher: CollectingDispatcher, tracker: Tracker, code: str
) -> list[dict[str, Any]]:
    """The petition with this code, in as much detail as the asker may see."""
    language = language_of(tracker)
    # commits the citizen if this conversation's first message found none
    async with database().transaction() as session:
        citizen = await citizen_of(session, tracker)
        found = await petitions.petition_by_code(session, code)
    if found is None:
        # the code as it was read, so a mistyped letter shows
        dispatcher.utter_message(response="utter_status_not_found", code=code)
        return [SlotSet(PENDING_CODE_SLOT, None)]
    values = status_values(found.view, language)
    if found.citizen_id == citizen.id:
        dispatcher.utter_message(response="utter_status", **values)
        return [SlotSet(PENDING_CODE_SLOT, None)]
    dispatcher.utter_message(response="utter_status_public", **values)
    if found.contact_phone is None:
        dispatcher.utter_message(response="utter_status_private")
        return [SlotSet(PENDING_CODE_SLOT, None)]
    dispatcher.utter_message(response="utter_status_confirm_phone")
    return [SlotSet(PENDING_CODE_SLOT, found.view.code)]


async def confirm_phone_for_status(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """After a code was shown to another account: a typed phone number that matches the one on
    file shows the content and replies. None when no such check is waiting or no phone was typed."""
    code = tracker.get_slot(PENDING_CODE_SLOT)
    phone = find_phone(str(tracker.latest_message.get("text") or ""))
    if not code or phone is None:
        return None
    language = language_of(tracker)
    async with database().session() as session:
        found = await petitions.petition_by_code(session, str(code))
    if found is None or found.contact_phone != phone.number:
        dispatcher.utter_message(response="utter_status_phone_mismatch")
        return [SlotSet(PENDING_CODE_SLOT, None)]
    dispatcher.utter_message(response="utter_status", **status_values(found.view, language))
    return [SlotSet(PENDING_CODE_SLOT, None)]


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        code = entity_value(tracker, "tracking_code")
        if code:
            return await show_by_code(dispatcher, tracker, code)
        confirmed = await confirm_phone_for_status(dispatcher, tracker)
        if confirmed is not None:
            return confirmed
        language = language_of(tracker)
        async with database().transaction() as session:
            citizen = await citizen_of(session, tracker)
            views = await petitions.petitions_of_citizen(session, citizen.id)
        # "HB-2026-00487": a file number from another system, said so rather than "nothing sent"
        other = find_other_reference(tracker.latest_message.get("text") or "")
        if other is not None:
            dispatcher.utter_message(response="utter_other_reference_code", reference=other)
        elif not views:
            dispatcher.utter_message(response="utter_no_petitions")
        for view in views:
            dispatcher.utter_message(response="utter_status", **status_values(view, language))
        return []
