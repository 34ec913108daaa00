"""Offers on DynamoDB (the items are in :mod:`lis1.store.keys.offers`).

Every change of an offer is one TransactWriteItems with the count items of the ads it touches.
Its conditions decide, never a read made before it: two runs, a run and an answer, or answers in
two tabs cannot between them offer or fill a seat twice, nor accept twice in a period. The
cancellation reasons (one per item) say which condition refused; each maps to the port's error,
checked in the fake's order, since DynamoDB may report several at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ...domain.applications import Receipt
from ...domain.errors import (
    AlreadyAccepted,
    CandidateWithdrew,
    NoSeatLeft,
    OfferChanged,
    ReceiptTaken,
)
from ...domain.offers import STATE_WORDS, Offer, OfferState, RoundKey
from ...errors import Conflict
from ...services.ports.accounts import AuditEntry
from ...services.ports.offers import Outcome, SeatCount
from ...services.ports.requests import FirstRequest, Idempotency
from ..keys import offers as keys
from ..keys.positions import AD_PREFIX, ad_counts_key, applicant_gsi1pk, application_key
from ..schema import GSI1, GSI1PK, GSI1SK, PK, SK
from ..values import iso, keep_until_of, parse_iso, retention_fields
from .applications import receipt_item
from .offer_counts import counts_of
from .table import Table, key
from .tx import TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

_STATES: dict[str, OfferState] = {state: state for state in STATE_WORDS}
_NOT_ROUNDS = frozenset({PK, SK, "seats", "holding", "taken", "sent"})  # sent: applications
MAX_DECLINING = 47
"""A transaction takes 100 items: the accepted offer, its acceptance, receipt and count, the
idempotency item, and at most two per declining offer (the offer and its ad's count)."""


def _offer_item(offer: Offer) -> dict[str, Any]:
    gsi1pk, gsi1sk = keys.offer_gsi1(offer.candidate, offer.issued_at, offer.ad_id)
    return {
        **key(*keys.offer_key(offer.round.scope, offer.ad_id, offer.candidate)),
        "kind": "offer",
        GSI1PK: gsi1pk,
        GSI1SK: gsi1sk,
        "ad_id": offer.ad_id,
        "candidate": offer.candidate,
        "reference": offer.reference,
        "series": offer.round.series,
        "number": offer.round.number,
        "scope": offer.round.scope,
        "issued_at": iso(offer.issued_at),
        "answer_deadline": iso(offer.answer_deadline),
        "state": offer.state,
        "changed_at": iso(offer.changed_at),
        "reason": offer.reason,
        "hired_late": offer.hired_late,
        **retention_fields(offer.keep_until),
    }


def _offer_of(item: dict[str, Any]) -> Offer:
    return Offer(
        ad_id=item["ad_id"],
        candidate=item["candidate"],
        reference=item["reference"],
        round=RoundKey(item["series"], item["number"], item["scope"]),
        issued_at=parse_iso(item["issued_at"]),
        answer_deadline=parse_iso(item["answer_deadline"]),
        state=_STATES[item["state"]],
        changed_at=parse_iso(item["changed_at"]),
        reason=item["reason"],
        hired_late=item["hired_late"],
        keep_until=keep_until_of(item),
    )


def _refusal(cancel: TransactionCancelled, errors: Sequence[tuple[int, Conflict]]) -> Conflict:
    """The first of ``errors`` (index of the item, its error) whose item's condition failed."""
    return next((e for index, e in errors if cancel.condition_failed(index)), Conflict())


class DynamoOffers:
    def __init__(self, table: Table) -> None:
        self._table = table

    def issue(self, offer: Offer, *, seats: int) -> bool:
        count = counts_of([(offer, "offered", 1, 0)])[offer.ad_id]
        count.seats = seats
        application = application_key(offer.ad_id, offer.candidate)
        acceptance = keys.acceptance_key(offer.candidate, offer.round.scope)
        standing = "#status = :sent"  # false for a missing application too
        items = [
            self._table.put(_offer_item(offer), new=True),
            self._table.condition_check(
                *application, standing, {"#status": "status"}, {":sent": "sendt"}
            ),
            self._table.condition_check(*acceptance, "attribute_not_exists(#pk)", {"#pk": PK}, {}),
            count.write(self._table, offer.ad_id),
        ]
        try:
            self._table.transact(items)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):  # a rerun: the offer is there
                return False
            errors = [(1, CandidateWithdrew()), (2, AlreadyAccepted()), (3, NoSeatLeft())]
            raise _refusal(cancelled, errors) from cancelled
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
        answered = [accepted, *declining]
        identities = {(o.round.scope, o.ad_id, o.candidate) for o in answered}
        if len(identities) < len(answered):
            raise ValueError("det samme tilbudet er med to ganger")
        if len(declining) > MAX_DECLINING:
            raise ValueError(f"høyst {MAX_DECLINING} tilbud kan avslås i samme transaksjon")
        changes: list[tuple[Offer, Outcome, int, int]] = [(o, "declined", -1, 0) for o in declining]
        counts = counts_of([(accepted, "accepted", 0, 1), *changes])
        counts[accepted.ad_id].fill = True  # the first count written: its index is known
        acceptance = {
            **key(*keys.acceptance_key(accepted.candidate, accepted.round.scope)),
            "kind": "acceptance",
            "ad_id": accepted.ad_id,
            "offer": accepted.id,
            "at": iso(accepted.changed_at),
            **retention_fields(accepted.keep_until),
        }
        items = [self._answer(offer, now) for offer in answered]
        items.append(self._table.put(acceptance, new=True))
        items.append(self._table.put(receipt_item(receipt), new=True))
        items += [count.write(self._table, ad_id) for ad_id, count in counts.items()]
        n = len(answered)
        try:
            return self._table.transact_once(items, idempotency, receipt.reference, receipt.at)
        except TransactionCancelled as cancelled:
            errors: list[tuple[int, Conflict]] = [(i, OfferChanged()) for i in range(n)]
            errors += [(n, AlreadyAccepted()), (n + 2, NoSeatLeft()), (n + 1, ReceiptTaken())]
            raise _refusal(cancelled, errors) from cancelled

    def decline(
        self,
        declined: Offer,
        receipt: Receipt,
        *,
        now: datetime,
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        count = counts_of([(declined, "declined", -1, 0)])[declined.ad_id]
        items = [
            self._answer(declined, now),
            self._table.put(receipt_item(receipt), new=True),
            count.write(self._table, declined.ad_id),
        ]
        try:
            return self._table.transact_once(items, idempotency, receipt.reference, receipt.at)
        except TransactionCancelled as cancelled:
            errors = [(0, OfferChanged()), (1, ReceiptTaken())]
            raise _refusal(cancelled, errors) from cancelled

    def close(self, changed: Offer, *, audit: AuditEntry | None = None) -> bool:
        allowed = sorted(keys.CLOSED_FROM[changed.state])
        # Every state a change is allowed from moves the counts alike: no read is needed.
        outcome, holding, taken = keys.seat_change(allowed[0], changed.state)
        count = counts_of([(changed, outcome, holding, taken)])[changed.ad_id]
        states = {f":s{n}": state for n, state in enumerate(allowed)}
        items = [
            self._table.put(
                _offer_item(changed),
                condition=f"#state IN ({', '.join(states)})",  # false for a missing offer
                names={"#state": "state"},
                condition_values=states,
            ),
            count.write(self._table, changed.ad_id),
        ]
        if changed.state == "frigitt":
            acceptance = keys.acceptance_key(changed.candidate, changed.round.scope)
            items.append(self._table.removal(*acceptance))
        if audit is not None:
            items.append(
                self._table.audit(audit.entity, audit.at, audit.actor, audit.action, audit.detail)
            )
        try:
            self._table.transact(items)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                return False
            raise Conflict() from cancelled
        return True

    def by_scope(self, scope: str) -> list[Offer]:
        return self._in_scope(scope, keys.OFFER_PREFIX)

    def by_ad(self, scope: str, ad_id: str) -> list[Offer]:
        return self._in_scope(scope, keys.ad_offers_prefix(ad_id))

    def by_candidate(self, candidate: str) -> list[Offer]:
        # gsi1 is eventually consistent on AWS: an answer's conditions read the base table.
        items = self._table.query(
            "#g = :g AND begins_with(#gs, :prefix)",  # the partition holds applications too
            {"#g": GSI1PK, "#gs": GSI1SK},
            {":g": applicant_gsi1pk(candidate), ":prefix": keys.OFFER_PREFIX},
            index=GSI1,
            forward=False,
        )
        return keys.newest_first(_offer_of(item) for item in items)

    def counts(self, ad_ids: Iterable[str]) -> dict[str, SeatCount]:
        wanted = list(ad_ids)
        items = self._table.batch_get(ad_counts_key(ad_id) for ad_id in wanted)
        found = {item[PK].removeprefix(AD_PREFIX): item for item in items}
        return {ad_id: _seat_count(ad_id, found.get(ad_id, {})) for ad_id in wanted}

    def _in_scope(self, scope: str, prefix: str) -> list[Offer]:
        """One paged, strongly consistent Query, in the fake's order (ad, then candidate)."""
        items = self._table.query(
            "#pk = :pk AND begins_with(#sk, :prefix)",
            {"#pk": PK, "#sk": SK},
            {":pk": keys.offers_pk(scope), ":prefix": prefix},
        )
        return sorted((_offer_of(item) for item in items), key=lambda o: (o.ad_id, o.candidate))

    def _answer(self, offer: Offer, now: datetime) -> TransactWriteItemTypeDef:
        """The candidate's answer replaces the stored offer if that is open and ``now`` is
        before its svarfrist (fixed-width UTC text compares as the instants do)."""
        return self._table.put(
            _offer_item(offer),
            condition="#state = :open AND #deadline > :now",
            names={"#state": "state", "#deadline": "answer_deadline"},
            condition_values={":open": "åpen", ":now": iso(now)},
        )


def _seat_count(ad_id: str, item: dict[str, Any]) -> SeatCount:
    rounds = {name: value for name, value in item.items() if name not in _NOT_ROUNDS}
    return SeatCount(ad_id, item.get("seats"), item.get("holding", 0), item.get("taken", 0), rounds)
