"""What only the DynamoDB adapters have: transactions retried on conflict, the idempotency
helper, the table and the client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from lis1.devtools import dynamodb_local
from lis1.devtools.dynamodb_local import free_port
from lis1.errors import Conflict, Unavailable
from lis1.store.dynamo import client as client_module
from lis1.store.dynamo import tx
from lis1.store.dynamo.client import ping
from lis1.store.dynamo.tx import (
    BACKOFF_CAP,
    TRANSACT_ATTEMPTS,
    TransactionCancelled,
    put_idempotent,
)
from lis1.store.schema import TTL_ATTRIBUTE, ensure_table

from .conftest import Backend
from .helpers import (
    HF,
    HF_ADMIN,
    KEY,
    T0,
    ConflictingClient,
    ad,
    application,
    at,
    correction,
    dynamodb_only,
    in_utc,
    receipt_for,
    utc_application,
    withdraw,
    withdrawal,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


# --- DynamoDB only: transactions -----------------------------------------------------------------


@dynamodb_only
def test_a_transaction_conflict_is_retried(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=2)
    store = backend.store(client)
    assert store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(1)) is True
    assert client.transactions == 3
    assert len(backend.sleeps) == 2
    assert all(0 < wait <= BACKOFF_CAP for wait in backend.sleeps)
    assert store.users.grants("sub-1") == frozenset({HF_ADMIN})
    assert len(store.audit.entries(f"organisasjon:{HF}")) == 1


@dynamodb_only
def test_a_lasting_conflict_is_unavailable_never_the_users_conflict(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=1000)
    store = backend.store(client)
    with pytest.raises(Unavailable) as raised:
        store.users.revoke("sub-1", HF_ADMIN, actor="editor-1", at=at(1))
    assert not isinstance(raised.value, Conflict)
    assert "Prøv igjen" in raised.value.message
    with pytest.raises(Unavailable):
        store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(1))
    assert client.transactions == 2 * TRANSACT_ATTEMPTS
    assert len(backend.sleeps) == 2 * (TRANSACT_ATTEMPTS - 1)
    assert all(0 < wait <= BACKOFF_CAP for wait in backend.sleeps)
    assert store.users.grants("sub-1") == frozenset()
    assert store.audit.entries(f"organisasjon:{HF}") == []


@dynamodb_only
def test_ads_and_applications_retry_a_transaction_conflict(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=1)
    store = backend.store(client)
    store.ads.create(ad())
    client.conflicts = 2
    store.ads.update(ad(version=2), expected_version=1, audit=correction("ad-1", 1))
    sent = application()
    client.conflicts = 2
    store.applications.submit(sent, receipt_for(sent))
    client.conflicts = 1
    withdrawn = withdraw(store, sent, "LIS1-AAAA-0002", 2)
    assert client.transactions == 2 + 3 + 3 + 2
    assert len(backend.sleeps) == 6
    assert store.ads.get("ad-1") == in_utc(ad(version=2))
    assert len(store.audit.entries("annonse:ad-1")) == 1
    assert store.applications.get("ad-1", "sub-1") == utc_application(withdrawn)


@dynamodb_only
def test_a_lasting_conflict_on_ads_and_applications_is_unavailable(backend: Backend) -> None:
    store = backend.store()
    store.ads.create(ad())
    client = ConflictingClient(backend.dynamodb, conflicts=1000)
    busy = backend.store(client)
    sent = application()
    attempts: list[Callable[[], object]] = [
        lambda: busy.ads.create(ad("ad-2")),
        lambda: busy.ads.update(ad(version=2), expected_version=1, audit=correction("ad-1", 1)),
        lambda: busy.applications.submit(sent, receipt_for(sent)),
        lambda: busy.applications.submit(sent, receipt_for(sent), idempotency=KEY),
        lambda: busy.applications.withdraw(
            sent.ad_id, sent.applicant, receipt_for(withdrawal(sent, "R-2", 1))
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Unavailable) as raised:
            attempt()
        assert not isinstance(raised.value, Conflict)
    assert client.transactions == len(attempts) * TRANSACT_ATTEMPTS
    assert store.ads.get("ad-2") is None
    assert store.ads.get("ad-1") == in_utc(ad())
    assert store.audit.entries("annonse:ad-1") == []
    assert store.applications.get("ad-1", "sub-1") is None
    assert store.applications.receipt(sent.reference) is None


def test_backoff_grows_and_is_bounded() -> None:
    for attempt in range(12):
        ceiling = min(BACKOFF_CAP, tx.BACKOFF_BASE * 2**attempt)
        waits = {tx.backoff(attempt) for _ in range(20)}
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(waits) > 1, "no jitter"


# --- DynamoDB only: idempotency ------------------------------------------------------------------


def toy_increment(backend: Backend, toy: str) -> TransactWriteItemTypeDef:
    """A write that shows how often it ran: it adds one to a counter."""
    return {
        "Update": {
            "TableName": backend.table_name,
            "Key": {"pk": {"S": f"TOY#{toy}"}, "sk": {"S": "TOY"}},
            "UpdateExpression": "ADD #count :one",
            "ExpressionAttributeNames": {"#count": "count"},
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }
    }


def toy_count(backend: Backend, toy: str) -> int:
    item = backend.dynamodb.get_item(
        TableName=backend.table_name,
        Key={"pk": {"S": f"TOY#{toy}"}, "sk": {"S": "TOY"}},
        ConsistentRead=True,
    ).get("Item")
    return 0 if item is None else int(item["count"]["N"])


@dynamodb_only
def test_a_repeat_returns_the_first_receipt_and_writes_once(backend: Backend) -> None:
    client, table = backend.dynamodb, backend.table_name
    first = {"søknad": "ad-1", "mottatt": "2024-10-27T00:30:00Z", "nummer": 1}
    receipt = put_idempotent(
        client, table, key="sub-1/abc", receipt=first, items=[toy_increment(backend, "1")], now=T0
    )
    assert receipt == first
    repeat = put_idempotent(
        client,
        table,
        key="sub-1/abc",
        receipt={"søknad": "ad-1", "mottatt": "senere", "nummer": 2},
        items=[toy_increment(backend, "1")],
        now=at(60),
    )
    assert repeat == first
    assert toy_count(backend, "1") == 1

    other = put_idempotent(
        client, table, key="sub-2/abc", receipt={"n": 3}, items=[toy_increment(backend, "1")]
    )
    assert other == {"n": 3}
    assert toy_count(backend, "1") == 2

    marker = client.get_item(
        TableName=table,
        Key={"pk": {"S": "IDEMPOTENCY#sub-1/abc"}, "sk": {"S": "IDEMPOTENCY"}},
        ConsistentRead=True,
    )["Item"]
    expires = datetime.fromtimestamp(int(marker[TTL_ATTRIBUTE]["N"]), UTC)
    assert expires == T0 + timedelta(hours=24)


@dynamodb_only
def test_an_idempotency_key_lasts_a_day(backend: Backend) -> None:
    client, table = backend.dynamodb, backend.table_name
    item = [toy_increment(backend, "2")]
    put_idempotent(client, table, key="k", receipt={"n": 1}, items=item, now=T0)
    later = T0 + timedelta(hours=24)
    assert put_idempotent(client, table, key="k", receipt={"n": 2}, items=item, now=later) == {
        "n": 2
    }
    assert toy_count(backend, "2") == 2


@dynamodb_only
def test_an_items_own_condition_cancels_and_leaves_the_key_unused(backend: Backend) -> None:
    client, table = backend.dynamodb, backend.table_name
    guarded: TransactWriteItemTypeDef = {
        "Put": {
            "TableName": table,
            "Item": {"pk": {"S": "TOY#3"}, "sk": {"S": "TOY"}},
            "ConditionExpression": "attribute_exists(pk)",
        }
    }
    with pytest.raises(TransactionCancelled) as cancelled:
        put_idempotent(client, table, key="k3", receipt={"n": 1}, items=[guarded], now=T0)
    assert cancelled.value.reasons == ["ConditionalCheckFailed"]
    item = [toy_increment(backend, "3")]
    assert put_idempotent(client, table, key="k3", receipt={"n": 2}, items=item) == {"n": 2}


@dynamodb_only
def test_idempotency_survives_a_transaction_conflict(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=1)
    item = [toy_increment(backend, "4")]
    receipt = put_idempotent(
        client,  # type: ignore[arg-type]
        backend.table_name,
        key="k4",
        receipt={"n": 1},
        items=item,
        sleep=backend.sleeps.append,
    )
    assert receipt == {"n": 1}
    assert toy_count(backend, "4") == 1
    assert len(backend.sleeps) == 1


# --- DynamoDB only: the table and the client -----------------------------------------------------


@dynamodb_only
def test_ensure_table_is_idempotent_and_switches_ttl_on(backend: Backend) -> None:
    client, table = backend.dynamodb, backend.table_name
    with backend.guard.outside_requests():
        ensure_table(client, table)
        ttl = client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert ttl.get("TimeToLiveStatus") in {"ENABLED", "ENABLING"}
    assert ttl.get("AttributeName") == TTL_ATTRIBUTE


@dynamodb_only
def test_ping_answers_when_the_table_store_does(backend: Backend) -> None:
    with backend.guard.outside_requests():  # the health check, not a request path
        ping(backend.dynamodb)
        ping(backend.dynamodb, backend.table_name)
        with pytest.raises(Unavailable):
            ping(backend.dynamodb, "finnes-ikke")


def test_ping_says_in_norwegian_that_the_store_is_down() -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"
    client = client_module.make_client(endpoint, connect_timeout=0.5, max_attempts=1)
    try:
        with pytest.raises(Unavailable) as raised:
            ping(client)
    finally:
        client.close()
    assert raised.value.message == "Databasen svarer ikke akkurat nå. Prøv igjen om litt."


@dynamodb_only
def test_a_scan_fails_the_test(backend: Backend) -> None:
    with pytest.raises(pytest.fail.Exception, match="Scan"):
        backend.dynamodb.scan(TableName=backend.table_name)


def test_the_runners_clients_refuse_scan_too() -> None:
    client = dynamodb_local.client("http://127.0.0.1:1")  # the hook fires before any request
    try:
        with pytest.raises(pytest.fail.Exception, match="Scan"):
            client.scan(TableName="hva-som-helst")
    finally:
        client.close()
