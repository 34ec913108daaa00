"""Use cases of the relations on a portfolio once invitations made them: the employer confirms
a leder or approver, and the LIS, the employer or the person ends a relation.

The employer is the organisation of the employment the relation is for; its administrators
(HF or kommune) see the relations there, confirm those that wait for them, and end any. The LIS
sees and ends the relations on their own portfolio; the person in a role sees their own and may
step down. To anyone else a relation does not exist (:class:`UnknownRelation`).
"""

from __future__ import annotations

from datetime import datetime

from ..domain.portfolio import relations as rules
from ..domain.portfolio.errors import NotEmployer, UnknownRelation
from ..domain.portfolio.relations import Relation
from ..identity import Principal, Role
from .ports.accounts import AuditEntry
from .ports.portfolios import portfolio_entity
from .ports.store import Store


def employer_organisations(who: Principal) -> list[str]:
    return sorted(who.organisations(Role.HF_ADMIN) | who.organisations(Role.KOMMUNE_ADMIN))


def at_my_employers(store: Store, *, who: Principal) -> list[Relation]:
    """The relations at every organisation ``who`` administers, oldest first."""
    found = []
    for organisation in employer_organisations(who):
        found += store.portfolios.at_employer(organisation)
    return found


def mine(store: Store, *, who: Principal) -> list[Relation]:
    """The roles ``who`` holds on others' portfolios, not ended, oldest first."""
    return [r for r in store.portfolios.relations_of(who.subject) if r.status != "avsluttet"]


def confirm(store: Store, *, who: Principal, relation_id: str, now: datetime) -> Relation:
    """An administrator of the employment's employer confirms a leder or approver."""
    relation = _at_employer(store, who, relation_id)
    changed = rules.confirm(relation, by=who.subject, now=now)
    store.portfolios.change_relation(changed, audit=_audit(changed, who, "confirm_relation"))
    return changed


def end(store: Store, *, who: Principal, relation_id: str, now: datetime) -> Relation:
    """The LIS, the employer's administrator or the person themselves ends a relation."""
    relation = _visible(store, who, relation_id)
    changed = rules.end(relation, by=who.subject, now=now)
    store.portfolios.change_relation(changed, audit=_audit(changed, who, "end_relation"))
    return changed


def _at_employer(store: Store, who: Principal, relation_id: str) -> Relation:
    found = _find(at_my_employers(store, who=who), relation_id)
    if found is not None:
        return found
    if _find(_own_sides(store, who), relation_id) is not None:
        raise NotEmployer()
    raise UnknownRelation()


def _visible(store: Store, who: Principal, relation_id: str) -> Relation:
    found = _find(_own_sides(store, who), relation_id)
    if found is None:
        found = _find(at_my_employers(store, who=who), relation_id)
    if found is None:
        raise UnknownRelation()
    return found


def _own_sides(store: Store, who: Principal) -> list[Relation]:
    return store.portfolios.relations(who.subject) + store.portfolios.relations_of(who.subject)


def _find(relations: list[Relation], relation_id: str) -> Relation | None:
    return next((r for r in relations if r.id == relation_id), None)


def _audit(relation: Relation, who: Principal, action: str) -> AuditEntry:
    at = relation.ended_at or relation.confirmed_at
    assert at is not None
    detail = {
        "relation": relation.id,
        "kind": relation.kind,
        "employment": relation.role.employment_id,
        "status": relation.status,
    }
    return AuditEntry(portfolio_entity(relation.role.owner), at, who.subject, action, detail)
