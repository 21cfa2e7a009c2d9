"""The procedure catalogue as stored: its entries, read by code or all together."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Procedure


async def all_procedures(session: AsyncSession) -> list[Procedure]:
    return list((await session.scalars(select(Procedure).order_by(Procedure.code))).all())


async def procedure_by_code(session: AsyncSession, code: str) -> Procedure | None:
    found: Procedure | None = await session.scalar(select(Procedure).where(Procedure.code == code))
    return found
