"""What the reception actions share: the unit a conversation's commune leads to, a day as a
citizen reads it, the offered days as slot values, and the slots to reset when it is over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rasa_sdk.events import SlotSet
from sqlalchemy.ext.asyncio import AsyncSession

from core.dates import day_for
from storage.models import ReceptionSchedule
from storage.services import reception

PROVINCE = "province"
SLOTS = (
    "reception_commune",
    "reception_offer",
    "reception_choice",
    "reception_topic",
    "reception_moving",
    "reception_outcome",
)
WEEKDAY_NAMES = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


@dataclass(frozen=True)
class Offer:
    schedule_id: int
    day: dt.date
    slot: str

    def value(self) -> str:
        return f"{self.schedule_id}|{self.day.isoformat()}|{self.slot}"

    @classmethod
    def parse(cls, value: object) -> Offer | None:
        parts = str(value or "").split("|")
        if len(parts) != 3 or not parts[0].isdigit():
            return None
        try:
            return cls(int(parts[0]), dt.date.fromisoformat(parts[1]), parts[2])
        except ValueError:
            return None


def day_label(language: str, day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[language][day.isoweekday() - 1]} {day_for(language, day)}"


async def schedule_of_slot(session: AsyncSession, commune: object) -> ReceptionSchedule:
    code = None if commune in (None, "", PROVINCE) else str(commune)
    return await reception.schedule_for(session, code)


def commune_of_schedule(schedule: ReceptionSchedule) -> str:
    """The slot value that leads back to this schedule's unit."""
    code = schedule.department.code
    return code.removeprefix("ubnd_") if code.startswith("ubnd_") else PROVINCE


def reset_events() -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in SLOTS]
