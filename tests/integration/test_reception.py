"""Reception by chat through the real stack, typed as citizens type: asking when the commune's
chairman receives citizens, booking a day with a topic, being reminded the working day before,
moving and cancelling the appointment, on the web chat and on Telegram."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from sqlalchemy import select

from storage.db import Database
from storage.models import ReceptionBooking
from storage.services import reception
from tests.fakes.telegram import FakeBotAPI
from tests.integration.conftest import WebChat, texts
from tests.integration.test_channels_end_to_end import all_text, say_on_telegram
from tests.servers import Stack

CODE = re.compile(r"\bTD-[2-9A-HJ-NP-Z]{6}\b")
_users = itertools.count(7_700_001)


def code_in(text: str) -> str:
    found = CODE.search(text)
    assert found, text
    return found.group(0)


async def booking(stack: Stack, code: str) -> ReceptionBooking:
    database = Database(stack.database_url)
    try:
        async with database.session() as session:
            found = await reception.booking_by_code(session, code)
            assert found is not None
            return found
    finally:
        await database.close()


async def test_a_citizen_books_is_reminded_moves_and_cancels_by_typing(stack: Stack) -> None:
    chat = WebChat(stack.gateway_url)
    offered = texts(await chat.say("khi nao chu tich xa Cao Phong tiep dan vay ad"))
    assert "Chủ tịch UBND xã Cao Phong tiếp công dân" in offered and "1. Thứ Năm" in offered
    asked = texts(await chat.say("1"))
    assert "trình bày việc gì" in asked
    booked = texts(await chat.say("tranh chấp ranh giới đất với nhà bên cạnh"))
    code = code_in(booked)
    assert "Đã đặt lịch tiếp công dân" in booked and "Trụ sở UBND xã Cao Phong" in booked
    first = await booking(stack, code)
    assert first.status == "booked" and first.day.isoweekday() == 4
    assert first.topic == "tranh chấp ranh giới đất với nhà bên cạnh"

    # the working day before, the reminder reaches the same chat
    database = Database(stack.database_url)
    try:
        async with database.transaction() as session:
            assert await reception.send_reminders(session, first.day - dt.timedelta(days=1)) == 1
    finally:
        await database.close()
    reminded = texts(await chat.wait_for_more())
    assert "Nhắc lịch" in reminded and code in reminded

    offered_again = texts(await chat.say("cho e doi lich hen"))
    assert "2. Thứ Năm" in offered_again
    moved = texts(await chat.say("ngày thứ 2 trong danh sách, số 2"))
    if "Bạn chọn ngày nào" in moved:  # a long answer is not a bare number: typed again
        moved = texts(await chat.say("2"))
    new_code = code_in(moved.replace(code, ""))
    assert "Đã đổi lịch hẹn" in moved
    assert (await booking(stack, code)).status == "cancelled"
    second = await booking(stack, new_code)
    assert second.day > first.day and second.topic == first.topic

    cancelled = texts(await chat.say(f"huy lich {new_code.lower()} nhe"))
    assert "Đã hủy lịch hẹn" in cancelled
    assert (await booking(stack, new_code)).status == "cancelled"
    assert "không có lịch hẹn" in texts(await chat.say("hủy lịch hẹn"))


async def test_booking_the_provinces_chairman_on_telegram_in_english(
    stack: Stack, telegram_api: FakeBotAPI
) -> None:
    user = next(_users)
    asked = all_text(
        await say_on_telegram(stack, telegram_api, user, text="When can I meet the chairman?")
    )
    assert "Which commune or ward" in asked
    offered = all_text(await say_on_telegram(stack, telegram_api, user, text="the province"))
    assert "Chủ tịch UBND tỉnh Phú Thọ receives citizens" in offered
    all_text(await say_on_telegram(stack, telegram_api, user, text="the first one"))
    booked = all_text(
        await say_on_telegram(
            stack, telegram_api, user, text="compensation for land taken for the new road"
        )
    )
    code = code_in(booked)
    assert "Your reception appointment is booked" in booked
    database = Database(stack.database_url)
    try:
        async with database.session() as session:
            row = await session.scalar(
                select(ReceptionBooking).where(ReceptionBooking.code == code)
            )
            assert row is not None and row.topic.startswith("compensation for land")
    finally:
        await database.close()
