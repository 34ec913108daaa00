"""Stateful in-memory fakes of every storage port, for unit tests of services and routes.

They exist so tests of the layers above run without a database, yet against a store that
behaves like the real one: the contract suite (tests/store/test_contract.py) runs the same tests
over these fakes and the DynamoDB adapter. Where DynamoDB decides something (the order of audit
entries, instants normalised to UTC, a duplicate key refused), the fakes decide it the same way,
partly by using the same helpers from :mod:`lis1.store.schema`.

Not for production: nothing is persisted and there is no TTL sweep beyond the readers' checks.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, datetime, timedelta

from ..domain.positions import Ad, Application, Receipt
from ..errors import Conflict
from ..identity import Grant, User
from ..services.ports import (
    AuditEntry,
    ConflictOfInterest,
    FirstRequest,
    Idempotency,
    LoginState,
    Session,
    Store,
    grant_entity,
)
from .schema import (
    AD_CHANGED,
    AD_EXISTS,
    ALREADY_APPLIED,
    ALREADY_APPLIED_CODE,
    APPLICATION_CHANGED,
    CLOCK,
    DEMO_ANCHOR,
    IDEMPOTENCY_TTL,
    RECEIPT_EXISTS,
    ad_audit_entity,
    audit_sk,
    clock_detail,
    demo_anchor_detail,
    epoch_seconds,
    grant_detail,
    newest_first,
    oldest_first,
    setting_entity,
    utc,
)


class _State:
    """What every fake of one store shares: a lock, the audit log they all write to, the grants
    and open-application counts that must not meet, and the idempotency keys."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.audit: dict[str, dict[str, AuditEntry]] = {}
        self.grants: dict[str, set[Grant]] = {}
        self.open: dict[tuple[str, str], int] = {}
        """(subject, organisation) -> open applications there."""
        self.requests: dict[str, tuple[FirstRequest, int]] = {}
        """scope -> (first request, expiry in epoch seconds)."""

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

    def record(
        self, entity: str, at: datetime, actor: str, action: str, detail: dict[str, str]
    ) -> None:
        entry = AuditEntry(
            entity=entity, at=utc(at), actor=actor, action=action, detail=dict(detail)
        )
        self.audit.setdefault(entity, {})[audit_sk(at)] = entry


class MemoryUsers:
    def __init__(self, state: _State) -> None:
        self._state = state
        self._users: dict[str, User] = {}
        self._grants = state.grants

    def get(self, subject: str) -> User | None:
        with self._state.lock:
            return self._users.get(subject)

    def save(self, user: User) -> None:
        user = replace(user, created_at=utc(user.created_at))
        with self._state.lock:
            existing = self._users.get(user.subject)
            if existing is not None:
                user = replace(user, created_at=existing.created_at)
            self._users[user.subject] = user

    def grants(self, subject: str) -> frozenset[Grant]:
        with self._state.lock:
            return frozenset(self._grants.get(subject, ()))

    def grant(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        at = utc(at)  # refused before anything changes, as in DynamoDB
        with self._state.lock:
            held = self._grants.setdefault(subject, set())
            if grant in held:
                return False
            if grant.organisation and self._state.open.get((subject, grant.organisation), 0) > 0:
                raise ConflictOfInterest()
            held.add(grant)
            self._state.record(
                grant_entity(subject, grant), at, actor, "grant", grant_detail(subject, grant)
            )
            return True

    def revoke(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        at = utc(at)
        with self._state.lock:
            held = self._grants.get(subject, set())
            if grant not in held:
                return False
            held.remove(grant)
            self._state.record(
                grant_entity(subject, grant), at, actor, "revoke", grant_detail(subject, grant)
            )
            return True

    def holders(self, organisation: str) -> list[tuple[str, Grant]]:
        with self._state.lock:
            return sorted(
                (subject, grant)
                for subject, held in self._grants.items()
                for grant in held
                if grant.organisation == organisation
            )


class MemorySessions:
    def __init__(self, state: _State) -> None:
        self._state = state
        self._sessions: dict[str, Session] = {}

    def create(self, session: Session) -> None:
        session = replace(
            session, created_at=utc(session.created_at), expires_at=utc(session.expires_at)
        )
        with self._state.lock:
            if session.token_hash in self._sessions:
                raise Conflict()
            self._sessions[session.token_hash] = session

    def get(self, token_hash: str, *, now: datetime) -> Session | None:
        with self._state.lock:
            session = self._sessions.get(token_hash)
        if session is None or session.expires_at <= utc(now):
            return None
        return session

    def delete(self, token_hash: str) -> None:
        with self._state.lock:
            self._sessions.pop(token_hash, None)


class MemoryLoginStates:
    def __init__(self, state: _State) -> None:
        self._state = state
        self._logins: dict[str, LoginState] = {}

    def put(self, login: LoginState) -> None:
        login = replace(login, expires_at=utc(login.expires_at))
        with self._state.lock:
            if login.state in self._logins:
                raise Conflict()
            self._logins[login.state] = login

    def take(self, state: str, *, now: datetime) -> LoginState | None:
        with self._state.lock:
            login = self._logins.pop(state, None)
        if login is None or login.expires_at <= utc(now):
            return None
        return login


class MemoryAuditLog:
    def __init__(self, state: _State) -> None:
        self._state = state

    def entries(self, entity: str) -> list[AuditEntry]:
        with self._state.lock:
            by_key = self._state.audit.get(entity, {})
            return [replace(by_key[key], detail=dict(by_key[key].detail)) for key in sorted(by_key)]


class MemorySettings:
    def __init__(self, state: _State) -> None:
        self._state = state
        self._clock_offset = timedelta(0)
        self._demo_anchor: date | None = None

    def clock_offset(self) -> timedelta:
        with self._state.lock:
            return self._clock_offset

    def set_clock_offset(self, offset: timedelta, *, actor: str, at: datetime) -> None:
        at = utc(at)
        with self._state.lock:
            self._clock_offset = offset
            detail = clock_detail(offset)
            self._state.record(setting_entity(CLOCK), at, actor, "set_clock_offset", detail)

    def demo_anchor(self) -> date | None:
        with self._state.lock:
            return self._demo_anchor

    def set_demo_anchor(self, anchor: date, *, actor: str, at: datetime) -> None:
        at = utc(at)
        with self._state.lock:
            self._demo_anchor = anchor
            detail = demo_anchor_detail(anchor)
            self._state.record(setting_entity(DEMO_ANCHOR), at, actor, "set_demo_anchor", detail)


def _utc_ad(ad: Ad) -> Ad:
    """The ad with its instants in UTC, as DynamoDB gives them back (naive ones are refused)."""
    published = utc(ad.published_at) if ad.published_at is not None else None
    return replace(
        ad,
        created_at=utc(ad.created_at),
        updated_at=utc(ad.updated_at),
        published_at=published,
    )


def _utc_application(application: Application) -> Application:
    return replace(
        application,
        submitted_at=utc(application.submitted_at),
        changed_at=utc(application.changed_at),
    )


class MemoryAds:
    def __init__(self, state: _State) -> None:
        self._state = state
        self._ads: dict[str, Ad] = {}

    def create(self, ad: Ad, *, idempotency: Idempotency | None = None) -> FirstRequest | None:
        ad = _utc_ad(ad)
        with self._state.lock:
            first = self._state.once(idempotency, ad.created_at)
            if first is not None:
                return first
            if ad.id in self._ads:
                raise Conflict(AD_EXISTS)
            self._ads[ad.id] = ad
            self._state.remember(idempotency, ad.id, ad.created_at)
        return None

    def get(self, ad_id: str) -> Ad | None:
        with self._state.lock:
            return self._ads.get(ad_id)

    def update(self, ad: Ad, *, expected_version: int, audit: AuditEntry | None) -> None:
        ad = _utc_ad(ad)
        entity = ad_audit_entity(ad.id, audit)
        at = utc(audit.at) if audit is not None else None
        with self._state.lock:
            stored = self._ads.get(ad.id)
            if stored is None or stored.version != expected_version:
                raise Conflict(AD_CHANGED)
            self._ads[ad.id] = ad
            if audit is not None and at is not None:
                self._state.record(entity, at, audit.actor, audit.action, audit.detail)

    def by_period(self, period_id: str | None) -> list[Ad]:
        with self._state.lock:
            ads = [ad for ad in self._ads.values() if ad.content.period_id == period_id]
        return sorted(ads, key=lambda ad: ad.id)

    def by_organisation(self, organisation: str) -> list[Ad]:
        with self._state.lock:
            ads = [ad for ad in self._ads.values() if ad.content.organisation == organisation]
        return sorted(ads, key=lambda ad: ad.id)


class MemoryApplications:
    def __init__(self, state: _State) -> None:
        self._state = state
        self._applications: dict[tuple[str, str], Application] = {}
        self._receipts: dict[str, Receipt] = {}

    def submit(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        application = _utc_application(application)
        receipt = replace(receipt, at=utc(receipt.at))
        key = (application.ad_id, application.applicant)
        with self._state.lock:
            first = self._state.once(idempotency, receipt.at)
            if first is not None:
                return first
            stored = self._applications.get(key)
            if stored is not None and stored.status != "trukket":
                raise Conflict(ALREADY_APPLIED, code=ALREADY_APPLIED_CODE)
            if receipt.reference in self._receipts:
                raise Conflict(RECEIPT_EXISTS)
            if conflicting & self._state.grants.get(application.applicant, set()):
                raise ConflictOfInterest()
            self._applications[key] = application
            self._receipts[receipt.reference] = receipt
            self._count_open(application.applicant, conflicting, 1)
            self._state.remember(idempotency, receipt.reference, receipt.at)
        return None

    def _count_open(self, subject: str, conflicting: frozenset[Grant], step: int) -> None:
        for organisation in {g.organisation for g in conflicting if g.organisation}:
            count = self._state.open.get((subject, organisation), 0) + step
            self._state.open[(subject, organisation)] = count

    def withdraw(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        application = _utc_application(application)
        receipt = replace(receipt, at=utc(receipt.at))
        key = (application.ad_id, application.applicant)
        with self._state.lock:
            first = self._state.once(idempotency, receipt.at)
            if first is not None:
                return first
            stored = self._applications.get(key)
            if (
                stored is None
                or stored.status != "sendt"
                or stored.version != application.version - 1
            ):
                raise Conflict(APPLICATION_CHANGED)
            if receipt.reference in self._receipts:
                raise Conflict(RECEIPT_EXISTS)
            self._applications[key] = application
            self._receipts[receipt.reference] = receipt
            self._count_open(application.applicant, conflicting, -1)
            self._state.remember(idempotency, receipt.reference, receipt.at)
        return None

    def get(self, ad_id: str, applicant: str) -> Application | None:
        with self._state.lock:
            return self._applications.get((ad_id, applicant))

    def by_applicant(self, applicant: str) -> list[Application]:
        with self._state.lock:
            found = [a for a in self._applications.values() if a.applicant == applicant]
        return newest_first(found)

    def by_ad(self, ad_id: str) -> list[Application]:
        with self._state.lock:
            found = [a for a in self._applications.values() if a.ad_id == ad_id]
        return oldest_first(found)

    def receipt(self, reference: str) -> Receipt | None:
        with self._state.lock:
            return self._receipts.get(reference)


class MemoryRequests:
    def __init__(self, state: _State) -> None:
        self._state = state

    def first(self, scope: str, *, now: datetime) -> FirstRequest | None:
        with self._state.lock:
            return self._state.first_request(scope, utc(now))


def memory_store() -> Store:
    """A fresh, empty in-memory store."""
    state = _State()
    return Store(
        users=MemoryUsers(state),
        sessions=MemorySessions(state),
        logins=MemoryLoginStates(state),
        audit=MemoryAuditLog(state),
        settings=MemorySettings(state),
        ads=MemoryAds(state),
        applications=MemoryApplications(state),
        requests=MemoryRequests(state),
        kind="memory",
    )
