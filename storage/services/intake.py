"""Small look-ups the petition form needs: which commune a typed place names, what the
citizen has attached so far, and where a handoff goes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.communes import CommuneIndex
from storage.models import (
    Attachment,
    Commune,
    CommuneFormerName,
    Department,
    Petition,
    utcnow,
)
from storage.services.petitions import ATTACHMENT_WINDOW, route


async def commune_index(session: AsyncSession) -> CommuneIndex:
    communes = (await session.execute(select(Commune.code, Commune.name))).all()
    former = (
        await session.execute(
            select(
                CommuneFormerName.name, CommuneFormerName.district, CommuneFormerName.commune_code
            )
        )
    ).all()
    return CommuneIndex(
        ((c.code, c.name) for c in communes), ((f.name, f.district, f.commune_code) for f in former)
    )


async def commune_candidates(session: AsyncSession, text: str) -> list[Commune]:
    """Every commune a typed place may be in (one when clear, several when it names more)."""
    codes = (await commune_index(session)).candidates(text)
    if not codes:
        return []
    rows = await session.scalars(select(Commune).where(Commune.code.in_(codes)))
    return sorted(rows.all(), key=lambda c: c.name)


async def match_commune(session: AsyncSession, text: str) -> Commune | None:
    """The commune a typed place is in (see core.communes), or None when none or several fit."""
    code = (await commune_index(session)).match(text)
    return await session.get(Commune, code) if code else None


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
