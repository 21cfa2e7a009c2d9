"""The offer to file a problem, driven through the actions with a hand-built tracker: a problem
named where the classifier heard a yes, and a citizen who goes on describing after the offer."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import procedure_catalogue, record_feedback
from actions.answer_yes_no import ActionAnswerYesNo
from actions.handle_misunderstanding import ActionHandleMisunderstanding
from actions.lookup_procedure import ActionLookupProcedure
from actions.record_feedback import ActionRecordFeedback
from storage.db import Database


@pytest.fixture(autouse=True)
def catalogue(seeded_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The actions read the seeded catalogue (what the citizen said names no procedure)."""
    monkeypatch.setattr(procedure_catalogue, "database", lambda: seeded_database)
    monkeypatch.setattr(procedure_catalogue, "_cache", procedure_catalogue._Cache())
    monkeypatch.setattr(record_feedback, "database", lambda: seeded_database)


def _tracker(said: list[str], intent: str, **slots: Any) -> Tracker:
    events: list[dict[str, Any]] = []
    for text in said:
        events.append({"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}})
        events.append({"event": "bot", "text": "…"})
    events.pop()
    return Tracker(
        sender_id="citizen-7",
        slots=slots,
        latest_message={"text": said[-1], "intent": {"name": intent, "confidence": 0.6}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def _slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_a_problem_heard_as_a_yes_is_offered_for_filing() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerYesNo().run(dispatcher, _tracker(["o ga"], "affirm"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_offer_report"]
    assert _slots(events)["pending_report"] == "o ga"


async def test_a_plain_yes_with_nothing_offered_is_asked_what_else() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAnswerYesNo().run(dispatcher, _tracker(["ok"], "affirm"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_anything_else"]


async def test_going_on_describing_after_the_offer_starts_the_form_with_all_of_it() -> None:
    dispatcher = CollectingDispatcher()
    tracker = _tracker(["o ga", "to lam ad"], "inform", pending_report="o ga")
    events = await ActionHandleMisunderstanding().run(dispatcher, tracker, {})
    assert _slots(events)["pending_report"] == "o ga, to lam ad"
    assert [e["name"] for e in events if e["event"] == "followup"] == ["petition_form"]
    assert dispatcher.messages == []


async def test_a_question_after_the_offer_is_not_taken_as_more_of_the_report() -> None:
    dispatcher = CollectingDispatcher()
    tracker = _tracker(["o ga", "sao lai the?"], "inform", pending_report="o ga")
    events = await ActionHandleMisunderstanding().run(dispatcher, tracker, {})
    assert not any(e.get("event") == "followup" for e in events)


async def test_a_first_message_giving_only_a_name_and_phone_is_noted_not_misunderstood() -> None:
    dispatcher = CollectingDispatcher()
    said = ["Chào bạn, số của tôi là 0982 135 792, tên Lò Thị Xuân."]
    await ActionHandleMisunderstanding().run(dispatcher, _tracker(said, "inform"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_details_noted"]


async def test_a_question_with_a_phone_in_it_is_not_taken_for_details() -> None:
    dispatcher = CollectingDispatcher()
    said = ["số 0982 135 792 này là của cơ quan nào vậy?"]
    await ActionHandleMisunderstanding().run(dispatcher, _tracker(said, "nlu_fallback"), {})
    assert "utter_details_noted" not in [m["response"] for m in dispatcher.messages]


async def test_an_incident_told_as_feedback_is_thanked_and_offered_for_filing() -> None:
    dispatcher = CollectingDispatcher()
    said = "Y tá ở trạm y tế tiêm nhầm mũi vắc xin cho cháu nhà tôi, hỏi lại thì cứ chối quanh"
    events = await ActionRecordFeedback().run(dispatcher, _tracker([said], "give_feedback"), {})
    responses = [m["response"] for m in dispatcher.messages]
    assert responses == ["utter_feedback_thanks", "utter_offer_report"]
    assert _slots(events)["pending_report"] == said


async def test_praise_is_only_thanked() -> None:
    dispatcher = CollectingDispatcher()
    said = "cán bộ một cửa phường hướng dẫn rất nhiệt tình, tôi rất hài lòng"
    events = await ActionRecordFeedback().run(dispatcher, _tracker([said], "give_feedback"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_feedback_thanks"]
    assert "pending_report" not in _slots(events)


async def test_a_problem_asked_about_as_a_question_naming_no_procedure_is_offered_for_filing() -> (
    None
):
    dispatcher = CollectingDispatcher()
    said = "truong mn thu tien dieu hoa ma k co dieu hoa la ntn ad"
    events = await ActionLookupProcedure().run(dispatcher, _tracker([said], "ask_procedure"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_offer_report"]
    assert _slots(events)["pending_report"] == said


async def test_a_procedure_not_in_the_catalogue_is_still_said_so() -> None:
    dispatcher = CollectingDispatcher()
    said = "xin giấy phép bay flycam cần những gì"
    await ActionLookupProcedure().run(dispatcher, _tracker([said], "ask_procedure"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_procedure_not_found"]
