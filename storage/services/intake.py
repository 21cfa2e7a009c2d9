"""Small look-ups the petition form needs: which commune a typed place names, what the
citizen has attached so far, and where a handoff goes."""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.text import normalize
from storage.models import Attachment, Commune, Department, Petition, utcnow
from storage.services.petitions import ATTACHMENT_WINDOW, route

COMMUNE_SCORE = 85.0
# words that name the kind of unit, not the unit ("phuong Hac Thanh" ~ "Hac Thanh")
UNIT_WORDS = {"phuong", "xa", "dac", "khu", "ward", "commune"}


def _bare(name: str) -> str:
    return " ".join(w for w in normalize(name).split() if w not in UNIT_WORDS)


async def match_commune(session: AsyncSession, text: str) -> Commune | None:
    """The commune whose name appears (give or take diacritics and typos) in the text."""
    communes = list((await session.scalars(select(Commune))).all())
    if not communes:
        return None
    names = [_bare(c.name) for c in communes]
    found = process.extractOne(
        normalize(text), names, scorer=fuzz.partial_ratio, score_cutoff=COMMUNE_SCORE
    )
    return communes[found[2]] if found else None


async def unbound_attachment_count(session: AsyncSession, citizen_id: int) -> int:
    """Photos and files sent for the petition being written (a shared location is its place)."""
    count = await session.scalar(
        select(func.count())
        .select_from(Attachment)
        .where(
            Attachment.citizen_id == citizen_id,
            Attachment.petition_id.is_(None),
            Attachment.kind != "location",
            Attachment.created_at >= utcnow() - ATTACHMENT_WINDOW,
        )
    )
    return int(count or 0)


async def handoff_department(session: AsyncSession, citizen_id: int) -> Department:
    """The unit of the citizen's latest petition, else the unit that takes unrouted matters."""
    latest = await session.scalar(
        select(Petition.department_id)
        .where(Petition.citizen_id == citizen_id)
        .order_by(Petition.id.desc())
        .limit(1)
    )
    if latest is not None:
        department = await session.get(Department, latest)
        if department is not None:
            return department
    return await route(session, "phan_anh", None, None)
