"""Transactions: all or nothing, retried when another transaction got in the way, and written
at most once per idempotency key."""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeAlias

from botocore.exceptions import ClientError

from ...domain.errors import StoreBusy, ValueRefused
from ..keys.requests import IDEMPOTENCY_TTL, idempotency_key
from ..schema import PK, SK, TTL_ATTRIBUTE
from ..values import epoch_seconds, iso, utc
from .client import error_code, mapped_errors

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

Sleep: TypeAlias = Callable[[float], None]

log = logging.getLogger("lis1.store")

TRANSACT_ATTEMPTS = 5
BACKOFF_BASE = 0.02
BACKOFF_CAP = 0.5
RETRYABLE_REASONS = frozenset(
    {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}
)
CONDITION_FAILED = "ConditionalCheckFailed"


class TransactionCancelled(Exception):
    """A transaction was cancelled by a condition (or another reason that retrying won't fix).

    ``reasons`` holds one cancellation code per item, in order: ``"None"`` where that item was
    fine, ``"ConditionalCheckFailed"`` where its condition failed.
    """

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__(f"transaksjonen ble avbrutt: {self.reasons}")

    def condition_failed(self, index: int) -> bool:
        return index < len(self.reasons) and self.reasons[index] == CONDITION_FAILED


def backoff(attempt: int) -> float:
    """Seconds to wait before retry ``attempt + 1``: exponential, capped, half of it random."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2.0**attempt)
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def transact(
    client: DynamoDBClient,
    items: Sequence[TransactWriteItemTypeDef],
    *,
    sleep: Sleep = time.sleep,
    attempts: int = TRANSACT_ATTEMPTS,
) -> None:
    """Write ``items`` in one TransactWriteItems, all or nothing.

    A cancellation by TransactionConflict (or throttling) is retried up to ``attempts`` times in
    all, with :func:`backoff` between; then StoreBusy. Any other cancellation raises
    :class:`TransactionCancelled` with the reasons, for the caller to map: only the caller knows
    whether a failed condition means "already done" or the user's conflict.
    """
    for attempt in range(attempts):
        try:
            with mapped_errors():
                client.transact_write_items(TransactItems=list(items))
            return
        except ClientError as error:
            if error_code(error) != "TransactionCanceledException":
                raise
            reasons = [
                str(reason.get("Code", "None"))
                for reason in error.response.get("CancellationReasons", [])
            ]
            if "ValidationError" in reasons:
                raise ValueRefused() from error
            if not RETRYABLE_REASONS.intersection(reasons):
                raise TransactionCancelled(reasons) from error
            if attempt + 1 < attempts:
                log.info("TransactionConflict, forsøk %d av %d", attempt + 1, attempts)
                sleep(backoff(attempt))
    log.warning("TransactionConflict etter %d forsøk; gir opp", attempts)
    raise StoreBusy()


def put_idempotent(
    client: DynamoDBClient,
    table: str,
    *,
    key: str,
    receipt: Mapping[str, Any],
    items: Sequence[TransactWriteItemTypeDef],
    now: datetime | None = None,
    ttl: timedelta = IDEMPOTENCY_TTL,
    sleep: Sleep = time.sleep,
) -> dict[str, Any]:
    """Write ``items`` once per ``key``; return the receipt of the first write.

    For requests a client may repeat (a form posted twice, a retried API call): the idempotency
    item (``IDEMPOTENCY#<key>``, expiring after ``ttl``) is written in the SAME transaction as
    ``items``, with the condition that no live one exists. A repeat is cancelled by that
    condition and gets the receipt stored by the first, so ``items`` are written once however
    often it is called. ClientRequestToken would do this only for 10 minutes, and moto ignores it.

    ``key`` must identify the request, scoped to its caller. ``receipt`` must be JSON; it comes
    back as a JSON round trip on every call. If one of ``items`` fails its own condition,
    :class:`TransactionCancelled` is raised with the reasons of ``items`` only (the idempotency
    item's left out), so indices match ``items``.
    """
    if len(items) > 99:
        raise ValueError(
            "en transaksjon har plass til 99 elementer ved siden av idempotensnøkkelen"
        )
    now = utc(now) if now is not None else datetime.now(UTC)
    pk, sk = idempotency_key(key)
    stored_receipt = json.dumps(receipt, ensure_ascii=False, sort_keys=True)
    marker: TransactWriteItemTypeDef = {
        "Put": {
            "TableName": table,
            "Item": {
                PK: {"S": pk},
                SK: {"S": sk},
                "kind": {"S": "idempotency"},
                "receipt": {"S": stored_receipt},
                "created_at": {"S": iso(now)},
                TTL_ATTRIBUTE: {"N": str(epoch_seconds(now + ttl))},
            },
            # An expired item may linger until TTL deletes it: it no longer counts.
            "ConditionExpression": "attribute_not_exists(#pk) OR #expires <= :now",
            "ExpressionAttributeNames": {"#pk": PK, "#expires": TTL_ATTRIBUTE},
            "ExpressionAttributeValues": {":now": {"N": str(epoch_seconds(now))}},
        }
    }
    for _attempt in range(2):  # a second round only if the first's item expired in between
        try:
            transact(client, [marker, *items], sleep=sleep)
        except TransactionCancelled as cancelled:
            if not cancelled.condition_failed(0):
                raise TransactionCancelled(cancelled.reasons[1:]) from cancelled
        else:
            loaded: dict[str, Any] = json.loads(stored_receipt)
            return loaded
        with mapped_errors():
            found = client.get_item(
                TableName=table, Key={PK: {"S": pk}, SK: {"S": sk}}, ConsistentRead=True
            ).get("Item")
        if found is not None:
            first: dict[str, Any] = json.loads(found["receipt"]["S"])
            return first
    raise StoreBusy()
