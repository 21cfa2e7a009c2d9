"""The simulated citizen: reads what the assistant last asked and types the persona's answer.

It never taps a button. It recognises the assistant's questions by their words (Vietnamese and
English), answers from the persona's facts, performs the case's scripted moves when their
question comes up, and records anything a person would find wrong: a question asked twice, a
question about something already said, an interruption not answered, the form not resuming.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.conversations.chats import Chat

MAX_TURNS = 18
CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")

# the assistant's questions, by the words they use (latest question wins)
QUESTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("what_to_change", re.compile(r"muốn sửa mục nào|What would you like to change", re.I)),
    ("summary", re.compile(r"Vui lòng kiểm tra lại|Please check:", re.I)),
    ("kind", re.compile(r"muốn gửi loại nào|What would you like to send", re.I)),
    ("category", re.compile(r"thuộc lĩnh vực nào|Which area is it about", re.I)),
    ("description", re.compile(r"mô tả sự việc|mô tả thêm|Please describe", re.I)),
    ("place", re.compile(r"Sự việc ở đâu|Where is it\?", re.I)),
    ("commune", re.compile(r"thuộc xã/phường nào|Which commune or ward", re.I)),
    ("anonymity", re.compile(r"gửi ẩn danh không|send it anonymously", re.I)),
    ("join", re.compile(r"theo dõi chung phản ánh đó|like to follow that report", re.I)),
    ("name", re.compile(r"họ và tên|give your full name", re.I)),
    (
        "phone",
        re.compile(
            r"Số điện thoại để cán bộ|Số điện thoại chưa đúng"
            r"|phone number officials|phone number does not look",
            re.I,
        ),
    ),
    ("offer_report", re.compile(r"Có vẻ bạn đang phản ánh|sounds like you are reporting", re.I)),
    (
        "confirm_phone",
        re.compile(r"nhập số điện thoại bạn đã ghi|type the phone number you gave", re.I),
    ),
]
SUBMITTED = re.compile(r"Mã hồ sơ của bạn|Your tracking code", re.I)
CANCELLED = re.compile(r"Đã hủy, chưa có gì|Cancelled; nothing was sent", re.I)
HANDOFF = re.compile(
    r"chuyển cuộc trò chuyện đến cán bộ|passed the conversation to an official", re.I
)
# a move's `when` may name the answer it replaces ("confirm") rather than the question ("summary")
WHEN_ALIASES = {"confirm": "summary"}


def move_question(move: dict[str, Any]) -> str | None:
    when = move.get("when")
    return WHEN_ALIASES.get(when, when) if isinstance(when, str) else None


YES = {"accented": "có", "unaccented": "co", "english": "yes"}
# offered an earlier report of the same problem (another case's), a citizen sends their own
OWN_REPORT = {
    "accented": "không, gửi riêng",
    "unaccented": "ko, gui rieng",
    "english": "no, my own",
}


def question_in(replies: list[str]) -> str | None:
    """The last question the assistant asked in these replies."""
    found: str | None = None
    for reply in replies:
        latest = max(
            ((m.start(), name) for name, p in QUESTIONS for m in [p.search(reply)] if m),
            default=None,
        )
        if latest:
            found = latest[1]
    return found


@dataclass
class Transcript:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    code: str | None = None
    outcome: str | None = None  # petition | cancelled | handoff

    def said(self, who: str, text: str) -> None:
        self.lines.append(f"{who}: {text}")


class Citizen:
    """Plays one case's persona on one chat."""

    def __init__(self, case: dict[str, Any], chat: Chat) -> None:
        self.case = case
        self.chat = chat
        self.answers = dict(case.get("answers") or {})
        self.moves = list(case.get("moves") or [])
        self.style = case.get("style", "accented")
        self.transcript = Transcript()
        self.answered: set[str] = set()
        self.last_replies: list[str] = []
        # procedure questions asked inside the form, with the replies, checked after the run
        self.procedure_answers: list[tuple[dict[str, Any], list[str]]] = []

    async def say(self, text: str) -> list[str]:
        self.transcript.said("citizen", text)
        replies = await self.chat.say(text)
        for reply in replies:
            self.transcript.said("assistant", reply)
        self.last_replies = replies
        return replies

    def _finished(self, replies: list[str]) -> bool:
        text = "\n".join(replies)
        if SUBMITTED.search(text):
            code = CODE.search(text)
            self.transcript.code = code.group(0) if code else None
            self.transcript.outcome = "petition"
            return True
        if CANCELLED.search(text):
            self.transcript.outcome = "cancelled"
            return True
        if HANDOFF.search(text):
            self.transcript.outcome = "handoff"
            return True
        return False

    def _move_for(self, question: str, asked: list[str]) -> dict[str, Any] | None:
        for move in self.moves:
            if move_question(move) == question and not move.get("done"):
                return move
        if question == "summary":
            # the citizen meant to interrupt at a question the form never asked (it knew the
            # answer already): they do it before sending, as a person would
            for move in self.moves:
                interrupting = not move.get("answers_as") and not move.get("correction")
                if interrupting and not move.get("done") and move_question(move) not in asked:
                    return move
        return None

    async def _perform(self, move: dict[str, Any], question: str) -> list[str]:
        move["done"] = True
        replies = await self.say(str(move["say"]))
        if move.get("answers_as"):
            self.answered.add(str(move["answers_as"]))
            return replies
        if move.get("expect_procedure"):
            self.transcript.lines.append(f"(expects procedure {move['expect_procedure']})")
            self.procedure_answers.append((move, replies))
            if question_in(replies) != question:
                self.transcript.problems.append(
                    f"after the question asked at {question}, the form did not ask it again"
                )
        if move.get("correction"):
            self.answers.update({k: v for k, v in move["correction"].items() if k in self.answers})
        return replies

    async def run(self) -> Transcript:
        """Plays the opening messages and answers every question until the form ends."""
        never_asked = set((self.case.get("expect") or {}).get("never_asked") or [])
        replies: list[str] = []
        for opening in self.case.get("say_first") or []:
            replies = await self.say(str(opening))
            if self._finished(replies):
                return self.transcript
        asked: list[str] = []
        for _ in range(MAX_TURNS):
            question = question_in(replies)
            if question is None:
                self.transcript.problems.append(
                    "the assistant asked nothing the citizen could answer"
                )
                return self.transcript
            asked.append(question)
            if question in never_asked and question not in self.answered:
                self.transcript.problems.append(f"asked for {question}, already said")
                never_asked.discard(question)
            move = self._move_for(question, asked[:-1])
            if move is not None:
                replies = await self._perform(move, question)
            else:
                if question in self.answered and question not in ("summary", "what_to_change"):
                    self.transcript.problems.append(f"asked for {question} twice")
                answer = self._answer(question)
                if not answer:
                    self.transcript.problems.append(
                        f"asked for {question}, which this citizen had no reason to be asked"
                    )
                    return self.transcript
                replies = await self.say(answer)
                self.answered.add(question)
            if self._finished(replies):
                return self.transcript
        self.transcript.problems.append(f"no end after {MAX_TURNS} turns: asked {asked}")
        return self.transcript

    def _answer(self, question: str) -> str:
        if question == "summary":
            return str(self.answers.get("confirm") or YES[self.style])
        if question == "what_to_change":
            self.transcript.problems.append("the assistant asked what to change")
            return str(self.answers.get("confirm") or YES[self.style])
        if question == "offer_report":
            return YES[self.style]
        if question == "anonymity":
            return str(self.answers.get("anonymity") or "không")
        if question == "join":
            return str(self.answers.get("join") or OWN_REPORT[self.style])
        if question == "commune":
            # a citizen asked again where it is says the place again, or its commune if known
            return str(self.answers.get("commune") or self.answers.get("place") or "")
        return str(self.answers.get(question) or "")
