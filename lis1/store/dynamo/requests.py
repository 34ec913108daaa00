"""Idempotency keys on DynamoDB: written by the change they guard (:mod:`.tx`), read here."""

from __future__ import annotations

import json
from datetime import datetime

from ...services.ports.requests import FirstRequest
from ..keys.requests import idempotency_key
from ..schema import TTL_ATTRIBUTE
from ..values import epoch_seconds, utc
from .table import Table


class DynamoRequests:
    def __init__(self, table: Table) -> None:
        self._table = table

    def first(self, scope: str, *, now: datetime) -> FirstRequest | None:
        item = self._table.get(*idempotency_key(scope))
        if item is None or item[TTL_ATTRIBUTE] <= epoch_seconds(utc(now)):
            return None  # TTL deletes lazily: an expired item no longer counts
        first = json.loads(item["receipt"])
        return FirstRequest(str(first.get("fingerprint")), str(first.get("result")))
