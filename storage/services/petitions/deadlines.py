"""Where a petition stands against its due date, as the desk's queue and the reports show it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from storage.deadlines import VIETNAM
from storage.models import Petition

DUE_SOON_DAYS = 2

DeadlineState = Literal["on_time", "due_soon", "overdue", "resolved_on_time", "resolved_late"]


def deadline_state(petition: Petition, today: dt.date) -> DeadlineState:
    """Where a petition stands against its due date, for the desk's queue and the reports."""
    return deadline_state_of(petition.due_on, petition.resolved_at, today)


def deadline_state_of(
    due_on: dt.date, resolved_at: dt.datetime | None, today: dt.date
) -> DeadlineState:
    if resolved_at is not None:
        resolved_on = resolved_at.astimezone(VIETNAM).date()
        return "resolved_on_time" if resolved_on <= due_on else "resolved_late"
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "on_time"
