"""Reading the queue's and the reports' query strings (the same names on the pages and the API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from storage.deadlines import VIETNAM
from storage.errors import InvalidValue
from storage.models import PetitionKind, PetitionStatus
from storage.services.desk_queries import OPEN_STATUSES, Cursor, QueueFilter
from storage.services.desk_reports import ReportScope

DEFAULT_LIMIT = 50
STATUS_CHOICES = ("open", "all", *(s.value for s in PetitionStatus))
TRUE = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class QueueQuery:
    """The filters as the official chose them (for the form) and as the database wants them."""

    status: str
    kind: str
    category: str
    commune: str
    overdue: bool
    sort: str
    limit: int
    cursor: str

    def as_params(self) -> dict[str, str]:
        return {
            "status": self.status,
            "kind": self.kind,
            "category": self.category,
            "commune": self.commune,
            "overdue": "1" if self.overdue else "",
            "sort": self.sort,
        }


def _one_of(value: str, allowed: tuple[str, ...] | frozenset[str], what: str) -> str:
    if value and value not in allowed:
        raise InvalidValue(f"unknown {what} {value!r}")
    return value


def encode_cursor(cursor: Cursor) -> str:
    return f"{cursor[0].isoformat()}_{cursor[1]}"


def decode_cursor(text: str) -> Cursor | None:
    if not text:
        return None
    day, _, ident = text.partition("_")
    try:
        return dt.date.fromisoformat(day), int(ident)
    except ValueError:
        raise InvalidValue("cursor is not one this API gave out") from None


def parse_queue(params: Mapping[str, str]) -> QueueQuery:
    limit_text = params.get("limit", "") or str(DEFAULT_LIMIT)
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= 200:
        raise InvalidValue("limit must be a whole number from 1 to 200")
    query = QueueQuery(
        status=_one_of(params.get("status", "") or "open", STATUS_CHOICES, "status"),
        kind=_one_of(params.get("kind", ""), tuple(k.value for k in PetitionKind), "kind"),
        category=params.get("category", "").strip()[:32],
        commune=params.get("commune", "").strip()[:16],
        overdue=params.get("overdue", "").lower() in TRUE,
        sort=_one_of(params.get("sort", "") or "due", ("due", "-due"), "sort"),
        limit=int(limit_text),
        cursor=params.get("cursor", ""),
    )
    decode_cursor(query.cursor)
    return query


def queue_filter(query: QueueQuery, department_id: int, today: dt.date) -> QueueFilter:
    statuses: tuple[PetitionStatus, ...] | None
    if query.status == "open":
        statuses = OPEN_STATUSES
    elif query.status == "all":
        statuses = None
    else:
        statuses = (PetitionStatus(query.status),)
    return QueueFilter(
        department_id=department_id,
        statuses=statuses,
        kind=PetitionKind(query.kind) if query.kind else None,
        category=query.category or None,
        commune_code=query.commune or None,
        overdue_before=today if query.overdue else None,
        descending=query.sort == "-due",
        limit=query.limit,
        after=decode_cursor(query.cursor),
    )


def _day(value: str, what: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"{what} must be a date (YYYY-MM-DD)") from None


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=VIETNAM)


@dataclass(frozen=True)
class ReportQuery:
    since: dt.date | None
    until: dt.date | None
    department_id: int | None

    def as_params(self) -> dict[str, str]:
        return {
            "from": self.since.isoformat() if self.since else "",
            "to": self.until.isoformat() if self.until else "",
            "department": str(self.department_id) if self.department_id else "",
        }


def parse_report(params: Mapping[str, str]) -> ReportQuery:
    department = params.get("department", "")
    if department and not department.isdigit():
        raise InvalidValue("department must be a department id")
    return ReportQuery(
        since=_day(params.get("from", ""), "from"),
        until=_day(params.get("to", ""), "to"),
        department_id=int(department) if department else None,
    )


def report_scope(query: ReportQuery, department_id: int | None) -> ReportScope:
    """`department_id` is the unit the viewer is held to (None: the administrator's whole
    province, narrowed by the query's own department if given). Dates are Vietnam's days,
    `to` included."""
    return ReportScope(
        department_id=department_id if department_id is not None else query.department_id,
        since=_start_of(query.since) if query.since else None,
        until=_start_of(query.until + dt.timedelta(days=1)) if query.until else None,
    )
