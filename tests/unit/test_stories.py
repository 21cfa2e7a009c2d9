"""A problem told at length is offered to be filed, not answered from the catalogue; questions,
however long, still are."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.reading.stories import tells_a_story
from actions.story_offer import is_a_problem_told, offer_to_file

TOLD = [
    "nha thuoc o dau ngo ban thuoc het han cho me e, hop ghi han den thang 3 ma bay gio da "
    "thang 8 r, e mang ra thi ho chi doi hop khac chu ko xin loi",
    "My application for a construction permit for my house was refused by the commune and "
    "they gave no clear reason.",
    "Cả khu tập thể ngập sâu nửa mét từ đêm qua, nước tràn vào tận nhà tầng một, cống rãnh "
    "cả năm không ai khơi thông",
]
ASKED = [
    "Mảnh đất ông bà để lại từ thời hợp tác xã đến giờ vẫn chưa có sổ đỏ, giờ làm lần đầu thì "
    "bao lâu mới có sổ",
    "xe may dien moi mua thi di dang ki bien so o cong an xa hay phai len tinh a",
    "Nhà tôi ở xã, định phá nhà cấp 4 xây lên 2 tầng, có phải xin phép không và thủ tục thế nào",
    "cho em hoi nha em bi ngap nuoc hong het giay to, gio lam lai so ho khau va can cuoc",
    "I bought a second-hand motorbike from my neighbour last month and want to know how to "
    "transfer it into my name",
    "hỏng xe",
]


@pytest.mark.parametrize("text", TOLD)
def test_a_problem_told_at_length_is_one(text: str) -> None:
    assert is_a_problem_told(text)


@pytest.mark.parametrize("text", ASKED)
def test_a_question_is_not_a_story_however_long(text: str) -> None:
    assert not tells_a_story(text)


def _tracker(text: str, active_loop: dict[str, Any] | None = None) -> Tracker:
    return Tracker(
        sender_id="citizen-1",
        slots={},
        latest_message={"text": text, "intent": {"name": "ask_procedure"}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop=active_loop or {},
        latest_action_name="action_listen",
    )


def test_the_offer_keeps_the_story_for_the_form_and_is_not_made_inside_one() -> None:
    dispatcher = CollectingDispatcher()
    events = offer_to_file(dispatcher, _tracker(TOLD[0]))
    assert events is not None
    assert {"pending_report": TOLD[0]} == {
        e["name"]: e["value"] for e in events if e["name"] == "pending_report"
    }
    assert [m["response"] for m in dispatcher.messages] == ["utter_offer_report"]
    in_form = CollectingDispatcher()
    assert offer_to_file(in_form, _tracker(TOLD[0], {"name": "petition_form"})) is None
    assert offer_to_file(in_form, _tracker("/ask_procedure")) is None
    assert in_form.messages == []
