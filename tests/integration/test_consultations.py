"""Consultations through the real stack: citizens opt in by typing on the web chat, Telegram and
Zalo; the question reaches each of them on their channel's fake; typed answers (a number, the
choice's words, free words) are counted right; an answer changed later replaces the first."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import time
from typing import Any

import aiohttp
from sqlalchemy import select

from storage.db import Database
from storage.models import Official, Role, utcnow
from storage.services import consultations
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.zalo import FakeZaloAPI
from tests.integration.conftest import WebChat, button_payloads, texts, until_quiet
from tests.integration.test_channels_end_to_end import (
    all_text,
    eventually,
    say_on_telegram,
    sent_to,
    signed_zalo,
    zalo_text,
)
from tests.servers import Stack

ROAD = ["Làm đường mới qua xóm", "Sửa lại đường cũ"]
QUESTION = re.compile(r"Lấy ý kiến người dân \((TV-\d{4}),")
_telegram_users = itertools.count(7_800_001)
_zalo_messages = itertools.count(1)


async def say_on_zalo(stack: Stack, api: FakeZaloAPI, user: str, text: str) -> str:
    before = len(_to_zalo_user(api, user))
    raw, signature = signed_zalo(zalo_text(user, f"zmsg-consult-{next(_zalo_messages)}", text))
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{stack.gateway_url}/webhooks/zalo",
            data=raw,
            headers={"X-ZEvent-Signature": signature, "Content-Type": "application/json"},
        ) as response,
    ):
        assert response.status == 200
    await eventually(lambda: len(_to_zalo_user(api, user)) > before)
    await until_quiet(stack, f"zalo:{user}")
    return "\n".join(_to_zalo_user(api, user)[before:])


def _to_zalo_user(api: FakeZaloAPI, user: str) -> list[str]:
    return [
        str(r.body["message"].get("text"))
        for r in api.sends
        if r.body["recipient"]["user_id"] == user
    ]


async def _open_consultation(stack: Stack) -> tuple[str, int]:
    database = Database(stack.database_url)
    try:
        async with database.transaction() as session:
            admin = await session.scalar(select(Official).where(Official.role == Role.ADMIN))
            assert admin is not None
            today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
            consultation = await consultations.create(
                session,
                admin.id,
                admin.department_id,
                consultations.NewConsultation(
                    question="Xóm Bãi nên làm đường mới hay sửa đường cũ?",
                    choices=ROAD,
                    free_text=True,
                    opens_on=today,
                    closes_on=today + dt.timedelta(days=7),
                    commune_code=None,
                ),
            )
            # as the job would once the citizens' conversations are over
            queued = await consultations.put_to_citizens(session, utcnow() + dt.timedelta(hours=2))
            return consultation.code, queued
    finally:
        await database.close()


async def _results(stack: Stack, code: str) -> consultations.Results:
    database = Database(stack.database_url)
    try:
        async with database.session() as session:
            consultation = await consultations.by_code(session, code)
            assert consultation is not None
            return await consultations.results(session, consultation.id)
    finally:
        await database.close()


def _telegram_buttons(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = (markup or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


async def test_a_consultation_reaches_every_channel_and_typed_answers_are_counted(
    stack: Stack, telegram_api: FakeBotAPI, zalo_api: FakeZaloAPI
) -> None:
    web = WebChat(stack.gateway_url)
    joined = texts(await web.say("nhan tham van xa cao phong nhe ad"))
    assert "Bạn sẽ nhận các câu hỏi lấy ý kiến của tỉnh và của Xã Cao Phong" in joined
    user = next(_telegram_users)
    joined = all_text(await say_on_telegram(stack, telegram_api, user, text="dang ky lay y kien"))
    assert "Bạn sẽ nhận các câu hỏi lấy ý kiến của tỉnh" in joined
    zalo_user = f"25125236{int(time.time()) % 10_000_000:08d}"
    assert "Bạn sẽ nhận" in await say_on_zalo(stack, zalo_api, zalo_user, "muốn nhận tham vấn")

    code, queued = await _open_consultation(stack)
    assert queued >= 3  # these three, and any other subscriber of an earlier test

    asked = await web.wait_for_more()
    assert "Lấy ý kiến người dân" in texts(asked) and code in texts(asked)
    assert button_payloads(asked) == ["1", "2"]
    await eventually(lambda: any(code in str(m.get("text")) for m in sent_to(telegram_api, user)))
    question = next(m for m in sent_to(telegram_api, user) if code in str(m.get("text")))
    assert _telegram_buttons(question) == ROAD
    await eventually(lambda: any(code in t for t in _to_zalo_user(zalo_api, zalo_user)))
    on_zalo = next(t for t in _to_zalo_user(zalo_api, zalo_user) if code in t)
    assert "1. Làm đường mới qua xóm" in on_zalo and "2. Sửa lại đường cũ" in on_zalo
    await until_quiet(stack, f"zalo:{zalo_user}")

    # typed, never tapped: a number with words around it, the choice's words, free words
    recorded = texts(await web.say("so 2 nhe"))
    assert f"Đã ghi nhận ý kiến của bạn cho {code}: 2. Sửa lại đường cũ" in recorded
    recorded = all_text(await say_on_telegram(stack, telegram_api, user, text="lam duong moi"))
    assert "1. Làm đường mới qua xóm" in recorded
    said = "nên đổ bê tông đường cũ cho rộng hơn, xe tải vào được"
    assert "Đã ghi nhận ý kiến" in await say_on_zalo(stack, zalo_api, zalo_user, said)

    results = await _results(stack, code)
    assert results.by_choice == [(ROAD[0], 1), (ROAD[1], 1)]
    assert [(g.sample, g.count) for g in results.free] == [(said, 1)]
    assert results.answers == 3

    # the web citizen changes their mind: the question again, and the new answer replaces it
    again = texts(await web.say("doi y kien tham van"))
    assert code in again
    changed = texts(await web.say("1"))
    assert f"Đã đổi ý kiến của bạn cho {code} thành: 1. Làm đường mới qua xóm" in changed
    results = await _results(stack, code)
    assert results.by_choice == [(ROAD[0], 2), (ROAD[1], 0)]
    assert results.answers == 3


async def test_a_question_instead_of_an_answer_is_answered_and_opting_out_stops_them(
    stack: Stack, telegram_api: FakeBotAPI
) -> None:
    user = next(_telegram_users)
    await say_on_telegram(stack, telegram_api, user, text="nhận tham vấn")
    await _open_consultation(stack)

    def questions() -> list[str]:
        found = (QUESTION.search(str(m.get("text"))) for m in sent_to(telegram_api, user))
        return [q.group(1) for q in found if q]

    # one question a sitting: the oldest open consultation comes first
    await eventually(lambda: len(questions()) == 1)
    await until_quiet(stack, f"telegram:{user}")
    code = questions()[0]
    answers_before = (await _results(stack, code)).answers

    answered = all_text(
        await say_on_telegram(stack, telegram_api, user, text="làm căn cước cần giấy tờ gì")
    )
    assert "để sau" in answered and "căn cước" in answered.lower()
    stopped = all_text(await say_on_telegram(stack, telegram_api, user, text="dung nhan tham van"))
    assert "Đã dừng gửi câu hỏi lấy ý kiến" in stopped
    # neither the question nor the opting out was taken for an answer
    assert (await _results(stack, code)).answers == answers_before
