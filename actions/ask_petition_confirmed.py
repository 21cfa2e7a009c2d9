"""`action_ask_petition_confirmed`: shows the citizen what will be sent, to confirm or correct."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import petition_labels as labels
from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import language_of
from storage.services.intake import unbound_attachment_count

SUMMARY_DESCRIPTION = 300
JOINING = {"vi": "\n• Theo dõi chung với phản ánh: {code}", "en": "\n• Follows report: {code}"}


class ActionAskPetitionConfirmed(Action):
    def name(self) -> str:
        return "action_ask_petition_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("petition_correcting"):
            dispatcher.utter_message(response="utter_ask_what_to_change")
            return []
        language = language_of(tracker)
        async with database().transaction() as session:
            citizen = await citizen_of(session, tracker)
            attachments = await unbound_attachment_count(session, citizen.id)
        description = str(tracker.get_slot("petition_description") or "")
        if len(description) > SUMMARY_DESCRIPTION:
            description = description[:SUMMARY_DESCRIPTION] + "…"
        if tracker.get_slot("petition_anonymous"):
            contact = labels.pick(labels.ANONYMOUS, language)
        else:
            name = tracker.get_slot("petition_name")
            phone = tracker.get_slot("petition_phone") or "—"
            contact = f"{name}, {phone}" if name else phone
        joining = ""
        if tracker.get_slot("petition_join") and tracker.get_slot("petition_duplicate"):
            joining = JOINING[language].format(code=tracker.get_slot("petition_duplicate"))
        dispatcher.utter_message(
            response="utter_petition_summary",
            joining=joining,
            kind=labels.label(labels.KINDS, tracker.get_slot("petition_kind"), language),
            category=labels.label(
                labels.CATEGORIES, tracker.get_slot("petition_category"), language
            ),
            description=description,
            place=tracker.get_slot("petition_place") or "—",
            contact=contact,
            attachments=str(attachments),
        )
        return []
