"""The retention rule's time travels with the records (every adapter): an application, its
receipts, an offer with its answer and acceptance, and a ranked list keep the ``keep_until``
they were written with, through withdrawals and answers; on DynamoDB each item carries the TTL
attribute ``expires`` (whole epoch seconds, rounded up) that cleans it up."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from lis1.domain.ranking import Candidate, RankedList
from lis1.services.ports.accounts import AuditEntry
from lis1.services.ports.store import Store
from lis1.store.dynamo.codec import from_item
from lis1.store.keys import offers as offer_keys
from lis1.store.keys import positions as keys
from lis1.store.schema import TTL_ATTRIBUTE

from .conftest import Backend
from .helpers import PERIOD, application, at, dynamodb_only, receipt_for, withdraw
from .test_contract_offers import accept, offer

KEEP = datetime(2099, 3, 14, 23, 0, 0, 500_000, tzinfo=UTC)
"""A removal instant with a fraction of a second: TTL must round it up, never delete early. In
the future, since DynamoDB Local's TTL deletes items past their time while a test runs."""


def _raw(backend: Backend, pair: tuple[str, str]) -> dict[str, Any]:
    pk, sk = pair
    item = backend.dynamodb.get_item(
        TableName=backend.table_name, Key={"pk": {"S": pk}, "sk": {"S": sk}}
    )["Item"]
    return from_item(item)


def _submit(store: Store, ad_id: str = "ad-1", candidate: str = "sub-1") -> Any:
    sent = replace(
        application(ad_id, candidate, reference=f"S-{ad_id}-{candidate}"), keep_until=KEEP
    )
    store.applications.submit(sent, replace(receipt_for(sent), keep_until=KEEP))
    return sent


def test_an_application_and_its_receipts_keep_their_time(store: Store) -> None:
    sent = _submit(store)
    assert store.applications.get("ad-1", "sub-1").keep_until == KEEP  # type: ignore[union-attr]
    assert store.applications.receipt(sent.reference).keep_until == KEEP  # type: ignore[union-attr]
    withdraw(store, sent, "LIS1-AAAA-0002", 5)  # a receipt without a time of its own
    after = store.applications.get("ad-1", "sub-1")
    assert after is not None and after.status == "trukket" and after.keep_until == KEEP
    assert [r.keep_until for r in store.applications.receipts("sub-1")] == [None, KEEP]


def test_records_without_a_time_have_none(store: Store) -> None:
    sent = application()
    store.applications.submit(sent, receipt_for(sent))
    assert store.applications.get("ad-1", "sub-1").keep_until is None  # type: ignore[union-attr]


def test_an_offer_its_answer_and_a_ranked_list_keep_their_time(store: Store) -> None:
    _submit(store)
    made = replace(offer(), keep_until=KEEP)
    assert store.offers.issue(made, seats=1)
    assert [o.keep_until for o in store.offers.by_candidate("sub-1")] == [KEEP]
    accept(store, made, 10)
    assert [o.keep_until for o in store.offers.by_scope(PERIOD)] == [KEEP]
    ranked = RankedList("ad-1", (Candidate("sub-1", "S-ad-1-sub-1"),), 1, at(1), "hf-1", KEEP)
    audit = AuditEntry("innstilling:ad-1", at(1), "hf-1", "innstilling lagret", {})
    store.rankings.save(ranked, expected_version=0, audit=audit)
    assert store.rankings.get("ad-1").keep_until == KEEP
    assert store.rankings.many(["ad-1"])["ad-1"].keep_until == KEEP


@dynamodb_only
def test_every_such_item_carries_the_ttl_attribute(store: Store, backend: Backend) -> None:
    sent = _submit(store)
    made = replace(offer(), keep_until=KEEP)
    store.offers.issue(made, seats=1)
    accept(store, made, 10)
    ranked = RankedList("ad-1", (), 1, at(1), "hf-1", KEEP)
    audit = AuditEntry("innstilling:ad-1", at(1), "hf-1", "innstilling lagret", {})
    store.rankings.save(ranked, expected_version=0, audit=audit)
    expected = math.ceil(KEEP.timestamp())
    for pair in (
        keys.application_key("ad-1", "sub-1"),
        keys.receipt_key(sent.reference),
        offer_keys.offer_key(PERIOD, "ad-1", "sub-1"),
        offer_keys.acceptance_key("sub-1", PERIOD),
        offer_keys.ranking_key("ad-1"),
    ):
        item = _raw(backend, pair)
        assert item[TTL_ATTRIBUTE] == expected, pair
        assert expected > KEEP.timestamp() and expected - KEEP.timestamp() < 1
    counts = _raw(backend, keys.ad_counts_key("ad-1"))
    assert TTL_ATTRIBUTE not in counts  # the statistics' counts stay
    assert datetime.fromtimestamp(expected, UTC) - KEEP < timedelta(seconds=1)
