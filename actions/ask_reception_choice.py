"""`action_ask_reception_choice`: the next reception days of the citizen's unit that still have
room, each with its first free slot, numbered for a typed answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.ext.asyncio import AsyncSession

from actions.context import database
from actions.procedure_catalogue import language_of
from actions.reception_common import Offer, day_label, schedule_of_slot
from storage.deadlines import vietnam_today
from storage.models import ReceptionSchedule
from storage.services import reception

OFFERED_DAYS = 3
SEATS_WORDS = {"vi": "còn {n} chỗ", "en": "{n} seats left"}


async def open_offers(
    session: AsyncSession, schedule: ReceptionSchedule
) -> list[tuple[Offer, int]]:
    """The next days with room, each with its first free slot and how many seats it has left."""
    offers: list[tuple[Offer, int]] = []
    for day in await reception.upcoming_days(session, schedule, vietnam_today(), count=8):
        free = [s for s in await reception.slot_states(session, schedule, day) if s.free]
        if free:
            offers.append((Offer(schedule.id, day, free[0].slot), free[0].free))
        if len(offers) == OFFERED_DAYS:
            break
    return offers


class ActionAskReceptionChoice(Action):
    def name(self) -> str:
        return "action_ask_reception_choice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        async with database().session() as session:
            schedule = await schedule_of_slot(session, tracker.get_slot("reception_commune"))
            offers = await open_offers(session, schedule)
        lines = [
            f"{n}. {day_label(language, o.day)}, {o.slot} ({SEATS_WORDS[language].format(n=free)})"
            for n, (o, free) in enumerate(offers, start=1)
        ]
        dispatcher.utter_message(
            response="utter_reception_days",
            receiver=schedule.receiver,
            place=schedule.place,
            days="\n".join(lines),
            buttons=[{"title": str(n), "payload": str(n)} for n in range(1, len(offers) + 1)],
        )
        return [SlotSet("reception_offer", [o.value() for o, _ in offers])]
