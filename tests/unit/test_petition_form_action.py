"""`validate_petition_form` on hand-built trackers: what one typed message sets, what the form
asks next, and when it closes, as Rasa would receive it from the action server."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import procedure_catalogue, validate_petition_form
from actions.validate_petition_form import ValidatePetitionForm
from storage.db import Database
from storage.models import Channel, Petition
from storage.services.messaging import get_or_create_citizen
from storage.services.petitions import submit_petition

FORM = {"name": "petition_form"}
# the answers given before the anonymity question
SO_FAR = {
    "petition_kind": "phan_anh",
    "petition_description": "rác ở bãi sông không ai dọn mấy tuần",
    "petition_category": "moi_truong",
    "petition_place": "bãi sông Lô, phường Việt Trì",
    "petition_commune": "viet_tri",
}


def _tracker(text: str, requested: str | None, intent: str = "inform", **slots: Any) -> Tracker:
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "petition_form"},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
    ]
    return Tracker(
        sender_id="citizen-1",
        slots={"requested_slot": requested, **slots},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": [],
        },
        events=events,
        paused=False,
        followup_action=None,
        active_loop=FORM if requested else {},
        latest_action_name="action_listen",
    )


async def _run(tracker: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await ValidatePetitionForm().run(dispatcher, tracker, {})
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return slots, dispatcher.messages


async def test_a_place_that_names_no_commune_is_followed_by_the_commune_question_once(
    seeded_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the form's look-ups go to the seeded example deployment (Phú Thọ's communes)
    monkeypatch.setattr(validate_petition_form, "database", lambda: seeded_database)
    no_commune = {**SO_FAR, "petition_place": None, "petition_commune": None}
    asked, _ = await _run(_tracker("đầu ngõ 7, gần chợ", "petition_place", **no_commune))
    assert asked["petition_commune"] is None
    assert asked["requested_slot"] == "petition_commune"
    placed = {**no_commune, "petition_place": "đầu ngõ 7, gần chợ"}
    unknown, _ = await _run(_tracker("ở gần chợ ấy", "petition_commune", **placed))
    assert unknown["petition_commune_asked"] is True
    assert unknown["requested_slot"] == "petition_anonymous"
    known, _ = await _run(_tracker("xa cao phong a", "petition_commune", **placed))
    assert known["petition_commune"] == "cao_phong"
    two, _ = await _run(
        _tracker("giữa phường Kỳ Sơn và xã Cao Phong", "petition_place", **no_commune)
    )
    assert two["petition_commune_choices"] == ["Phường Kỳ Sơn", "Xã Cao Phong"]
    assert two["requested_slot"] == "petition_commune"


async def test_a_one_word_area_is_taken_and_the_next_question_is_where() -> None:
    slots, said = await _run(
        _tracker(
            "den",
            "petition_category",
            petition_kind="phan_anh",
            petition_description="den ngo 12 tat 3 hom nay",
        )
    )
    assert slots["petition_category"] == "chieu_sang"
    assert slots["requested_slot"] == "petition_place"
    assert said == []


async def test_a_name_typed_for_anonymity_fills_the_name_and_asks_the_phone() -> None:
    slots, _ = await _run(_tracker("Nguyễn Văn An", "petition_anonymous", **SO_FAR))
    assert slots["petition_anonymous"] is False
    assert slots["petition_name"] == "Nguyễn Văn An"
    assert slots["requested_slot"] == "petition_phone"


async def test_cancel_closes_the_form_with_nothing_filled() -> None:
    slots, _ = await _run(
        _tracker("thôi không gửi nữa", "petition_place", petition_kind="phan_anh")
    )
    assert slots["petition_outcome"] == "cancelled"
    assert slots["requested_slot"] is None
    assert "petition_place" not in slots


async def test_a_wrong_phone_is_said_and_asked_again() -> None:
    slots, said = await _run(
        _tracker(
            "số mình là 12345",
            "petition_phone",
            **SO_FAR,
            petition_anonymous=False,
            petition_name="Nguyễn Văn An",
        )
    )
    assert "petition_phone" not in slots
    assert slots["requested_slot"] == "petition_phone"
    assert [m["response"] for m in said] == ["utter_invalid_phone"]


async def test_a_message_already_read_by_a_rule_is_not_read_again() -> None:
    tracker = _tracker("Nguyễn Văn An", "petition_anonymous", **SO_FAR)
    tracker.events.append({"event": "action", "name": "utter_help"})
    slots, _ = await _run(tracker)
    assert "petition_anonymous" not in slots
    assert slots["requested_slot"] == "petition_anonymous"


async def test_a_denunciation_kept_unnamed_is_taken_with_the_laws_caveat() -> None:
    slots, said = await _run(
        _tracker("tôi không muốn nêu tên", "petition_name", **{**SO_FAR, "petition_kind": "to_cao"})
    )
    assert slots["petition_anonymous"] is True
    assert slots["requested_slot"] == "petition_confirmed"
    assert [m["response"] for m in said] == ["utter_denunciation_anonymous"]


async def test_a_complaint_kept_unnamed_still_asks_the_name() -> None:
    slots, said = await _run(
        _tracker(
            "tôi không muốn nêu tên", "petition_name", **{**SO_FAR, "petition_kind": "khieu_nai"}
        )
    )
    assert slots["petition_anonymous"] is False
    assert slots["requested_slot"] == "petition_name"
    assert [m["response"] for m in said] == ["utter_complaint_not_anonymous"]


async def test_unnamed_wished_before_the_kind_is_known_holds_until_the_kind_says() -> None:
    unknown = {**SO_FAR, "petition_kind": None, "petition_anonymous": True}
    slots, said = await _run(_tracker("tố cáo", "petition_kind", **unknown))
    assert slots["petition_kind"] == "to_cao"
    assert slots.get("petition_anonymous", True) is True
    assert slots["requested_slot"] == "petition_confirmed"
    assert [m["response"] for m in said] == ["utter_denunciation_anonymous"]
    slots, said = await _run(_tracker("khiếu nại", "petition_kind", **unknown))
    assert slots["petition_anonymous"] is False
    assert slots["requested_slot"] == "petition_name"
    assert [m["response"] for m in said] == ["utter_complaint_not_anonymous"]


READY = {**SO_FAR, "petition_anonymous": False, "petition_name": "Lê Thị Hoa"}


async def test_wait_at_the_summary_sends_nothing() -> None:
    for text in ("khoan gửi đã", "wait, don't send it yet", "doi chut chua gui nhe"):
        slots, _ = await _run(
            _tracker(text, "petition_confirmed", petition_phone="+84912345678", **READY)
        )
        assert slots.get("petition_confirmed") is not True, text
        assert slots.get("requested_slot") == "petition_confirmed", text


async def test_a_name_put_right_at_the_phone_question_changes_the_name_and_asks_the_phone() -> None:
    slots, said = await _run(
        _tracker(
            "a xin loi ad, luc nay e go nham ten, ten dung la Nguyen Thi Thuy Linh",
            "petition_phone",
            **{**READY, "petition_name": "Nguyen Thi Thuy Lin"},
        )
    )
    assert slots["petition_name"] == "Nguyen Thi Thuy Linh"
    assert slots["requested_slot"] == "petition_phone"
    assert not any(m.get("response") == "utter_invalid_phone" for m in said)


async def test_a_question_typed_where_the_place_is_asked_is_not_stored_as_the_place() -> None:
    slots, _ = await _run(
        _tracker(
            "Mình phải gửi ảnh qua đâu vậy, ở đây có gửi được không?",
            "petition_place",
            petition_kind="phan_anh",
            petition_description="rác ở bãi sông không ai dọn mấy tuần",
            petition_category="moi_truong",
        )
    )
    assert slots.get("petition_place") is None
    assert slots["requested_slot"] == "petition_place"


async def test_asking_for_an_official_in_the_last_sentence_of_a_long_answer_hands_off() -> None:
    slots, _ = await _run(
        _tracker(
            "Việc này có nhiều giấy tờ lắm, nhắn tin không nói hết được. Tôi muốn gặp trực "
            "tiếp cán bộ tiếp dân để trình bày, có được không ạ?",
            "petition_place",
            petition_kind="khieu_nai",
            petition_description="Quyết định thu hồi đất ghi sai diện tích",
            petition_category="dat_dai",
        )
    )
    assert slots["petition_outcome"] == "handoff"
    assert slots.get("petition_place") is None


async def test_hold_on_then_cancel_at_the_summary_cancels() -> None:
    slots, _ = await _run(
        _tracker(
            "Hold on, please don't submit this, the water company is fixing it. Cancel it, sorry",
            "petition_confirmed",
            petition_phone="+84912345678",
            **READY,
        )
    )
    assert slots["petition_outcome"] == "cancelled"


async def test_a_kind_not_found_after_three_asks_is_taken_as_a_report() -> None:
    tracker = _tracker("cái đó tôi không biết nữa", "petition_kind")
    asked = {"event": "slot", "name": "requested_slot", "value": "petition_kind"}
    user = {"event": "user", "text": "hả", "parse_data": {"intent": {"name": "inform"}}}
    tracker.events[:0] = [asked, user, asked, user, asked]
    slots, _ = await _run(tracker)
    assert slots["petition_kind"] == "phan_anh"
    assert slots["requested_slot"] == "petition_description"
    once, _ = await _run(_tracker("cái đó tôi không biết nữa", "petition_kind"))
    assert "petition_kind" not in once


async def test_an_open_report_of_the_same_problem_is_offered_once_the_place_is_known(
    seeded_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate_petition_form, "database", lambda: seeded_database)
    earlier = await river_rubbish_report(seeded_database, "earlier-reporter")
    before_place = {**SO_FAR, "petition_place": None, "petition_commune": None}
    asked, _ = await _run(
        _tracker("bãi sông Lô, phường Việt Trì", "petition_place", **before_place)
    )
    assert asked["petition_duplicate"] == earlier.tracking_code
    assert asked["requested_slot"] == "petition_join"
    # a complaint is one person's matter: never offered another's
    complaint = {**before_place, "petition_kind": "khieu_nai"}
    own, _ = await _run(_tracker("bãi sông Lô, phường Việt Trì", "petition_place", **complaint))
    assert "petition_duplicate" not in own and own["requested_slot"] == "petition_name"


async def test_who_chose_to_send_their_own_is_offered_no_report_after_a_correction(
    seeded_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate_petition_form, "database", lambda: seeded_database)
    earlier = await river_rubbish_report(seeded_database, "earlier-reporter-2")
    declined = {
        **SO_FAR,
        "petition_duplicate": earlier.tracking_code,
        "petition_duplicate_checked": True,
        "petition_join": False,
        "petition_anonymous": True,
    }
    corrected, _ = await _run(
        _tracker("sửa địa chỉ thành bãi sông Lô, phường Việt Trì", "petition_confirmed", **declined)
    )
    assert corrected["petition_place"] == "bãi sông Lô, phường Việt Trì"
    # the choice stands: neither the declined report nor another is offered, nothing is reset
    assert "petition_duplicate" not in corrected
    assert "petition_join" not in corrected
    assert corrected["requested_slot"] == "petition_confirmed"


async def river_rubbish_report(database: Database, user: str) -> Petition:
    """An open report, filed by another citizen, of the rubbish SO_FAR describes."""
    async with database.session() as session:
        citizen = await get_or_create_citizen(session, Channel.ZALO, user)
        await session.commit()
        earlier, _ = await submit_petition(
            session,
            idempotency_key=f"{user}-river-rubbish",
            citizen_id=citizen.id,
            channel=Channel.ZALO,
            kind="phan_anh",
            category="moi_truong",
            description="Bãi sông Lô đầy rác, mấy tuần không ai dọn",
            commune_code="viet_tri",
            address="bãi sông Lô",
            latitude=None,
            longitude=None,
            contact_phone=None,
            anonymous=True,
            attachment_ids=None,
        )
        await session.commit()
    return earlier


async def test_a_procedure_question_taken_for_a_request_is_answered_not_filed(
    seeded_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(procedure_catalogue, "database", lambda: seeded_database)
    monkeypatch.setattr(procedure_catalogue, "_cache", procedure_catalogue._Cache())
    question = "mo quan tra sua nho thi dang ky ho kinh doanh het bao nhiu tien"
    asked, _ = await _run(_tracker(question, None, intent="submit_petition"))
    assert asked == {"petition_outcome": "procedure", "petition_turns": 1, "requested_slot": None}
    # a problem told with a question in it still starts the form
    told = "Tôi muốn phản ánh đường vào xóm nhiều ổ gà quá, bao giờ thì sửa?"
    started, _ = await _run(_tracker(told, None, intent="submit_petition"))
    assert "petition_outcome" not in started
