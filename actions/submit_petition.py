"""`action_submit_petition`: runs when the petition form closes. It files a confirmed petition
once and tells the citizen its code; a form closed by the citizen cancelling or asking for an
official files nothing."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.ext.asyncio import AsyncSession

from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import language_of
from actions.procedure_questions import answer_from_catalogue
from core.dates import day_for
from core.settings import get_settings
from storage.errors import StorageError
from storage.models import Petition
from storage.services import duplicates, hotspots, messaging, petitions

PETITION_SLOTS = [
    "petition_kind",
    "petition_category",
    "petition_description",
    "petition_details",
    "petition_place",
    "petition_commune",
    "petition_latitude",
    "petition_longitude",
    "petition_anonymous",
    "petition_name",
    "petition_phone",
    "petition_duplicate",
    "petition_duplicate_checked",
    "petition_join",
    "petition_confirmed",
]
# how the form went, not answers: reset with the answers
FORM_STATE_SLOTS = [
    "petition_outcome",
    "petition_turns",
    "petition_correcting",
    "petition_topic",
    "petition_kind_assumed",
    "petition_details_wanted",
    "petition_last_aside",
    "pending_report",
    "petition_commune_asked",
    "petition_commune_choices",
]
# actions that end a petition: what the citizen said before one belongs to the one before
_PETITION_ENDS = {"action_submit_petition", "action_reset_petition"}


def reset_events() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in PETITION_SLOTS + FORM_STATE_SLOTS]


def texts_since_last_petition(tracker: Tracker) -> list[str]:
    """What the citizen typed since the last petition ended (or the session began), oldest first:
    a name or phone given before the form asked for it still fills it."""
    typed: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in _PETITION_ENDS:
            break
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user":
            text = str(event.get("text") or "")
            if text and not text.startswith("/"):
                typed.append(text)
    return list(reversed(typed))


def form_started_at(tracker: Tracker) -> str:
    """When this petition form began: with the sender, the submission's idempotency key, so a
    repeated submit of the same form (double tap, redelivery) finds the first petition."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == "petition_form":
            return f"{event.get('timestamp')}"
    return "no-form"


async def _join_if_chosen(
    session: AsyncSession, tracker: Tracker, petition_id: int
) -> Petition | None:
    """Links the new petition into the earlier report the citizen chose to follow; None when
    they chose their own, or the earlier one was closed in the meantime."""
    code = tracker.get_slot("petition_duplicate")
    if tracker.get_slot("petition_join") is not True or not code:
        return None
    try:
        # a refused join undoes itself alone, never the petition just filed
        async with session.begin_nested():
            return await duplicates.join(session, petition_id, str(code))
    except StorageError:
        return None


class ActionSubmitPetition(Action):
    def name(self) -> str:
        return "action_submit_petition"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        outcome = tracker.get_slot("petition_outcome")
        if outcome == "handoff":
            return [*reset_events(), FollowupAction("action_start_handoff")]
        if outcome == "procedure":
            return [*reset_events(), *await answer_from_catalogue(dispatcher, tracker, domain)]
        if tracker.get_slot("petition_confirmed") is not True:
            dispatcher.utter_message(response="utter_petition_cancelled")
            return reset_events()
        language = language_of(tracker)
        anonymous = bool(tracker.get_slot("petition_anonymous"))
        async with database().session() as session:
            citizen = await citizen_of(session, tracker)
            # confirming the summary, which states the purpose, is the citizen's consent
            await messaging.record_consent(session, citizen.id)
            petition, _ = await petitions.submit_petition(
                session,
                idempotency_key=f"{tracker.sender_id}:{form_started_at(tracker)}",
                citizen_id=citizen.id,
                channel=citizen.channel,
                kind=tracker.get_slot("petition_kind"),
                category=tracker.get_slot("petition_category") or "khac",
                description=tracker.get_slot("petition_description"),
                commune_code=tracker.get_slot("petition_commune"),
                address=tracker.get_slot("petition_place"),
                latitude=tracker.get_slot("petition_latitude"),
                longitude=tracker.get_slot("petition_longitude"),
                contact_phone=None if anonymous else tracker.get_slot("petition_phone"),
                anonymous=anonymous,
                reporter_name=None if anonymous else tracker.get_slot("petition_name"),
                attachment_ids=None,
                surge=hotspots.SurgeRules.from_settings(get_settings()),
            )
            department = await session.get(type(petition.department), petition.department_id)
            joined = await _join_if_chosen(session, tracker, petition.id)
            await session.commit()
        assert department is not None
        if joined is not None:
            dispatcher.utter_message(
                response="utter_petition_joined",
                code=petition.tracking_code,
                into=joined.tracking_code,
                department=joined.department.name_en
                if language == "en"
                else joined.department.name_vi,
                due_on=day_for(language, joined.due_on),
            )
            return reset_events()
        dispatcher.utter_message(
            response="utter_petition_submitted",
            code=petition.tracking_code,
            department=department.name_en if language == "en" else department.name_vi,
            due_on=day_for(language, petition.due_on),
        )
        return reset_events()
