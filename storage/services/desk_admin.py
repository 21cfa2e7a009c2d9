"""The administrator's changes from the desk: departments, accounts, routing rules, the procedure
catalogue's changing texts and the holiday calendar's adjustments.

Like the other services these flush and never commit: the caller commits, the audit entry it
added together with the change it records.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.errors import InvalidValue, NotFound
from storage.models import (
    Commune,
    Department,
    Holiday,
    Official,
    PetitionKind,
    Procedure,
    Role,
    RoutingRule,
    utcnow,
)
from storage.services.desk_accounts import end_sessions_of

logger = logging.getLogger(__name__)

CODE_PATTERN = re.compile(r"^[a-z0-9_.-]{2,64}$")
# the catalogue texts that change with decrees and fee schedules; the rest comes from the portal
EDITABLE_PROCEDURE_FIELDS = (
    "fee_vi",
    "fee_en",
    "processing_time_vi",
    "processing_time_en",
    "where_vi",
    "where_en",
)


def _code(value: str, what: str) -> str:
    cleaned = value.strip()
    if not CODE_PATTERN.match(cleaned):
        raise InvalidValue(f"{what} must be 2-64 lower-case letters, digits, '_', '.' or '-'")
    return cleaned


def _text(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise InvalidValue(f"{what} must not be empty")
    return cleaned


# --- departments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentFields:
    name_vi: str
    name_en: str
    telegram_chat_id: str | None
    is_inspection: bool


def _apply_department(row: Department, fields: DepartmentFields) -> None:
    row.name_vi = _text(fields.name_vi, "name_vi")
    row.name_en = _text(fields.name_en, "name_en")
    row.telegram_chat_id = (fields.telegram_chat_id or "").strip() or None
    row.is_inspection = fields.is_inspection


async def create_department(
    session: AsyncSession, code: str, fields: DepartmentFields
) -> Department:
    row = Department(code=_code(code, "code"))
    _apply_department(row, fields)
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise InvalidValue(f"department code {code!r} is taken") from None
    return row


async def update_department(
    session: AsyncSession, department_id: int, fields: DepartmentFields
) -> Department:
    row = await session.get(Department, department_id)
    if row is None:
        raise NotFound(f"department {department_id}")
    _apply_department(row, fields)
    return row


# --- officials --------------------------------------------------------------------------------


async def all_officials(session: AsyncSession) -> list[Official]:
    rows = await session.scalars(
        select(Official).order_by(Official.username).options(selectinload(Official.department))
    )
    return list(rows.all())


async def official(session: AsyncSession, official_id: int) -> Official | None:
    row: Official | None = await session.get(Official, official_id)
    return row


async def create_official(
    session: AsyncSession,
    *,
    username: str,
    full_name: str,
    role: Role,
    department_id: int,
    password_hash: str,
) -> Official:
    if await session.get(Department, department_id) is None:
        raise NotFound(f"department {department_id}")
    row = Official(
        username=_code(username, "username"),
        full_name=_text(full_name, "full name"),
        role=role,
        department_id=department_id,
        password_hash=password_hash,
        active=True,
        failed_logins=0,
    )
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise InvalidValue(f"username {username!r} is taken") from None
    logger.info("official %s created", row.id)
    return row


async def update_official(
    session: AsyncSession,
    official_id: int,
    *,
    full_name: str,
    role: Role,
    department_id: int,
    active: bool,
    password_hash: str | None = None,
    unlock: bool = False,
    telegram_chat_id: str | None = None,
) -> Official:
    """`telegram_chat_id`: None keeps it, an empty string clears it (assignment notices)."""
    row = await session.get(Official, official_id)
    if row is None:
        raise NotFound(f"official {official_id}")
    if await session.get(Department, department_id) is None:
        raise NotFound(f"department {department_id}")
    moved = row.department_id != department_id or row.role != role
    row.full_name = _text(full_name, "full name")
    row.role = role
    row.department_id = department_id
    row.active = active
    if telegram_chat_id is not None:
        if len(telegram_chat_id.strip()) > 64:
            raise InvalidValue("a Telegram chat id is at most 64 characters")
        row.telegram_chat_id = telegram_chat_id.strip() or None
    if password_hash is not None:
        row.password_hash = password_hash
    if unlock or password_hash is not None:
        row.failed_logins = 0
        row.locked_until = None
    if moved or not active or password_hash is not None:
        # a session opened under the old role or unit must not keep its old reach
        await end_sessions_of(session, official_id)
    return row


# --- routing rules ----------------------------------------------------------------------------


async def routing_rules(session: AsyncSession) -> list[RoutingRule]:
    rows = await session.scalars(
        select(RoutingRule).order_by(RoutingRule.id).options(selectinload(RoutingRule.department))
    )
    return list(rows.all())


async def add_routing_rule(
    session: AsyncSession,
    *,
    department_id: int,
    category: str | None,
    commune_code: str | None,
    petition_kind: PetitionKind | None,
) -> RoutingRule:
    if await session.get(Department, department_id) is None:
        raise NotFound(f"department {department_id}")
    if commune_code is not None and await session.get(Commune, commune_code) is None:
        raise NotFound(f"commune {commune_code!r}")
    rule = RoutingRule(
        department_id=department_id,
        category=category,
        commune_code=commune_code,
        petition_kind=petition_kind,
    )
    session.add(rule)
    await session.flush()
    return rule


async def delete_routing_rule(session: AsyncSession, rule_id: int) -> None:
    rule = await session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound(f"routing rule {rule_id}")
    if rule.category is None and rule.commune_code is None and rule.petition_kind is None:
        remaining = await session.scalar(
            select(RoutingRule.id).where(
                RoutingRule.id != rule_id,
                RoutingRule.category.is_(None),
                RoutingRule.commune_code.is_(None),
                RoutingRule.petition_kind.is_(None),
            )
        )
        if remaining is None:
            # without a default rule, a petition that matches nothing could not be filed
            raise InvalidValue("the last default rule cannot be deleted")
    await session.delete(rule)


# --- procedures -------------------------------------------------------------------------------


async def procedures(session: AsyncSession) -> list[Procedure]:
    return list((await session.scalars(select(Procedure).order_by(Procedure.name_vi))).all())


async def procedure(session: AsyncSession, code: str) -> Procedure | None:
    row: Procedure | None = await session.scalar(select(Procedure).where(Procedure.code == code))
    return row


def needs_review(row: Procedure, today: dt.date, max_age_days: int) -> bool:
    """An entry nobody has checked against its sources yet, or not for `max_age_days`."""
    verified = row.data.get("verified_on")
    if not verified:
        return True
    return (today - dt.date.fromisoformat(str(verified))).days > max_age_days


async def update_procedure_texts(
    session: AsyncSession,
    code: str,
    texts: dict[str, str],
    checked_on: dt.date,
    verified_by: str | None = None,
) -> Procedure:
    """Changes the fee, time and where texts; the official who saves them has checked the entry
    against its sources on `checked_on`."""
    row = await procedure(session, code)
    if row is None:
        raise NotFound(f"procedure {code!r}")
    unknown = set(texts) - set(EDITABLE_PROCEDURE_FIELDS)
    if unknown:
        raise InvalidValue(f"not editable here: {sorted(unknown)}")
    if checked_on > utcnow().date() + dt.timedelta(days=1):
        raise InvalidValue("checked_on cannot be in the future")
    data = dict(row.data)
    for field, value in texts.items():
        data[field] = _text(value, field)
    data["checked_on"] = checked_on.isoformat()
    data["verified_on"] = checked_on.isoformat()
    data["verified_by"] = verified_by
    row.data = data  # a new dict: JSON columns do not track changes inside one
    row.checked_on = checked_on
    row.updated_at = utcnow()
    return row


# --- holiday calendar adjustments -------------------------------------------------------------


async def holidays(session: AsyncSession) -> list[Holiday]:
    return list((await session.scalars(select(Holiday).order_by(Holiday.day))).all())


async def set_holiday(session: AsyncSession, day: dt.date, name: str, is_day_off: bool) -> Holiday:
    row = await session.get(Holiday, day)
    if row is None:
        row = Holiday(day=day, name=_text(name, "name"), is_day_off=is_day_off)
        session.add(row)
    else:
        row.name = _text(name, "name")
        row.is_day_off = is_day_off
    await session.flush()
    return row


async def delete_holiday(session: AsyncSession, day: dt.date) -> None:
    row = await session.get(Holiday, day)
    if row is None:
        raise NotFound(f"holiday {day.isoformat()}")
    await session.delete(row)
