"""Private calendar addresses on DynamoDB: the address item the feed reads with one GetItem, and
the person's current item that says which address to delete when it is replaced or turned off,
both changed in one transaction with the audit entry. Keys in :mod:`lis1.store.keys.calendars`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ...errors import Conflict
from ...services.ports.calendars import calendar_entity
from ..keys import calendars as keys
from ..values import iso, parse_iso, utc
from .table import Table, key
from .tx import TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

ATTEMPTS = 4
"""Reads and writes again when another change of the same person's address came in between."""


class DynamoCalendarLinks:
    def __init__(self, table: Table) -> None:
        self._table = table

    def replace(self, subject: str, token_hash: str, at: datetime) -> None:
        at = utc(at)
        for _attempt in range(ATTEMPTS):
            current = self._table.get(*keys.current_key(subject))
            version = current["version"] if current else 0
            new_current = {
                **key(*keys.current_key(subject)),
                "kind": "calendar_current",
                "token_hash": token_hash,
                "made_at": iso(at),
                "version": version + 1,
            }
            address = {
                **key(*keys.address_key(token_hash)),
                "kind": "calendar_address",
                "subject": subject,
                "made_at": iso(at),
            }
            items = [
                self._on_version(new_current, current),
                self._table.put(address, new=True),
                self._audit(subject, at, keys.CREATE, replaced=current is not None),
            ]
            if current is not None and current["token_hash"] != token_hash:
                items.append(self._table.removal(*keys.address_key(current["token_hash"])))
            try:
                self._table.transact(items)
            except TransactionCancelled as cancelled:
                if cancelled.condition_failed(0):
                    continue  # changed in between: read again
                raise Conflict() from cancelled
            return
        raise Conflict()

    def subject_of(self, token_hash: str) -> str | None:
        item = self._table.get(*keys.address_key(token_hash))
        return None if item is None else str(item["subject"])

    def revoke(self, subject: str, at: datetime) -> bool:
        at = utc(at)
        for _attempt in range(ATTEMPTS):
            current = self._table.get(*keys.current_key(subject))
            if current is None:
                return False
            items = [
                self._table.removal(
                    *keys.current_key(subject),
                    "#version = :version",
                    {"#version": "version"},
                    {":version": current["version"]},
                ),
                self._table.removal(*keys.address_key(current["token_hash"])),
                self._audit(subject, at, keys.REVOKE, replaced=True),
            ]
            try:
                self._table.transact(items)
            except TransactionCancelled as cancelled:
                if cancelled.condition_failed(0):
                    continue
                raise Conflict() from cancelled
            return True
        raise Conflict()

    def current(self, subject: str) -> datetime | None:
        item = self._table.get(*keys.current_key(subject))
        return None if item is None else parse_iso(item["made_at"])

    def _on_version(
        self, values: dict[str, Any], current: dict[str, Any] | None
    ) -> TransactWriteItemTypeDef:
        """A Put of the current item on condition that it is still as read."""
        if current is None:
            return self._table.put(values, new=True)
        return self._table.put(
            values,
            condition="#version = :version",
            names={"#version": "version"},
            condition_values={":version": current["version"]},
        )

    def _audit(
        self, subject: str, at: datetime, action: str, *, replaced: bool
    ) -> TransactWriteItemTypeDef:
        return self._table.audit(
            calendar_entity(subject), at, subject, action, keys.audit_detail(action, replaced)
        )
