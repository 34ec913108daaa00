"""The DynamoDB client and what its failures mean for a request: an outage or overload is
"try again" (503), a value the table refuses is the caller's mistake (400), anything else is a
bug and stays one."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ...domain.errors import StoreBusy, StoreDown, ValueRefused

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

log = logging.getLogger("lis1.store")

REGION = "eu-north-1"
# DynamoDB Local accepts only letters and digits in the access key; moto accepts anything.
LOCAL_ACCESS_KEY = "local"
LOCAL_SECRET_KEY = "local"

# Errors that mean "the store is down or overloaded", not "the request is wrong".
OUTAGE_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
    }
)


def make_client(
    endpoint_url: str | None,
    region: str = REGION,
    *,
    local: bool | None = None,
    connect_timeout: float = 2,
    read_timeout: float = 5,
    max_attempts: int = 3,
) -> DynamoDBClient:
    """A DynamoDB client; with ``endpoint_url`` (DynamoDB Local) it carries dummy credentials.

    ``local`` forces dummy credentials (moto, which has no endpoint) or the default credential
    chain; by default it is whether an ``endpoint_url`` is given. Timeouts are short and
    botocore's standard retry mode backs off on throttling, so a request path fails fast.
    """
    if local is None:
        local = endpoint_url is not None
    key, secret = (LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY) if local else (None, None)
    session = boto3.session.Session(
        aws_access_key_id=key, aws_secret_access_key=secret, region_name=region
    )
    config = Config(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"mode": "standard", "total_max_attempts": max_attempts},
    )
    return session.client("dynamodb", endpoint_url=endpoint_url, config=config)


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def mapped_errors() -> Iterator[None]:
    """Around every call: an outage is StoreDown, overload StoreBusy, a refused value
    ValueRefused; anything else (a bug) stays as it is."""
    try:
        yield
    except BotoCoreError as error:
        log.warning("DynamoDB svarer ikke: %s", type(error).__name__)
        raise StoreDown() from error
    except ClientError as error:
        if error_code(error) in OUTAGE_CODES:
            log.warning("DynamoDB er overbelastet: %s", error_code(error))
            raise StoreBusy() from error
        if error_code(error) == "ValidationException":
            raise ValueRefused() from error
        raise


def ping(client: DynamoDBClient, table_name: str | None = None) -> None:
    """Raise StoreDown unless the table store answers.

    With ``table_name`` it asks for that table (DescribeTable: needs no account-wide
    permission, and a missing table counts as unavailable); without, for any table (ListTables).
    """
    # Not logged here: a readiness loop pings many times before the store answers.
    try:
        if table_name is None:
            client.list_tables(Limit=1)
        else:
            client.describe_table(TableName=table_name)
    except (BotoCoreError, ClientError) as error:
        raise StoreDown() from error
