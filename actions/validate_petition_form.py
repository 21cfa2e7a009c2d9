"""`validate_petition_form`: which questions the petition form asks, and checks on each answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import petition_labels
from actions.context import database
from actions.phone import normalize_phone
from actions.procedure_catalogue import entity_value
from core.text import normalize
from storage.services.intake import match_commune

# a report or proposal may be anonymous; a complaint or a denunciation needs the person's identity
ANONYMITY_ALLOWED = {"phan_anh", "kien_nghi"}
IDENTITY_REQUIRED = {"khieu_nai", "to_cao"}
CORRECTABLE = {"petition_description", "petition_place", "petition_phone", "petition_category"}
MIN_DESCRIPTION_WORDS = 3
# typed names of kinds, folded, for answers typed instead of tapped
TYPED_KINDS = {
    "phan anh": "phan_anh",
    "report": "phan_anh",
    "kien nghi": "kien_nghi",
    "de xuat": "kien_nghi",
    "proposal": "kien_nghi",
    "khieu nai": "khieu_nai",
    "complaint": "khieu_nai",
    "to cao": "to_cao",
    "denunciation": "to_cao",
}


class ValidatePetitionForm(FormValidationAction):
    def name(self) -> str:
        return "validate_petition_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        kind = tracker.get_slot("petition_kind")
        slots = ["petition_kind", "petition_category", "petition_description", "petition_place"]
        if kind in ANONYMITY_ALLOWED:
            slots.append("petition_anonymous")
        if kind in IDENTITY_REQUIRED:
            slots.append("petition_name")
        if kind in IDENTITY_REQUIRED or not tracker.get_slot("petition_anonymous"):
            slots.append("petition_phone")
        slots.append("petition_confirmed")
        return slots

    def validate_petition_kind(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if value in petition_labels.KINDS:
            return {"petition_kind": value}
        typed = TYPED_KINDS.get(normalize(str(value)))
        return {"petition_kind": typed}

    def validate_petition_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        category = value if value in petition_labels.CATEGORIES else "khac"
        return {"petition_category": category}

    def validate_petition_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if text.startswith("/") or len(text.split()) < MIN_DESCRIPTION_WORDS:
            dispatcher.utter_message(response="utter_description_too_short")
            return {"petition_description": None}
        return {"petition_description": text[:4000]}

    async def validate_petition_place(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if value == "gps":
            latitude = entity_value(tracker, "latitude")
            longitude = entity_value(tracker, "longitude")
            if latitude is None or longitude is None:
                return {"petition_place": None}
            return {
                "petition_place": f"GPS {float(latitude):.5f}, {float(longitude):.5f}",
                "petition_latitude": float(latitude),
                "petition_longitude": float(longitude),
                "petition_commune": None,
            }
        text = str(value or "").strip()
        if not text or text.startswith("/"):
            return {"petition_place": None}
        async with database().session() as session:
            commune = await match_commune(session, text)
        return {
            "petition_place": text[:500],
            "petition_commune": commune.code if commune else None,
        }

    def validate_petition_anonymous(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return {"petition_anonymous": bool(value)}

    def validate_petition_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if len(text) < 2 or text.startswith("/"):
            return {"petition_name": None}
        return {"petition_name": text[:200]}

    def validate_petition_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        shared = entity_value(tracker, "phone")
        phone = normalize_phone(shared or str(value or ""))
        if phone is None:
            dispatcher.utter_message(response="utter_invalid_phone")
        return {"petition_phone": phone}

    def validate_petition_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if value is True:
            return {"petition_confirmed": True}
        if value in CORRECTABLE:
            # clear the answer to change: the form asks it again, then shows the summary again
            return {str(value): None, "petition_confirmed": None}
        return {"petition_confirmed": None}
