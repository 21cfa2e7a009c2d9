"""`action_move_reception`: "đổi lịch" (with the appointment's code, or the citizen's next one):
the reception form then offers the same unit's days, and keeps the topic."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from actions.reading.reception import booking_code
from actions.reception_common import commune_of_schedule, reset_events
from storage.deadlines import vietnam_today
from storage.services import reception


class ActionMoveReception(Action):
    def name(self) -> str:
        return "action_move_reception"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        code = booking_code(str(tracker.latest_message.get("text") or ""))
        async with database().transaction() as session:
            citizen = await citizen_of(session, tracker)
            booking = await reception.booking_by_code(session, code) if code else None
            if booking is None or booking.citizen_id != citizen.id or booking.status != "booked":
                booking = await reception.latest_of(session, citizen.id, vietnam_today())
        if booking is None:
            dispatcher.utter_message(response="utter_reception_none")
            # the form the rule opens next closes at once, booking nothing
            return [*reset_events(), SlotSet("reception_outcome", "no_booking")]
        return [
            *reset_events(),
            SlotSet("reception_moving", booking.code),
            SlotSet("reception_commune", commune_of_schedule(booking.schedule)),
            SlotSet("reception_topic", booking.topic),
        ]
