"""Reports of a problem already reported: an open report or proposal of the same kind and
category, filed lately, at the same spot (both with GPS points) or in the same commune in alike
words. Complaints and denunciations are each one person's matter and are never matched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.geo import degrees_around, distance_meters
from core.settings import Settings
from core.text import fold
from core.tracking_codes import normalize_tracking_code
from storage.errors import InvalidTransition, NotAllowed, NotFound
from storage.models import Commune, Petition, PetitionKind, PetitionStatus, utcnow
from storage.services import followers
from storage.services.petitions import CLOSED_STATUSES, append_event, locked_petition

MATCHED_KINDS = frozenset({PetitionKind.REPORT, PetitionKind.PROPOSAL})
# how many recent items of a commune and category are compared, newest first
_SCAN_LIMIT = 200


@dataclass(frozen=True)
class DuplicateRules:
    distance_meters: float = 150.0
    min_similarity: int = 60
    window_days: int = 30

    @classmethod
    def from_settings(cls, settings: Settings) -> DuplicateRules:
        return cls(
            distance_meters=settings.duplicate_distance_meters,
            min_similarity=settings.duplicate_min_similarity,
            window_days=settings.duplicate_window_days,
        )


@dataclass(frozen=True)
class Report:
    """What is known of the new report (or of an item an official looks at)."""

    kind: PetitionKind | str
    category: str
    description: str
    commune_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Duplicate:
    petition: Petition
    # metres between the two GPS points, when both have one
    distance_meters: float | None
    # how alike the two descriptions are, 0–100
    similarity: int


@dataclass(frozen=True)
class Offer:
    """What a citizen is shown of an earlier report they may follow: never who sent it."""

    tracking_code: str
    category: str
    commune_name: str | None
    department_name_vi: str
    department_name_en: str
    submitted_at: dt.datetime
    description: str
    latitude: float | None
    longitude: float | None


def similarity(a: str, b: str) -> int:
    """Word overlap of two descriptions, without diacritics or word order mattering."""
    return round(fuzz.token_set_ratio(fold(a), fold(b)))


def _has_point(latitude: float | None, longitude: float | None) -> bool:
    return latitude is not None and longitude is not None


async def similar_open(
    session: AsyncSession,
    report: Report,
    rules: DuplicateRules,
    *,
    now: dt.datetime | None = None,
    exclude_id: int | None = None,
    department_id: int | None = None,
    limit: int = 3,
) -> list[Duplicate]:
    """The open items this report is likely a duplicate of, closest first."""
    try:
        kind = PetitionKind(report.kind)
    except ValueError:
        return []
    if kind not in MATCHED_KINDS:
        return []
    since = (now or utcnow()) - dt.timedelta(days=rules.window_days)
    has_point = _has_point(report.latitude, report.longitude)
    where_here = []
    if has_point:
        assert report.latitude is not None and report.longitude is not None
        span = degrees_around(rules.distance_meters)
        where_here.append(
            and_(
                Petition.latitude.between(report.latitude - span, report.latitude + span),
                Petition.longitude.between(report.longitude - span, report.longitude + span),
            )
        )
    if report.commune_code:
        where_here.append(Petition.commune_code == report.commune_code)
    if not where_here:
        return []
    query = (
        select(Petition)
        .options(selectinload(Petition.department))
        .where(
            Petition.kind == kind,
            Petition.category == report.category,
            Petition.status.not_in(CLOSED_STATUSES),
            Petition.submitted_at >= since,
            or_(*where_here),
        )
        .order_by(Petition.submitted_at.desc())
        .limit(_SCAN_LIMIT)
    )
    if exclude_id is not None:
        query = query.where(Petition.id != exclude_id)
    if department_id is not None:
        query = query.where(Petition.department_id == department_id)
    found: list[Duplicate] = []
    for candidate in await session.scalars(query):
        alike = similarity(report.description, candidate.description)
        distance = None
        if has_point and _has_point(candidate.latitude, candidate.longitude):
            assert report.latitude is not None and report.longitude is not None
            assert candidate.latitude is not None and candidate.longitude is not None
            distance = distance_meters(
                report.latitude, report.longitude, candidate.latitude, candidate.longitude
            )
            if distance > rules.distance_meters:
                continue
        elif not (
            report.commune_code
            and candidate.commune_code == report.commune_code
            and alike >= rules.min_similarity
        ):
            continue
        found.append(Duplicate(candidate, distance, alike))
    found.sort(key=lambda d: (d.distance_meters is None, d.distance_meters or 0.0, -d.similarity))
    return found[:limit]


async def join(session: AsyncSession, own_petition_id: int, keeper_code: str) -> Petition:
    """The citizen chose to follow the earlier report of their problem: their own petition is
    linked into it (kept, with its words and photos, for the officials) and they hear every
    later change and reply of the earlier one. Flushes; the caller commits."""
    code = normalize_tracking_code(keeper_code)
    keeper_id = (
        await session.scalar(select(Petition.id).where(Petition.tracking_code == code))
        if code
        else None
    )
    if keeper_id is None:
        raise NotFound(f"petition {keeper_code!r}")
    # locked in id order, like an official's merge of the same pair
    locked = {
        ident: await locked_petition(session, ident)
        for ident in sorted({own_petition_id, keeper_id})
    }
    own, keeper = locked[own_petition_id], locked[keeper_id]
    if own.id == keeper.id:
        raise InvalidTransition("a petition cannot follow itself")
    if own.kind != keeper.kind or own.kind not in MATCHED_KINDS:
        raise NotAllowed("only a report or proposal joins one of the same kind")
    if keeper.status in CLOSED_STATUSES:
        raise InvalidTransition(f"petition {keeper.id} is {keeper.status.value}")
    if own.merged_into_id == keeper.id:
        return await _with_department(session, keeper.id)
    own.status = PetitionStatus.MERGED
    own.merged_into_id = keeper.id
    await append_event(
        session,
        own,
        "merged",
        "citizen",
        public=True,
        data={"into_id": keeper.id, "into_code": keeper.tracking_code, "by": "citizen"},
    )
    await append_event(
        session,
        keeper,
        "merged_in",
        "citizen",
        public=False,
        data={"from_id": own.id, "from_code": own.tracking_code, "by": "citizen"},
    )
    await followers.move_followers(session, own, keeper.id)
    await session.flush()
    return await _with_department(session, keeper.id)


async def _with_department(session: AsyncSession, petition_id: int) -> Petition:
    petition = await session.scalar(
        select(Petition)
        .options(selectinload(Petition.department))
        .where(Petition.id == petition_id)
        .execution_options(populate_existing=True)
    )
    assert petition is not None
    return petition


async def offer(session: AsyncSession, tracking_code: str) -> Offer | None:
    code = normalize_tracking_code(tracking_code)
    petition = (
        await session.scalar(
            select(Petition)
            .options(selectinload(Petition.department))
            .where(Petition.tracking_code == code)
        )
        if code
        else None
    )
    if petition is None:
        return None
    commune = await session.get(Commune, petition.commune_code) if petition.commune_code else None
    return Offer(
        tracking_code=petition.tracking_code,
        category=petition.category,
        commune_name=commune.name if commune else None,
        department_name_vi=petition.department.name_vi,
        department_name_en=petition.department.name_en,
        submitted_at=petition.submitted_at,
        description=petition.description,
        latitude=petition.latitude,
        longitude=petition.longitude,
    )
