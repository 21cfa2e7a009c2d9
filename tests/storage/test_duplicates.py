"""Reports of a problem already reported: which open items count as the same, and how citizens
on a merged or joined item hear its later replies and changes on their own channels."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.errors import InvalidTransition, NotAllowed
from storage.models import Channel, Petition, PetitionFollower, PetitionKind, PetitionStatus
from storage.services import duplicates, petitions, reopening
from tests.storage.test_petitions import (
    BEFORE_TET,
    load,
    make_citizen,
    official_id,
    outbox_of,
    submit,
)

RULES = duplicates.DuplicateRules(distance_meters=150, min_similarity=60, window_days=30)
# the market gate in Cao Phong, and a point about 100 m north of it
MARKET = (20.7005, 105.3330)
NEAR_MARKET = (20.7014, 105.3330)
FAR_FROM_MARKET = (20.7050, 105.3330)


async def pothole(database: Database, user: str, **overrides: object) -> Petition:
    citizen = await make_citizen(database, user)
    values: dict[str, object] = {
        "category": "giao_thong",
        "description": "Ổ gà lớn giữa đường trước cổng chợ, xe máy ngã mấy lần",
        "commune_code": "cao_phong",
        "latitude": MARKET[0],
        "longitude": MARKET[1],
        "now": BEFORE_TET,
    }
    values.update(overrides)
    petition, _ = await submit(database, citizen, f"{user}-pothole", **values)
    return petition


def report(**overrides: object) -> duplicates.Report:
    values: dict[str, object] = {
        "kind": PetitionKind.REPORT,
        "category": "giao_thong",
        "description": "đường trước chợ có ổ gà to rất nguy hiểm",
        "commune_code": "cao_phong",
        "latitude": NEAR_MARKET[0],
        "longitude": NEAR_MARKET[1],
    }
    values.update(overrides)
    return duplicates.Report(**values)  # type: ignore[arg-type]


async def found(database: Database, wanted: duplicates.Report, **options: object) -> list[str]:
    async with database.session() as session:
        matches = await duplicates.similar_open(
            session,
            wanted,
            RULES,
            now=BEFORE_TET + dt.timedelta(days=3),
            **options,  # type: ignore[arg-type]
        )
    return [m.petition.tracking_code for m in matches]


async def test_a_report_at_the_same_spot_is_found_and_one_further_away_is_not(
    seeded_database: Database,
) -> None:
    first = await pothole(seeded_database, "dup-gps")
    assert await found(seeded_database, report()) == [first.tracking_code]
    far = report(latitude=FAR_FROM_MARKET[0], longitude=FAR_FROM_MARKET[1], commune_code=None)
    assert await found(seeded_database, far) == []


async def test_without_gps_the_same_commune_and_alike_words_make_a_duplicate(
    seeded_database: Database,
) -> None:
    first = await pothole(seeded_database, "dup-words", latitude=None, longitude=None)
    typed = report(latitude=None, longitude=None, description="duong truoc cho co o ga to")
    assert await found(seeded_database, typed) == [first.tracking_code]
    other_words = report(latitude=None, longitude=None, description="Cầu treo bản Mường gãy ván")
    assert await found(seeded_database, other_words) == []
    other_commune = report(latitude=None, longitude=None, commune_code="viet_tri")
    assert await found(seeded_database, other_commune) == []


async def test_another_category_a_closed_item_an_old_one_and_a_denunciation_are_never_offered(
    seeded_database: Database,
) -> None:
    first = await pothole(seeded_database, "dup-rules")
    assert await found(seeded_database, report(category="moi_truong")) == []
    assert await found(seeded_database, report(kind=PetitionKind.DENUNCIATION)) == []
    async with seeded_database.session() as session:
        late = await duplicates.similar_open(
            session, report(), RULES, now=BEFORE_TET + dt.timedelta(days=45)
        )
    assert late == []
    officer = await official_id(seeded_database, "xaydung")
    async with seeded_database.transaction() as session:
        await petitions.resolve(session, first.id, officer, "Đã vá.")
    assert await found(seeded_database, report()) == []


async def test_a_denunciation_is_never_matched_even_at_the_same_spot(
    seeded_database: Database,
) -> None:
    await pothole(seeded_database, "dup-den", kind=PetitionKind.DENUNCIATION)
    assert await found(seeded_database, report(kind=PetitionKind.DENUNCIATION)) == []


async def test_the_citizen_of_a_merged_item_hears_the_keepers_reply_resolution_and_reopening(
    seeded_database: Database,
) -> None:
    keeper = await pothole(seeded_database, "dup-keeper")
    zalo_citizen = await make_citizen(
        seeded_database, "dup-second", channel=Channel.ZALO, language="en"
    )
    second, _ = await submit(
        seeded_database,
        zalo_citizen,
        "dup-second-pothole",
        channel=Channel.ZALO,
        category="giao_thong",
        commune_code="cao_phong",
        description="big pothole at the market gate",
    )
    officer = await official_id(seeded_database, "xaydung")
    async with seeded_database.transaction() as session:
        await petitions.merge(session, second.id, keeper.id, officer)
    async with seeded_database.transaction() as session:
        await petitions.reply(session, keeper.id, officer, "Chúng tôi sẽ vá trong tuần.")
    async with seeded_database.transaction() as session:
        await petitions.resolve(session, keeper.id, officer, "Đã vá xong.")
    async with seeded_database.transaction() as session:
        await petitions.reopen(session, keeper.id, officer, "Vá chưa kỹ.")
    told = await outbox_of(seeded_database, zalo_citizen)
    texts = [m.body["text"] for m in told]
    assert all(m.channel == Channel.ZALO for m in told)
    assert texts[0].startswith(f"Your petition {second.tracking_code} is about the same matter")
    assert texts[1] == (
        f"Reply about your petition {keeper.tracking_code}:\nChúng tôi sẽ vá trong tuần."
    )
    assert texts[2].startswith(f"Your petition {keeper.tracking_code} has been resolved")
    # the rating is the first citizen's to give
    assert "buttons" not in told[2].body
    assert texts[3].startswith(f"Your petition {keeper.tracking_code} has been reopened")
    assert len(told) == 4
    # the keeper's own citizen heard the same, once each
    own = [m.body["text"] for m in await outbox_of(seeded_database, keeper.citizen_id)]
    assert len(own) == 3 and own[0].startswith(
        f"Phản hồi cho phản ánh/kiến nghị {keeper.tracking_code}"
    )


async def test_joining_links_the_citizens_report_and_they_hear_what_follows(
    seeded_database: Database,
) -> None:
    keeper = await pothole(seeded_database, "join-keeper")
    joiner = await make_citizen(seeded_database, "join-second")
    own, _ = await submit(
        seeded_database,
        joiner,
        "join-second-pothole",
        category="giao_thong",
        commune_code="cao_phong",
        description="Ổ gà trước chợ vẫn chưa ai vá",
    )
    async with seeded_database.transaction() as session:
        joined = await duplicates.join(session, own.id, keeper.tracking_code.lower())
        assert joined.id == keeper.id
        again = await duplicates.join(session, own.id, keeper.tracking_code)
        assert again.id == keeper.id
    linked = await load(seeded_database, own.id)
    assert linked.status == PetitionStatus.MERGED and linked.merged_into_id == keeper.id
    async with seeded_database.session() as session:
        rows = (await session.scalars(select(PetitionFollower))).all()
    assert [(r.petition_id, r.citizen_id, r.own_petition_id) for r in rows] == [
        (keeper.id, joiner, own.id)
    ]
    officer = await official_id(seeded_database, "xaydung")
    async with seeded_database.transaction() as session:
        await petitions.reply(session, keeper.id, officer, "Đã giao đội duy tu.")
    texts = [m.body["text"] for m in await outbox_of(seeded_database, joiner)]
    assert texts == [
        f"Phản hồi cho phản ánh/kiến nghị {keeper.tracking_code}:\nĐã giao đội duy tu."
    ]


async def test_a_complaint_cannot_be_joined_nor_a_closed_item(seeded_database: Database) -> None:
    keeper = await pothole(seeded_database, "join-rules")
    citizen = await make_citizen(seeded_database, "join-rules-2")
    complaint, _ = await submit(
        seeded_database,
        citizen,
        "join-rules-complaint",
        kind=PetitionKind.COMPLAINT,
        category="giao_thong",
        reporter_name="Lê Văn Minh",
    )
    async with seeded_database.session() as session:
        with pytest.raises(NotAllowed):
            await duplicates.join(session, complaint.id, keeper.tracking_code)
    officer = await official_id(seeded_database, "xaydung")
    async with seeded_database.transaction() as session:
        await petitions.resolve(session, keeper.id, officer, "Đã vá.")
    own, _ = await submit(
        seeded_database,
        citizen,
        "join-rules-report",
        category="giao_thong",
        commune_code="cao_phong",
    )
    async with seeded_database.session() as session:
        with pytest.raises(InvalidTransition):
            await duplicates.join(session, own.id, keeper.tracking_code)


async def test_followers_hear_when_the_first_citizen_reopens_it(
    seeded_database: Database,
) -> None:
    keeper = await pothole(seeded_database, "fol-keeper")
    follower = await make_citizen(seeded_database, "fol-second")
    own, _ = await submit(
        seeded_database,
        follower,
        "fol-second-pothole",
        category="giao_thong",
        commune_code="cao_phong",
    )
    async with seeded_database.transaction() as session:
        await duplicates.join(session, own.id, keeper.tracking_code)
    officer = await official_id(seeded_database, "xaydung")
    async with seeded_database.transaction() as session:
        await petitions.resolve(session, keeper.id, officer, "Đã vá.")
    async with seeded_database.transaction() as session:
        await reopening.reopen_by_citizen(session, keeper.citizen_id, keeper.id, "vẫn còn ổ gà")
    texts = [m.body["text"] for m in await outbox_of(seeded_database, follower)]
    assert texts[-1] == (
        f"Phản ánh {keeper.tracking_code} mà bạn theo dõi được mở lại vì vấn đề vẫn chưa được "
        "khắc phục."
    )
