"""The database schema as SQLAlchemy 2 typed models. Alembic migrations are made from these."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql import text
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware datetimes on every backend (SQLite stores them naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime, dict[str, Any]: JSON}


def _enum(cls: type[enum.Enum]) -> Enum:
    # stored as plain strings (no database enum type): adding a member needs no migration
    return Enum(cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class Channel(str, enum.Enum):
    WEB = "web"
    TELEGRAM = "telegram"
    ZALO = "zalo"
    # filed by another system through Open311: followed through that API, never sent messages
    OPEN311 = "open311"


class InboxStatus(str, enum.Enum):
    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"  # held by an official (handoff) or rate limited: stored, not sent to Rasa


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"  # gave up after the bounded number of tries
    UNDELIVERABLE = "undeliverable"  # the platform refuses for good (e.g. Zalo's 7-day window)


class PetitionKind(str, enum.Enum):
    REPORT = "phan_anh"
    PROPOSAL = "kien_nghi"
    COMPLAINT = "khieu_nai"
    DENUNCIATION = "to_cao"


class PetitionStatus(str, enum.Enum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    AWAITING_CITIZEN = "awaiting_citizen"
    RESOLVED = "resolved"
    MERGED = "merged"
    # not accepted (thụ lý), with its reason and legal ground told to the citizen
    REFUSED = "refused"
    # outside the unit's authority: sent on to the body that has it, and the citizen told
    FORWARDED = "forwarded"


class Role(str, enum.Enum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    INSPECTOR = "inspector"
    ADMIN = "admin"
    # the Fatherland Front, People's Council delegates: every unit's figures, no one's data
    OVERSIGHT = "oversight"


class HandoffStatus(str, enum.Enum):
    WAITING = "waiting"
    HELD = "held"
    RETURNED = "returned"


class Citizen(Base):
    """One person on one channel: the Rasa sender id is `<channel>:<channel_user_id>`."""

    __tablename__ = "citizens"
    __table_args__ = (UniqueConstraint("channel", "channel_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    channel_user_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2), default="vi")
    consent_at: Mapped[dt.datetime | None]
    # set while an official holds the conversation: the gateway stops passing messages to Rasa
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # the citizen asked not to be told when their petition is transferred or assigned (answers,
    # resolutions and the notices the laws require are sent all the same)
    updates_off: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @property
    def sender_id(self) -> str:
        return f"{self.channel.value}:{self.channel_user_id}"


class QueuedRow:
    """The columns every queue row (inbox, outbox, notifications) has for storage.queue's
    claims and the retries."""

    id: Mapped[int]
    attempts: Mapped[int] = mapped_column(default=0)
    # how many times a worker took it: more than once means an earlier holder died or let its
    # lease run out, perhaps halfway through (the inbox then asks Rasa before resending)
    claims: Mapped[int] = mapped_column(default=0, server_default="0")
    # when the row is next due; a claim pushes it one lease ahead
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)


class InboxMessage(QueuedRow, Base):
    """Every inbound message, stored before the platform is acknowledged."""

    __tablename__ = "inbox_messages"
    __table_args__ = (
        UniqueConstraint("channel", "platform_message_id"),
        Index("ix_inbox_pending", "status", "citizen_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    platform_message_id: Mapped[str] = mapped_column(String(128))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    # text for Rasa (a typed message or a structured payload like /share_location{...})
    text: Mapped[str] = mapped_column(Text, default="")
    # platform details kept for Rasa's metadata and for officials (photo ids, coordinates)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[InboxStatus] = mapped_column(_enum(InboxStatus), default=InboxStatus.PENDING)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[dt.datetime | None]

    citizen: Mapped[Citizen] = relationship()


class OutboxMessage(QueuedRow, Base):
    """Every outbound message, delivered by a worker with retries."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    # makes enqueueing idempotent: "inbox:<id>:<n>" for replies, "reply:<event id>" for officials
    dedupe_key: Mapped[str] = mapped_column(String(128), unique=True)
    # {"text"?, "buttons"?, "image"?, "custom"?} as Rasa's REST channel returns it
    body: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[OutboxStatus] = mapped_column(_enum(OutboxStatus), default=OutboxStatus.PENDING)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]

    citizen: Mapped[Citizen] = relationship()


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    # the department's Telegram group for notifications
    telegram_chat_id: Mapped[str | None] = mapped_column(String(64))
    is_inspection: Mapped[bool] = mapped_column(Boolean, default=False)
    # the unit whose head settles a second complaint about this unit's settlement (Luật Khiếu
    # nại 2011, art. 33: the head of the body directly above); none: the routing rules decide
    superior_code: Mapped[str | None] = mapped_column(String(64))


class Commune(Base):
    __tablename__ = "communes"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # the commune's centre, where the maintained source gives one
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # "vùng sâu, vùng xa": complaints there have longer clocks (Luật Khiếu nại 2011, art. 28, 37)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)


class LegalClockRow(Base):
    """A deployment's figure for one legal clock (see storage.legal_clocks for the keys)."""

    __tablename__ = "legal_clocks"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    days: Mapped[int]
    working: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(300))


class CommuneFormerName(Base):
    """A ward, commune or town of before the 2025 reorganisation, and the commune it is now part
    of: citizens still write "phường Đồng Tiến, TP Hòa Bình"."""

    __tablename__ = "commune_former_names"
    __table_args__ = (UniqueConstraint("name", "district", "commune_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"))
    # "Phường Đồng Tiến" and its former district or city ("Thành phố Hòa Bình")
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(200))


class RoutingRule(Base):
    """Category × commune → department; NULL matches anything. The most specific rule wins."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str | None] = mapped_column(String(32))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"))
    petition_kind: Mapped[PetitionKind | None] = mapped_column(_enum(PetitionKind))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))

    department: Mapped[Department] = relationship()


class Official(Base):
    __tablename__ = "officials"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    telegram_chat_id: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]

    department: Mapped[Department] = relationship()


class Petition(Base):
    """A citizen's report, proposal, complaint or denunciation. The columns marked
    `active_history` feed the report rollups (storage.rollups): a change must know the old value
    to move a count from one bucket to another, even when the row was not loaded before."""

    __tablename__ = "petitions"
    __table_args__ = (
        Index("ix_petitions_queue", "department_id", "status", "due_on"),
        Index("ix_petitions_citizen", "citizen_id", "submitted_at"),
        # the desk's queue over every state ("status=all"), in due order, page by page
        Index("ix_petitions_department_due", "department_id", "due_on", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    # the form's submission id: a double tap or a redelivered message finds the same petition
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[PetitionKind] = mapped_column(_enum(PetitionKind), active_history=True)
    category: Mapped[str] = mapped_column(String(32), active_history=True)
    description: Mapped[str] = mapped_column(Text)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    commune_code: Mapped[str | None] = mapped_column(
        ForeignKey("communes.code"), active_history=True
    )
    address: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    # the complainant's or denouncer's name; only the inspection role sees a denouncer's identity
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), active_history=True)
    assigned_official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"))
    status: Mapped[PetitionStatus] = mapped_column(
        _enum(PetitionStatus), default=PetitionStatus.RECEIVED, active_history=True
    )
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow, active_history=True)
    due_on: Mapped[dt.date] = mapped_column(Date, active_history=True)
    first_reply_at: Mapped[dt.datetime | None] = mapped_column(active_history=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(active_history=True)
    rating: Mapped[int | None] = mapped_column(active_history=True)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"))
    # a complaint or denunciation is first accepted (thụ lý): until then `due_on` is the day
    # the decision is due; from then, the settlement's due day (storage.legal_clocks)
    acceptance_due_on: Mapped[dt.date | None] = mapped_column(Date, active_history=True)
    accepted_on: Mapped[dt.date | None] = mapped_column(Date, active_history=True)
    # normal, complex or very_complex, as the unit judged it when accepting
    tier: Mapped[str] = mapped_column(String(16), default="normal")
    extensions: Mapped[int] = mapped_column(default=0)
    # a second complaint names the first one it follows
    first_complaint_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"))
    forwarded_to: Mapped[str | None] = mapped_column(String(300))
    # how often the citizen said a resolved petition was not put right; each time escalates
    reopen_count: Mapped[int] = mapped_column(default=0, active_history=True)

    department: Mapped[Department] = relationship()
    citizen: Mapped[Citizen] = relationship()


class PetitionFollower(Base):
    """A citizen, other than the petition's own, who hears its replies and changes: one whose
    report was merged into it, or who chose to follow an earlier report of the same problem."""

    __tablename__ = "petition_followers"
    __table_args__ = (UniqueConstraint("petition_id", "citizen_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    # the citizen's own petition that was linked to this one, if they filed one
    own_petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    citizen: Mapped[Citizen] = relationship(foreign_keys=[citizen_id])


class PetitionEvent(Base):
    """Append-only timeline of a petition. `public` events are shown to the citizen."""

    __tablename__ = "petition_events"
    __table_args__ = (Index("ix_petition_events_petition", "petition_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"))
    kind: Mapped[str] = mapped_column(String(32))
    # "citizen", "system" or "official:<id>"
    actor: Mapped[str] = mapped_column(String(64))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AttachmentStatus(str, enum.Enum):
    PENDING = "pending"  # a photo or file to fetch from the platform
    STORED = "stored"  # fetched, checked and kept in the file store
    REFUSED = "refused"  # not a kind of file we keep, or too large: the citizen was told
    FAILED = "failed"  # could not be fetched after every try
    NONE = "none"  # nothing to fetch (a location)


class Attachment(QueuedRow, Base):
    """A photo, file or location a citizen sent; bound to a petition when the form is submitted.
    A photo or file is fetched from the platform by a worker, never inside the webhook."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_fetch", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"))
    inbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("inbox_messages.id"))
    kind: Mapped[str] = mapped_column(String(16))  # photo | file | location
    # a platform file id (Telegram) or URL (Zalo); stored, never fetched at intake
    reference: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[int | None]
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[AttachmentStatus] = mapped_column(
        _enum(AttachmentStatus), default=AttachmentStatus.PENDING
    )
    # the stored bytes: content-addressed, so a redelivered photo is kept once
    sha256: Mapped[str | None] = mapped_column(String(64))
    mime: Mapped[str | None] = mapped_column(String(64))
    # why a file was refused ("too_large", "unsupported", "broken"), for the desk
    refusal: Mapped[str | None] = mapped_column(String(32))


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"))
    # "assistant", "service" or "petition"
    target: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Handoff(Base):
    """A conversation passed to officials; the assistant stays silent while it is not returned."""

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"))
    status: Mapped[HandoffStatus] = mapped_column(
        _enum(HandoffStatus), default=HandoffStatus.WAITING
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    transcript: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    returned_at: Mapped[dt.datetime | None]

    citizen: Mapped[Citizen] = relationship()


class Holiday(Base):
    """Adjustments to the library's calendar: an extra day off, or a weekend made a working day."""

    __tablename__ = "holidays"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    is_day_off: Mapped[bool] = mapped_column(Boolean, default=True)


class Procedure(Base):
    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    # the whole catalogue entry as published (documents, steps, fee, legal basis...)
    data: Mapped[dict[str, Any]] = mapped_column()
    checked_on: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ChannelCredential(Base):
    """Rotating platform tokens (Zalo's refresh token is single-use: stored atomically)."""

    __tablename__ = "channel_credentials"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[dt.datetime]
    version: Mapped[int] = mapped_column(default=1)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(128))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# --- the officials' desk (migration 0003) -----------------------------------------------------

# The desk's default queue lists a unit's open items by due date: a partial index keeps that one
# walk in order however many closed items the unit has.
OPEN_PETITION_STATUSES = ("received", "in_progress", "awaiting_citizen")
Index(
    "ix_petitions_open_queue",
    Petition.department_id,
    Petition.due_on,
    Petition.id,
    postgresql_where=Petition.status.in_(OPEN_PETITION_STATUSES),
    sqlite_where=Petition.status.in_(OPEN_PETITION_STATUSES),
)


class DeskSession(Base):
    """A signed-in official's browser session; the cookie carries the secret, the row its hash,
    so signing out or deactivating an account ends the session at once."""

    __tablename__ = "desk_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]

    official: Mapped[Official] = relationship()


class ApiToken(Base):
    """A bearer token for the desk's JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    official: Mapped[Official] = relationship()


class Open311Key(Base):
    """A key a portal or city app files Open311 requests with, issued from the desk's admin;
    only its SHA-256 is stored."""

    __tablename__ = "open311_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("officials.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


# --- citizen reception (migration 0013) ------------------------------------------------------


class ReceptionSchedule(Base):
    """When a unit's head receives citizens in person (Law on Citizen Reception 2013): a day of
    the week (a commune chairman: at least one a week) or a day of the month (the provincial
    chairman: at least one a month), moved to the next working day when it is not one."""

    __tablename__ = "reception_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), unique=True)
    receiver: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(300))
    # ISO weekday (1 Monday … 7 Sunday), or a day of the month
    weekday: Mapped[int | None]
    month_day: Mapped[int | None]
    start: Mapped[str] = mapped_column(String(5))  # "08:00", Vietnam's time
    end: Mapped[str] = mapped_column(String(5))
    slot_minutes: Mapped[int] = mapped_column(default=30)
    seats: Mapped[int] = mapped_column(default=3)  # citizens received in one slot

    department: Mapped[Department] = relationship()


class ReceptionClosure(Base):
    """A reception day the unit called off; everyone booked on it is told."""

    __tablename__ = "reception_closures"
    __table_args__ = (UniqueConstraint("schedule_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("reception_schedules.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")


class ReceptionBooking(Base):
    """One citizen's place in one slot. A slot never holds more than its seats: each booking
    takes a numbered seat, and a live booking's seat is unique (a partial unique index)."""

    __tablename__ = "reception_bookings"
    __table_args__ = (
        Index(
            "ux_reception_bookings_seat",
            "schedule_id",
            "day",
            "slot",
            "seat",
            unique=True,
            postgresql_where=text("status = 'booked'"),
            sqlite_where=text("status = 'booked'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("reception_schedules.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(5))
    seat: Mapped[int]
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    topic: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="booked")  # booked | cancelled
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reminded_at: Mapped[dt.datetime | None]
    # after the meeting: what was said, and the petition a matter to follow up became
    outcome: Mapped[str | None] = mapped_column(Text)
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"))

    schedule: Mapped[ReceptionSchedule] = relationship()
    citizen: Mapped[Citizen] = relationship()


# --- notifications to officials on Telegram (migration 0004) ----------------------------------


class Notification(QueuedRow, Base):
    """A message to officials on Telegram: a department's group or an assigned official's own
    chat, delivered by bot.notifier with retries. It names an item by kind, category, tracking
    code and due date only: never a citizen's name, phone or words."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    # the desk page it is about ("/desk/petitions/<id>"); the notifier prefixes the desk's
    # public address, which storage does not know
    link_path: Mapped[str | None] = mapped_column(String(255))
    # "created:<petition>", "transferred:<petition>:<event>", "assigned:<petition>:<official>:
    # <event>", "overdue:<petition>:<due date>": each is told once however often it is asked
    dedupe_key: Mapped[str] = mapped_column(String(128), unique=True)
    status: Mapped[OutboxStatus] = mapped_column(_enum(OutboxStatus), default=OutboxStatus.PENDING)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]


# --- report rollups (migration 0014) ----------------------------------------------------------


class PetitionRollup(Base):
    """Running totals behind the reports: for one unit, one Vietnam day of submission and one
    bucket of one dimension (a status, a kind, a category, a deadline outcome, a commune and
    category, or "all"), how many petitions and what their ratings and durations add up to.
    Kept by storage.rollups as petitions change, so a report reads a few thousand rows however
    many petitions there are."""

    __tablename__ = "petition_rollups"
    __table_args__ = (
        UniqueConstraint(
            "dimension", "department_id", "day", "value", "due_on", name="uq_petition_rollups"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[str] = mapped_column(String(64))
    # an outcome still pending counts against this due day (overdue once it has passed);
    # storage.rollups.NO_CLOCK everywhere else, since a unique key cannot hold NULL
    due_on: Mapped[dt.date] = mapped_column(Date)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
    rating_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    rating_n: Mapped[int] = mapped_column(BigInteger, default=0)
    first_reply_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    first_reply_n: Mapped[int] = mapped_column(BigInteger, default=0)
    resolution_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    resolution_n: Mapped[int] = mapped_column(BigInteger, default=0)
    once_resolved: Mapped[int] = mapped_column(BigInteger, default=0)
    reopened: Mapped[int] = mapped_column(BigInteger, default=0)


# --- consultations (migration 0015) -----------------------------------------------------------


class Consultation(Base):
    """A question an authority puts to the residents of a commune (or of the whole province, with
    no commune), open from one day to another: choices to pick from, free words, or both."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"))
    question: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    free_text: Mapped[bool] = mapped_column(Boolean, default=False)
    # Vietnam's days, both included
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[int] = mapped_column(ForeignKey("officials.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    department: Mapped[Department] = relationship()


class ConsultationSubscriber(Base):
    """A citizen who asked to hear the authorities' consultations: the province's, and their
    commune's when they named one."""

    __tablename__ = "consultation_subscribers"

    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), primary_key=True)
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"))
    since: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ConsultationAnswer(Base):
    """One citizen's answer to one consultation, changed in place until the consultation closes."""

    __tablename__ = "consultation_answers"
    __table_args__ = (UniqueConstraint("consultation_id", "citizen_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    # 1-based position in the consultation's choices; None for words only
    choice: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)
    # the commune the answer is counted for (the citizen's subscription when they answered)
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"))
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    changes: Mapped[int] = mapped_column(default=0)


# --- files officials send with a reply (migration 0016) ---------------------------------------


class ReplyFile(Base):
    """A photo or PDF an official sent with a reply: kept in the file store (a photo re-encoded
    without its metadata) and delivered with the reply on the citizen's channel."""

    __tablename__ = "reply_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    event_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("petition_events.id")
    )
    # "photo" or "document"
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
