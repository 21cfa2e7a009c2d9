"""`action_check_status`: a citizen's own petition by code, or their latest ones."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import petition_labels as labels
from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import entity_value, language_of
from storage.services import petitions
from storage.services.petitions import PetitionStatusView


def status_values(view: PetitionStatusView, language: str) -> dict[str, str]:
    reply = (
        labels.pick(labels.REPLY_PREFIX, language) + view.reply
        if view.reply
        else labels.pick(labels.NO_REPLY, language)
    )
    return {
        "code": view.code,
        "kind": labels.label(labels.KINDS, view.kind.value, language),
        "status": labels.label(labels.STATES, view.status.value, language),
        "department": view.department_name_en if language == "en" else view.department_name_vi,
        "due_on": view.due_on.isoformat() if language == "en" else view.due_on.strftime("%d/%m/%Y"),
        "reply": reply,
    }


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        code = entity_value(tracker, "tracking_code")
        async with database().session() as session:
            citizen = await citizen_of(session, tracker)
            if code:
                found = await petitions.status_for_citizen(session, citizen.id, code)
                views = [found] if found else []
            else:
                views = await petitions.petitions_of_citizen(session, citizen.id)
        if code and not views:
            dispatcher.utter_message(response="utter_status_not_found")
        elif not views:
            dispatcher.utter_message(response="utter_no_petitions")
        for view in views:
            dispatcher.utter_message(response="utter_status", **status_values(view, language))
        return []
