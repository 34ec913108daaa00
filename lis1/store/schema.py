"""The one definition of LIS1's single DynamoDB table: attributes, index and TTL.

The API, the local server, infra/ and the tests all create the table from
:func:`create_table_kwargs`, so there is no second copy of the key schema to drift. Every item
has a string partition key ``pk`` and sort key ``sk``; one overloaded global secondary index
``gsi1`` (``gsi1pk``/``gsi1sk``, all attributes projected) answers the "by the other side"
questions; ``expires`` (epoch seconds) lets DynamoDB's TTL delete short-lived items, lazily
(within days), so readers still check the item's own ``expires_at``.

The items of each context, and their keys, are in :mod:`lis1.store.keys`: accounts (users and
their search entries, grants, sessions, sign-ins, audit, settings), positions (ads, applications,
receipts), invitations, requests (idempotency), offers, calendars, notices and portfolios
(records, relations with their slots and employer copies, activities). Ids in keys are stable
ids from data/ or the identity provider; the adapters keep the domain values as plain
attributes too, so nothing is parsed out of a key. Instants are ISO-8601 UTC text of fixed
width (:mod:`lis1.store.values`).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import CreateTableInputTypeDef

PK = "pk"
SK = "sk"
GSI1 = "gsi1"
GSI1PK = "gsi1pk"
GSI1SK = "gsi1sk"
TTL_ATTRIBUTE = "expires"


class TableMismatch(RuntimeError):
    """An existing table does not have the key schema this code expects."""


def create_table_kwargs(table_name: str) -> CreateTableInputTypeDef:
    """Arguments for ``client.create_table(**...)``: the table as this module defines it."""
    return {
        "TableName": table_name,
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in (PK, SK, GSI1PK, GSI1SK)
        ],
        "KeySchema": [
            {"AttributeName": PK, "KeyType": "HASH"},
            {"AttributeName": SK, "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": GSI1,
                "KeySchema": [
                    {"AttributeName": GSI1PK, "KeyType": "HASH"},
                    {"AttributeName": GSI1SK, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }


def ensure_table(
    client: DynamoDBClient, table_name: str, *, delay: int = 1, max_attempts: int = 120
) -> None:
    """Create the table unless it exists, wait until it is ACTIVE, and switch TTL on.

    Safe to run again and from several processes at once. An existing table with another key
    schema raises :class:`TableMismatch` rather than being used or changed.
    """
    # The table may exist already, or another process may be creating it: the waiter covers both.
    with contextlib.suppress(client.exceptions.ResourceInUseException):
        client.create_table(**create_table_kwargs(table_name))
    client.get_waiter("table_exists").wait(
        TableName=table_name, WaiterConfig={"Delay": delay, "MaxAttempts": max_attempts}
    )
    _check_schema(client, table_name)
    _enable_ttl(client, table_name)


def _check_schema(client: DynamoDBClient, table_name: str) -> None:
    wanted = create_table_kwargs(table_name)
    table = client.describe_table(TableName=table_name)["Table"]
    keys = [(k["AttributeName"], k["KeyType"]) for k in table.get("KeySchema", [])]
    indexes = {
        index["IndexName"]: [(k["AttributeName"], k["KeyType"]) for k in index["KeySchema"]]
        for index in table.get("GlobalSecondaryIndexes", [])
    }
    wanted_keys = [(k["AttributeName"], k["KeyType"]) for k in wanted["KeySchema"]]
    wanted_gsi = [(GSI1PK, "HASH"), (GSI1SK, "RANGE")]
    if keys != wanted_keys or indexes.get(GSI1) != wanted_gsi:
        raise TableMismatch(
            f"Tabellen {table_name} har et annet nøkkeloppsett enn lis1.store.schema "
            f"(nøkler {keys}, indekser {indexes}). Bruk en ny tabell eller migrer den."
        )


def _enable_ttl(client: DynamoDBClient, table_name: str) -> None:
    try:
        current = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
        if current.get("TimeToLiveStatus") in {"ENABLED", "ENABLING"}:
            return
        client.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
        )
    except client.exceptions.ClientError as error:
        # An engine without TTL (or a concurrent enable) leaves expiry to the readers, which
        # check expires_at themselves anyway.
        if error.response.get("Error", {}).get("Code") not in {
            "UnknownOperationException",
            "ValidationException",
        }:
            raise
