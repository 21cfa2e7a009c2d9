"""Who may do what at the desk. Every official works inside their own unit; the role decides
which operations they get and whether they see a denouncer's identity."""

from __future__ import annotations

from storage.models import Official, Petition, PetitionKind, Role

# officers claim, answer, note, resolve and reopen; these roles also hand work out and move it
_ASSIGNERS = frozenset({Role.SUPERVISOR, Role.INSPECTOR, Role.ADMIN})


def can_assign(official: Official) -> bool:
    return official.role in _ASSIGNERS


def can_transfer(official: Official) -> bool:
    return official.role in _ASSIGNERS


def is_admin(official: Official) -> bool:
    return official.role == Role.ADMIN


def sees_identity(official: Official, petition: Petition) -> bool:
    """Law on Denunciation 2018: only the inspection role learns who denounced. A citizen who
    chose anonymity is treated the same way for every kind."""
    if official.role == Role.INSPECTOR:
        return True
    return petition.kind != PetitionKind.DENUNCIATION and not petition.anonymous


def reports_every_unit(official: Official) -> bool:
    """Aggregates across the province are for the administrator; the rest see their unit's."""
    return official.role == Role.ADMIN
