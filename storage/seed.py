"""Loads the deployment's configuration and the procedure catalogue from the repo's data files.

Idempotent: rows are matched on their codes and updated in place; nothing is duplicated, and a
second run with unchanged files writes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.commune_source import CommuneRecord, former_names, province_communes
from storage.legal_clocks import Clocks, LegalClock
from storage.models import (
    Commune,
    CommuneFormerName,
    Department,
    Holiday,
    LegalClockRow,
    Official,
    PetitionKind,
    Procedure,
    ReceptionSchedule,
    Role,
    RoutingRule,
)
from storage.passwords import hash_password

logger = logging.getLogger(__name__)

SEED_DIR = Path(__file__).parent / "seed"


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _assign(row: Any, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _wanted_communes(config: dict[str, Any]) -> list[CommuneRecord]:
    """The province's units from the maintained package (`communes: from_package`), then any the
    file lists itself (a unit the package does not have yet, or a name it spells otherwise)."""
    listed = config.get("communes") or []
    records: dict[str, CommuneRecord] = {}
    if config.get("communes_from_package", False):
        records = {r.code: r for r in province_communes(config["province"])}
    for item in listed:
        known = records.get(item["code"])
        records[item["code"]] = CommuneRecord(
            item["code"],
            item["name"],
            item.get("latitude", known.latitude if known else None),
            item.get("longitude", known.longitude if known else None),
        )
    return list(records.values())


async def _load_communes(session: AsyncSession, config: dict[str, Any]) -> None:
    communes = {c.code: c for c in (await session.scalars(select(Commune))).all()}
    wanted = _wanted_communes(config)
    remote = set(config.get("remote_communes") or [])
    unknown = remote - {r.code for r in wanted}
    if unknown:
        raise ValueError(f"remote_communes names unknown communes: {', '.join(sorted(unknown))}")
    for record in wanted:
        values = {
            "name": record.name,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "remote": record.code in remote,
        }
        if record.code in communes:
            _assign(communes[record.code], values)
        else:
            session.add(Commune(code=record.code, **values))
    await session.flush()
    if not config.get("communes_from_package", False):
        return
    codes = {r.code for r in wanted}
    have = {
        (f.name, f.district, f.commune_code)
        for f in (await session.scalars(select(CommuneFormerName))).all()
    }
    for former in former_names(config["province"]):
        key = (former.name, former.district, former.commune_code)
        if former.commune_code in codes and key not in have:
            session.add(
                CommuneFormerName(
                    name=former.name, district=former.district, commune_code=former.commune_code
                )
            )
            have.add(key)
    await session.flush()


async def _load_clocks(session: AsyncSession, config: dict[str, Any]) -> None:
    """The deployment's own figures for the legal clocks (`clocks:`), each with its source;
    clocks the file leaves out keep the defaults of storage.legal_clocks."""
    wanted = {
        key: LegalClock(int(item["days"]), bool(item["working"]), str(item["source"]))
        for key, item in (config.get("clocks") or {}).items()
    }
    Clocks(wanted)  # refuses a key no law here counts
    rows = {r.key: r for r in (await session.scalars(select(LegalClockRow))).all()}
    for key, row in rows.items():
        if key not in wanted:
            await session.delete(row)
    for key, clock in wanted.items():
        values = {"days": clock.days, "working": clock.working, "source": clock.source}
        if key in rows:
            _assign(rows[key], values)
        else:
            session.add(LegalClockRow(key=key, **values))
    await session.flush()


async def _load_reception(
    session: AsyncSession, config: dict[str, Any], departments: dict[str, Department]
) -> None:
    """Each unit's reception schedule (`reception:`), matched on the unit."""
    rows = {r.department_id: r for r in (await session.scalars(select(ReceptionSchedule))).all()}
    for item in config.get("reception") or []:
        unit = departments[item["unit"]]
        values = {
            "receiver": item["receiver"],
            "place": item["place"],
            "weekday": item.get("weekday"),
            "month_day": item.get("month_day"),
            "start": str(item["start"]),
            "end": str(item["end"]),
            "slot_minutes": int(item.get("slot_minutes", 30)),
            "seats": int(item.get("seats", 3)),
        }
        if (values["weekday"] is None) == (values["month_day"] is None):
            raise ValueError(f"reception of {unit.code}: give a weekday or a month_day")
        row = rows.get(unit.id)
        if row is None:
            session.add(ReceptionSchedule(department_id=unit.id, **values))
        else:
            _assign(row, values)


async def load_deployment(session: AsyncSession, path: Path, seed_password: str) -> None:
    config = read_yaml(path)
    departments: dict[str, Department] = {
        d.code: d for d in (await session.scalars(select(Department))).all()
    }
    for item in config["departments"]:
        values = {
            "name_vi": item["name_vi"],
            "name_en": item["name_en"],
            "telegram_chat_id": item.get("telegram_chat_id"),
            "is_inspection": bool(item.get("is_inspection", False)),
            "superior_code": item.get("superior"),
        }
        row = departments.get(item["code"])
        if row is None:
            row = Department(code=item["code"], **values)
            session.add(row)
            departments[row.code] = row
        else:
            _assign(row, values)

    for row in departments.values():
        if row.superior_code and row.superior_code not in departments:
            raise ValueError(f"{row.code}: superior {row.superior_code!r} is not a department")
    await _load_communes(session, config)
    await _load_clocks(session, config)

    # rules have no natural key: the file is the whole truth, so replace them when they differ
    wanted = {
        (
            r.get("category"),
            r.get("commune"),
            r.get("kind"),
            departments[r["department"]].id,
        )
        for r in config["routing_rules"]
    }
    existing = (await session.scalars(select(RoutingRule))).all()
    have = {
        (
            r.category,
            r.commune_code,
            r.petition_kind.value if r.petition_kind else None,
            r.department_id,
        )
        for r in existing
    }
    if wanted != have:
        for rule in existing:
            await session.delete(rule)
        for category, commune, kind, department_id in sorted(wanted, key=str):
            session.add(
                RoutingRule(
                    category=category,
                    commune_code=commune,
                    petition_kind=PetitionKind(kind) if kind else None,
                    department_id=department_id,
                )
            )

    await session.flush()
    await _load_reception(session, config, departments)

    officials = {o.username: o for o in (await session.scalars(select(Official))).all()}
    for item in config["officials"]:
        values = {
            "full_name": item["full_name"],
            "role": Role(item["role"]),
            "department_id": departments[item["department"]].id,
        }
        account = officials.get(item["username"])
        if account is None:
            session.add(
                Official(
                    username=item["username"],
                    password_hash=hash_password(seed_password),
                    **values,
                )
            )
        else:
            # an existing account keeps the password its owner set
            _assign(account, values)

    for item in config.get("holiday_adjustments") or []:
        day = dt.date.fromisoformat(str(item["day"]))
        holiday = await session.get(Holiday, day)
        values = {"name": item["name"], "is_day_off": bool(item.get("is_day_off", True))}
        if holiday is None:
            session.add(Holiday(day=day, **values))
        else:
            _assign(holiday, values)


def _procedure_values(entry: dict[str, Any]) -> dict[str, Any]:
    checked = entry["checked_on"]
    if not isinstance(checked, dt.date):
        checked = dt.date.fromisoformat(str(checked))
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in entry.items()}
    return {
        "name_vi": entry["name_vi"],
        "name_en": entry["name_en"],
        "data": data,
        "checked_on": checked,
    }


async def load_procedures(session: AsyncSession, folder: Path) -> int:
    """Upserts every `<code>.yml` in `folder`; returns how many rows changed.

    The newer check wins: an entry an administrator edited on the desk (and so checked later
    than the file says) is kept until the file brings a newer check of its own.
    """
    existing = {p.code: p for p in (await session.scalars(select(Procedure))).all()}
    changed = 0
    for path in sorted(folder.glob("*.yml")):  # noqa: ASYNC240 (a few small files, once at setup)
        entry = read_yaml(path)
        values = _procedure_values(entry)
        row = existing.get(entry["code"])
        if row is None:
            session.add(Procedure(code=entry["code"], **values))
            changed += 1
        elif values["checked_on"] >= row.checked_on and _assign(row, values):
            changed += 1
    return changed


async def load_all(session: AsyncSession, seed_password: str) -> None:
    await load_deployment(session, SEED_DIR / "deployment.yml", seed_password)
    changed = await load_procedures(session, SEED_DIR / "procedures")
    await session.commit()
    logger.info("seed data loaded (%d procedures changed)", changed)
