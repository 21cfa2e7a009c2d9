"""Which department handles a petition, by the routing rules."""

from __future__ import annotations

from sqlalchemy import case, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.errors import NotFound
from storage.models import Department, PetitionKind, RoutingRule


async def matching_rule(
    session: AsyncSession, kind: PetitionKind, category: str | None, commune_code: str | None
) -> RoutingRule:
    """The rule `route` follows; filing a petition records its id on the "routed" event."""
    # A rule on the kind outweighs category and commune together: the kind decides the legal
    # regime, and a denunciation must reach the inspectorate, never the ward it may accuse.
    specificity = (
        case((RoutingRule.petition_kind.is_not(None), 3), else_=0)
        + case((RoutingRule.category.is_not(None), 1), else_=0)
        + case((RoutingRule.commune_code.is_not(None), 1), else_=0)
    )
    rule = await session.scalar(
        select(RoutingRule)
        .where(
            or_(RoutingRule.petition_kind.is_(None), RoutingRule.petition_kind == kind),
            or_(RoutingRule.category.is_(None), RoutingRule.category == category),
            or_(RoutingRule.commune_code.is_(None), RoutingRule.commune_code == commune_code),
        )
        .order_by(specificity.desc(), RoutingRule.id)
        .limit(1)
        .options(selectinload(RoutingRule.department))
    )
    if rule is None:
        raise NotFound("no routing rule matches, and there is no default rule")
    return rule


async def route(
    session: AsyncSession, kind: PetitionKind | str, category: str | None, commune_code: str | None
) -> Department:
    """The department that handles a petition: the most specific matching rule, lowest id on a
    tie; a set field that differs disqualifies a rule, NULL matches anything."""
    rule = await matching_rule(session, PetitionKind(kind), category, commune_code)
    return rule.department
