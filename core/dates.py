"""A day as a citizen reads it in their language: "07/01/2027" in Vietnamese, ISO in English."""

from __future__ import annotations

import datetime as dt


def day_for(language: str, day: dt.date) -> str:
    return day.isoformat() if language == "en" else day.strftime("%d/%m/%Y")
