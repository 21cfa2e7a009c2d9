"""What the citizen would check after a conversation: the petition stored with the right kind,
description, place, phone and anonymity (or none when they cancelled), the right procedure and
aspect answered, the right status shown."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from storage.db import Database
from storage.models import Petition

PROCEDURES = Path(__file__).resolve().parents[2] / "storage" / "seed" / "procedures"
# the response that answers each aspect, by the mark it starts with
ASPECT_MARKS = {
    "summary": ("📋",),
    "documents": ("📄", "📋"),
    "fee": ("💰",),
    "time": ("⏱️",),
    "where": ("🏢",),
    "online": ("📋", "🏢"),
    "steps": ("🪜", "📋"),
}
CHOICES = re.compile(r"Có phải một trong các thủ tục sau|one of these", re.I)


def _same(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


@lru_cache(maxsize=64)
def procedure_names(code: str) -> tuple[str, str]:
    entry = yaml.safe_load((PROCEDURES / f"{code}.yml").read_text(encoding="utf-8"))
    return str(entry["name_vi"]), str(entry["name_en"])


def procedure_answered(replies: list[str], code: str, aspect: str | None) -> str | None:
    """None when the replies answer `code` in `aspect`; otherwise what went wrong."""
    text = "\n".join(replies)
    names = procedure_names(code)
    if not any(_same(name) in _same(text) for name in names):
        offered = " / ".join((r.splitlines() or [""])[0][:60] for r in replies)
        return f"expected {code}, got: {offered}"
    marks = ASPECT_MARKS.get(aspect or "summary", ("📋",))
    if not any(mark in text for mark in marks):
        return f"{code} named, but not its {aspect}: {text[:80]!r}"
    return None


def digits_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    return "0" + phone[3:] if phone.startswith("+84") else phone


async def stored_petition(database_url: str, code: str) -> Petition | None:
    database = Database(database_url)
    try:
        async with database.session() as session:
            found: Petition | None = await session.scalar(
                select(Petition)
                .where(Petition.tracking_code == code)
                .options(selectinload(Petition.department))
            )
            return found
    finally:
        await database.close()


def petition_problems(petition: Petition, expect: dict[str, Any]) -> list[str]:
    """How the stored petition differs from what the citizen said."""
    problems = []
    if expect.get("kind") and petition.kind.value != expect["kind"]:
        problems.append(f"kind {petition.kind.value}, expected {expect['kind']}")
    if expect.get("category") and petition.category != expect["category"]:
        problems.append(f"category {petition.category}, expected {expect['category']}")
    for word in expect.get("description_has") or []:
        if _same(str(word)) not in _same(petition.description):
            problems.append(f"description lacks {word!r}: {petition.description[:80]!r}")
    for word in expect.get("place_has") or []:
        if _same(str(word)) not in _same(petition.address or ""):
            problems.append(f"place lacks {word!r}: {petition.address!r}")
    if "anonymous" in expect and bool(petition.anonymous) != bool(expect["anonymous"]):
        problems.append(f"anonymous {petition.anonymous}, expected {expect['anonymous']}")
    if "phone" in expect:
        wanted = str(expect["phone"]) if expect["phone"] else None
        if wanted and not wanted.startswith("0"):
            wanted = "0" + wanted  # YAML reads 0912… as a number when unquoted
        if digits_phone(petition.contact_phone) != wanted:
            problems.append(f"phone {petition.contact_phone}, expected {expect['phone']}")
    if "name" in expect:
        stored = _same(petition.reporter_name or "")
        wanted_name = _same(str(expect["name"] or ""))
        if (wanted_name or stored) and wanted_name not in stored:
            problems.append(f"name {petition.reporter_name!r}, expected {expect['name']!r}")
    return problems
