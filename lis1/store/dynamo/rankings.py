"""Ranked lists on DynamoDB: one item per ad, ``AD#<ad>`` / ``RANKING`` (see
:mod:`lis1.store.keys.offers`), replaced whole on condition of the version it was edited from,
with its audit entry in the same transaction, so two administrators saving at once cannot both
win and no change goes unlogged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...domain.errors import RankedListChanged
from ...domain.ranking import Candidate, RankedList
from ...errors import Conflict
from ...services.ports.accounts import AuditEntry
from ..keys.offers import ranking_key
from ..values import iso, keep_until_of, parse_iso, retention_fields
from .table import Table, key
from .tx import TransactionCancelled


def _ranking_of(ad_id: str, item: dict[str, Any] | None) -> RankedList:
    if item is None:
        return RankedList(ad_id, (), 0, None, "")
    rows = tuple(
        Candidate(row["candidate"], row["reference"], row["withdrawn"]) for row in item["rows"]
    )
    changed_at = parse_iso(item["changed_at"]) if "changed_at" in item else None
    return RankedList(
        ad_id, rows, item["version"], changed_at, item["changed_by"], keep_until_of(item)
    )


def _ranking_item(ranked: RankedList) -> dict[str, Any]:
    """The rows as a list of maps: 2,000 rows (the most a list has) are about 150 KB, well
    inside an item's 400 KB."""
    rows = [
        {"candidate": row.candidate, "reference": row.reference, "withdrawn": row.withdrawn}
        for row in ranked.entries
    ]
    changed_at = ranked.changed_at
    return {
        **key(*ranking_key(ranked.ad_id)),
        "kind": "ranking",
        "ad_id": ranked.ad_id,
        "rows": rows,
        "version": ranked.version,
        "changed_at": iso(changed_at) if changed_at is not None else None,
        "changed_by": ranked.changed_by,
        **retention_fields(ranked.keep_until),
    }


class DynamoRankedLists:
    def __init__(self, table: Table) -> None:
        self._table = table

    def get(self, ad_id: str) -> RankedList:
        return _ranking_of(ad_id, self._table.get(*ranking_key(ad_id)))

    def many(self, ad_ids: Iterable[str]) -> dict[str, RankedList]:
        wanted = list(ad_ids)
        items = self._table.batch_get(ranking_key(ad_id) for ad_id in wanted)
        found = {item["ad_id"]: item for item in items}
        return {ad_id: _ranking_of(ad_id, found.get(ad_id)) for ad_id in wanted}

    def save(self, ranked: RankedList, *, expected_version: int, audit: AuditEntry) -> None:
        item = _ranking_item(ranked)
        if expected_version == 0:  # none saved yet: there must still be none
            put = self._table.put(item, new=True)
        else:
            put = self._table.put(
                item,
                condition="#version = :expected",
                names={"#version": "version"},
                condition_values={":expected": expected_version},
            )
        entry = self._table.audit(audit.entity, audit.at, audit.actor, audit.action, audit.detail)
        try:
            self._table.transact([put, entry])
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                raise RankedListChanged() from cancelled
            raise Conflict() from cancelled
