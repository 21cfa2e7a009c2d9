"""What Open311 GeoReport v2 reads and files: keys issued to other systems, petitions filed
through them, and the public view of petitions.

The public view is what a public list may show: never anyone's name, phone or contact, never a
complaint or denunciation (each is one person's legal matter) nor a report about an official's
conduct, and what citizens and officials wrote only where the deployment allows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.phones import normalize_phone
from storage.errors import InvalidValue, NotFound
from storage.models import (
    Attachment,
    AttachmentStatus,
    Channel,
    Commune,
    Open311Key,
    Petition,
    PetitionEvent,
    PetitionKind,
    utcnow,
)
from storage.services.hotspots import SurgeRules
from storage.services.intake import match_commune
from storage.services.messaging import get_or_create_citizen
from storage.services.petitions import CLOSED_STATUSES, submit_petition

KEY_PREFIX = "o311_"
# the kinds another system may file and a public list may show
PUBLIC_KINDS = (PetitionKind.REPORT, PetitionKind.PROPOSAL)
# reports about an official's conduct name a person: kept out of public lists
PRIVATE_CATEGORIES = frozenset({"can_bo"})
# the specification's defaults: the last 90 days, at most 1000 requests
DEFAULT_SPAN = dt.timedelta(days=90)
MAX_REQUESTS = 1000
# public events whose words are the officials' latest note on the request
_NOTE_EVENTS = ("replied", "resolved", "reopened", "refused", "forwarded")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# --- keys --------------------------------------------------------------------------------------


async def issue_key(session: AsyncSession, official_id: int, name: str) -> tuple[Open311Key, str]:
    """A new key (flushed, not committed); the secret is returned once and never stored."""
    cleaned = " ".join(name.split())[:100]
    if not cleaned:
        raise InvalidValue("a key needs the name of the system it is for")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = Open311Key(name=cleaned, key_hash=_hash(secret), created_by=official_id)
    session.add(key)
    await session.flush()
    return key, secret


async def keys(session: AsyncSession) -> list[Open311Key]:
    return list(await session.scalars(select(Open311Key).order_by(Open311Key.id)))


async def revoke_key(session: AsyncSession, key_id: int) -> Open311Key:
    key = await session.get(Open311Key, key_id)
    if key is None:
        raise NotFound(f"open311 key {key_id}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    return key


async def key_for(session: AsyncSession, secret: str) -> Open311Key | None:
    """The live key with this secret, its use recorded (flushed, not committed)."""
    if not secret.startswith(KEY_PREFIX):
        return None
    key = await session.scalar(select(Open311Key).where(Open311Key.key_hash == _hash(secret)))
    if key is None or key.revoked_at is not None:
        return None
    key.last_used_at = utcnow()
    return key


# --- filing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filing:
    """A POST requests, as the specification names its fields."""

    service_code: str
    kind: PetitionKind
    description: str
    latitude: float | None = None
    longitude: float | None = None
    address_string: str | None = None
    address_id: str | None = None
    email: str | None = None
    device_id: str | None = None
    account_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    media_url: str | None = None
    anonymous: bool = False
    # a client's retry of the same filing (the Idempotency-Key header) files it once
    idempotency_key: str | None = None


def _reporter(filing: Filing) -> str:
    """Who filed it, as the client knows them: the same person is one citizen."""
    for known in (filing.account_id, filing.email, filing.phone, filing.device_id):
        if known and known.strip():
            return known.strip()[:80]
    return "anonymous"


async def file_request(
    session: AsyncSession,
    key: Open311Key,
    filing: Filing,
    surge: SurgeRules | None = None,
) -> Petition:
    """Files the petition as the assistant would (routing, clock, officials told); flushes, the
    caller commits."""
    commune: Commune | None = None
    if filing.address_id:
        commune = await session.get(Commune, filing.address_id)
    if commune is None and filing.address_string:
        commune = await match_commune(session, filing.address_string)
    citizen = await get_or_create_citizen(
        session, Channel.OPEN311, f"k{key.id}:{_reporter(filing)}"
    )
    name = " ".join(p.strip() for p in (filing.first_name, filing.last_name) if p and p.strip())
    phone = normalize_phone(filing.phone) if filing.phone else None
    anonymous = filing.anonymous or not (name or phone)
    petition, _ = await submit_petition(
        session,
        idempotency_key=f"open311:{key.id}:{filing.idempotency_key or uuid.uuid4().hex}",
        citizen_id=citizen.id,
        channel=Channel.OPEN311,
        kind=filing.kind,
        category=filing.service_code,
        description=filing.description,
        commune_code=commune.code if commune else None,
        address=filing.address_string,
        latitude=filing.latitude,
        longitude=filing.longitude,
        contact_phone=None if anonymous else phone,
        anonymous=anonymous,
        reporter_name=None if anonymous else (name or None),
        attachment_ids=None,
        surge=surge,
    )
    if filing.media_url and not await _has_media(session, petition.id):
        # fetched, checked and kept by the gateway's attachment worker, like a chat photo
        session.add(
            Attachment(
                citizen_id=citizen.id,
                petition_id=petition.id,
                kind="photo",
                reference=filing.media_url,
                status=AttachmentStatus.PENDING,
            )
        )
        await session.flush()
    return petition


async def _has_media(session: AsyncSession, petition_id: int) -> bool:
    found = await session.scalar(
        select(Attachment.id).where(Attachment.petition_id == petition_id).limit(1)
    )
    return found is not None


# --- the public view ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicRequest:
    tracking_code: str
    open: bool
    kind: PetitionKind
    category: str
    department_name_vi: str
    department_name_en: str
    submitted_at: dt.datetime
    updated_at: dt.datetime
    due_on: dt.date
    commune_code: str | None
    commune_name: str | None
    latitude: float | None
    longitude: float | None
    # None unless the deployment publishes what people wrote
    description: str | None
    address: str | None
    note: str | None
    media_url: str | None


@dataclass(frozen=True)
class Query:
    codes: Sequence[str] = ()
    service_codes: Sequence[str] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    status: str | None = None  # "open" | "closed"


def _public() -> ColumnElement[bool]:
    return and_(Petition.kind.in_(PUBLIC_KINDS), Petition.category.not_in(PRIVATE_CATEGORIES))


async def public_requests(
    session: AsyncSession, query: Query, *, with_words: bool, now: dt.datetime | None = None
) -> list[PublicRequest]:
    """The requests a public list shows, newest first. Codes, when given, decide alone (as the
    specification says); otherwise the span defaults to the last 90 days and may not be longer."""
    statement = select(Petition).options(selectinload(Petition.department)).where(_public())
    if query.codes:
        statement = statement.where(Petition.tracking_code.in_(list(query.codes)))
    else:
        end = query.end or now or utcnow()
        start = query.start or end - DEFAULT_SPAN
        if end - start > DEFAULT_SPAN:
            raise InvalidValue("start_date and end_date may not span more than 90 days")
        statement = statement.where(Petition.submitted_at >= start, Petition.submitted_at <= end)
        if query.service_codes:
            statement = statement.where(Petition.category.in_(list(query.service_codes)))
        if query.status == "open":
            statement = statement.where(Petition.status.not_in(CLOSED_STATUSES))
        elif query.status == "closed":
            statement = statement.where(Petition.status.in_(CLOSED_STATUSES))
    statement = statement.order_by(Petition.submitted_at.desc(), Petition.id.desc())
    petitions = list(await session.scalars(statement.limit(MAX_REQUESTS)))
    return await _views(session, petitions, with_words)


async def public_request(
    session: AsyncSession, tracking_code: str, *, with_words: bool
) -> PublicRequest | None:
    petition = await session.scalar(
        select(Petition)
        .options(selectinload(Petition.department))
        .where(Petition.tracking_code == tracking_code, _public())
    )
    if petition is None:
        return None
    [view] = await _views(session, [petition], with_words)
    return view


async def _views(
    session: AsyncSession, petitions: list[Petition], with_words: bool
) -> list[PublicRequest]:
    ids = [p.id for p in petitions]
    if not ids:
        return []
    updated: dict[int, dt.datetime] = {
        petition_id: moment
        for petition_id, moment in await session.execute(
            select(PetitionEvent.petition_id, func.max(PetitionEvent.created_at))
            .where(PetitionEvent.petition_id.in_(ids))
            .group_by(PetitionEvent.petition_id)
        )
    }
    notes: dict[int, str] = {}
    if with_words:
        rows = await session.execute(
            select(PetitionEvent.petition_id, PetitionEvent.body)
            .where(
                PetitionEvent.petition_id.in_(ids),
                PetitionEvent.public.is_(True),
                PetitionEvent.kind.in_(_NOTE_EVENTS),
                PetitionEvent.body.is_not(None),
            )
            .order_by(PetitionEvent.id)
        )
        notes = {petition_id: body for petition_id, body in rows.all()}
    media: dict[int, str] = {
        petition_id: reference
        for petition_id, reference in await session.execute(
            select(Attachment.petition_id, func.min(Attachment.reference))
            .join(Petition, Petition.id == Attachment.petition_id)
            .where(
                Attachment.petition_id.in_(ids),
                # only what the filing system published itself: chat photos stay private
                Petition.channel == Channel.OPEN311,
                Attachment.reference.like("http%"),
            )
            .group_by(Attachment.petition_id)
        )
        if petition_id is not None and reference is not None
    }
    codes = {p.commune_code for p in petitions if p.commune_code}
    communes: dict[str, str] = {
        code: name
        for code, name in await session.execute(
            select(Commune.code, Commune.name).where(Commune.code.in_(codes))
        )
    }
    return [
        PublicRequest(
            tracking_code=p.tracking_code,
            open=p.status not in CLOSED_STATUSES,
            kind=p.kind,
            category=p.category,
            department_name_vi=p.department.name_vi,
            department_name_en=p.department.name_en,
            submitted_at=p.submitted_at,
            updated_at=updated.get(p.id) or p.submitted_at,
            due_on=p.due_on,
            commune_code=p.commune_code,
            commune_name=communes.get(p.commune_code) if p.commune_code else None,
            latitude=p.latitude,
            longitude=p.longitude,
            description=p.description if with_words else None,
            address=p.address if with_words else None,
            note=notes.get(p.id),
            media_url=media.get(p.id),
        )
        for p in petitions
    ]
