"""Loads the cases and plays each one against the running stack, on the channel it names."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.conversations.chats import Chat, TelegramChat, WebChat, ZaloChat
from tests.conversations.citizen import Citizen, question_in
from tests.conversations.outcomes import (
    CHOICES,
    _same,
    petition_problems,
    procedure_answered,
    procedure_names,
    stored_petition,
)
from tests.fakes.telegram import FakeBotAPI
from tests.fakes.zalo import FakeZaloAPI
from tests.servers import Stack

CASES = Path(__file__).resolve().parent / "cases"
# procedure_questions.yml and any later blind set beside it (procedure_questions_*.yml)
PROCEDURE_QUESTIONS = Path(__file__).resolve().parent


class _CaseLoader(yaml.SafeLoader):
    """YAML without implicit integers: phone numbers such as 0345671234 stay text."""


_CaseLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:int"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_cases(folder: Path = CASES) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yml")):
        cases.extend(
            yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseLoader)["conversations"]
        )
    return cases


def load_procedure_questions(folder: Path = PROCEDURE_QUESTIONS) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = []
    for path in sorted(folder.glob("procedure_questions*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseLoader)
        questions.extend({**q, "set": path.stem} for q in data["questions"])
    return questions


def procedure_cases(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each procedure question as a one-message case on the web chat."""
    return [
        {
            "id": f"{q['set'].replace('_', '-')}-{n:03d}",
            "behaviour": "procedure_question",
            "set": q["set"],
            "style": q.get("style", "accented"),
            "channel": "web",
            "say_first": [q["text"]],
            "expect": {"outcome": "procedure", "procedure": q["procedure"], "aspect": q["aspect"]},
        }
        for n, q in enumerate(questions, start=1)
    ]


@dataclass
class World:
    """The running stack and the platforms' fakes, with the secrets the gateway was given."""

    stack: Stack
    telegram: FakeBotAPI
    zalo: FakeZaloAPI
    telegram_secret: str
    zalo_app_id: str
    zalo_oa_secret_key: str

    def chat(self, channel: str) -> Chat:
        if channel == "telegram":
            return TelegramChat(self.stack, self.telegram, self.telegram_secret)
        if channel == "zalo":
            return ZaloChat(self.stack, self.zalo, self.zalo_app_id, self.zalo_oa_secret_key)
        return WebChat(self.stack)


@dataclass
class CaseResult:
    case: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


async def _close(chat: Chat) -> None:
    close = getattr(chat, "close", None)
    if close is not None:
        await close()


async def _ask_procedure(
    chat: Chat, text: str, code: str, aspect: str | None, lines: list[str]
) -> str | None:
    """One procedure question; when the assistant offers a choice, the citizen types the title
    of the right one, as people do with buttons they do not tap."""
    lines.append(f"citizen: {text}")
    replies = await chat.say(text)
    lines.extend(f"assistant: {r}" for r in replies)
    joined = "\n".join(replies)
    if CHOICES.search(joined):
        name_vi, name_en = procedure_names(code)
        wanted = name_en if re.search(r"one of these", joined, re.I) else name_vi
        if _same(wanted) not in _same(joined):
            return f"offered a choice without {code}: {joined[:100]!r}"
        lines.append(f"citizen: {wanted}")
        replies = await chat.say(wanted)
        lines.extend(f"assistant: {r}" for r in replies)
    return procedure_answered(replies, code, aspect)


async def _play_procedure_case(world: World, case: dict[str, Any], result: CaseResult) -> None:
    chat = world.chat(str(case.get("channel", "web")))
    expect = case.get("expect") or {}
    try:
        opening = " ".join(str(t) for t in case.get("say_first") or [])
        problem = await _ask_procedure(
            chat, opening, str(expect["procedure"]), expect.get("aspect"), result.lines
        )
        if problem:
            result.problems.append(problem)
        for followup in case.get("followups") or []:
            problem = await _ask_procedure(
                chat,
                str(followup["say"]),
                str(followup["procedure"]),
                followup.get("aspect"),
                result.lines,
            )
            if problem:
                result.problems.append(f"follow-up {followup['say']!r}: {problem}")
    finally:
        await _close(chat)


async def _check_status(
    world: World, case: dict[str, Any], code: str, petition: Any, result: CaseResult
) -> None:
    check = case["status_check"]
    chat = world.chat(str(check.get("channel", "web")))
    expect = case.get("expect") or {}
    try:
        text = str(check["say"]).replace("{code}", code)
        result.lines.append(f"citizen (another device): {text}")
        replies = await chat.say(text)
        result.lines.extend(f"assistant: {r}" for r in replies)
        shown = "\n".join(replies)
        department = {petition.department.name_vi, petition.department.name_en}
        if code not in shown or not any(name in shown for name in department):
            result.problems.append(f"status of {code} not shown with its unit: {shown[:120]!r}")
        words = [str(w) for w in expect.get("description_has") or []]
        if any(_same(w) in _same(shown) for w in words):
            result.problems.append("the description was shown to another account")
        if check.get("verify_phone"):
            if question_in(replies) != "confirm_phone":
                result.problems.append("not asked for the phone number to see the details")
                return
            result.lines.append(f"citizen: {check['verify_phone']}")
            replies = await chat.say(str(check["verify_phone"]))
            result.lines.extend(f"assistant: {r}" for r in replies)
            unlocked = "\n".join(replies)
            if words and not all(_same(w) in _same(unlocked) for w in words):
                result.problems.append("the right phone number did not show the details")
    finally:
        await _close(chat)


async def play(world: World, case: dict[str, Any]) -> CaseResult:
    result = CaseResult(case)
    expect = case.get("expect") or {}
    if expect.get("outcome") == "procedure":
        await _play_procedure_case(world, case, result)
        return result
    chat = world.chat(str(case.get("channel", "web")))
    try:
        citizen = Citizen(case, chat)
        transcript = await citizen.run()
    finally:
        await _close(chat)
    result.lines = transcript.lines
    result.problems.extend(transcript.problems)
    for move, replies in citizen.procedure_answers:
        problem = procedure_answered(
            replies, str(move["expect_procedure"]), move.get("expect_aspect")
        )
        if problem:
            result.problems.append(f"question in the form: {problem}")
    wanted = expect.get("outcome")
    if wanted == "no_petition":
        if transcript.outcome != "cancelled":
            result.problems.append(f"expected a cancellation, got {transcript.outcome}")
        if transcript.code:
            result.problems.append(f"a petition was filed: {transcript.code}")
    elif wanted == "handoff":
        if transcript.outcome != "handoff":
            result.problems.append(f"expected a handoff, got {transcript.outcome}")
    elif wanted == "petition":
        if transcript.outcome != "petition" or not transcript.code:
            result.problems.append(f"no petition filed (ended: {transcript.outcome})")
            return result
        petition = await stored_petition(world.stack.database_url, transcript.code)
        if petition is None:
            result.problems.append(f"{transcript.code} told to the citizen but not stored")
            return result
        result.problems.extend(petition_problems(petition, expect))
        if case.get("status_check"):
            await _check_status(world, case, transcript.code, petition, result)
    return result


async def play_all(
    world: World, cases: Iterable[dict[str, Any]], concurrency: int = 6
) -> list[CaseResult]:
    """Plays cases side by side (citizens write at the same time); results in case order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(case: dict[str, Any]) -> CaseResult:
        async with gate:
            try:
                return await play(world, case)
            except AssertionError as error:
                return CaseResult(case, [f"stalled: {error}"])
            except Exception as error:  # one broken case must not lose the others' results
                return CaseResult(case, [f"{type(error).__name__}: {error}"])

    return list(await asyncio.gather(*(one(c) for c in cases)))
