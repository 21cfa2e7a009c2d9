"""The report rollups against a direct count: random filings and officials' steps through the
services, then every figure the reports read compared with one counted from the petitions."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import rollups
from storage.db import Database
from storage.deadlines import VIETNAM
from storage.errors import StorageError
from storage.models import (
    Channel,
    Citizen,
    Commune,
    Department,
    Official,
    Petition,
    PetitionKind,
    PetitionStatus,
    Role,
)
from storage.services import desk_reports, hotspots, lifecycle, petitions, reopening
from storage.services.desk_reports import ReportScope
from storage.services.messaging import get_or_create_citizen

TODAY = dt.date(2026, 12, 1)
CATEGORIES = ("khac", "xay_dung", "moi_truong", "giao_thong")


class Story:
    """Petitions filed over the last months and worked on at random, as a year of a province's
    desk would, with one seed per run so that a failure can be replayed."""

    def __init__(self, database: Database, seed: int) -> None:
        self.database = database
        self.rng = random.Random(seed)
        self.ids: list[int] = []

    async def setup(self) -> None:
        async with self.database.session() as session:
            self.departments = list((await session.scalars(select(Department.id))).all())
            self.communes = list((await session.scalars(select(Commune.code).limit(4))).all())
            self.official = await session.scalar(
                select(Official.id).where(Official.role == Role.ADMIN)
            )

    async def file(self) -> None:
        rng = self.rng
        submitted = dt.datetime.combine(
            TODAY - dt.timedelta(days=rng.randrange(0, 120)),
            dt.time(rng.randrange(0, 24), rng.randrange(0, 60)),
            VIETNAM,
        )
        async with self.database.session() as session:
            citizen = await get_or_create_citizen(
                session, Channel.TELEGRAM, uuid.uuid4().hex[:10], None
            )
            await session.commit()
            petition, _ = await petitions.submit_petition(
                session,
                idempotency_key=uuid.uuid4().hex,
                citizen_id=citizen.id,
                channel=Channel.TELEGRAM,
                kind=rng.choice(list(PetitionKind)),
                category=rng.choice(CATEGORIES),
                description="Đường ngập sau mưa, xe máy không đi được",
                commune_code=rng.choice([*self.communes, None]),
                address=None,
                latitude=None,
                longitude=None,
                contact_phone=None,
                anonymous=False,
                attachment_ids=None,
                now=submitted,
            )
            await session.commit()
        self.ids.append(petition.id)

    async def step(self) -> None:
        rng = self.rng
        petition_id = rng.choice(self.ids)
        actor = self.official
        assert actor is not None
        steps: list[Callable[[AsyncSession], Awaitable[object]]] = [
            lambda s: petitions.reply(s, petition_id, actor, "Đã tiếp nhận, đang kiểm tra"),
            lambda s: petitions.resolve(s, petition_id, actor, "Đã xử lý xong"),
            lambda s: petitions.reopen(s, petition_id, actor, "Chưa xong"),
            lambda s: petitions.transfer(
                s, petition_id, rng.choice(self.departments), actor, "Không thuộc thẩm quyền"
            ),
            lambda s: lifecycle.accept(s, petition_id, actor),
            lambda s: lifecycle.refuse(s, petition_id, actor, "Không đủ điều kiện", "Điều 11"),
            lambda s: lifecycle.extend(s, petition_id, actor, "Vụ việc phức tạp"),
            lambda s: lifecycle.forward(s, petition_id, actor, "Tòa án nhân dân", "Thẩm quyền"),
            lambda s: petitions.merge(s, petition_id, rng.choice(self.ids), actor),
            self._rate(petition_id),
            self._citizen_reopens(petition_id),
        ]
        async with self.database.session() as session:
            try:
                await rng.choice(steps)(session)
                await session.commit()
            except StorageError:
                # a step the petition's state does not allow: nothing may have moved
                await session.rollback()

    def _rate(self, petition_id: int) -> Callable[[AsyncSession], Awaitable[object]]:
        async def rate(session: AsyncSession) -> object:
            petition = await session.get(Petition, petition_id)
            assert petition is not None
            return await petitions.rate(
                session,
                petition.citizen_id,
                petition.tracking_code,
                self.rng.randint(1, 5),
                None,
            )

        return rate

    def _citizen_reopens(self, petition_id: int) -> Callable[[AsyncSession], Awaitable[object]]:
        async def reopens(session: AsyncSession) -> object:
            petition = await session.get(Petition, petition_id)
            assert petition is not None
            return await reopening.reopen_by_citizen(
                session,
                petition.citizen_id,
                petition_id,
                "Vẫn chưa khắc phục",
            )

        return reopens


def _direct_outcome(petition: Petition) -> str:
    if petition.resolved_at is not None:
        resolved_on = petition.resolved_at.astimezone(VIETNAM).date()
        return "on_time" if resolved_on <= petition.due_on else "late"
    if petition.status == PetitionStatus.MERGED:
        return "merged"
    return "overdue" if petition.due_on < TODAY else "open"


def _in(petition: Petition, scope: ReportScope) -> bool:
    return (scope.department_id is None or petition.department_id == scope.department_id) and (
        scope.since is None or petition.submitted_at >= scope.since
    )


@pytest.mark.parametrize("seed", [1, 2])
async def test_the_rollups_equal_a_direct_count_after_random_changes(
    seeded_database: Database, seed: int
) -> None:
    story = Story(seeded_database, seed)
    await story.setup()
    for _ in range(40):
        await story.file()
    for _ in range(160):
        await story.step()

    async with seeded_database.session() as session:
        kept = await session.run_sync(lambda s: rollups.stored(s.connection()))
        counted = await session.run_sync(lambda s: rollups.count_all(s.connection()))
        everything = list((await session.scalars(select(Petition))).all())
        codes = {d.id: d.code for d in (await session.scalars(select(Department))).all()}
    # what the flushes kept is what a count from scratch finds, bucket by bucket
    assert kept == counted
    statuses = Counter(p.status for p in everything)
    assert len(statuses) >= 4, statuses  # the story moved petitions through several states

    since = dt.datetime.combine(TODAY - dt.timedelta(days=60), dt.time(), VIETNAM)
    unit = Counter(p.department_id for p in everything).most_common(1)[0][0]
    async with seeded_database.session() as session:
        for scope in (ReportScope(), ReportScope(department_id=unit, since=since)):
            mine = [p for p in everything if _in(p, scope)]
            outcomes = await desk_reports.outcomes(session, scope, TODAY)
            direct = Counter(_direct_outcome(p) for p in mine)
            assert outcomes == {k: direct.get(k, 0) for k in outcomes}
            by_status = dict(await desk_reports.counts_by(session, scope, "status"))
            assert by_status == dict(Counter(p.status.value for p in mine))
            by_kind = dict(await desk_reports.counts_by(session, scope, "kind"))
            assert by_kind == dict(Counter(p.kind.value for p in mine))
            by_unit = dict(await desk_reports.counts_by(session, scope, "department"))
            assert by_unit == dict(Counter(codes[p.department_id] for p in mine))
            by_month = dict(await desk_reports.counts_by(session, scope, "month"))
            months = Counter(p.submitted_at.astimezone(VIETNAM).strftime("%Y-%m") for p in mine)
            assert by_month == dict(months)

            rated = [p.rating for p in mine if p.rating is not None]
            satisfaction = await desk_reports.petition_satisfaction(session, scope)
            assert satisfaction.count == len(rated)
            if rated:
                assert satisfaction.average == pytest.approx(sum(rated) / len(rated))
            replied = [
                (p.first_reply_at - p.submitted_at).total_seconds()
                for p in mine
                if p.first_reply_at is not None
            ]
            durations = await desk_reports.durations(session, scope)
            if replied:
                hours = sum(replied) / len(replied) / 3600
                # the rollups keep whole seconds
                assert durations.first_reply_hours == pytest.approx(hours, abs=1 / 3600)

            reopened = {r.department: r for r in await desk_reports.reopenings(session, scope)}
            once = Counter(
                codes[p.department_id]
                for p in mine
                if p.resolved_at is not None or p.reopen_count > 0
            )
            assert {k: r.resolved for k, r in reopened.items()} == dict(once)

            figures = await desk_reports.unit_figures(session, scope, TODAY)
            assert sum(f.received for f in figures) == len(mine)
            assert sum(f.overdue for f in figures) == direct.get("overdue", 0)

        places = Counter(
            (p.commune_code, p.category)
            for p in everything
            if p.commune_code and p.kind != PetitionKind.DENUNCIATION
        )
        spots = await hotspots.hotspots(session, TODAY - dt.timedelta(days=200), TODAY)
        # four communes and four categories: every pair fits in the list
        assert len(places) <= hotspots.MAX_HOTSPOTS
        assert {(h.commune_code, h.category): h.count for h in spots} == dict(places)


async def test_an_update_statement_on_petitions_is_refused(seeded_database: Database) -> None:
    async with seeded_database.session() as session:
        with pytest.raises(RuntimeError, match="as objects"):
            await session.execute(update(Petition).values(category="khac"))


async def test_a_rebuild_counts_rows_written_around_the_orm(seeded_database: Database) -> None:
    story = Story(seeded_database, 3)
    await story.setup()
    for _ in range(5):
        await story.file()
    async with seeded_database.session() as session:
        citizen = await session.scalar(select(Citizen.id).limit(1))
        # as a bulk load (COPY) would: the flush never sees this row
        await session.run_sync(
            lambda s: s.connection().execute(
                insert(Petition).values(
                    tracking_code="HB-BULK0001",
                    idempotency_key="bulk:1",
                    kind=PetitionKind.REPORT,
                    category="khac",
                    description="nạp hàng loạt",
                    citizen_id=citizen,
                    channel=Channel.TELEGRAM,
                    anonymous=False,
                    department_id=story.departments[0],
                    status=PetitionStatus.RECEIVED,
                    submitted_at=dt.datetime(2026, 11, 30, 3, tzinfo=dt.timezone.utc),
                    due_on=dt.date(2026, 12, 14),
                    tier="normal",
                    extensions=0,
                    reopen_count=0,
                )
            )
        )
        await session.commit()
        before = await desk_reports.counts_by(session, ReportScope(), "status")
        written = await session.run_sync(lambda s: rollups.rebuild(s.connection()))
        await session.commit()
        after = await desk_reports.counts_by(session, ReportScope(), "status")
    assert written > 0
    assert dict(after)["received"] == dict(before).get("received", 0) + 1
