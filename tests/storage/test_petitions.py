"""Petitions: routing, idempotent intake, the citizen's private view, the officials' operations."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from storage.db import Database
from storage.deadlines import VIETNAM
from storage.errors import InvalidTransition, InvalidValue, NotAllowed, NotFound
from storage.models import (
    Attachment,
    Channel,
    Citizen,
    Department,
    Feedback,
    Official,
    OutboxMessage,
    Petition,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
    RoutingRule,
)
from storage.services import citizen_updates
from storage.services.attachments import add_attachment
from storage.services.feedback import record_feedback
from storage.services.messaging import enqueue_outbound, get_or_create_citizen
from storage.services.petitions import (
    assign,
    deadline_state,
    petitions_of_citizen,
    rate,
    reopen,
    reply,
    resolve,
    route,
    status_for_citizen,
    submission,
    submit_petition,
    transfer,
)

# Fri 13 Feb 2026, 10:00 in Hanoi: a report filed then is due Fri 6 Mar (Tết 16-20 Feb skipped)
BEFORE_TET = dt.datetime(2026, 2, 13, 10, tzinfo=VIETNAM)


async def make_citizen(
    database: Database,
    user_id: str,
    *,
    channel: Channel = Channel.TELEGRAM,
    language: str = "vi",
) -> int:
    async with database.session() as session:
        citizen = await get_or_create_citizen(session, channel, user_id)
        citizen.language = language
        await session.commit()
        return citizen.id


async def submit(
    database: Database, citizen_id: int, key: str, **overrides: Any
) -> tuple[Petition, bool]:
    values: dict[str, Any] = {
        "idempotency_key": key,
        "citizen_id": citizen_id,
        "channel": Channel.TELEGRAM,
        "kind": PetitionKind.REPORT,
        "category": "chieu_sang",
        "description": "Đèn đường hỏng ở ngõ 12",
        "commune_code": "hoa_binh",
        "address": "Ngõ 12 Lê Lai",
        "latitude": 19.8,
        "longitude": 105.77,
        "contact_phone": None,
        "anonymous": False,
        "attachment_ids": None,
        "now": BEFORE_TET,
    }
    values.update(overrides)
    async with database.transaction() as session:
        return await submit_petition(session, **values)


async def official_id(database: Database, username: str) -> int:
    async with database.session() as session:
        found = await session.scalar(select(Official.id).where(Official.username == username))
    assert found is not None
    return found


async def department_id(database: Database, code: str) -> int:
    async with database.session() as session:
        found = await session.scalar(select(Department.id).where(Department.code == code))
    assert found is not None
    return found


async def load(database: Database, petition_id: int) -> Petition:
    async with database.session() as session:
        petition = await session.get(Petition, petition_id)
    assert petition is not None
    return petition


async def outbox_of(database: Database, citizen_id: int) -> list[OutboxMessage]:
    async with database.session() as session:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.citizen_id == citizen_id)
            .order_by(OutboxMessage.id)
        )
        return list((await session.scalars(query)).all())


async def count(database: Database, model: type[Any]) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


# --- routing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "category", "commune", "expected"),
    [
        ("phan_anh", "chieu_sang", "hoa_binh", "ubnd_hoa_binh"),
        ("phan_anh", "chieu_sang", "lac_son", "so_xay_dung"),
        ("kien_nghi", "chieu_sang", None, "so_xay_dung"),
        ("phan_anh", "moi_truong", "hoa_binh", "ubnd_hoa_binh"),
        ("phan_anh", "moi_truong", "vinh_yen", "so_nong_nghiep_moi_truong"),
        ("to_cao", "chieu_sang", "hoa_binh", "thanh_tra_tinh"),
        ("to_cao", "giao_thong", None, "thanh_tra_tinh"),
        ("to_cao", "khac", "mai_chau", "thanh_tra_tinh"),
        ("khieu_nai", "khac", "hoa_binh", "tiep_cong_dan"),
        ("phan_anh", "khac", None, "tiep_cong_dan"),
    ],
)
async def test_the_most_specific_routing_rule_chooses_the_department(
    seeded_database: Database, kind: str, category: str, commune: str | None, expected: str
) -> None:
    async with seeded_database.session() as session:
        department = await route(session, kind, category, commune)
    assert department.code == expected


async def test_equally_specific_rules_are_decided_by_the_older_rule(
    seeded_database: Database,
) -> None:
    police = await department_id(seeded_database, "cong_an_tinh")
    async with seeded_database.session() as session:
        session.add(RoutingRule(commune_code="lac_son", department_id=police))
        await session.commit()
    async with seeded_database.session() as session:
        # the seeded {category: giao_thong} rule ties with the new {commune: lac_son} one
        assert (await route(session, "phan_anh", "giao_thong", "lac_son")).code == "so_xay_dung"
        # the commune rule still beats the default
        assert (await route(session, "phan_anh", "khac", "lac_son")).code == "cong_an_tinh"


async def test_without_a_default_rule_an_unmatched_petition_has_no_route(
    seeded_database: Database,
) -> None:
    async with seeded_database.session() as session:
        default = await session.scalar(
            select(RoutingRule).where(
                RoutingRule.category.is_(None),
                RoutingRule.commune_code.is_(None),
                RoutingRule.petition_kind.is_(None),
            )
        )
        assert default is not None
        await session.delete(default)
        await session.commit()
    async with seeded_database.session() as session:
        with pytest.raises(NotFound):
            await route(session, "phan_anh", "khac", None)


# --- intake -----------------------------------------------------------------------------------


async def test_a_new_petition_is_routed_given_a_due_date_and_logged(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, created = await submit(
        seeded_database, citizen, "form-1", reporter_name="Nguyễn Văn An"
    )
    assert created
    assert petition.department.code == "ubnd_hoa_binh"  # loaded for the confirmation
    stored = await load(seeded_database, petition.id)
    assert stored.reporter_name == "Nguyễn Văn An"
    assert stored.tracking_code == petition.tracking_code
    assert stored.status == PetitionStatus.RECEIVED
    assert stored.due_on == dt.date(2026, 3, 6)
    assert stored.submitted_at == BEFORE_TET
    assert stored.department_id == await department_id(seeded_database, "ubnd_hoa_binh")
    async with seeded_database.session() as session:
        events = (
            await session.scalars(
                select(PetitionEvent)
                .where(PetitionEvent.petition_id == petition.id)
                .order_by(PetitionEvent.id)
            )
        ).all()
        rule_id = await session.scalar(
            select(RoutingRule.id).where(
                RoutingRule.category == "chieu_sang", RoutingRule.commune_code == "hoa_binh"
            )
        )
    assert [(e.kind, e.public, e.actor) for e in events] == [
        ("created", True, "citizen"),
        ("routed", False, "system"),
    ]
    assert events[1].data == {"department_code": "ubnd_hoa_binh", "rule_id": rule_id}


async def test_submitting_the_same_form_twice_files_one_petition(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    first, first_created = await submit(seeded_database, citizen, "form-1")
    again, again_created = await submit(seeded_database, citizen, "form-1")
    assert (first_created, again_created) == (True, False)
    assert again.id == first.id
    assert again.tracking_code == first.tracking_code
    assert again.department.code == "ubnd_hoa_binh"
    assert await count(seeded_database, Petition) == 1
    assert await count(seeded_database, PetitionEvent) == 2


async def test_a_submission_that_loses_the_race_on_its_key_returns_the_first_petition(
    seeded_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    first, _ = await submit(seeded_database, citizen, "form-1")
    real_lookup = submission._petition_by_key
    calls = 0

    async def lookup_missing_the_winner_once(session: Any, key: str) -> Petition | None:
        # the first look happens before the other request committed: it sees nothing
        nonlocal calls
        calls += 1
        return None if calls == 1 else await real_lookup(session, key)

    monkeypatch.setattr(submission, "_petition_by_key", lookup_missing_the_winner_once)
    again, created = await submit(seeded_database, citizen, "form-1")
    assert calls == 2  # the insert failed on the key and the winner was looked up
    assert not created
    assert again.id == first.id
    assert await count(seeded_database, Petition) == 1
    assert await count(seeded_database, PetitionEvent) == 2


async def test_a_tracking_code_collision_draws_another_code(
    seeded_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    first, _ = await submit(seeded_database, citizen, "form-1")
    draws = iter([first.tracking_code, "2345-6789"])
    monkeypatch.setattr(submission, "new_tracking_code", lambda: next(draws))
    second, created = await submit(seeded_database, citizen, "form-2")
    assert created
    assert second.tracking_code == "2345-6789"
    assert await count(seeded_database, Petition) == 2
    assert await count(seeded_database, PetitionEvent) == 4


async def test_concurrent_submissions_of_one_form_file_one_petition(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    results = await asyncio.gather(*(submit(seeded_database, citizen, "form-1") for _ in range(3)))
    assert sorted(created for _, created in results) == [False, False, True]
    assert len({petition.id for petition, _ in results}) == 1
    assert await count(seeded_database, Petition) == 1


async def test_an_idempotency_key_of_another_citizen_is_refused(
    seeded_database: Database,
) -> None:
    owner = await make_citizen(seeded_database, "100")
    other = await make_citizen(seeded_database, "200")
    await submit(seeded_database, owner, "form-1")
    with pytest.raises(NotAllowed):
        await submit(seeded_database, other, "form-1")


async def test_a_petition_without_a_description_or_with_an_unknown_kind_is_refused(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    with pytest.raises(InvalidValue):
        await submit(seeded_database, citizen, "form-1", description="  ")
    with pytest.raises(InvalidValue):
        await submit(seeded_database, citizen, "form-2", kind="gop_y")
    assert await count(seeded_database, Petition) == 0


async def test_an_unknown_commune_is_refused(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "100")
    with pytest.raises(NotFound):
        await submit(seeded_database, citizen, "form-1", commune_code="quan_1")
    assert await count(seeded_database, Petition) == 0


async def attach(database: Database, citizen_id: int, reference: str) -> int:
    async with database.session() as session:
        attachment = await add_attachment(
            session,
            citizen_id=citizen_id,
            kind="photo",
            reference=reference,
            name=None,
            size=1000,
            latitude=None,
            longitude=None,
            inbox_message_id=None,
        )
        await session.commit()
        return attachment.id


async def bound_to(database: Database) -> dict[str | None, int | None]:
    async with database.session() as session:
        rows = await session.execute(select(Attachment.reference, Attachment.petition_id))
        return dict(rows.tuples().all())


async def test_without_ids_a_petition_takes_the_citizens_unbound_photos_of_the_last_day(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    other = await make_citizen(seeded_database, "200")
    await attach(seeded_database, citizen, "recent")
    old = await attach(seeded_database, citizen, "old")
    await attach(seeded_database, other, "someone-else")
    async with seeded_database.session() as session:
        row = await session.get(Attachment, old)
        assert row is not None
        row.created_at = row.created_at - dt.timedelta(hours=25)
        await session.commit()
    petition, _ = await submit(seeded_database, citizen, "form-1", now=None)
    assert await bound_to(seeded_database) == {
        "recent": petition.id,
        "old": None,
        "someone-else": None,
    }


async def test_given_ids_bind_only_the_citizens_own_unbound_attachments(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    other = await make_citizen(seeded_database, "200")
    mine = await attach(seeded_database, citizen, "mine")
    await attach(seeded_database, citizen, "not-chosen")
    theirs = await attach(seeded_database, other, "theirs")
    petition, _ = await submit(seeded_database, citizen, "form-1", attachment_ids=[mine, theirs])
    assert await bound_to(seeded_database) == {
        "mine": petition.id,
        "not-chosen": None,
        "theirs": None,
    }


async def test_an_unknown_attachment_kind_is_refused(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "100")
    async with seeded_database.session() as session:
        with pytest.raises(InvalidValue):
            await add_attachment(
                session,
                citizen_id=citizen,
                kind="video",
                reference="x",
                name=None,
                size=None,
                latitude=None,
                longitude=None,
                inbox_message_id=None,
            )


# --- the citizen's view -----------------------------------------------------------------------


async def test_another_citizens_code_gets_the_same_answer_as_a_missing_code(
    seeded_database: Database,
) -> None:
    owner = await make_citizen(seeded_database, "100")
    other = await make_citizen(seeded_database, "200")
    petition, _ = await submit(seeded_database, owner, "form-1")
    async with seeded_database.session() as session:
        assert await status_for_citizen(session, other, petition.tracking_code) is None
        assert await status_for_citizen(session, other, "2222-2222") is None
        assert await status_for_citizen(session, owner, "2222-2222") is None
        assert await status_for_citizen(session, owner, "not a code") is None
        typed = petition.tracking_code.lower().replace("-", " ")
        view = await status_for_citizen(session, owner, typed)
    assert view is not None
    assert view.code == petition.tracking_code
    assert view.kind == PetitionKind.REPORT
    assert view.category == "chieu_sang"
    assert view.status == PetitionStatus.RECEIVED
    assert (view.department_name_vi, view.department_name_en) == (
        "UBND phường Hòa Bình",
        "Hoa Binh Ward People's Committee",
    )
    assert view.due_on == dt.date(2026, 3, 6)
    assert view.submitted_at == BEFORE_TET
    assert view.reply is None


async def test_the_citizen_sees_the_latest_public_reply_and_never_internal_notes(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, _ = await submit(seeded_database, citizen, "form-1")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await reply(session, petition.id, officer, "Đã tiếp nhận, sẽ kiểm tra.")
        await reply(session, petition.id, officer, "Đã thay bóng đèn.")
        await reply(session, petition.id, officer, "Ghi chú nội bộ", public=False)
        view = await status_for_citizen(session, citizen, petition.tracking_code)
    assert view is not None
    assert view.reply == "Đã thay bóng đèn."
    assert view.status == PetitionStatus.IN_PROGRESS


async def test_my_petitions_lists_only_the_citizens_own_newest_first(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    other = await make_citizen(seeded_database, "200")
    codes = []
    for day in range(1, 5):
        petition, _ = await submit(
            seeded_database,
            citizen,
            f"form-{day}",
            now=dt.datetime(2026, 3, day, 9, tzinfo=VIETNAM),
        )
        codes.append(petition.tracking_code)
    await submit(seeded_database, other, "other-form")
    async with seeded_database.session() as session:
        views = await petitions_of_citizen(session, citizen, limit=3)
    assert [v.code for v in views] == codes[::-1][:3]


# --- officials' operations --------------------------------------------------------------------


async def test_a_reply_is_queued_once_to_the_citizen_on_the_petitions_channel(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "555", channel=Channel.ZALO, language="en")
    petition, _ = await submit(seeded_database, citizen, "form-1", channel=Channel.ZALO)
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        event = await reply(session, petition.id, officer, "  The lamp was replaced.  ")
    assert event.actor == f"official:{officer}"
    messages = await outbox_of(seeded_database, citizen)
    assert len(messages) == 1
    assert messages[0].channel == Channel.ZALO
    assert messages[0].dedupe_key == f"event:{event.id}"
    assert messages[0].body == {
        "text": f"Reply about your petition {petition.tracking_code}:\nThe lamp was replaced."
    }
    async with seeded_database.session() as session:
        again = await enqueue_outbound(
            session,
            citizen_id=citizen,
            channel=Channel.ZALO,
            body={"text": "duplicate"},
            dedupe_key=f"event:{event.id}",
        )
        await session.commit()
    assert again is None
    assert len(await outbox_of(seeded_database, citizen)) == 1


async def test_a_reply_is_worded_in_the_citizens_language(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "100", language="vi")
    petition, _ = await submit(seeded_database, citizen, "form-1")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await reply(session, petition.id, officer, "Đã thay bóng đèn.")
    [message] = await outbox_of(seeded_database, citizen)
    assert message.channel == Channel.TELEGRAM
    assert message.body["text"] == (
        f"Phản hồi cho phản ánh/kiến nghị {petition.tracking_code}:\nĐã thay bóng đèn."
    )


async def test_the_first_public_reply_is_timed_once_and_starts_the_work(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, _ = await submit(seeded_database, citizen, "form-1")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await reply(session, petition.id, officer, "Ghi chú", public=False)
    noted = await load(seeded_database, petition.id)
    assert noted.first_reply_at is None
    assert noted.status == PetitionStatus.RECEIVED
    assert await outbox_of(seeded_database, citizen) == []
    async with seeded_database.transaction() as session:
        await reply(session, petition.id, officer, "Lần một")
    first = await load(seeded_database, petition.id)
    async with seeded_database.transaction() as session:
        await reply(session, petition.id, officer, "Lần hai")
    second = await load(seeded_database, petition.id)
    assert first.first_reply_at is not None
    assert second.first_reply_at == first.first_reply_at
    assert second.status == PetitionStatus.IN_PROGRESS


async def test_an_empty_reply_is_refused(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, _ = await submit(seeded_database, citizen, "form-1")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.session() as session:
        with pytest.raises(InvalidValue):
            await reply(session, petition.id, officer, "   ")


async def test_resolving_tells_the_citizen_and_offers_five_rating_buttons(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, _ = await submit(seeded_database, citizen, "form-1")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        event = await resolve(session, petition.id, officer, "Đã sửa xong đèn.")
    resolved = await load(seeded_database, petition.id)
    assert resolved.status == PetitionStatus.RESOLVED
    assert resolved.resolved_at is not None
    assert (event.kind, event.public) == ("resolved", True)
    [message] = await outbox_of(seeded_database, citizen)
    code = petition.tracking_code
    assert message.dedupe_key == f"event:{event.id}"
    assert message.body["text"].startswith(f"Phản ánh/kiến nghị {code} đã được giải quyết:\n")
    assert "Đã sửa xong đèn." in message.body["text"]
    assert [b["payload"] for b in message.body["buttons"]] == [
        *(f'/rate_petition{{"tracking_code":"{code}","rating":"{n}"}}' for n in range(1, 6)),
        f'/report_not_fixed{{"tracking_code":"{code}"}}',
    ]
    assert message.body["buttons"][5]["title"] == "Vẫn chưa khắc phục"
    assert json.loads(message.body["buttons"][2]["payload"].removeprefix("/rate_petition")) == {
        "tracking_code": code,
        "rating": "3",
    }
    async with seeded_database.session() as session:
        with pytest.raises(InvalidTransition):
            await resolve(session, petition.id, officer, "Lần nữa")


async def test_the_citizen_rates_their_resolved_petition_once_per_answer(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, _ = await submit(seeded_database, citizen, "form-1")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await resolve(session, petition.id, officer, "Đã sửa xong đèn.")
    async with seeded_database.transaction() as session:
        await rate(session, citizen, petition.tracking_code.lower(), 4, " nhanh ")
        await rate(session, citizen, petition.tracking_code, 4, "nhanh")  # a repeated tap
    rated = await load(seeded_database, petition.id)
    assert (rated.rating, rated.rating_comment) == (4, "nhanh")
    async with seeded_database.session() as session:
        feedback = (await session.scalars(select(Feedback))).all()
        rated_events = (
            await session.scalars(select(PetitionEvent).where(PetitionEvent.kind == "rated"))
        ).all()
    assert [(f.target, f.rating, f.petition_id, f.citizen_id) for f in feedback] == [
        ("petition", 4, petition.id, citizen)
    ]
    assert [(e.public, e.actor, e.data) for e in rated_events] == [(True, "citizen", {"rating": 4})]


async def test_rating_is_refused_for_someone_elses_unknown_or_open_petition(
    seeded_database: Database,
) -> None:
    owner = await make_citizen(seeded_database, "100")
    other = await make_citizen(seeded_database, "200")
    resolved, _ = await submit(seeded_database, owner, "form-1")
    still_open, _ = await submit(seeded_database, owner, "form-2")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        await resolve(session, resolved.id, officer, "Xong.")
    async with seeded_database.session() as session:
        with pytest.raises(NotAllowed):
            await rate(session, other, resolved.tracking_code, 1, None)
        with pytest.raises(NotAllowed):
            await rate(session, owner, "2222-2222", 5, None)
        with pytest.raises(NotAllowed):
            await rate(session, owner, still_open.tracking_code, 5, None)
        with pytest.raises(InvalidValue):
            await rate(session, owner, resolved.tracking_code, 6, None)
    assert (await load(seeded_database, resolved.id)).rating is None
    assert await count(seeded_database, Feedback) == 0


async def test_reopening_takes_a_resolved_petition_back_into_work(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, _ = await submit(seeded_database, citizen, "form-1")
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.transaction() as session:
        with pytest.raises(InvalidTransition):
            await reopen(session, petition.id, officer, "Chưa giải quyết")
        await resolve(session, petition.id, officer, "Xong.")
        event = await reopen(session, petition.id, officer, "Người dân báo đèn vẫn hỏng")
    reopened = await load(seeded_database, petition.id)
    assert reopened.status == PetitionStatus.IN_PROGRESS
    assert reopened.resolved_at is None
    assert (event.kind, event.public) == ("reopened", True)


async def test_a_transfer_changes_the_unit_but_not_the_due_date(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, _ = await submit(seeded_database, citizen, "form-1")
    officer = await official_id(seeded_database, "hoabinh")
    construction = await department_id(seeded_database, "so_xay_dung")
    async with seeded_database.transaction() as session:
        await assign(session, petition.id, officer, officer)
        await transfer(session, petition.id, construction, officer, "Đèn trên quốc lộ")
    moved = await load(seeded_database, petition.id)
    assert moved.department_id == construction
    assert moved.due_on == petition.due_on == dt.date(2026, 3, 6)
    assert moved.assigned_official_id is None
    async with seeded_database.session() as session:
        event = await session.scalar(
            select(PetitionEvent).where(PetitionEvent.kind == "transferred")
        )
        with pytest.raises(InvalidTransition):
            await transfer(session, petition.id, construction, officer, "Lại")
    assert event is not None
    assert not event.public
    assert event.data == {"from": "ubnd_hoa_binh", "to": "so_xay_dung"}
    assert event.body == "Đèn trên quốc lộ"


async def test_a_denunciation_cannot_leave_the_inspectorate(seeded_database: Database) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, _ = await submit(
        seeded_database, citizen, "form-1", kind=PetitionKind.DENUNCIATION, category="can_bo"
    )
    inspector = await official_id(seeded_database, "thanhtra")
    ward = await department_id(seeded_database, "ubnd_hoa_binh")
    async with seeded_database.session() as session:
        with pytest.raises(NotAllowed):
            await transfer(session, petition.id, ward, inspector, "Không thuộc thẩm quyền")
    assert (await load(seeded_database, petition.id)).department_id == await department_id(
        seeded_database, "thanh_tra_tinh"
    )


async def test_only_an_official_of_the_holding_unit_can_be_assigned(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "100")
    petition, _ = await submit(seeded_database, citizen, "form-1")
    ward_officer = await official_id(seeded_database, "hoabinh")
    builder = await official_id(seeded_database, "xaydung")
    async with seeded_database.transaction() as session:
        with pytest.raises(NotAllowed):
            await assign(session, petition.id, builder, ward_officer)
        await assign(session, petition.id, ward_officer, ward_officer)
    assert (await load(seeded_database, petition.id)).assigned_official_id == ward_officer


async def test_operations_on_a_missing_petition_say_not_found(seeded_database: Database) -> None:
    officer = await official_id(seeded_database, "hoabinh")
    async with seeded_database.session() as session:
        with pytest.raises(NotFound):
            await reply(session, 999_999, officer, "?")


# --- deadline state ---------------------------------------------------------------------------


def _petition(due_on: dt.date, resolved_at: dt.datetime | None = None) -> Petition:
    return Petition(due_on=due_on, resolved_at=resolved_at)


@pytest.mark.parametrize(
    ("today", "resolved_at", "expected"),
    [
        (dt.date(2026, 3, 1), None, "on_time"),
        (dt.date(2026, 3, 3), None, "on_time"),
        (dt.date(2026, 3, 4), None, "due_soon"),
        (dt.date(2026, 3, 6), None, "due_soon"),
        (dt.date(2026, 3, 7), None, "overdue"),
        # 23:30 UTC on 6 Mar is already 7 Mar in Hanoi: one day late
        (
            dt.date(2026, 3, 20),
            dt.datetime(2026, 3, 6, 16, 0, tzinfo=dt.timezone.utc),
            "resolved_on_time",
        ),
        (
            dt.date(2026, 3, 20),
            dt.datetime(2026, 3, 6, 23, 30, tzinfo=dt.timezone.utc),
            "resolved_late",
        ),
    ],
)
def test_deadline_state_compares_today_or_the_resolution_day_with_the_due_date(
    today: dt.date, resolved_at: dt.datetime | None, expected: str
) -> None:
    assert deadline_state(_petition(dt.date(2026, 3, 6), resolved_at), today) == expected


async def test_an_unknown_citizen_cannot_file(seeded_database: Database) -> None:
    with pytest.raises(NotFound):
        await submit(seeded_database, 424242, "form-1")
    assert await count(seeded_database, Citizen) == 0


# --- feedback on the assistant or a service -------------------------------------------------


async def test_a_rating_of_the_assistant_is_stored_with_its_comment(database: Database) -> None:
    async with database.session() as session:
        citizen = await get_or_create_citizen(session, Channel.WEB, "w1")
        await session.commit()
        await record_feedback(session, citizen.id, "assistant", 5, "  dễ dùng ")
        await session.commit()
    async with database.session() as session:
        rows = (await session.scalars(select(Feedback))).all()
    assert [(f.citizen_id, f.target, f.rating, f.comment, f.petition_id) for f in rows] == [
        (citizen.id, "assistant", 5, "dễ dùng", None)
    ]


@pytest.mark.parametrize(
    ("target", "rating", "comment"),
    [("assistant", 0, None), ("assistant", 6, None), ("weather", 3, None), ("service", None, " ")],
)
async def test_feedback_outside_the_scale_or_targets_is_refused(
    database: Database, target: str, rating: int | None, comment: str | None
) -> None:
    async with database.session() as session:
        citizen = await get_or_create_citizen(session, Channel.WEB, "w1")
        await session.commit()
        with pytest.raises(InvalidValue):
            await record_feedback(session, citizen.id, target, rating, comment)


async def test_feedback_from_an_unknown_citizen_is_refused(database: Database) -> None:
    async with database.session() as session:
        with pytest.raises(NotFound):
            await record_feedback(session, 424242, "assistant", 5, None)


async def test_a_transfer_is_told_to_the_citizen_once_unless_they_turned_it_off(
    seeded_database: Database,
) -> None:
    citizen = await make_citizen(seeded_database, "moves-1")
    petition, _ = await submit(seeded_database, citizen, "moves-1")
    supervisor = await official_id(seeded_database, "tiepdan")
    to = await department_id(seeded_database, "so_xay_dung")
    async with seeded_database.transaction() as session:
        await transfer(session, petition.id, to, supervisor, "thuộc thẩm quyền Sở Xây dựng")
    async with seeded_database.session() as session:
        texts = [str(m.body["text"]) for m in (await session.scalars(select(OutboxMessage))).all()]
    assert len([t for t in texts if "Sở Xây dựng" in t and petition.tracking_code in t]) == 1
    quiet = await make_citizen(seeded_database, "moves-2")
    async with seeded_database.transaction() as session:
        await citizen_updates.set_updates(session, quiet, wanted=False)
    other, _ = await submit(seeded_database, quiet, "moves-2")
    async with seeded_database.transaction() as session:
        await transfer(session, other.id, to, supervisor, "thuộc thẩm quyền Sở Xây dựng")
        told = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.citizen_id == quiet)
        )
    assert told == 0
