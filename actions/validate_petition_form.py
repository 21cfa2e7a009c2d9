"""`validate_petition_form`: reads each message the citizen types while the petition form is
open, fills every answer it gives, and decides the next question.

Rasa runs the form before any rule while it is active, so this action is where a message is
taken as an answer, as a question of the citizen's own (answered, then the form asks again), or
as leaving the form (cancel, an official). It always returns at least one slot event, so Rasa
never rejects the form and never hands an answer to a catch-all intent.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_procedure_detail import ActionAnswerProcedureDetail
from actions.context import database
from actions.lookup_procedure import ActionLookupProcedure
from actions.petition_turn import (
    ANONYMOUS_KINDS,
    PROCEDURE_INTENTS,
    Reading,
    Turn,
    read_activation,
    read_turn,
    required_slots,
)
from actions.procedure_questions import names_a_procedure
from actions.reading.questions import plainly_asks_a_procedure
from actions.submit_petition import PETITION_SLOTS, texts_since_last_petition
from core.settings import get_settings
from storage.services import duplicates
from storage.services.intake import commune_candidates, match_commune

REQUESTED_SLOT = "requested_slot"
# reports and proposals are matched against open ones of the same problem; a changed answer
# among these is looked up again
DUPLICATE_KINDS = frozenset({"phan_anh", "kien_nghi"})
DUPLICATE_FACTS = frozenset(
    {"petition_kind", "petition_category", "petition_place", "petition_commune"}
)
# answers after which the search may have become possible
DUPLICATE_TRIGGERS = frozenset({"petition_description", "petition_commune_asked"})
# actions that may run between a message and the form without the message having been read
# (the last two start the form from a message they did not answer themselves)
_PASSING_ACTIONS = {
    "action_listen",
    "action_extract_slots",
    "petition_form",
    "action_handle_misunderstanding",
    "action_answer_yes_no",
    None,
}
ASIDE_RESPONSES = {
    "help": "utter_help",
    "bot_challenge": "utter_iamabot",
    "attachment": "utter_attachment_received",
}


def _entities(tracker: Tracker) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in tracker.latest_message.get("entities") or []:
        if item.get("entity") and item.get("value") is not None:
            found.setdefault(str(item["entity"]), item["value"])
    return found


def times_asked(tracker: Tracker) -> int:
    """How many times in a row the form has asked the question it is waiting on."""
    current = tracker.get_slot(REQUESTED_SLOT)
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT:
            if event.get("value") != current:
                break
            count += 1
    return max(count, 1)


def message_is_new(tracker: Tracker) -> bool:
    """Whether the latest message has not been read yet (a rule may have handled it already)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in _PASSING_ACTIONS:
            return False
    return True


async def _a_question_not_a_request(tracker: Tracker, text: str) -> bool:
    if text.startswith("/") or tracker.get_slot("pending_report"):
        return False
    return plainly_asks_a_procedure(text) and await names_a_procedure(text, clearly=True)


class ValidatePetitionForm(FormValidationAction):
    def name(self) -> str:
        return "validate_petition_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        slots = {name: tracker.get_slot(name) for name in PETITION_SLOTS}
        # whether the commune question was asked decides whether it is asked
        slots["petition_commune_asked"] = tracker.get_slot("petition_commune_asked")
        # whether a thin description was asked about once more
        slots["petition_details_wanted"] = tracker.get_slot("petition_details_wanted")
        # the form always names its next question, so none means it is starting
        activating = tracker.get_slot(REQUESTED_SLOT) is None
        turns = int(tracker.get_slot("petition_turns") or 0)
        if not message_is_new(tracker):
            return self._next(slots, {}, turns)
        turn = await self._turn(tracker, slots, activating)
        if activating and await _a_question_not_a_request(tracker, turn.text):
            # the classifier took a procedure question for a request: it is answered instead
            return [
                SlotSet("petition_outcome", "procedure"),
                SlotSet("petition_turns", turns + 1),
                SlotSet(REQUESTED_SLOT, None),
            ]
        reading = read_activation(turn) if activating else read_turn(turn)
        if reading.outcome:
            return [
                SlotSet("petition_outcome", reading.outcome),
                SlotSet("petition_turns", turns + 1),
                SlotSet(REQUESTED_SLOT, None),
            ]
        events = await self._aside(reading, dispatcher, tracker, domain)
        updates = await self._checked(reading, dispatcher, tracker, slots)
        for note in reading.notes:
            dispatcher.utter_message(response=note)
        return events + self._next(slots, updates, turns)

    async def _turn(self, tracker: Tracker, slots: dict[str, Any], activating: bool) -> Turn:
        text = str(tracker.latest_message.get("text") or "")
        intent = tracker.latest_message.get("intent") or {}
        intent_name = str(intent.get("name") or "")
        pending = tracker.get_slot("pending_report")
        if activating and pending:
            # "có" to the offer to file what they described: the description is that message
            text = str(pending)
        asks_a_procedure = intent_name in PROCEDURE_INTENTS and not text.startswith("/")
        return Turn(
            text=text,
            intent=intent_name,
            confidence=float(intent.get("confidence") or 0.0),
            entities=_entities(tracker),
            requested=None if activating else tracker.get_slot(REQUESTED_SLOT),
            slots={
                **slots,
                "petition_correcting": tracker.get_slot("petition_correcting"),
                "petition_topic": tracker.get_slot("petition_topic"),
                "petition_kind_assumed": tracker.get_slot("petition_kind_assumed"),
                "petition_last_aside": tracker.get_slot("petition_last_aside"),
                "petition_commune_asked": tracker.get_slot("petition_commune_asked"),
            },
            names_a_procedure=asks_a_procedure
            and ("procedure" in _entities(tracker) or await names_a_procedure(text)),
            earlier=tuple(texts_since_last_petition(tracker)) if activating else (),
            times_asked=times_asked(tracker),
        )

    async def _aside(
        self,
        reading: Reading,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        """Answers what the citizen asked in passing; the form then asks its question again."""
        if reading.aside == "procedure":
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            action = (
                ActionLookupProcedure()
                if intent == "ask_procedure"
                else ActionAnswerProcedureDetail()
            )
            answered = list(await action.run(dispatcher, tracker, domain))
            text = str(tracker.latest_message.get("text") or "")
            return [*answered, SlotSet("petition_last_aside", text)]
        if reading.aside in ASIDE_RESPONSES:
            dispatcher.utter_message(response=ASIDE_RESPONSES[reading.aside])
        return []

    async def _checked(
        self,
        reading: Reading,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        slots: dict[str, Any],
    ) -> dict[str, Any]:
        """The answers with what storage knows added: the commune of a place, GPS points."""
        updates = dict(reading.updates)
        place = updates.get("petition_place")
        if place == "gps":
            entities = _entities(tracker)
            latitude, longitude = float(entities["latitude"]), float(entities["longitude"])
            updates.update(
                petition_place=f"GPS {latitude:.5f}, {longitude:.5f}",
                petition_latitude=latitude,
                petition_longitude=longitude,
                petition_commune=None,
            )
        elif place:
            async with database().session() as session:
                found = await commune_candidates(session, str(place))
            updates["petition_commune"] = found[0].code if len(found) == 1 else None
            # a place naming two communes: the commune question offers them
            updates["petition_commune_choices"] = (
                [c.name for c in found] if len(found) > 1 else None
            )
        if reading.commune_answer is not None:
            async with database().session() as session:
                commune = await match_commune(session, reading.commune_answer)
            updates["petition_commune"] = commune.code if commune else None
            updates["petition_commune_asked"] = True
        updates.update(await self._duplicate(slots, updates))
        merged = {**slots, **updates}
        kind = merged.get("petition_kind")
        said_unasked = tracker.get_slot(REQUESTED_SLOT) != "petition_anonymous"
        # the wish and the kind may come in either order ("anonymously, please" before "a
        # denunciation"): checked when the second of them arrives
        just_known = bool(updates.get("petition_anonymous")) or "petition_kind" in updates
        if merged.get("petition_anonymous") and kind == "to_cao" and said_unasked and just_known:
            # Luật Tố cáo 2018, art. 25: an unnamed denunciation is not handled as one, but
            # clear facts with evidence are still inspected; the citizen is told so (the
            # anonymity question says it already)
            dispatcher.utter_message(response="utter_denunciation_anonymous")
        elif merged.get("petition_anonymous") and kind is not None and kind not in ANONYMOUS_KINDS:
            # a complaint must name the person making it (Luật Khiếu nại 2011, art. 8)
            updates["petition_anonymous"] = False
            dispatcher.utter_message(response="utter_complaint_not_anonymous")
        return updates

    @staticmethod
    async def _duplicate(slots: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
        """Once the place and the area are known, an open report of the same problem is looked
        for (and again if either is changed), to offer the citizen to follow it."""
        found: dict[str, Any] = {}
        if slots.get("petition_join") is False:
            return found  # they chose to send their own: no report is offered again
        if slots.get("petition_duplicate_checked") and DUPLICATE_FACTS & updates.keys():
            found = {"petition_duplicate_checked": None, "petition_duplicate": None}
            found["petition_join"] = None
        if not (DUPLICATE_FACTS | DUPLICATE_TRIGGERS) & updates.keys():
            return found  # nothing it depends on has changed: what was found stands
        merged = {**slots, **updates, **found}
        settled = merged.get("petition_commune") or merged.get("petition_commune_asked")
        if (
            merged.get("petition_duplicate_checked")
            or merged.get("petition_kind") not in DUPLICATE_KINDS
            or not all(merged.get(s) for s in ("petition_description", "petition_category"))
            or not merged.get("petition_place")
            or not settled
        ):
            return found
        async with database().session() as session:
            matches = await duplicates.similar_open(
                session,
                duplicates.Report(
                    kind=merged["petition_kind"],
                    category=merged["petition_category"],
                    description=merged["petition_description"],
                    commune_code=merged.get("petition_commune"),
                    latitude=merged.get("petition_latitude"),
                    longitude=merged.get("petition_longitude"),
                ),
                duplicates.DuplicateRules.from_settings(get_settings()),
                limit=1,
            )
        code = matches[0].petition.tracking_code if matches else None
        return {
            "petition_duplicate_checked": True,
            "petition_duplicate": code,
            "petition_join": None,
        }

    @staticmethod
    def _next(slots: dict[str, Any], updates: dict[str, Any], turns: int) -> list[dict[str, Any]]:
        merged = {**slots, **updates}
        next_question = next((s for s in required_slots(merged) if merged.get(s) is None), None)
        return [
            *(SlotSet(name, value) for name, value in updates.items()),
            SlotSet("petition_turns", turns + 1),
            SlotSet(REQUESTED_SLOT, next_question),
        ]
