"""The catalogue as actions see it: a cached search index and answers shaped for a phone screen."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actions.context import database
from core.dates import day_for
from procedure_search import (
    ProcedureIndex,
    Resolution,
    names_of,
    resolve,
    synonyms_from_training_data,
)
from storage.models import Procedure
from storage.services import procedures

TRAINING_SYNONYMS = Path(__file__).resolve().parent.parent / "nlu" / "data" / "nlu" / "entities.yml"
# the catalogue changes rarely (an administrator's edit); rebuild the index this often
INDEX_MAX_AGE_SECONDS = 300.0
SUMMARY_DOCUMENTS = 3
# the summary is read on a phone: each item is cut to about this many characters
SUMMARY_ITEM = 110
# a fee is read whole up to this length (its second case is often the one that costs money)
FEE_SUMMARY = 200
# the legal texts named under every answer (all of them behind the "legal basis" button)
BASIS_ITEMS = 2


@dataclass
class _Cache:
    index: ProcedureIndex | None = None
    built_at: float = 0.0


_cache = _Cache()


async def search_index() -> ProcedureIndex:
    if _cache.index is None or time.monotonic() - _cache.built_at > INDEX_MAX_AGE_SECONDS:
        extra = synonyms_from_training_data(TRAINING_SYNONYMS)
        async with database().session() as session:
            rows = await procedures.all_procedures(session)
        _cache.index = ProcedureIndex.build(
            (row.code, [*names_of(row.data), *extra.get(row.code, [])]) for row in rows
        )
        _cache.built_at = time.monotonic()
    return _cache.index


async def find(code: str | None) -> Procedure | None:
    if not code:
        return None
    async with database().session() as session:
        return await procedures.procedure_by_code(session, code)


async def resolve_text(text: str) -> Resolution:
    index = await search_index()
    return resolve(index.search(text))


def _lang(entry: dict[str, Any], key: str, language: str) -> str:
    return str(entry.get(f"{key}_{language}") or entry.get(f"{key}_vi") or "")


def shorten(text: str, limit: int = SUMMARY_ITEM) -> str:
    """The first sentence (or clause) of `text`, cut at a word when even that is too long."""
    text = " ".join(text.split())
    for mark in (". ", "; ", ": "):
        head = text.split(mark, 1)[0]
        if len(head) < len(text) and len(head) <= limit:
            return head.rstrip(".") + " …"
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def answer_values(row: Procedure, language: str) -> dict[str, str]:
    """The variables every `utter_procedure_*` response fills in."""
    entry = row.data
    documents = entry.get("documents") or []
    names = [_lang(d, "name", language) for d in documents]
    summary = "; ".join(shorten(n, 70) for n in names[:SUMMARY_DOCUMENTS])
    if len(names) > SUMMARY_DOCUMENTS:
        summary += " …"
    copy_word = ("bản chính", "bản sao") if language == "vi" else ("original", "copy")
    full = "\n".join(
        f"{n}. {_lang(d, 'name', language)} ({d.get('copies', 1)} "
        f"{copy_word[0] if d.get('original') else copy_word[1]})"
        for n, d in enumerate(documents, start=1)
    )
    steps = "\n".join(
        f"{n}. {step}" for n, step in enumerate(entry.get(f"steps_{language}") or [], start=1)
    )
    submit = entry.get("submit") or {}
    if submit.get("online"):
        url = submit.get("online_url") or "https://dichvucong.gov.vn"
        online = f"Có: {url}" if language == "vi" else f"Yes: {url}"
    else:
        online = "Không, phải nộp trực tiếp" if language == "vi" else "No, in person only"
    return {
        "name": row.name_vi if language == "vi" else row.name_en,
        "documents": summary,
        "documents_full": full,
        "steps": steps,
        "conditions": _lang(entry, "conditions", language) or "—",
        "fee": _lang(entry, "fee", language),
        "fee_short": fee_summary(_lang(entry, "fee", language)),
        "time": _lang(entry, "processing_time", language),
        "where": _lang(entry, "where", language),
        "where_short": shorten(_lang(entry, "where", language)),
        "online": online,
        "performer": _lang(entry, "performer", language),
        "legal_basis": ", ".join(entry.get("legal_basis") or []),
        "basis": "; ".join((entry.get("legal_basis") or [])[:BASIS_ITEMS]) or "—",
        "source": str(entry.get("source") or "Cổng Dịch vụ công quốc gia"),
        "checked": checked_phrase(row, language),
    }


def checked_phrase(row: Procedure, language: str) -> str:
    """When the entry was last checked against its sources, or that it has not been since it
    was compiled: a citizen should know how fresh what they are told is."""
    verified = row.data.get("verified_on")
    if verified:
        day = day_for(language, dt.date.fromisoformat(str(verified)))
        return f"đối chiếu ngày {day}" if language == "vi" else f"checked against it on {day}"
    day = day_for(language, row.checked_on)
    if language == "vi":
        return f"tổng hợp ngày {day}, chưa được đối chiếu lại"
    return f"compiled on {day}, not checked again since"


def fee_summary(fee: str) -> str:
    """The fee as a summary line: whole when it fits, since its later cases ("renewal 50,000
    đồng") are often the ones that cost money; otherwise its first clauses."""
    fee = " ".join(fee.split())
    if len(fee) <= FEE_SUMMARY:
        return fee
    return shorten(fee, FEE_SUMMARY)


def choice_buttons(rows: list[Procedure], language: str) -> list[dict[str, str]]:
    return [
        {
            "title": row.name_vi if language == "vi" else row.name_en,
            "payload": f'/ask_procedure{{"procedure":"{row.code}"}}',
        }
        for row in rows
    ]


def language_of(tracker: Any) -> str:
    return "en" if tracker.get_slot("language") == "en" else "vi"


def entity_value(tracker: Any, entity: str) -> str | None:
    for item in tracker.latest_message.get("entities") or []:
        if item.get("entity") == entity and item.get("value"):
            return str(item["value"])
    return None
