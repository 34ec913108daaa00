"""In-memory fakes of the positions ports (ads, applications and receipts) and of the
idempotency keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from ...domain.ads import Ad
from ...domain.applications import Application, Receipt
from ...domain.errors import (
    AdChanged,
    AdExists,
    AdministersOrganisation,
    AlreadyApplied,
    NotADraft,
    NothingToWithdraw,
    ReceiptTaken,
    SeatsBelowTaken,
)
from ...identity import Grant
from ...services.ports.accounts import AuditEntry
from ...services.ports.requests import FirstRequest, Idempotency
from ..keys.positions import ad_audit_entity, newest_first, oldest_first, receipts_newest_first
from ..values import utc
from .state import State


def _utc_ad(ad: Ad) -> Ad:
    """The ad with its instants in UTC, as DynamoDB gives them back (naive ones are refused)."""
    published = utc(ad.published_at) if ad.published_at is not None else None
    return replace(
        ad, created_at=utc(ad.created_at), updated_at=utc(ad.updated_at), published_at=published
    )


class MemoryAds:
    def __init__(self, state: State) -> None:
        self._state = state
        self._ads: dict[str, Ad] = {}

    def create(self, ad: Ad, *, idempotency: Idempotency | None = None) -> FirstRequest | None:
        ad = _utc_ad(ad)
        with self._state.lock:
            first = self._state.once(idempotency, ad.created_at)
            if first is not None:
                return first
            if ad.id in self._ads:
                raise AdExists()
            self._ads[ad.id] = ad
            self._state.remember(idempotency, ad.id, ad.created_at)
        return None

    def get(self, ad_id: str) -> Ad | None:
        with self._state.lock:
            return self._ads.get(ad_id)

    def many(self, ad_ids: Iterable[str]) -> dict[str, Ad]:
        with self._state.lock:
            return {a: self._ads[a] for a in ad_ids if a in self._ads}

    def update(self, ad: Ad, *, expected_version: int, audit: AuditEntry | None) -> None:
        ad = _utc_ad(ad)
        entity = ad_audit_entity(ad.id, audit)
        at = utc(audit.at) if audit is not None else None
        with self._state.lock:
            stored = self._ads.get(ad.id)
            if stored is None or stored.version != expected_version:
                raise AdChanged()
            if ad.status == "publisert":
                count = self._state.counts.setdefault(ad.id, {})
                if count.get("taken", 0) > ad.content.seats:
                    raise SeatsBelowTaken()
                count["seats"] = ad.content.seats
            self._ads[ad.id] = ad
            if audit is not None and at is not None:
                self._state.record(entity, at, audit.actor, audit.action, audit.detail)

    def delete_draft(self, ad_id: str, *, expected_version: int) -> None:
        with self._state.lock:
            stored = self._ads.get(ad_id)
            if stored is None or stored.version != expected_version:
                raise AdChanged()
            if stored.status != "utkast":
                raise NotADraft()
            del self._ads[ad_id]

    def every(self) -> list[Ad]:
        with self._state.lock:
            return sorted(self._ads.values(), key=lambda ad: ad.id)

    def by_period(self, period_id: str | None) -> list[Ad]:
        return [ad for ad in self.every() if ad.content.period_id == period_id]

    def by_organisation(self, organisation: str) -> list[Ad]:
        return [ad for ad in self.every() if ad.content.organisation == organisation]


class MemoryApplications:
    def __init__(self, state: State) -> None:
        self._state = state
        self._applications = state.applications
        self._receipts = state.receipts

    def submit(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        open_until: date | None = None,
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        application = replace(
            application,
            submitted_at=utc(application.submitted_at),
            changed_at=utc(application.changed_at),
        )
        receipt = replace(receipt, at=utc(receipt.at))
        key = (application.ad_id, application.applicant)
        with self._state.lock:
            first = self._state.once(idempotency, receipt.at)
            if first is not None:
                return first
            stored = self._applications.get(key)
            if stored is not None and stored.status != "trukket":
                raise AlreadyApplied()
            if receipt.reference in self._receipts:
                raise ReceiptTaken()
            if conflicting & self._state.grants.get(application.applicant, set()):
                raise AdministersOrganisation()
            version = stored.version + 1 if stored is not None else 1
            self._applications[key] = replace(application, status="sendt", version=version)
            self._receipts[receipt.reference] = receipt
            self._state.mark_open(
                application.applicant, application.ad_id, conflicting, open_until or date.max
            )
            self._state.remember(idempotency, receipt.reference, receipt.at)
        return None

    def withdraw(
        self,
        ad_id: str,
        applicant: str,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        receipt = replace(receipt, at=utc(receipt.at))
        with self._state.lock:
            first = self._state.once(idempotency, receipt.at)
            if first is not None:
                return first
            stored = self._applications.get((ad_id, applicant))
            if stored is None or stored.status != "sendt":
                raise NothingToWithdraw()
            if receipt.reference in self._receipts:
                raise ReceiptTaken()
            self._applications[(ad_id, applicant)] = replace(
                stored,
                status="trukket",
                cover_text="",
                reference=receipt.reference,
                changed_at=receipt.at,
                version=stored.version + 1,
            )
            self._receipts[receipt.reference] = receipt
            self._state.mark_open(applicant, ad_id, conflicting, None)
            self._state.remember(idempotency, receipt.reference, receipt.at)
        return None

    def counts(self, ad_ids: Iterable[str]) -> dict[str, int]:
        with self._state.lock:
            standing = [a.ad_id for a in self._applications.values() if a.status == "sendt"]
        return {ad_id: standing.count(ad_id) for ad_id in ad_ids}

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

    def receipts(self, applicant: str) -> list[Receipt]:
        with self._state.lock:
            found = [r for r in self._receipts.values() if r.applicant == applicant]
        return receipts_newest_first(found)


class MemoryRequests:
    def __init__(self, state: State) -> None:
        self._state = state

    def first(self, scope: str, *, now: datetime) -> FirstRequest | None:
        with self._state.lock:
            return self._state.first_request(scope, utc(now))
