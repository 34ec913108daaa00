"""The people around a LIS, per employment: one leder, one veileder, any number of supervisører,
and the approver a leder delegates to.

A relation is made when an invitation to it is accepted (:mod:`lis1.domain.invitations`, purpose
:class:`PortfolioRole`); nobody registers beforehand. A leder and a delegated approver
("godkjenner") decide on the LIS's goals, so a LIS must not pick their own approver: such a
relation counts only after an administrator of the employment's employer confirms it
(:func:`confirm`). A veileder and a supervisør count once accepted. The LIS, or the employer,
ends a relation (:func:`end`); an ended relation gives nothing, from the next request on.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal, TypeAlias

from ...i18n import N_
from .errors import NothingToApprove, OwnConfirmation, RelationEnded

RelationKind: TypeAlias = Literal["leder", "veileder", "supervisør", "godkjenner"]
RELATION_KINDS: tuple[RelationKind, ...] = ("leder", "veileder", "supervisør", "godkjenner")
RelationStatus: TypeAlias = Literal["venter_på_arbeidsgiver", "aktiv", "avsluttet"]
RELATION_STATUSES: tuple[RelationStatus, ...] = ("venter_på_arbeidsgiver", "aktiv", "avsluttet")

KIND_NAMES: dict[RelationKind, str] = {
    "leder": N_("leder"),
    "veileder": N_("veileder"),
    "supervisør": N_("supervisør"),
    "godkjenner": N_("godkjenner (delegert fra leder)"),
}
STATUS_NAMES: dict[RelationStatus, str] = {
    "venter_på_arbeidsgiver": N_("venter på arbeidsgiverens bekreftelse"),
    "aktiv": N_("aktiv"),
    "avsluttet": N_("avsluttet"),
}

ONE_PER_EMPLOYMENT: frozenset[RelationKind] = frozenset({"leder", "veileder"})
"""Kinds an employment holds one of at a time (invited or in place)."""
EMPLOYER_CONFIRMS: frozenset[RelationKind] = frozenset({"leder", "godkjenner"})
"""Kinds that decide on goals, and so count only once the employer confirms them."""
INVITED_BY_LEDER: frozenset[RelationKind] = frozenset({"godkjenner"})
"""Kinds the employment's leder invites (the LIS invites the others)."""


@dataclass(frozen=True, order=True)
class PortfolioRole:
    """What accepting a portfolio invitation gives: ``kind`` on ``owner``'s portfolio, for one
    employment at ``organisation`` (the employer, who confirms a leder)."""

    owner: str
    employment_id: str
    kind: RelationKind
    organisation: str
    owner_name: str = field(default="", compare=False)
    """The LIS's name, for the invitee's and the employer's lists (not part of the role)."""


@dataclass(frozen=True)
class Relation:
    id: str
    """The invitation's id: one invitation makes at most one relation."""
    role: PortfolioRole
    subject: str
    """The person in the role."""
    name: str
    """Their verified name, from their identity provider."""
    created_at: datetime
    status: RelationStatus
    version: int = 1
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    ended_by: str | None = None
    ended_at: datetime | None = None

    @property
    def counts(self) -> bool:
        return self.status == "aktiv"

    @property
    def kind(self) -> RelationKind:
        return self.role.kind


def made(
    role: PortfolioRole, *, relation_id: str, subject: str, name: str, now: datetime
) -> Relation:
    """The relation an accepted invitation makes: waiting for the employer for a leder or an
    approver, else in place at once."""
    status: RelationStatus = "venter_på_arbeidsgiver" if role.kind in EMPLOYER_CONFIRMS else "aktiv"
    return Relation(
        id=relation_id, role=role, subject=subject, name=name, created_at=now, status=status
    )


def confirm(relation: Relation, *, by: str, now: datetime) -> Relation:
    """The employer's administrator confirms a leder or approver (who may is the service's);
    never the LIS or the person in the role, so nobody picks their own approver."""
    if by in (relation.subject, relation.role.owner):
        raise OwnConfirmation()
    if relation.status == "avsluttet":
        raise RelationEnded()
    if relation.status != "venter_på_arbeidsgiver":
        raise NothingToApprove()
    return replace(
        relation,
        status="aktiv",
        version=relation.version + 1,
        confirmed_by=by,
        confirmed_at=now,
    )


def end(relation: Relation, *, by: str, now: datetime) -> Relation:
    if relation.status == "avsluttet":
        raise RelationEnded()
    return replace(
        relation, status="avsluttet", version=relation.version + 1, ended_by=by, ended_at=now
    )


def holds(relations: list[Relation], subject: str, kind: RelationKind) -> list[Relation]:
    """The relations in which ``subject`` counts as ``kind``."""
    return [r for r in relations if r.subject == subject and r.kind == kind and r.counts]
