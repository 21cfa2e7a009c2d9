"""`action_set_consultations`: the citizen opts in to the authorities' consultations (the
province's, and a commune's when the message names one) or out of them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.citizen import citizen_of
from actions.context import database
from actions.procedure_catalogue import language_of
from storage.models import Commune
from storage.services import consultations
from storage.services.intake import match_commune

AND_COMMUNE = {"vi": " và của {name}", "en": " and those of {name}"}


class ActionSetConsultations(Action):
    def name(self) -> str:
        return "action_set_consultations"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        wanted = tracker.latest_message.get("intent", {}).get("name") == "consultations_on"
        text = str(tracker.latest_message.get("text") or "")
        async with database().session() as session:
            citizen = await citizen_of(session, tracker)
            if not wanted:
                await consultations.unsubscribe(session, citizen.id)
                await session.commit()
                dispatcher.utter_message(response="utter_consultations_off")
                return []
            commune = await match_commune(session, text)
            subscriber = await consultations.subscribe(
                session, citizen.id, commune.code if commune else None
            )
            await session.commit()
            named = (
                await session.get(Commune, subscriber.commune_code)
                if subscriber.commune_code
                else None
            )
        commune_words = AND_COMMUNE[language_of(tracker)].format(name=named.name) if named else ""
        dispatcher.utter_message(response="utter_consultations_on", commune=commune_words)
        return []
