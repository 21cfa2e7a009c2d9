"""Running totals behind the reports (the `petition_rollups` table), kept as petitions change.

Each petition counts once in each of a few buckets of its unit and Vietnam day of submission:
its status, kind, category, deadline outcome, acceptance outcome, commune and category, and
"all" (which also carries its rating and durations). After every flush the buckets of each
changed petition before and after the change are compared, and only the difference is added,
by upsert, in a fixed order so that two transactions never wait on each other in a circle.

An outcome that depends on today (overdue or still open) is kept as "pending" with its due
day; a report decides at read time which pending items are overdue. Rows written around the
ORM (COPY, raw SQL) are not seen: `rebuild` counts everything again from the petitions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, event, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from storage.deadlines import VIETNAM
from storage.models import Petition, PetitionKind, PetitionRollup, PetitionStatus

# the due day of a bucket whose outcome does not wait on a clock
NO_CLOCK = dt.date(1970, 1, 1)
MEASURES = (
    "n",
    "rating_sum",
    "rating_n",
    "first_reply_seconds",
    "first_reply_n",
    "resolution_seconds",
    "resolution_n",
    "once_resolved",
    "reopened",
)
# the petition's columns the buckets are computed from
FIELDS = (
    "kind",
    "category",
    "commune_code",
    "department_id",
    "status",
    "submitted_at",
    "due_on",
    "first_reply_at",
    "resolved_at",
    "rating",
    "acceptance_due_on",
    "accepted_on",
    "reopen_count",
)
_COUNT_ONLY = (1,) + (0,) * (len(MEASURES) - 1)


class Key(NamedTuple):
    dimension: str
    department_id: int
    day: dt.date
    value: str
    due_on: dt.date


Measures = tuple[int, ...]


def _value(member: Any) -> Any:
    return getattr(member, "value", member)


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VIETNAM).date()


def _seconds(start: dt.datetime, end: dt.datetime | None) -> tuple[int, int]:
    return (int((end - start).total_seconds()), 1) if end is not None else (0, 0)


def deadline_outcome(state: Mapping[str, Any]) -> tuple[str, dt.date]:
    """on_time / late once resolved, merged, or pending against the due day."""
    resolved_at = state["resolved_at"]
    if resolved_at is not None:
        return ("on_time" if local_day(resolved_at) <= state["due_on"] else "late"), NO_CLOCK
    if _value(state["status"]) == PetitionStatus.MERGED.value:
        return "merged", NO_CLOCK
    return "pending", state["due_on"]


def acceptance_outcome(state: Mapping[str, Any]) -> tuple[str, dt.date] | None:
    """The decision to accept (a refusal or a forwarding is a decision too) against its own
    clock; None for the items that have none."""
    due = state["acceptance_due_on"]
    if due is None:
        return None
    decided = state["accepted_on"] is not None or _value(state["status"]) in (
        PetitionStatus.REFUSED.value,
        PetitionStatus.FORWARDED.value,
    )
    if not decided:
        return "pending", due
    decided_on = state["accepted_on"]
    if decided_on is None and state["resolved_at"] is not None:
        decided_on = local_day(state["resolved_at"])
    return ("on_time" if decided_on is not None and decided_on <= due else "late"), NO_CLOCK


def buckets(state: Mapping[str, Any]) -> dict[Key, Measures]:
    """Every bucket one petition counts in, with what it adds there."""
    department, day = state["department_id"], local_day(state["submitted_at"])
    kind = _value(state["kind"])

    def key(dimension: str, value: str, due_on: dt.date = NO_CLOCK) -> Key:
        return Key(dimension, department, day, value, due_on)

    rating = state["rating"]
    reopened = 1 if (state["reopen_count"] or 0) > 0 else 0
    everything = (
        1,
        rating or 0,
        1 if rating is not None else 0,
        *_seconds(state["submitted_at"], state["first_reply_at"]),
        *_seconds(state["submitted_at"], state["resolved_at"]),
        1 if state["resolved_at"] is not None or reopened else 0,
        reopened,
    )
    found = {
        key("all", ""): everything,
        key("status", _value(state["status"])): _COUNT_ONLY,
        key("kind", kind): _COUNT_ONLY,
        key("category", state["category"]): _COUNT_ONLY,
        key("outcome", *deadline_outcome(state)): _COUNT_ONLY,
    }
    acceptance = acceptance_outcome(state)
    if acceptance is not None:
        found[key("acceptance", *acceptance)] = _COUNT_ONLY
    # a denunciation is counted nowhere it could point at its author
    if state["commune_code"] and kind != PetitionKind.DENUNCIATION.value:
        found[key("place", f"{state['commune_code']}:{state['category']}")] = _COUNT_ONLY
    return found


def _add(into: dict[Key, list[int]], found: dict[Key, Measures], sign: int) -> None:
    for key, measures in found.items():
        total = into.setdefault(key, [0] * len(MEASURES))
        for index, amount in enumerate(measures):
            total[index] += sign * amount


def _before(petition: Petition) -> dict[str, Any] | None:
    """The petition's columns as the database last held them, or None if it was new."""
    state = inspect(petition)
    if not state.has_identity:
        return None
    before = {}
    for name in FIELDS:
        history = state.attrs[name].history
        if history.deleted:
            before[name] = history.deleted[0]
        elif history.unchanged:
            before[name] = history.unchanged[0]
        elif not history.added:
            # never loaded and not changed: what the database holds is the old value
            before[name] = getattr(petition, name)
        else:
            raise RuntimeError(f"the old {name} of petition {petition.id} is unknown")
    return before


def _now(petition: Petition) -> dict[str, Any]:
    return {name: getattr(petition, name) for name in FIELDS}


def changes(session: Session) -> dict[Key, list[int]]:
    """What this flush moves between buckets (zero differences left out)."""
    moved: dict[Key, list[int]] = {}
    for petition in session.new:
        if isinstance(petition, Petition):
            _add(moved, buckets(_now(petition)), +1)
    for petition in session.dirty:
        if isinstance(petition, Petition) and session.is_modified(petition):
            before = _before(petition)
            if before is not None:
                _add(moved, buckets(before), -1)
            _add(moved, buckets(_now(petition)), +1)
    for petition in session.deleted:
        if isinstance(petition, Petition):
            before = _before(petition)
            if before is not None:
                _add(moved, buckets(before), -1)
    return {key: totals for key, totals in moved.items() if any(totals)}


def _upsert(dialect: str) -> Any:
    return (postgresql if dialect == "postgresql" else sqlite).insert(PetitionRollup)


def apply(connection: Connection, moved: Mapping[Key, Iterable[int]]) -> None:
    """Add the differences, in key order (the same order in every transaction)."""
    if not moved:
        return
    rows = [
        {**key._asdict(), **dict(zip(MEASURES, totals, strict=True))}
        for key, totals in sorted(moved.items())
    ]
    statement = _upsert(connection.dialect.name)
    statement = statement.on_conflict_do_update(
        index_elements=list(Key._fields),
        set_={name: getattr(PetitionRollup, name) + statement.excluded[name] for name in MEASURES},
    )
    connection.execute(statement, rows)


@event.listens_for(Session, "after_flush")
def _keep_rollups(session: Session, flush_context: UOWTransaction) -> None:
    # history and the new / dirty / deleted sets still show the flush's changes here
    apply(session.connection(), changes(session))


def _petition_states(connection: Connection, batch: int) -> Iterator[dict[str, Any]]:
    columns = [getattr(Petition, name) for name in FIELDS]
    last_id = 0
    while True:
        rows = connection.execute(
            select(Petition.id, *columns)
            .where(Petition.id > last_id)
            .order_by(Petition.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        last_id = rows[-1][0]
        for row in rows:
            yield dict(zip(FIELDS, row[1:], strict=True))


def count_all(connection: Connection, batch: int = 20_000) -> dict[Key, list[int]]:
    """The buckets counted from scratch, from every petition."""
    totals: dict[Key, list[int]] = {}
    for state in _petition_states(connection, batch):
        _add(totals, buckets(state), +1)
    return totals


def stored(connection: Connection) -> dict[Key, list[int]]:
    """The buckets as the table holds them, empty ones left out."""
    rows = connection.execute(
        select(*(getattr(PetitionRollup, name) for name in (*Key._fields, *MEASURES)))
    ).all()
    width = len(Key._fields)
    return {Key(*row[:width]): list(row[width:]) for row in rows if any(row[width:])}


def rebuild(connection: Connection) -> int:
    """Replace the table's contents with a fresh count; the number of buckets written."""
    totals = count_all(connection)
    connection.execute(delete(PetitionRollup))
    rows = [
        {**key._asdict(), **dict(zip(MEASURES, measures, strict=True))}
        for key, measures in sorted(totals.items())
    ]
    for start in range(0, len(rows), 5_000):
        connection.execute(insert(PetitionRollup), rows[start : start + 5_000])
    return len(rows)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(execution: ORMExecuteState) -> None:
    # an UPDATE or DELETE statement on petitions goes around the flush, so the rollups would
    # quietly drift from the petitions: change them as objects instead
    if (execution.is_update or execution.is_delete) and any(
        mapper.class_ is Petition for mapper in execution.all_mappers
    ):
        raise RuntimeError("change petitions as objects, not by UPDATE or DELETE statements")
