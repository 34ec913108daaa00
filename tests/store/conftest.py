"""The three stores the contract suite runs over, and the guards every DynamoDB client carries.

- ``memory``: :func:`lis1.store.memory.memory_store`, fresh per test;
- ``moto``: moto's ``mock_aws`` with a fresh table per test;
- ``dynamodb-local``: one DynamoDB Local (AWS's own engine) per test session in a temporary
  folder, started through lis1.devtools.dynamodb_local only when a test asks for it, with a fresh
  table of a unique name per test, deleted afterwards. If it cannot be installed or started the
  runner raises, so those tests fail (locally and under ``CI=true``); they are never skipped.

Every boto3 client made while tests/store runs refuses Scan: clients come from
``lis1.store.client_module.make_client`` (DynamoDB Local's runner uses it too), and a package-wide
fixture wraps it so each new client carries an event hook that fails the test on a Scan. After
each contract test, the operations its client sent are also checked against the ones request
paths may use. At the end of the run, a line says how many contract tests ran on each adapter.
"""

from __future__ import annotations

import contextlib
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from moto import mock_aws

from lis1.devtools import dynamodb_local
from lis1.services.ports.store import Store
from lis1.store.bundle import dynamodb_store, memory_store
from lis1.store.dynamo import client as client_module
from lis1.store.schema import TTL_ATTRIBUTE, ensure_table

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

ADAPTERS = ("memory", "moto", "dynamodb-local")
DYNAMODB_ADAPTERS = ("moto", "dynamodb-local")
# What a request path may send; table set-up and teardown happen outside the check.
REQUEST_OPERATIONS = frozenset(
    {
        "GetItem",
        "BatchGetItem",
        "Query",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "TransactWriteItems",
    }
)
_ADAPTER_PROPERTY = "store_adapter"


def refuse_scan(**_: Any) -> None:
    pytest.fail("Scan mot tabellen: forespørsler skal bruke GetItem, Query eller transaksjoner")


@pytest.fixture(scope="package", autouse=True)
def every_client_refuses_scan() -> Iterator[None]:
    """Wrap make_client (where the store and the DynamoDB Local runner look it up)."""
    original = client_module.make_client

    def guarded(*args: Any, **kwargs: Any) -> DynamoDBClient:
        client = original(*args, **kwargs)
        client.meta.events.register("before-call.dynamodb.Scan", refuse_scan)
        return client

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(client_module, "make_client", guarded)
        patch.setattr(dynamodb_local, "make_client", guarded)
        yield


@dataclass
class Guard:
    """Records the operations a client sends, except while told it is outside request paths."""

    operations: list[str] = field(default_factory=list)
    recording: bool = True

    @contextlib.contextmanager
    def outside_requests(self) -> Iterator[None]:
        """For table administration a test does on purpose (CreateTable, DescribeTable, ...)."""
        self.recording = False
        try:
            yield
        finally:
            self.recording = True

    def attach(self, client: DynamoDBClient) -> DynamoDBClient:
        client.meta.events.register("before-call.dynamodb", self._record)
        return client

    def _record(self, model: Any, **_: Any) -> None:
        if self.recording:
            self.operations.append(str(model.name))


@dataclass
class Backend:
    """One adapter under test: for DynamoDB ones, its guarded client and fresh table."""

    name: str
    client: DynamoDBClient | None = None
    table: str | None = None
    guard: Guard = field(default_factory=Guard)
    sleeps: list[float] = field(default_factory=list)
    """What the adapter's retries asked to wait: recorded, never waited, so tests stay fast."""

    def store(self, client: Any = None) -> Store:
        """The adapter's store; ``client`` replaces the guarded one (a wrapper around it)."""
        if self.name == "memory":
            return memory_store()
        assert self.client is not None and self.table is not None
        return dynamodb_store(
            client if client is not None else self.client,
            self.table,
            self.name,
            sleep=self.sleeps.append,
        )

    @property
    def dynamodb(self) -> DynamoDBClient:
        assert self.client is not None, "bare for DynamoDB-adaptere"
        return self.client

    @property
    def table_name(self) -> str:
        assert self.table is not None, "bare for DynamoDB-adaptere"
        return self.table


@pytest.fixture(params=ADAPTERS)
def adapter(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    request.node.user_properties.append((_ADAPTER_PROPERTY, name))
    return name


@pytest.fixture
def backend(adapter: str, request: pytest.FixtureRequest) -> Iterator[Backend]:
    if adapter == "memory":
        yield Backend(adapter)
    elif adapter == "moto":
        with mock_aws():
            yield from _dynamodb_backend(adapter, client_module.make_client(None, local=True))
    else:
        endpoint: str = request.getfixturevalue("dynamodb_local_endpoint")
        yield from _dynamodb_backend(adapter, client_module.make_client(endpoint))


def _dynamodb_backend(name: str, client: DynamoDBClient) -> Iterator[Backend]:
    guard = Guard()
    guard.attach(client)
    table = f"lis1-contract-{uuid.uuid4().hex[:12]}"
    with guard.outside_requests():
        ensure_table(client, table)
        # DynamoDB Local sweeps items whose TTL has passed, at moments of its own; the tests'
        # clock is in 2024, so a test's items could vanish between its write and its read. The
        # contract is that reads leave out what has expired by ``now``; the sweep is only AWS's
        # clean-up afterwards, so it is off for the contract.
        client.update_time_to_live(
            TableName=table,
            TimeToLiveSpecification={"Enabled": False, "AttributeName": TTL_ATTRIBUTE},
        )
    try:
        yield Backend(name, client, table, guard)
        used = set(guard.operations) - {"Scan"}  # a Scan has failed the test already
        assert used <= REQUEST_OPERATIONS, f"operasjoner utenfor forespørselsstiene: {used}"
    finally:
        with guard.outside_requests():
            client.delete_table(TableName=table)
        client.close()


@pytest.fixture
def store(backend: Backend) -> Store:
    return backend.store()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    ran: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", None) != "call":
                continue
            adapter = dict(report.user_properties).get(_ADAPTER_PROPERTY)
            if adapter is None:
                continue
            ran[adapter] += 1
            if outcome == "failed":
                failed[adapter] += 1
    if not ran:
        return
    parts = [
        f"{name} {ran[name]}" + (f" ({failed[name]} feilet)" if failed[name] else "")
        for name in ADAPTERS
    ]
    terminalreporter.write_line("Kontraktstester: " + ", ".join(parts))
