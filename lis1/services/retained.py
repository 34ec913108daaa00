"""The store as the retention rule lets people read it: a record past its time is gone at once.

The rule (:mod:`lis1.domain.retention`) gives each application, receipt, offer and ranked list
the instant it is removed, stored with it (``keep_until``); DynamoDB's TTL deletes such items
only lazily, within days. These ports wrap the store's and leave out, on every read, whatever
the clock says is past its time, so no page, download or job sees it meanwhile. Writes pass
through unchanged. The API wires them once (:func:`retained`), with the same clock its use
cases read, so a moved demo or test clock moves the removal too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import TypeVar

from ..domain.applications import Application, Receipt
from ..domain.offers import Offer
from ..domain.ranking import RankedList
from ..domain.retention import kept
from ..identity import Grant
from .ports.accounts import AuditEntry
from .ports.offers import Offers, RankedLists, SeatCount
from .ports.positions import Applications
from .ports.requests import FirstRequest, Idempotency
from .ports.store import Store

Now = Callable[[], datetime]
Record = TypeVar("Record", Application, Receipt, Offer)


def retained(store: Store, now: Now) -> Store:
    """``store`` with reads that leave out what the retention rule has removed at ``now()``."""
    return replace(
        store,
        applications=RetainedApplications(store.applications, now),
        offers=RetainedOffers(store.offers, now),
        rankings=RetainedRankedLists(store.rankings, now),
    )


def _current(records: Iterable[Record], now: datetime) -> list[Record]:
    return [r for r in records if kept(r.keep_until, now)]


def _one(record: Record | None, now: datetime) -> Record | None:
    return record if record is not None and kept(record.keep_until, now) else None


class RetainedApplications:
    def __init__(self, inner: Applications, now: Now) -> None:
        self._inner, self._now = inner, now

    def submit(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        open_until: date | None = None,
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        return self._inner.submit(
            application,
            receipt,
            conflicting=conflicting,
            open_until=open_until,
            idempotency=idempotency,
        )

    def withdraw(
        self,
        ad_id: str,
        applicant: str,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        return self._inner.withdraw(
            ad_id, applicant, receipt, conflicting=conflicting, idempotency=idempotency
        )

    def counts(self, ad_ids: Iterable[str]) -> dict[str, int]:
        return self._inner.counts(ad_ids)  # numbers only: no one's record

    def get(self, ad_id: str, applicant: str) -> Application | None:
        return _one(self._inner.get(ad_id, applicant), self._now())

    def by_applicant(self, applicant: str) -> list[Application]:
        return _current(self._inner.by_applicant(applicant), self._now())

    def by_ad(self, ad_id: str) -> list[Application]:
        return _current(self._inner.by_ad(ad_id), self._now())

    def receipt(self, reference: str) -> Receipt | None:
        return _one(self._inner.receipt(reference), self._now())

    def receipts(self, applicant: str) -> list[Receipt]:
        return _current(self._inner.receipts(applicant), self._now())


class RetainedOffers:
    def __init__(self, inner: Offers, now: Now) -> None:
        self._inner, self._now = inner, now

    def issue(self, offer: Offer, *, seats: int) -> bool:
        return self._inner.issue(offer, seats=seats)

    def accept(
        self,
        accepted: Offer,
        receipt: Receipt,
        *,
        now: datetime,
        declining: Sequence[Offer],
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        return self._inner.accept(
            accepted, receipt, now=now, declining=declining, idempotency=idempotency
        )

    def decline(
        self,
        declined: Offer,
        receipt: Receipt,
        *,
        now: datetime,
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        return self._inner.decline(declined, receipt, now=now, idempotency=idempotency)

    def close(self, changed: Offer, *, audit: AuditEntry | None = None) -> bool:
        return self._inner.close(changed, audit=audit)

    def by_scope(self, scope: str) -> list[Offer]:
        return _current(self._inner.by_scope(scope), self._now())

    def by_ad(self, scope: str, ad_id: str) -> list[Offer]:
        return _current(self._inner.by_ad(scope, ad_id), self._now())

    def by_candidate(self, candidate: str) -> list[Offer]:
        return _current(self._inner.by_candidate(candidate), self._now())

    def counts(self, ad_ids: Iterable[str]) -> dict[str, SeatCount]:
        return self._inner.counts(ad_ids)  # aggregated per ad and round: the statistics


class RetainedRankedLists:
    def __init__(self, inner: RankedLists, now: Now) -> None:
        self._inner, self._now = inner, now

    def get(self, ad_id: str) -> RankedList:
        return self._kept(self._inner.get(ad_id))

    def many(self, ad_ids: Iterable[str]) -> dict[str, RankedList]:
        return {ad_id: self._kept(r) for ad_id, r in self._inner.many(ad_ids).items()}

    def save(self, ranked: RankedList, *, expected_version: int, audit: AuditEntry) -> None:
        self._inner.save(ranked, expected_version=expected_version, audit=audit)

    def _kept(self, ranked: RankedList) -> RankedList:
        """A removed list reads as none saved: its rows are gone, its version stays, so a save
        made from it is still checked against the stored one."""
        if kept(ranked.keep_until, self._now()):
            return ranked
        return replace(ranked, entries=(), changed_at=None, changed_by="")
