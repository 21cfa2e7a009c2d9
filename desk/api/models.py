"""The shapes of /api/v1: every request body and every response, as pydantic models.

The handlers read their bodies and build their answers through these models, and
desk.api.openapi builds the published document from them, so the two cannot drift apart: a key a
view adds without its model here makes the answer fail instead of going out undocumented.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    RootModel,
    StrictInt,
    WithJsonSchema,
)

from desk.operations import MAX_TEXT
from storage.models import (
    AttachmentStatus,
    Channel,
    HandoffStatus,
    PetitionKind,
    PetitionStatus,
    Role,
)
from storage.services.lifecycle import AcceptanceState
from storage.services.petitions import DeadlineState


def _isoformat(moment: dt.datetime) -> str:
    return moment.isoformat()


# the API has always sent Python's isoformat ("+00:00"); pydantic's own would say "Z"
Timestamp = Annotated[
    dt.datetime,
    PlainSerializer(_isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Tier = Literal["normal", "complex", "very_complex"]
ErrorCode = Literal["invalid", "unauthorized", "forbidden", "not_found", "conflict"]


class ResponseBody(BaseModel):
    """What the API answers: exactly these keys, every one always present."""

    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class RequestBody(BaseModel):
    """What the API reads: a key it does not know is refused, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


# --- responses --------------------------------------------------------------------------------


class ApiError(ResponseBody):
    error: ErrorCode
    message: str


class DepartmentRef(ResponseBody):
    id: int
    code: str
    name_vi: str
    name_en: str


class Department(DepartmentRef):
    is_inspection: bool


class Departments(RootModel[list[Department]]):
    pass


class Me(ResponseBody):
    id: int
    username: str
    full_name: str
    role: Role
    department: DepartmentRef


class PetitionRow(ResponseBody):
    """A queue line: enough to choose what to open, nothing about who sent it."""

    id: int
    tracking_code: str
    kind: PetitionKind
    category: str
    commune_code: str | None
    commune_name: str | None
    status: PetitionStatus
    submitted_at: Timestamp
    due_on: dt.date
    days_left: int = Field(description="negative when overdue")
    deadline_state: DeadlineState
    assigned_official_id: int | None
    assigned_official_name: str | None
    excerpt: str


class PetitionPage(ResponseBody):
    items: list[PetitionRow]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page")


class Identity(ResponseBody):
    """Who sent the item; given only where the Law on Denunciation 2018 lets the caller see."""

    reporter_name: str | None
    contact_phone: str | None
    citizen_name: str | None
    citizen_phone: str | None
    citizen_language: str


class Attachment(ResponseBody):
    id: int
    kind: Literal["photo", "file", "location"]
    name: str | None
    size: int | None
    url: str | None
    reference: str | None = Field(description="a platform file id when not a URL")
    map_url: str | None
    status: AttachmentStatus
    stored: bool
    mime: str | None
    file_url: str
    thumbnail_url: str | None
    refusal: str | None
    latitude: float | None = Field(default=None, description="null unless a location")
    longitude: float | None = Field(default=None, description="null unless a location")


class Event(ResponseBody):
    id: int
    kind: str
    actor: Literal["citizen", "system", "official"]
    official_id: int | None
    official_name: str | None
    public: bool
    body: str | None
    data: dict[str, Any]
    assignee_name: str | None
    created_at: Timestamp


class PetitionDetail(PetitionRow):
    description: str
    address: str | None
    latitude: float | None
    longitude: float | None
    map_url: str | None
    channel: Channel
    anonymous: bool
    department: DepartmentRef
    first_reply_at: Timestamp | None
    resolved_at: Timestamp | None
    rating: int | None
    rating_comment: str | None
    merged_into_id: int | None
    acceptance_due_on: dt.date | None
    accepted_on: dt.date | None
    acceptance_state: AcceptanceState | None
    tier: Tier
    extensions: int
    first_complaint_id: int | None
    forwarded_to: str | None
    identity_visible: bool
    identity: Identity | None = Field(
        description="null for a denunciation or an anonymous item unless the caller is an "
        "inspector (Law on Denunciation 2018)"
    )
    attachments: list[Attachment]
    timeline: list[Event]


class Transferred(ResponseBody):
    """A transferred item has left the unit: its detail is no longer the caller's to read."""

    id: int
    transferred: Literal[True]


class HandoffCitizen(ResponseBody):
    name: str | None
    channel: Channel
    language: str


class TranscriptEntry(ResponseBody):
    model_config = ConfigDict(validate_by_name=True, serialize_by_alias=True)

    # "from" is a Python keyword
    sender: str = Field(alias="from", description="citizen, assistant or official")
    official_id: int | None
    official_name: str | None
    text: str
    at: str | None


class Handoff(ResponseBody):
    id: int
    status: HandoffStatus
    summary: str
    created_at: Timestamp
    official_id: int | None
    official_name: str | None
    citizen: HandoffCitizen
    transcript: list[TranscriptEntry]


class HandoffList(ResponseBody):
    items: list[Handoff]


class Outcomes(ResponseBody):
    on_time: int
    late: int
    overdue: int
    open: int
    merged: int


class AcceptanceOutcomes(ResponseBody):
    on_time: int
    late: int
    overdue: int
    open: int


class Reopenings(ResponseBody):
    department: str
    resolved: int
    reopened: int
    rate: float | None


class Rates(ResponseBody):
    """Shares of the items whose deadline outcome is known (null when there are none)."""

    on_time: float | None
    late: float | None
    overdue: float | None


class Count(ResponseBody):
    key: str
    count: int


class Durations(ResponseBody):
    first_reply_hours: float | None
    resolution_hours: float | None


class Satisfaction(ResponseBody):
    average: float | None
    count: int


class ReportSummary(ResponseBody):
    total: int
    outcomes: Outcomes
    acceptance: AcceptanceOutcomes
    reopenings: list[Reopenings]
    rates: Rates
    by_status: list[Count]
    by_kind: list[Count]
    by_category: list[Count]
    by_month: list[Count] = Field(description="keys are YYYY-MM in Vietnam's time")
    by_department: list[Count] = Field(description="the whole province only")
    durations: Durations
    satisfaction: Satisfaction
    feedback: dict[str, Satisfaction] = Field(
        description="the assistant's and services' ratings, the whole province only"
    )


# --- request bodies ---------------------------------------------------------------------------


class AssignBody(RequestBody):
    official_id: StrictInt


class FileUpload(RequestBody):
    name: str | None = None
    content_base64: str


class ReplyBody(RequestBody):
    text: Text
    file: FileUpload | None = Field(default=None, description="a photo or a PDF")


class ReplyForm(RequestBody):
    """A reply as multipart/form-data, the file as a file part."""

    text: Text
    file: bytes | None = Field(default=None, description="a photo or a PDF")


class TextBody(RequestBody):
    text: Text


class QuestionBody(RequestBody):
    question: Text


class ReasonBody(RequestBody):
    reason: Text


class TransferBody(RequestBody):
    department_id: StrictInt
    reason: Text


class MergeBody(RequestBody):
    """The item to merge into, by tracking code (as officials read it) or by id."""

    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["into_code"]}, {"required": ["into_id"]}]}
    )

    into_code: str | None = Field(default=None, description="tracking code, e.g. K7M3-9QX2")
    into_id: StrictInt | None = None


class AcceptBody(RequestBody):
    tier: Tier | None = Field(default=None, description="default: normal")


class RefuseBody(RequestBody):
    reason: Text
    legal_ground: Text


class ForwardBody(RequestBody):
    to: Text = Field(description="the body that has authority over the matter")
    reason: Text
