"""Who may do what at the desk. Every official works inside their own unit; the role decides
which operations they get and whether they see a denouncer's identity."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Official, Petition, PetitionKind, Role


@dataclass(frozen=True)
class Viewer:
    """The signed-in official as read at the start of the request. A plain copy, not the ORM
    row: it stays readable after a rollback, and carries no password hash into templates."""

    id: int
    username: str
    full_name: str
    role: Role
    department_id: int
    department_code: str
    department_name_vi: str
    department_name_en: str

    @classmethod
    def of(cls, official: Official) -> Viewer:
        return cls(
            id=official.id,
            username=official.username,
            full_name=official.full_name,
            role=official.role,
            department_id=official.department_id,
            department_code=official.department.code,
            department_name_vi=official.department.name_vi,
            department_name_en=official.department.name_en,
        )


# officers claim, answer, note, resolve and reopen; these roles also hand work out and move it
_ASSIGNERS = frozenset({Role.SUPERVISOR, Role.INSPECTOR, Role.ADMIN})


def can_assign(official: Viewer) -> bool:
    return official.role in _ASSIGNERS


def can_transfer(official: Viewer) -> bool:
    return official.role in _ASSIGNERS


def can_decide(official: Viewer) -> bool:
    """Accepting or refusing a complaint or denunciation, extending it and forwarding a matter
    are the unit head's decisions (and the inspectors' for denunciations)."""
    return official.role in _ASSIGNERS


def is_admin(official: Viewer) -> bool:
    return official.role == Role.ADMIN


def sees_identity(official: Viewer, petition: Petition) -> bool:
    """Law on Denunciation 2018: only the inspection role learns who denounced. A citizen who
    chose anonymity is treated the same way for every kind."""
    if official.role == Role.INSPECTOR:
        return True
    return petition.kind != PetitionKind.DENUNCIATION and not petition.anonymous


def reports_every_unit(official: Viewer) -> bool:
    """Aggregates across the province are for the administrator; the rest see their unit's."""
    return official.role == Role.ADMIN
