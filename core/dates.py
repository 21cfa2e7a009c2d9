"""A day as a citizen reads it in their language: "07/01/2027" in Vietnamese, ISO in English.

Babel formats it with the language's own CLDR data; the patterns are fixed rather than CLDR's
"short" ones, which write years in two digits ("07/01/27") and English days month first.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

DAY_PATTERNS = {"vi": "dd/MM/yyyy", "en": "yyyy-MM-dd"}


def day_for(language: str, day: dt.date) -> str:
    """Any language without its own pattern reads the Vietnamese one."""
    locale = language if language in DAY_PATTERNS else "vi"
    return format_date(day, DAY_PATTERNS[locale], locale=locale)
