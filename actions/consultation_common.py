"""What the consultation actions share: the consultation a conversation is about, how its
question and choices are shown, and the slots cleared before and after."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Commune, Consultation
from storage.services import consultations

SLOTS = (
    "consultation_code",
    "consultation_answer",
    "consultation_choice",
    "consultation_outcome",
)
HOW = {
    "vi": {
        "choices": "Trả lời bằng số thứ tự (ví dụ: 1) hoặc bằng lời của bạn.",
        "choices_only": "Trả lời bằng số thứ tự, ví dụ: 1.",
        "words": "Trả lời bằng vài câu ý kiến của bạn.",
    },
    "en": {
        "choices": "Answer with a number (e.g. 1) or in your own words.",
        "choices_only": "Answer with a number, e.g. 1.",
        "words": "Answer in a few words of your own.",
    },
}
PROVINCE = {"vi": "toàn tỉnh", "en": "the whole province"}


def reset_events() -> list[dict[str, Any]]:
    return [*(SlotSet(name, None) for name in SLOTS), SlotSet("consultation_tries", 0.0)]


async def consultation_of(session: AsyncSession, tracker: Tracker) -> Consultation | None:
    code = tracker.get_slot("consultation_code")
    return await consultations.by_code(session, str(code)) if code else None


def how_to_answer(language: str, consultation: Consultation) -> str:
    if not consultation.choices:
        return HOW[language]["words"]
    return HOW[language]["choices" if consultation.free_text else "choices_only"]


async def scope_of(session: AsyncSession, consultation: Consultation, language: str) -> str:
    if consultation.commune_code is None:
        return PROVINCE[language]
    commune = await session.get(Commune, consultation.commune_code)
    return commune.name if commune else consultation.commune_code


def answer_words(consultation: Consultation, choice: int | None, text: str | None) -> str:
    """The answer as the citizen is shown it back."""
    picked = f"{choice}. {consultation.choices[choice - 1]}" if choice else None
    said = f"“{text}”" if text and consultation.free_text and not picked else None
    return picked or said or ""
