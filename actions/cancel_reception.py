"""`action_cancel_reception`: "hủy lịch TD-…", or "hủy lịch hẹn" for the citizen's next one."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import language_of
from actions.reading.reception import booking_code
from actions.reception_common import day_label
from storage.deadlines import vietnam_today
from storage.errors import StorageError
from storage.services import reception


class ActionCancelReception(Action):
    def name(self) -> str:
        return "action_cancel_reception"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        code = booking_code(str(tracker.latest_message.get("text") or ""))
        async with database().session() as session:
            citizen = await citizen_of(session, tracker)
            if code is None:
                latest = await reception.latest_of(session, citizen.id, vietnam_today())
                code = latest.code if latest else None
            try:
                booking = await reception.cancel(session, code or "", citizen.id)
                await session.commit()
            except StorageError:
                dispatcher.utter_message(response="utter_reception_none")
                return []
        dispatcher.utter_message(
            response="utter_reception_cancelled",
            code=booking.code,
            day=day_label(language, booking.day),
            slot=booking.slot,
        )
        return []
