"""The idempotency contract, for every adapter: a request with a key is written once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from lis1.errors import Conflict
from lis1.services.ports.requests import FirstRequest, Idempotency
from lis1.services.ports.store import Store
from lis1.store.schema import TTL_ATTRIBUTE

from .conftest import Backend
from .helpers import (
    ALREADY_APPLIED,
    KEY,
    PERIOD,
    ConflictingClient,
    ad,
    application,
    at,
    dynamodb_only,
    in_utc,
    receipt_for,
    utc_application,
    withdraw,
    withdrawal,
)

if TYPE_CHECKING:
    pass


# --- idempotency keys ----------------------------------------------------------------------------

DAY = 24 * 60


def test_a_repeat_with_the_same_key_gets_the_first_request_and_stores_nothing(
    store: Store,
) -> None:
    first = application()
    assert store.applications.submit(first, receipt_for(first), idempotency=KEY) is None
    assert store.requests.first(KEY.scope, now=at(1)) == FirstRequest(
        "fingeravtrykk", "LIS1-AAAA-0001"
    )

    # A double click: the same request again, with a new reference and a moment later.
    repeat = application(reference="LIS1-AAAA-0002", submitted=1, cover_text="Klikk to")
    again = store.applications.submit(repeat, receipt_for(repeat), idempotency=KEY)
    assert again == FirstRequest("fingeravtrykk", "LIS1-AAAA-0001")
    assert store.applications.by_ad("ad-1") == [utc_application(first)]
    assert store.applications.by_applicant("sub-1") == [utc_application(first)]
    assert store.applications.receipt("LIS1-AAAA-0002") is None

    # Whatever the second request is, it is not written: the service compares fingerprints.
    other = Idempotency(KEY.scope, "noe annet")
    elsewhere = application("ad-2", reference="LIS1-AAAA-0003", submitted=2)
    assert store.applications.submit(elsewhere, receipt_for(elsewhere), idempotency=other) == (
        FirstRequest("fingeravtrykk", "LIS1-AAAA-0001")
    )
    assert store.applications.get("ad-2", "sub-1") is None
    assert store.applications.receipt("LIS1-AAAA-0003") is None


def test_a_withdrawal_and_an_ad_with_a_key_are_written_once(store: Store) -> None:
    sent = application()
    store.applications.submit(sent, receipt_for(sent))
    key = Idempotency("sub-1#trekk", "trekk ad-1")
    withdrawn = withdrawal(sent, "LIS1-AAAA-0002", 5)
    assert (
        store.applications.withdraw("ad-1", "sub-1", receipt_for(withdrawn), idempotency=key)
        is None
    )
    again = withdrawal(sent, "LIS1-AAAA-0003", 6)
    assert store.applications.withdraw("ad-1", "sub-1", receipt_for(again), idempotency=key) == (
        FirstRequest("trekk ad-1", "LIS1-AAAA-0002")
    )
    assert store.applications.receipt("LIS1-AAAA-0003") is None

    draft = Idempotency("admin#ny", "annonse")
    assert store.ads.create(ad("ad-7"), idempotency=draft) is None
    assert store.ads.create(ad("ad-8"), idempotency=draft) == FirstRequest("annonse", "ad-7")
    assert store.ads.get("ad-8") is None
    assert store.ads.by_period(PERIOD) == [in_utc(ad("ad-7"))]


def test_a_key_counts_per_scope(store: Store) -> None:
    mine = application()
    theirs = application(applicant="sub-2", reference="LIS1-AAAA-0002", submitted=1)
    for value in (mine, theirs):
        key = Idempotency(f"{value.applicant}#samme", "søk ad-1")
        assert store.applications.submit(value, receipt_for(value), idempotency=key) is None
    assert [a.applicant for a in store.applications.by_ad("ad-1")] == ["sub-1", "sub-2"]
    assert store.requests.first("sub-3#samme", now=at(2)) is None


def test_a_refused_submit_leaves_its_key_unused(store: Store) -> None:
    first = application()
    store.applications.submit(first, receipt_for(first))
    second = application(reference="LIS1-AAAA-0002", submitted=1)
    key = Idempotency("sub-1#annen", "søk")
    with pytest.raises(Conflict) as raised:
        store.applications.submit(second, receipt_for(second), idempotency=key)
    assert raised.value.code == "har_allerede_søkt"
    assert raised.value.message == ALREADY_APPLIED
    assert store.requests.first(key.scope, now=at(2)) is None

    withdraw(store, first, "LIS1-AAAA-0003", 2)
    again = application(reference="LIS1-AAAA-0004", submitted=3, version=3)
    assert store.applications.submit(again, receipt_for(again), idempotency=key) is None
    assert store.applications.get("ad-1", "sub-1") == utc_application(again)


def test_a_key_lasts_a_day_from_the_change(store: Store) -> None:
    first = application()
    store.applications.submit(first, receipt_for(first), idempotency=KEY)
    assert store.requests.first(KEY.scope, now=at(DAY - 1)) is not None
    assert store.requests.first(KEY.scope, now=at(DAY)) is None

    withdrawn = withdraw(store, first, "LIS1-AAAA-0002", 10)
    late = application(reference="LIS1-AAAA-0003", submitted=DAY - 1, version=3)
    assert store.applications.submit(late, receipt_for(late), idempotency=KEY) is not None
    assert store.applications.get("ad-1", "sub-1") == utc_application(withdrawn)

    # 24 hours after the first change the key is free again.
    next_day = application(reference="LIS1-AAAA-0004", submitted=DAY, version=3)
    assert store.applications.submit(next_day, receipt_for(next_day), idempotency=KEY) is None
    assert store.applications.get("ad-1", "sub-1") == utc_application(next_day)
    assert store.requests.first(KEY.scope, now=at(DAY + 1)) == FirstRequest(
        "fingeravtrykk", "LIS1-AAAA-0004"
    )


@dynamodb_only
def test_the_idempotency_item_of_a_submit(backend: Backend) -> None:
    store = backend.store()
    sent = application(applicant="sub-1")
    store.applications.submit(sent, receipt_for(sent), idempotency=Idempotency("sub-1#abc", "fp"))
    item = backend.dynamodb.get_item(
        TableName=backend.table_name,
        Key={"pk": {"S": "IDEMPOTENCY#sub-1#abc"}, "sk": {"S": "IDEMPOTENCY"}},
        ConsistentRead=True,
    )["Item"]
    expires = datetime.fromtimestamp(int(item[TTL_ATTRIBUTE]["N"]), UTC)
    assert expires == sent.changed_at + timedelta(hours=24)
    assert json.loads(item["receipt"]["S"]) == {"fingerprint": "fp", "result": "LIS1-AAAA-0001"}


@dynamodb_only
def test_a_submit_with_a_key_retries_a_transaction_conflict(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=2)
    store = backend.store(client)
    sent = application()
    assert store.applications.submit(sent, receipt_for(sent), idempotency=KEY) is None
    client.conflicts = 1
    repeat = application(reference="LIS1-AAAA-0002", submitted=1)
    assert store.applications.submit(repeat, receipt_for(repeat), idempotency=KEY) == (
        FirstRequest("fingeravtrykk", "LIS1-AAAA-0001")
    )
    assert client.transactions == 3 + 2
    assert len(backend.sleeps) == 3
    assert store.applications.by_ad("ad-1") == [utc_application(sent)]
    assert store.applications.receipt("LIS1-AAAA-0002") is None
