"""Consultations (lấy ý kiến người dân): an authority's question to a commune's residents or the
whole province's, the citizens who asked to hear them, their answers and the results.

Reaching citizens follows each platform's rules: Telegram and the web chat may be written to
at any time; Zalo only within 7 days of the citizen's last message, so a Zalo citizen outside
that window is asked once they write in again. Nobody is asked in the middle of a conversation
(an hour's quiet first) or while an official holds it. A question is put to a citizen as a turn of
their own conversation (an inbox row the dialogue answers with the question), so it waits
its turn behind what they were saying and is asked once: the row's platform id is unique.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from core.text import fold, nfc
from storage.deadlines import VIETNAM
from storage.errors import InvalidValue, NotAllowed, NotFound
from storage.models import (
    Channel,
    Citizen,
    Consultation,
    ConsultationAnswer,
    ConsultationSubscriber,
    InboxMessage,
    utcnow,
)
from storage.services import desk_accounts

MAX_CHOICES = 9
MAX_QUESTION = 1000
MAX_ANSWER = 1000
# Zalo lets an Official Account write only to users who wrote within this long
ZALO_WINDOW = dt.timedelta(days=7)
# a question never cuts into a conversation: the citizen has been quiet longer than the
# dialogue's session (60 minutes in nlu/domain/core.yml), so no form of theirs is still open
QUIET_BEFORE_ASKING = dt.timedelta(minutes=61)
# free answers this alike (0-100, words in any order) are shown as one group
SAME_ANSWER = 85
OPENED_INTENT = "consultation_opened"


@dataclass(frozen=True)
class NewConsultation:
    question: str
    choices: list[str]
    free_text: bool
    opens_on: dt.date
    closes_on: dt.date
    commune_code: str | None


def _checked(fields: NewConsultation) -> NewConsultation:
    question = " ".join(fields.question.split())
    choices = [" ".join(c.split()) for c in fields.choices if c.strip()]
    if not question:
        raise InvalidValue("a consultation needs a question")
    if len(question) > MAX_QUESTION:
        raise InvalidValue(f"the question is longer than {MAX_QUESTION} characters")
    if len(choices) > MAX_CHOICES:
        raise InvalidValue(f"at most {MAX_CHOICES} choices")
    if len(choices) == 1:
        raise InvalidValue("give two choices or more, or none for free answers")
    if len({c.casefold() for c in choices}) != len(choices):
        raise InvalidValue("two choices are the same")
    if not choices and not fields.free_text:
        raise InvalidValue("give choices, allow free answers, or both")
    if fields.closes_on < fields.opens_on:
        raise InvalidValue("the consultation closes before it opens")
    return NewConsultation(
        question, choices, fields.free_text, fields.opens_on, fields.closes_on, fields.commune_code
    )


async def create(
    session: AsyncSession, official_id: int, department_id: int, fields: NewConsultation
) -> Consultation:
    """A new consultation and the audit entry of its creation. Flushes; the caller commits."""
    checked = _checked(fields)
    consultation = Consultation(
        code="",
        department_id=department_id,
        commune_code=checked.commune_code,
        question=checked.question,
        choices=checked.choices,
        free_text=checked.free_text,
        opens_on=checked.opens_on,
        closes_on=checked.closes_on,
        created_by=official_id,
    )
    session.add(consultation)
    await session.flush()
    consultation.code = f"TV-{consultation.id:04d}"
    desk_accounts.add_audit(
        session, official_id, "consultation_created", None, {"code": consultation.code}
    )
    return consultation


def is_open(consultation: Consultation, today: dt.date) -> bool:
    return consultation.opens_on <= today <= consultation.closes_on


async def by_code(session: AsyncSession, code: str) -> Consultation | None:
    found: Consultation | None = await session.scalar(
        select(Consultation).where(Consultation.code == code.strip().upper())
    )
    return found


async def every(session: AsyncSession) -> list[Consultation]:
    rows = await session.scalars(select(Consultation).order_by(Consultation.id.desc()))
    return list(rows.all())


# --- who hears them ---------------------------------------------------------------------------


async def subscribe(
    session: AsyncSession, citizen_id: int, commune_code: str | None
) -> ConsultationSubscriber:
    """Opts in (again): a commune named now replaces the one named before; none keeps it.
    Flushes; the caller commits."""
    subscriber = await session.get(ConsultationSubscriber, citizen_id)
    if subscriber is None:
        subscriber = ConsultationSubscriber(citizen_id=citizen_id, commune_code=commune_code)
        session.add(subscriber)
    elif commune_code is not None:
        subscriber.commune_code = commune_code
    await session.flush()
    return subscriber


async def unsubscribe(session: AsyncSession, citizen_id: int) -> bool:
    """Opts out; False when the citizen had not opted in. Flushes; the caller commits."""
    subscriber = await session.get(ConsultationSubscriber, citizen_id)
    if subscriber is None:
        return False
    await session.delete(subscriber)
    await session.flush()
    return True


def _in_scope(consultation: Consultation) -> list[ColumnElement[bool]]:
    if consultation.commune_code is None:
        return []
    return [ConsultationSubscriber.commune_code == consultation.commune_code]


def opened_text(consultation: Consultation) -> str:
    """The turn that puts the question to a citizen (Rasa reads it as an intent with its code)."""
    return f"/{OPENED_INTENT}" + json.dumps({"consultation_code": consultation.code})


def _platform_id(consultation: Consultation, citizen_id: int) -> str:
    return f"consultation:{consultation.id}:{citizen_id}"


async def put_to_citizens(session: AsyncSession, now: dt.datetime | None = None) -> int:
    """Queues the question of every open consultation to each subscriber in its scope who has
    not had it and whom their platform lets the authority write to now; the number queued.
    Flushes; the caller commits."""
    now = now or utcnow()
    today = now.astimezone(VIETNAM).date()
    queued = 0
    asked_now: set[int] = set()
    open_now = await session.scalars(
        select(Consultation)
        .where(Consultation.opens_on <= today, Consultation.closes_on >= today)
        .order_by(Consultation.id)
    )
    for consultation in open_now.all():
        # the citizen's own last message (Zalo's window) and the conversation's last turn,
        # theirs or a question put to them (so two questions are never put in one sitting)
        last_message = (
            select(func.max(InboxMessage.received_at))
            .where(
                InboxMessage.citizen_id == Citizen.id,
                ~InboxMessage.platform_message_id.startswith("consultation:"),
            )
            .scalar_subquery()
        )
        last_turn = (
            select(func.max(InboxMessage.received_at))
            .where(InboxMessage.citizen_id == Citizen.id)
            .scalar_subquery()
        )
        asked = select(InboxMessage.citizen_id).where(
            InboxMessage.platform_message_id.startswith(f"consultation:{consultation.id}:")
        )
        answered = select(ConsultationAnswer.id).where(
            ConsultationAnswer.consultation_id == consultation.id,
            ConsultationAnswer.citizen_id == Citizen.id,
        )
        rows = await session.execute(
            select(Citizen.id, Citizen.channel, last_message, last_turn)
            .join(ConsultationSubscriber, ConsultationSubscriber.citizen_id == Citizen.id)
            .where(
                *_in_scope(consultation),
                Citizen.id.not_in(asked),
                ~answered.exists(),
                # an official holds the conversation: the assistant stays silent
                Citizen.paused.is_(False),
            )
            .order_by(Citizen.id)
        )
        for citizen_id, channel, last, turn in rows.all():
            if channel == Channel.OPEN311 or citizen_id in asked_now:
                continue
            if turn is not None and now - turn < QUIET_BEFORE_ASKING:
                continue  # asked once the conversation has ended
            if channel == Channel.ZALO and (last is None or now - last > ZALO_WINDOW):
                continue  # asked once they write in again
            session.add(
                InboxMessage(
                    channel=channel,
                    platform_message_id=_platform_id(consultation, citizen_id),
                    citizen_id=citizen_id,
                    text=opened_text(consultation),
                    payload={"consultation": consultation.code},
                    received_at=now,
                )
            )
            asked_now.add(citizen_id)
            queued += 1
    await session.flush()
    return queued


async def open_for_citizen(
    session: AsyncSession, citizen_id: int, today: dt.date
) -> list[Consultation]:
    """The open consultations in the citizen's scope (the province's, and their commune's),
    newest first, whether or not they opted in: a citizen who asks may always answer."""
    subscriber = await session.get(ConsultationSubscriber, citizen_id)
    scope: list[ColumnElement[bool]] = [Consultation.commune_code.is_(None)]
    if subscriber is not None and subscriber.commune_code is not None:
        scope.append(Consultation.commune_code == subscriber.commune_code)
    rows = await session.scalars(
        select(Consultation)
        .where(Consultation.opens_on <= today, Consultation.closes_on >= today, or_(*scope))
        .order_by(Consultation.id.desc())
    )
    return list(rows.all())


# --- answers ----------------------------------------------------------------------------------


async def answer(
    session: AsyncSession,
    code: str,
    citizen_id: int,
    *,
    choice: int | None,
    text: str | None,
    today: dt.date,
) -> tuple[ConsultationAnswer, bool]:
    """Records or changes the citizen's one answer; True when it changed an earlier one.
    Flushes; the caller commits."""
    consultation = await by_code(session, code)
    if consultation is None:
        raise NotFound(f"consultation {code}")
    if not is_open(consultation, today):
        raise NotAllowed(f"consultation {consultation.code} is not open")
    if choice is not None and not 1 <= choice <= len(consultation.choices):
        raise InvalidValue(f"choice {choice} is not one of the consultation's")
    words = " ".join((text or "").split())[:MAX_ANSWER] or None
    if choice is None and (words is None or not consultation.free_text):
        raise InvalidValue(
            "an answer needs one of the choices" + (" or words" if consultation.free_text else "")
        )
    subscriber = await session.get(ConsultationSubscriber, citizen_id)
    commune = subscriber.commune_code if subscriber else None
    existing = await session.scalar(
        select(ConsultationAnswer).where(
            ConsultationAnswer.consultation_id == consultation.id,
            ConsultationAnswer.citizen_id == citizen_id,
        )
    )
    changed = existing is not None
    if existing is None:
        existing = ConsultationAnswer(
            consultation_id=consultation.id, citizen_id=citizen_id, changes=0
        )
        session.add(existing)
    else:
        existing.changes += 1
    existing.choice = choice
    existing.text = words if consultation.free_text else None
    existing.commune_code = commune or consultation.commune_code
    existing.answered_at = utcnow()
    await session.flush()
    return existing, changed


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FreeAnswers:
    """Free answers that say the same thing, under the first one given."""

    sample: str
    count: int


@dataclass(frozen=True)
class Results:
    consultation: Consultation
    answers: int
    by_choice: list[tuple[str, int]]
    # commune code (None: no commune named) -> count per choice, in the choices' order
    by_commune: dict[str | None, list[int]]
    free: list[FreeAnswers]


def _folded(text: str) -> str:
    return fold(nfc(text))


def group_free_answers(texts: Sequence[str]) -> list[FreeAnswers]:
    """Groups alike answers (fuzzy, accents and case aside), biggest group first."""
    groups: list[tuple[str, str, int]] = []  # (sample, folded sample, count)
    for text in texts:
        folded = _folded(text)
        for index, (sample, key, count) in enumerate(groups):
            if fuzz.token_sort_ratio(folded, key) >= SAME_ANSWER:
                groups[index] = (sample, key, count + 1)
                break
        else:
            groups.append((text, folded, 1))
    ordered = sorted(groups, key=lambda g: -g[2])
    return [FreeAnswers(sample, count) for sample, _, count in ordered]


async def results(session: AsyncSession, consultation_id: int) -> Results:
    consultation = await session.get(Consultation, consultation_id)
    if consultation is None:
        raise NotFound(f"consultation {consultation_id}")
    rows = (
        await session.execute(
            select(ConsultationAnswer.choice, ConsultationAnswer.commune_code, func.count())
            .where(ConsultationAnswer.consultation_id == consultation_id)
            .group_by(ConsultationAnswer.choice, ConsultationAnswer.commune_code)
        )
    ).all()
    totals = [0] * len(consultation.choices)
    by_commune: dict[str | None, list[int]] = {}
    answers = 0
    for choice, commune, count in rows:
        answers += count
        if choice is not None:
            totals[choice - 1] += count
            by_commune.setdefault(commune, [0] * len(consultation.choices))[choice - 1] += count
    texts = await session.scalars(
        select(ConsultationAnswer.text)
        .where(
            ConsultationAnswer.consultation_id == consultation_id,
            ConsultationAnswer.text.is_not(None),
        )
        .order_by(ConsultationAnswer.id)
    )
    return Results(
        consultation=consultation,
        answers=answers,
        by_choice=list(zip(consultation.choices, totals, strict=True)),
        by_commune=by_commune,
        free=group_free_answers([t for t in texts.all() if t]),
    )


@dataclass(frozen=True)
class ExportedAnswer:
    """One answer as exported: what was answered and where, never by whom."""

    choice: str
    text: str
    commune_code: str
    answered_at: dt.datetime


async def export(session: AsyncSession, consultation_id: int) -> list[ExportedAnswer]:
    consultation = await session.get(Consultation, consultation_id)
    if consultation is None:
        raise NotFound(f"consultation {consultation_id}")
    rows = await session.scalars(
        select(ConsultationAnswer)
        .where(ConsultationAnswer.consultation_id == consultation_id)
        .order_by(ConsultationAnswer.id)
    )
    return [
        ExportedAnswer(
            choice=consultation.choices[a.choice - 1] if a.choice else "",
            text=a.text or "",
            commune_code=a.commune_code or "",
            answered_at=a.answered_at,
        )
        for a in rows.all()
    ]
