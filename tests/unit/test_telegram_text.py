"""The plain text message read straight from the JSON gives what python-telegram-bot's reading
gives, and every other shape is left to PTB."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import telegram

from bot.channels.telegram.plain_text import plain_text_message
from bot.channels.telegram.updates import _from_message, parse_update

BOT = telegram.Bot("123456:TEST-token")


def update(**message: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "message_id": 77,
        "from": {"id": 4242, "is_bot": False, "first_name": "Lan", "language_code": "vi"},
        "chat": {"id": 4242, "type": "private", "first_name": "Lan"},
        "date": 1764230400,
        "text": "Làm căn cước cần giấy tờ gì?",
    }
    base.update(message)
    return {"update_id": 900, "message": base}


def read_by_ptb(data: dict[str, Any]) -> Any:
    parsed = telegram.Update.de_json(copy.deepcopy(data), BOT)
    assert parsed is not None and parsed.message is not None
    return _from_message(data["update_id"], parsed.message, edited=False).incoming


@pytest.mark.parametrize(
    "data",
    [
        update(),
        update(text="lam can cuoc can giay to j ad"),
        update(text="x" * 5000),
        update(text="Cafe\u0301 ngõ 7"),  # decomposed accents are composed the same way
        update(**{"from": {"id": 5, "is_bot": False, "first_name": "Bùi", "last_name": "Thị Hoa"}}),
        update(entities=[{"type": "bot_command", "offset": 0, "length": 6}], text="/start"),
    ],
)
def test_a_plain_text_message_reads_as_ptb_reads_it(data: dict[str, Any]) -> None:
    assert plain_text_message(data["update_id"], data) == read_by_ptb(data)


@pytest.mark.parametrize(
    "data",
    [
        update(reply_to_message={"message_id": 1}),  # a shape the fast path does not know
        update(chat={"id": -100, "type": "group"}),
        update(**{"from": {"id": 9, "is_bot": True, "first_name": "Bot"}}),
        update(**{"from": {"id": "4242", "is_bot": False, "first_name": "Lan"}}),
        update(date=10**20),
        update(text=""),
        update(photo=[{"file_id": "a", "file_unique_id": "b", "width": 1, "height": 1}], text=None),
    ],
)
def test_every_other_shape_is_left_to_ptb(data: dict[str, Any]) -> None:
    assert plain_text_message(data["update_id"], data) is None


def test_a_group_message_is_still_ignored_and_a_broken_id_still_refused() -> None:
    assert parse_update(update(chat={"id": -100, "type": "group"}), BOT).incoming is None
    with pytest.raises(ValueError, match=r".+"):
        parse_update(update(**{"from": {"id": "x", "is_bot": False, "first_name": "A"}}), BOT)
