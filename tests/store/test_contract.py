"""One contract for every storage adapter: memory, moto and DynamoDB Local behave the same.

Each test runs once per adapter (the ``adapter`` fixture in conftest.py). Tests of what only
the DynamoDB adapter has (transaction retries, the idempotency helper, the table itself) name
their adapters with ``pytest.mark.parametrize``; nothing here is skipped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from lis1.devtools import dynamodb_local
from lis1.devtools.dynamodb_local import free_port
from lis1.errors import Conflict, Unavailable
from lis1.identity import Grant, Role, User
from lis1.services.ports import AuditEntry, LoginState, Session, Store, grant_entity
from lis1.store import dynamodb
from lis1.store.dynamodb import (
    BACKOFF_CAP,
    TRANSACT_ATTEMPTS,
    TransactionCancelled,
    ping,
    put_idempotent,
)
from lis1.store.schema import TTL_ATTRIBUTE, ensure_table

from .conftest import DYNAMODB_ADAPTERS, Backend

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

# The Sunday clocks go back in Oslo: DST weeks are where off-by-one-hour bugs live.
T0 = datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
OSLO_SUMMER = timezone(timedelta(hours=2))

HF = "helse-bergen"
KOMMUNE = "bergen"
HF_ADMIN = Grant(Role.HF_ADMIN, HF)
KOMMUNE_ADMIN = Grant(Role.KOMMUNE_ADMIN, KOMMUNE)
EDITOR = Grant(Role.EDITOR)

dynamodb_only = pytest.mark.parametrize("adapter", DYNAMODB_ADAPTERS, indirect=True)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# --- users ---------------------------------------------------------------------------------------


def test_an_unknown_user_is_none(store: Store) -> None:
    assert store.users.get("ukjent") is None
    assert store.users.grants("ukjent") == frozenset()


def test_save_creates_and_updates_but_keeps_created_at(store: Store) -> None:
    first = User("sub-1", "Kari Nordmann", "kari@example.no", T0.astimezone(OSLO_SUMMER))
    store.users.save(first)
    saved = store.users.get("sub-1")
    assert saved == replace(first, created_at=T0)
    assert saved is not None and saved.created_at.utcoffset() == timedelta(0)

    store.users.save(User("sub-1", "Kari Nordmann Hansen", None, at(60)))
    assert store.users.get("sub-1") == User("sub-1", "Kari Nordmann Hansen", None, T0)

    store.users.save(User("sub-1", "Kari N. Hansen", "kari@example.com", at(120)))
    assert store.users.get("sub-1") == User("sub-1", "Kari N. Hansen", "kari@example.com", T0)


def test_instants_must_carry_a_time_zone(store: Store) -> None:
    with pytest.raises(ValueError, match="tidssone"):
        store.users.save(User("sub-1", "Kari", None, datetime(2024, 1, 1, 12)))  # noqa: DTZ001
    with pytest.raises(ValueError, match="tidssone"):
        store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=T0.replace(tzinfo=None))
    assert store.users.get("sub-1") is None
    assert store.users.grants("sub-1") == frozenset()


# --- grants --------------------------------------------------------------------------------------


def test_a_grant_is_given_once(store: Store) -> None:
    assert store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(1)) is True
    assert store.users.grant("sub-1", HF_ADMIN, actor="editor-2", at=at(2)) is False
    assert store.users.grants("sub-1") == frozenset({HF_ADMIN})
    assert [e.actor for e in store.audit.entries(grant_entity("sub-1", HF_ADMIN))] == ["editor-1"]


def test_revoke_takes_away_only_what_is_held(store: Store) -> None:
    assert store.users.revoke("sub-1", HF_ADMIN, actor="editor-1", at=at(1)) is False
    store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(2))
    store.users.grant("sub-1", KOMMUNE_ADMIN, actor="editor-1", at=at(3))
    assert store.users.revoke("sub-1", HF_ADMIN, actor="editor-2", at=at(4)) is True
    assert store.users.revoke("sub-1", HF_ADMIN, actor="editor-2", at=at(5)) is False
    assert store.users.grants("sub-1") == frozenset({KOMMUNE_ADMIN})
    assert store.users.grants("sub-2") == frozenset()


def test_grants_without_an_organisation(store: Store) -> None:
    assert store.users.grant("sub-1", EDITOR, actor="seed", at=at(1)) is True
    assert store.users.grants("sub-1") == frozenset({EDITOR})
    assert store.users.holders(HF) == []
    entries = store.audit.entries(grant_entity("sub-1", EDITOR))
    assert [(e.entity, e.action, e.detail) for e in entries] == [
        ("bruker:sub-1", "grant", {"subject": "sub-1", "role": "editor"})
    ]


def test_holders_of_an_organisation_by_subject(store: Store) -> None:
    other_hf = Grant(Role.HF_ADMIN, "helse-fonna")
    for subject, grant in [
        ("sub-c", HF_ADMIN),
        ("sub-a", HF_ADMIN),
        ("sub-b", other_hf),
        ("sub-b", EDITOR),
        ("sub-d", HF_ADMIN),
        ("sub-a", KOMMUNE_ADMIN),
    ]:
        store.users.grant(subject, grant, actor="editor-1", at=at(1))
    store.users.revoke("sub-d", HF_ADMIN, actor="editor-1", at=at(2))

    assert store.users.holders(HF) == [("sub-a", HF_ADMIN), ("sub-c", HF_ADMIN)]
    assert store.users.holders("helse-fonna") == [("sub-b", other_hf)]
    assert store.users.holders(KOMMUNE) == [("sub-a", KOMMUNE_ADMIN)]
    assert store.users.holders("ukjent") == []


def test_audit_entries_oldest_first_with_actor_action_and_detail(store: Store) -> None:
    store.users.grant("sub-2", HF_ADMIN, actor="editor-1", at=at(30).astimezone(OSLO_SUMMER))
    store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(10))
    store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(15))  # held: no entry
    store.users.revoke("sub-1", HF_ADMIN, actor="editor-2", at=at(20))
    store.users.revoke("sub-1", HF_ADMIN, actor="editor-2", at=at(25))  # gone: no entry
    store.users.grant("sub-1", KOMMUNE_ADMIN, actor="editor-1", at=at(5))

    entity = grant_entity("sub-1", HF_ADMIN)
    assert entity == f"organisasjon:{HF}"
    entries = store.audit.entries(entity)
    assert entries == [
        AuditEntry(entity, at(10), "editor-1", "grant", {"subject": "sub-1", "role": "hf_admin"}),
        AuditEntry(entity, at(20), "editor-2", "revoke", {"subject": "sub-1", "role": "hf_admin"}),
        AuditEntry(entity, at(30), "editor-1", "grant", {"subject": "sub-2", "role": "hf_admin"}),
    ]
    assert all(entry.at.utcoffset() == timedelta(0) for entry in entries)
    assert [e.action for e in store.audit.entries(f"organisasjon:{KOMMUNE}")] == ["grant"]
    assert store.audit.entries("organisasjon:ukjent") == []


def test_audit_entries_are_copies(store: Store) -> None:
    store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(1))
    store.audit.entries(f"organisasjon:{HF}")[0].detail["role"] = "endret"
    assert store.audit.entries(f"organisasjon:{HF}")[0].detail["role"] == "hf_admin"


# --- sessions and sign-ins ---------------------------------------------------------------------


def session(token_hash: str = "a" * 64, *, expires: float = 60) -> Session:
    return Session(token_hash, "sub-1", "csrf-token", T0, at(expires))


def test_a_session_lives_until_it_expires(store: Store) -> None:
    created = session()
    store.sessions.create(created)
    assert store.sessions.get(created.token_hash, now=T0) == created
    assert store.sessions.get(created.token_hash, now=at(59.99)) == created
    assert store.sessions.get(created.token_hash, now=at(60)) is None
    assert store.sessions.get(created.token_hash, now=at(61).astimezone(OSLO_SUMMER)) is None
    assert store.sessions.get("b" * 64, now=T0) is None


def test_a_deleted_session_is_gone(store: Store) -> None:
    store.sessions.create(session("a" * 64))
    store.sessions.create(session("b" * 64))
    store.sessions.delete("a" * 64)
    store.sessions.delete("a" * 64)  # twice is harmless
    store.sessions.delete("c" * 64)
    assert store.sessions.get("a" * 64, now=T0) is None
    assert store.sessions.get("b" * 64, now=T0) == session("b" * 64)


def test_a_session_token_is_not_reused(store: Store) -> None:
    store.sessions.create(session())
    with pytest.raises(Conflict):
        store.sessions.create(replace(session(), subject="sub-2"))
    assert store.sessions.get("a" * 64, now=T0) == session()


def login(state: str = "state-1", *, expires: float = 10) -> LoginState:
    return LoginState(state, "verifier", "nonce", "/min-side/?fane=søknader", at(expires))


def test_a_login_state_is_taken_once(store: Store) -> None:
    store.logins.put(login())
    store.logins.put(login("state-2"))
    assert store.logins.take("state-1", now=at(5)) == login()
    assert store.logins.take("state-1", now=at(5)) is None
    assert store.logins.take("ukjent", now=at(5)) is None
    assert store.logins.take("state-2", now=at(5)) == login("state-2")


def test_an_expired_login_state_is_none_and_gone(store: Store) -> None:
    store.logins.put(login())
    assert store.logins.take("state-1", now=at(10)) is None
    assert store.logins.take("state-1", now=T0) is None


def test_a_login_state_is_not_reused(store: Store) -> None:
    store.logins.put(login())
    with pytest.raises(Conflict):
        store.logins.put(replace(login(), nonce="another"))
    assert store.logins.take("state-1", now=T0) == login()


# --- settings ------------------------------------------------------------------------------------


def test_clock_offset_round_trip(store: Store) -> None:
    assert store.settings.clock_offset() == timedelta(0)
    offset = timedelta(days=3, hours=2, microseconds=500_000)
    store.settings.set_clock_offset(offset, actor="dev", at=at(1))
    assert store.settings.clock_offset() == offset
    store.settings.set_clock_offset(-timedelta(days=400), actor="dev", at=at(2))
    assert store.settings.clock_offset() == -timedelta(days=400)
    entries = store.audit.entries("innstilling:clock")
    assert [(e.actor, e.action, e.detail) for e in entries] == [
        ("dev", "set_clock_offset", {"offset_seconds": "266400.5"}),
        ("dev", "set_clock_offset", {"offset_seconds": "-34560000"}),
    ]


def test_demo_anchor_round_trip(store: Store) -> None:
    assert store.settings.demo_anchor() is None
    store.settings.set_demo_anchor(date(2024, 10, 27), actor="demo-seed", at=at(1))
    assert store.settings.demo_anchor() == date(2024, 10, 27)
    assert store.settings.clock_offset() == timedelta(0)
    entries = store.audit.entries("innstilling:demo_anchor")
    assert [(e.action, e.detail) for e in entries] == [
        ("set_demo_anchor", {"anchor": "2024-10-27"})
    ]


# --- DynamoDB only: transactions -----------------------------------------------------------------


class ConflictingClient:
    """The real client, except that the first ``conflicts`` transactions are cancelled by a
    TransactionConflict, as when another request touched the same item at the same moment."""

    def __init__(self, real: DynamoDBClient, conflicts: int) -> None:
        self.real = real
        self.conflicts = conflicts
        self.transactions = 0

    def transact_write_items(self, **kwargs: Any) -> Any:
        self.transactions += 1
        if self.conflicts > 0:
            self.conflicts -= 1
            reasons = [{"Code": "None"} for _ in kwargs["TransactItems"]]
            reasons[0] = {"Code": "TransactionConflict", "Message": "Transaction is ongoing"}
            response: Any = {
                "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
                "CancellationReasons": reasons,
            }
            raise self.real.exceptions.TransactionCanceledException(response, "TransactWriteItems")
        return self.real.transact_write_items(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


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


def test_backoff_grows_and_is_bounded() -> None:
    for attempt in range(12):
        ceiling = min(BACKOFF_CAP, dynamodb.BACKOFF_BASE * 2**attempt)
        waits = {dynamodb.backoff(attempt) for _ in range(20)}
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
    client = dynamodb.make_client(endpoint, connect_timeout=0.5, max_attempts=1)
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
