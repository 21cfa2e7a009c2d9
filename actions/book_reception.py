"""`action_book_reception`: runs when the reception form closes. It books the chosen seat (or
moves the appointment being moved) and gives the citizen the code; a form the citizen gave up,
or one with no day left, books nothing."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import language_of
from actions.reception_common import Offer, day_label, reset_events
from storage.deadlines import vietnam_today
from storage.models import ReceptionBooking
from storage.services import reception


class ActionBookReception(Action):
    def name(self) -> str:
        return "action_book_reception"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        outcome = tracker.get_slot("reception_outcome")
        if outcome == "cancelled":
            dispatcher.utter_message(response="utter_reception_given_up")
        choice = Offer.parse(tracker.get_slot("reception_choice"))
        if outcome is not None or choice is None:
            return reset_events()
        language = language_of(tracker)
        moving = tracker.get_slot("reception_moving")
        async with database().session() as session:
            citizen = await citizen_of(session, tracker)
            try:
                if moving:
                    booking = await reception.move(
                        session,
                        str(moving),
                        citizen.id,
                        day=choice.day,
                        slot=choice.slot,
                        today=vietnam_today(),
                    )
                else:
                    booking = await reception.book(
                        session,
                        schedule_id=choice.schedule_id,
                        day=choice.day,
                        slot=choice.slot,
                        citizen_id=citizen.id,
                        topic=str(tracker.get_slot("reception_topic") or ""),
                        today=vietnam_today(),
                    )
                await session.commit()
            except reception.SlotFull:
                dispatcher.utter_message(response="utter_reception_full")
                return reset_events()
            schedule = await reception.schedule_of(session, booking.schedule_id)
        dispatcher.utter_message(
            response="utter_reception_moved" if moving else "utter_reception_booked",
            **_values(booking, schedule.receiver, schedule.place, language),
            old=str(moving or ""),
        )
        return reset_events()


def _values(booking: ReceptionBooking, receiver: str, place: str, language: str) -> dict[str, str]:
    return {
        "code": booking.code,
        "receiver": receiver,
        "place": place,
        "day": day_label(language, booking.day),
        "slot": booking.slot,
    }
