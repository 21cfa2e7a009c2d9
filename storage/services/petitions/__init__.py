"""Petitions: intake from the assistant, what the citizen may see, and the officials' operations.

Every change appends a `PetitionEvent` (the timeline officials and citizens read) in the same
transaction; a message to the citizen goes through the outbox in that transaction too, so a reply
is never recorded without being sent, nor sent twice. The functions flush and never commit: the
caller (a desk handler, an action, a worker) commits the change, its event and its messages once.

- `routing`: which department handles a petition.
- `submission`: filing a petition, once per idempotency key, with its attachments.
- `citizen_view`: what a citizen may see of a petition, by code or by account.
- `steps`: what every change is built from (lock, closed check, timeline event).
- `answers`: an official's reply or question to the citizen.
- `moves`: assigning, transferring and merging.
- `resolution`: resolving and reopening.
- `rating`: the citizen's rating of a resolved petition.
- `deadlines`: where a petition stands against its due date, for the desk.
- `citizen_answers`: the citizen's answer to a question, caught onto its petition.
"""

from storage.services.petitions.answers import reply, request_information
from storage.services.petitions.citizen_answers import citizens_awaited, record_citizen_answer
from storage.services.petitions.citizen_view import (
    PetitionByCode,
    PetitionStatusView,
    petition_by_code,
    petitions_of_citizen,
    status_for_citizen,
)
from storage.services.petitions.deadlines import (
    DUE_SOON_DAYS,
    DeadlineState,
    deadline_state,
    deadline_state_of,
)
from storage.services.petitions.moves import assign, merge, transfer
from storage.services.petitions.rating import rate, rate_payload
from storage.services.petitions.resolution import not_fixed_payload, reopen, resolve
from storage.services.petitions.routing import route
from storage.services.petitions.steps import (
    CLOSED_STATUSES,
    append_event,
    locked_petition,
    official_actor,
    open_item,
    required_text,
)
from storage.services.petitions.submission import (
    ATTACHMENT_WINDOW,
    photo_place_known,
    submit_petition,
)

__all__ = [
    "ATTACHMENT_WINDOW",
    "CLOSED_STATUSES",
    "DUE_SOON_DAYS",
    "DeadlineState",
    "PetitionByCode",
    "PetitionStatusView",
    "append_event",
    "assign",
    "citizens_awaited",
    "deadline_state",
    "deadline_state_of",
    "locked_petition",
    "merge",
    "not_fixed_payload",
    "official_actor",
    "open_item",
    "petition_by_code",
    "petitions_of_citizen",
    "photo_place_known",
    "rate",
    "rate_payload",
    "record_citizen_answer",
    "reopen",
    "reply",
    "request_information",
    "required_text",
    "resolve",
    "route",
    "status_for_citizen",
    "submit_petition",
    "transfer",
]
