"""`action_ask_petition_join`: an open report of the same problem exists; the citizen is shown
what it is (never who sent it) and asked whether to follow it or send their own."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import petition_labels as labels
from actions.context import database
from actions.procedure_catalogue import language_of
from core.dates import day_for
from core.geo import distance_meters
from core.settings import get_settings
from storage.deadlines import VIETNAM
from storage.services import duplicates

EXCERPT = 160
PLACE_WORDS = {
    "vi": {"near": "cách chỗ bạn khoảng {m} m", "commune": "ở {name}", "none": "gần đó"},
    "en": {"near": "about {m} m from your spot", "commune": "in {name}", "none": "nearby"},
}
EXCERPT_WORDS = {"vi": "\nNội dung: “{text}”", "en": "\nIt says: “{text}”"}


def _place(offer: duplicates.Offer, tracker: Tracker, language: str) -> str:
    words = PLACE_WORDS[language]
    latitude, longitude = (
        tracker.get_slot("petition_latitude"),
        tracker.get_slot("petition_longitude"),
    )
    if None not in (latitude, longitude, offer.latitude, offer.longitude):
        meters = distance_meters(latitude, longitude, offer.latitude, offer.longitude)  # type: ignore[arg-type]
        return words["near"].format(m=max(10, round(meters / 10) * 10))
    if offer.commune_name:
        return words["commune"].format(name=offer.commune_name)
    return words["none"]


class ActionAskPetitionJoin(Action):
    def name(self) -> str:
        return "action_ask_petition_join"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        async with database().session() as session:
            offer = await duplicates.offer(session, str(tracker.get_slot("petition_duplicate")))
        if offer is None:
            # gone in the meantime: nothing to follow, the form goes on
            return [SlotSet("petition_duplicate", None), SlotSet("petition_join", False)]
        excerpt = ""
        if get_settings().public_descriptions:
            text = " ".join(offer.description.split())
            text = text if len(text) <= EXCERPT else text[:EXCERPT] + "…"
            excerpt = EXCERPT_WORDS[language].format(text=text)
        day = offer.submitted_at.astimezone(VIETNAM).date()
        dispatcher.utter_message(
            response="utter_ask_petition_join",
            category=labels.label(labels.CATEGORIES, offer.category, language),
            place=_place(offer, tracker, language),
            day=day_for(language, day),
            department=offer.department_name_en if language == "en" else offer.department_name_vi,
            excerpt=excerpt,
        )
        return []
