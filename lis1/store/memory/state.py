"""What every fake of one store shares: one lock (so a fake's write is as atomic as a
transaction), the audit log, the grants and open-application marks that must not meet, and the
idempotency keys."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, datetime

from ...domain.applications import Application, Receipt, still_open
from ...domain.errors import AppliedThere
from ...domain.portfolio.errors import RoleTaken
from ...domain.portfolio.relations import ONE_PER_EMPLOYMENT, Relation
from ...identity import Grant
from ...oslo import oslo_today
from ...services.ports.accounts import AuditEntry, grant_entity
from ...services.ports.requests import FirstRequest, Idempotency
from ..keys.accounts import audit_sk, grant_detail
from ..keys.requests import IDEMPOTENCY_TTL
from ..values import epoch_seconds, utc


class State:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.audit: dict[str, dict[str, AuditEntry]] = {}
        self.grants: dict[str, set[Grant]] = {}
        self.open: dict[tuple[str, str], dict[str, date]] = {}
        """(subject, organisation) -> {ad id: open until} of applications there."""
        self.requests: dict[str, tuple[FirstRequest, int]] = {}
        """scope -> (first request, expiry in epoch seconds)."""
        self.applications: dict[tuple[str, str], Application] = {}
        """(ad id, applicant) -> application: offers check that theirs still stands."""
        self.receipts: dict[str, Receipt] = {}
        """reference -> receipt, of applications and of answers to offers."""
        self.counts: dict[str, dict[str, int]] = {}
        """ad id -> the count item's numbers (seats, holding, taken, per round)."""
        self.relations: dict[str, Relation] = {}
        """relation id -> relation on a portfolio (made by invitations, changed by portfolios)."""
        self.slots: dict[tuple[str, str, str], str] = {}
        """(owner, employment id, kind) -> the relation holding a one-per-employment kind."""

    def record(
        self, entity: str, at: datetime, actor: str, action: str, detail: dict[str, str]
    ) -> None:
        entry = AuditEntry(
            entity=entity, at=utc(at), actor=actor, action=action, detail=dict(detail)
        )
        self.audit.setdefault(entity, {})[audit_sk(at)] = entry

    def first_request(self, scope: str, at: datetime) -> FirstRequest | None:
        """As DynamoDB's condition: an item whose expiry has passed no longer counts."""
        kept = self.requests.get(scope)
        if kept is None or kept[1] <= epoch_seconds(at):
            return None
        return kept[0]

    def once(self, idempotency: Idempotency | None, at: datetime) -> FirstRequest | None:
        """The first request if ``idempotency``'s key was used; call with the lock held."""
        return None if idempotency is None else self.first_request(idempotency.scope, at)

    def remember(self, idempotency: Idempotency | None, result: str, at: datetime) -> None:
        if idempotency is not None:
            self.requests[idempotency.scope] = (
                FirstRequest(idempotency.fingerprint, result),
                epoch_seconds(at + IDEMPOTENCY_TTL),
            )

    def mark_open(
        self, subject: str, ad_id: str, conflicting: frozenset[Grant], until: date | None
    ) -> None:
        """As DynamoDB's marks: open ``until``, or with None no longer open."""
        for organisation in {g.organisation for g in conflicting if g.organisation}:
            marks = self.open.setdefault((subject, organisation), {})
            if until is None:
                marks.pop(ad_id, None)
            else:
                marks[ad_id] = until

    def applied_there(self, subject: str, organisation: str, at: datetime) -> bool:
        today = oslo_today(at)
        return any(
            still_open(u, today) for u in self.open.get((subject, organisation), {}).values()
        )

    def give(
        self,
        subject: str,
        grant: Grant,
        *,
        actor: str,
        at: datetime,
        detail: dict[str, str] | None = None,
    ) -> bool:
        """As DynamoDB's grant items: False if held; AppliedThere (nothing changed) while
        ``subject`` has an application open there; else given and recorded. Call with the
        lock held."""
        held = self.grants.setdefault(subject, set())
        if grant in held:
            return False
        if grant.organisation and self.applied_there(subject, grant.organisation, at):
            raise AppliedThere()
        held.add(grant)
        recorded = {**grant_detail(subject, grant), **(detail or {})}
        self.record(grant_entity(subject, grant), at, actor, "grant", recorded)
        return True

    def relate(self, relation: Relation) -> bool:
        """As DynamoDB's relation items: RoleTaken (nothing changed) when the employment's slot
        for a one-per-employment kind is held; else stored. Call with the lock held."""
        if relation.id in self.relations:
            return False
        role = relation.role
        slot = (role.owner, role.employment_id, role.kind)
        if role.kind in ONE_PER_EMPLOYMENT:
            if slot in self.slots:
                raise RoleTaken()
            self.slots[slot] = relation.id
        self.relations[relation.id] = utc_relation(relation)
        return True


def utc_relation(relation: Relation) -> Relation:
    """With every instant in UTC, as DynamoDB gives them back."""
    confirmed, ended = relation.confirmed_at, relation.ended_at
    return replace(
        relation,
        created_at=utc(relation.created_at),
        confirmed_at=utc(confirmed) if confirmed is not None else None,
        ended_at=utc(ended) if ended is not None else None,
    )
