"""In-memory fakes of the offer ports: ranked lists, offers with their seat counts and the
one acceptance per applicant and period, checked under one lock as DynamoDB checks them in one
transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from ...domain.applications import Receipt
from ...domain.errors import (
    AlreadyAccepted,
    CandidateWithdrew,
    NoSeatLeft,
    OfferChanged,
    RankedListChanged,
    ReceiptTaken,
)
from ...domain.offers import Offer, OfferState
from ...domain.ranking import RankedList
from ...services.ports.accounts import AuditEntry
from ...services.ports.offers import Outcome, SeatCount, round_count_name
from ...services.ports.requests import FirstRequest, Idempotency
from ..keys.offers import CLOSED_FROM, newest_first, seat_change
from ..values import utc
from .state import State


class MemoryRankedLists:
    def __init__(self, state: State) -> None:
        self._state = state
        self._lists: dict[str, RankedList] = {}

    def get(self, ad_id: str) -> RankedList:
        with self._state.lock:
            return self._lists.get(ad_id) or RankedList(ad_id, (), 0, None, "")

    def many(self, ad_ids: Iterable[str]) -> dict[str, RankedList]:
        return {ad_id: self.get(ad_id) for ad_id in ad_ids}

    def save(self, ranked: RankedList, *, expected_version: int, audit: AuditEntry) -> None:
        with self._state.lock:
            if self.get(ranked.ad_id).version != expected_version:
                raise RankedListChanged()
            at = ranked.changed_at
            self._lists[ranked.ad_id] = replace(ranked, changed_at=utc(at) if at else None)
            self._state.record(audit.entity, audit.at, audit.actor, audit.action, audit.detail)


class MemoryOffers:
    def __init__(self, state: State) -> None:
        self._state = state
        self._offers: dict[tuple[str, str, str], Offer] = {}
        """(scope, ad id, candidate) -> offer."""
        self._accepted: dict[tuple[str, str], str] = {}
        """(candidate, scope) -> the accepted offer's id."""

    def issue(self, offer: Offer, *, seats: int) -> bool:
        offer = _utc(offer)
        with self._state.lock:
            if _key(offer) in self._offers:
                return False
            application = self._state.applications.get((offer.ad_id, offer.candidate))
            if application is None or application.status != "sendt":
                raise CandidateWithdrew()
            if (offer.candidate, offer.round.scope) in self._accepted:
                raise AlreadyAccepted()
            count = self._state.counts.get(offer.ad_id, {})
            if count.get("holding", 0) >= count.get("seats", seats):
                raise NoSeatLeft()  # before the seats are set: a refused issue writes nothing
            self._state.counts.setdefault(offer.ad_id, {}).setdefault("seats", seats)
            self._offers[_key(offer)] = offer
            self._count(offer, "offered", holding=1)
        return True

    def accept(
        self,
        accepted: Offer,
        receipt: Receipt,
        *,
        now: datetime,
        declining: Sequence[Offer],
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        accepted, now, receipt = _utc(accepted), utc(now), replace(receipt, at=utc(receipt.at))
        with self._state.lock:
            first = self._state.once(idempotency, receipt.at)
            if first is not None:
                return first
            self._answerable(accepted, now)
            for other in declining:
                self._answerable(_utc(other), now)
            if (accepted.candidate, accepted.round.scope) in self._accepted:
                raise AlreadyAccepted()
            count = self._state.counts[accepted.ad_id]
            if count.get("taken", 0) >= count["seats"]:
                raise NoSeatLeft()
            self._receipt(receipt)
            self._offers[_key(accepted)] = accepted
            self._accepted[(accepted.candidate, accepted.round.scope)] = accepted.id
            self._count(accepted, "accepted", taken=1)
            for other in declining:
                self._offers[_key(other)] = _utc(other)
                self._count(other, "declined", holding=-1)
            self._state.remember(idempotency, receipt.reference, receipt.at)
        return None

    def decline(
        self,
        declined: Offer,
        receipt: Receipt,
        *,
        now: datetime,
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        declined, now, receipt = _utc(declined), utc(now), replace(receipt, at=utc(receipt.at))
        with self._state.lock:
            first = self._state.once(idempotency, receipt.at)
            if first is not None:
                return first
            self._answerable(declined, now)
            self._receipt(receipt)
            self._offers[_key(declined)] = declined
            self._count(declined, "declined", holding=-1)
            self._state.remember(idempotency, receipt.reference, receipt.at)
        return None

    def close(self, changed: Offer, *, audit: AuditEntry | None = None) -> bool:
        changed = _utc(changed)
        with self._state.lock:
            stored = self._offers.get(_key(changed))
            if stored is None or stored.state not in CLOSED_FROM[changed.state]:
                return False
            self._offers[_key(changed)] = changed
            outcome, holding, taken = seat_change(stored.state, changed.state)
            self._count(changed, outcome, holding=holding, taken=taken)
            if changed.state == "frigitt":
                self._accepted.pop((changed.candidate, changed.round.scope), None)
            if audit is not None:
                self._state.record(audit.entity, audit.at, audit.actor, audit.action, audit.detail)
        return True

    def by_scope(self, scope: str) -> list[Offer]:
        with self._state.lock:
            return [o for k, o in sorted(self._offers.items()) if k[0] == scope]

    def by_ad(self, scope: str, ad_id: str) -> list[Offer]:
        return [o for o in self.by_scope(scope) if o.ad_id == ad_id]

    def by_candidate(self, candidate: str) -> list[Offer]:
        with self._state.lock:
            return newest_first(o for o in self._offers.values() if o.candidate == candidate)

    def counts(self, ad_ids: Iterable[str]) -> dict[str, SeatCount]:
        with self._state.lock:
            return {
                ad_id: _seat_count(ad_id, self._state.counts.get(ad_id, {})) for ad_id in ad_ids
            }

    def _answerable(self, offer: Offer, now: datetime) -> None:
        """As the transaction's condition: stored open, and ``now`` before its svarfrist."""
        stored = self._offers.get(_key(offer))
        open_: OfferState = "åpen"
        if stored is None or stored.state != open_ or now >= stored.answer_deadline:
            raise OfferChanged()

    def _receipt(self, receipt: Receipt) -> None:
        if receipt.reference in self._state.receipts:
            raise ReceiptTaken()
        self._state.receipts[receipt.reference] = receipt

    def _count(self, offer: Offer, outcome: Outcome, *, holding: int = 0, taken: int = 0) -> None:
        count = self._state.counts.setdefault(offer.ad_id, {})
        count["holding"] = count.get("holding", 0) + holding
        count["taken"] = count.get("taken", 0) + taken
        name = round_count_name(offer.round, outcome)
        count[name] = count.get(name, 0) + 1


def _key(offer: Offer) -> tuple[str, str, str]:
    return offer.round.scope, offer.ad_id, offer.candidate


def _utc(offer: Offer) -> Offer:
    return replace(
        offer,
        issued_at=utc(offer.issued_at),
        answer_deadline=utc(offer.answer_deadline),
        changed_at=utc(offer.changed_at),
    )


def _seat_count(ad_id: str, numbers: dict[str, int]) -> SeatCount:
    rounds = {k: v for k, v in numbers.items() if k not in ("seats", "holding", "taken")}
    return SeatCount(
        ad_id, numbers.get("seats"), numbers.get("holding", 0), numbers.get("taken", 0), rounds
    )
