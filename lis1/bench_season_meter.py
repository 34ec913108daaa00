"""What a season would cost on DynamoDB, seen from inside the boto3 client the store uses: a
hook on the client's events (``before-parameter-build`` keeps each call's parameters,
``after-call`` counts it) turns every write and read into the request units AWS would bill,
from the sizes of the items themselves (:mod:`lis1.bench_season_sizes`), never from the
ConsumedCapacity an emulator makes up.

To know an item's size before a write (DynamoDB bills PutItem and UpdateItem by the larger of
the item before and after, DeleteItem by the item deleted) the meter keeps a copy of every item
written through the client and applies each write to it: a Put replaces, an Update runs its
expression (the SET, ADD and REMOVE forms the adapters use). An expression beyond those is read
back afterwards with a second, unhooked client, and counted in ``read_backs``. :meth:`Meter.check`
compares the copy with the table at the end.

Counted as AWS describes it (assumptions marked):
- a write outside a transaction: units of the larger item; refused by its condition: units of
  the item as it stands (at least 1);
- TransactWriteItems: "two underlying reads or writes of every item in the transaction", so 2×
  for each Put, Update, Delete and ConditionCheck (the item checked, at least 1 KB);
  a cancelled transaction, ASSUMED billed the same for every item, counted apart;
- gsi1 (every attribute projected): 1 write of the new entry when an item gains or keeps the
  index keys (ASSUMED changed whenever written), 1 of the old entry when it loses them, 2 when
  a key changes; at the standard rate also inside transactions (ASSUMED: the index is updated
  after the transaction, not in it);
- reads: GetItem by the item, BatchGetItem by each item (a key not found as a small item),
  Query and Scan by the sum of the page; half for an eventually consistent read (any index).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .bench_season_sizes import (
    STORAGE_OVERHEAD_BYTES,
    BeyondUpdate,
    apply_update,
    batch_read_units,
    item_size,
    read_units,
    write_units,
)
from .store.schema import GSI1PK, GSI1SK, PK, SK

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

Item = dict[str, Any]
Key = tuple[str, str]
_PARAMS = "lis1_season_params"


@dataclass
class Tally:
    """What one phase of the season consumed."""

    calls: Counter[str] = field(default_factory=Counter)
    items_written: int = 0
    write_units: float = 0
    """Table writes outside transactions."""
    transaction_units: float = 0
    """Table writes and condition checks inside TransactWriteItems (already ×2)."""
    index_units: float = 0
    refused: int = 0
    refused_units: float = 0
    """Writes refused by a condition and cancelled transactions."""
    read_units: float = 0
    seconds: float = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    """All write units (table, transaction, index) by the kind of item written or checked."""

    @property
    def all_write_units(self) -> float:
        return self.write_units + self.transaction_units + self.index_units + self.refused_units

    def add(self, other: Tally) -> None:
        self.calls.update(other.calls)
        self.items_written += other.items_written
        self.write_units += other.write_units
        self.transaction_units += other.transaction_units
        self.index_units += other.index_units
        self.refused += other.refused
        self.refused_units += other.refused_units
        self.read_units += other.read_units
        self.seconds += other.seconds
        self.by_kind.update(other.by_kind)


def _key_of(item: Mapping[str, Any]) -> Key:
    return (item[PK]["S"], item[SK]["S"])


def _index_key(item: Item | None) -> tuple[str, str] | None:
    if item is None or GSI1PK not in item or GSI1SK not in item:
        return None
    return (item[GSI1PK]["S"], item[GSI1SK]["S"])


def _kind(item: Item | None, key: Key) -> str:
    """What an item is: its ``kind``, else the start of its keys (``ad/counts``, ``user/grant``)."""
    kind = (item or {}).get("kind", {}).get("S")
    return str(kind) if kind else "/".join(part.split("#")[0].lower() for part in key)


def _size(item: Item | None) -> int:
    return 0 if item is None else item_size(item)


class Meter:
    """Counts the calls of ``client`` by phase; ``reader`` is an unhooked client on the same
    table, for read-backs and :meth:`check`."""

    def __init__(self, client: DynamoDBClient, reader: DynamoDBClient, table: str) -> None:
        self.tallies: dict[str, Tally] = {}
        self.phase = "annet"
        self.read_backs = 0
        self._items: dict[Key, Item] = {}
        self._reader = reader
        self._table = table
        client.meta.events.register("before-parameter-build.dynamodb", self._remember)
        client.meta.events.register("after-call.dynamodb", self._count)

    @contextmanager
    def measuring(self, phase: str) -> Iterator[Tally]:
        """Count what runs inside under ``phase`` (phases may repeat: they add up)."""
        previous, self.phase = self.phase, phase
        tally = self.tally()
        started = time.perf_counter()
        try:
            yield tally
        finally:
            tally.seconds += time.perf_counter() - started
            self.phase = previous

    def tally(self, phase: str | None = None) -> Tally:
        return self.tallies.setdefault(phase or self.phase, Tally())

    def item(self, key: Key) -> Item | None:
        return self._items.get(key)

    # --- the hook ---------------------------------------------------------------------------

    def _remember(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context[_PARAMS] = params

    def _count(
        self, http_response: Any, parsed: dict[str, Any], model: Any, context: Any, **_: Any
    ) -> None:
        tally = self.tally()
        tally.calls[model.name] += 1
        params: dict[str, Any] = context.get(_PARAMS, {})
        handler = getattr(self, f"_on_{model.name}", None)
        if handler is not None:
            handler(tally, params, parsed, http_response.status_code < 300)

    # --- writes -----------------------------------------------------------------------------

    def _write(self, tally: Tally, key: Key, after: Item | None, *, twice: bool) -> None:
        before = self._items.get(key)
        units = (2 if twice else 1) * write_units(max(_size(before), _size(after)))
        index = self._index_units(before, after)
        if twice:
            tally.transaction_units += units
        else:
            tally.write_units += units
        tally.index_units += index
        tally.items_written += 1
        tally.by_kind[_kind(after or before, key)] += units + index
        if after is None:
            self._items.pop(key, None)
        else:
            self._items[key] = after

    @staticmethod
    def _index_units(before: Item | None, after: Item | None) -> int:
        old, new = _index_key(before), _index_key(after)
        units = 0
        if old is not None and old != new:
            units += write_units(_size(before))
        if new is not None:
            units += write_units(_size(after))
        return units

    def _updated(self, key: Key, update: Mapping[str, Any]) -> Item:
        try:
            return apply_update(
                self._items.get(key),
                update["Key"],
                update["UpdateExpression"],
                update.get("ExpressionAttributeNames", {}),
                update.get("ExpressionAttributeValues", {}),
            )
        except BeyondUpdate:
            self.read_backs += 1
            found = self._reader.get_item(
                TableName=self._table, Key=update["Key"], ConsistentRead=True
            )
            return dict(found["Item"])

    def _one(self, tally: Tally, kind: str, op: Any, ok: bool, *, twice: bool) -> None:
        """One Put, Update, Delete or ConditionCheck, alone or in a transaction."""
        key = _key_of(op["Item"] if kind == "Put" else op["Key"])
        if not ok or kind == "ConditionCheck":
            units = (2 if twice else 1) * write_units(_size(self._items.get(key)))
            if ok:
                tally.transaction_units += units
                tally.by_kind[_kind(self._items.get(key), key)] += units
            else:
                tally.refused_units += units
        elif kind == "Put":
            self._write(tally, key, dict(op["Item"]), twice=twice)
        elif kind == "Update":
            self._write(tally, key, self._updated(key, op), twice=twice)
        else:
            self._write(tally, key, None, twice=twice)

    def _on_PutItem(self, tally: Tally, params: Any, parsed: Any, ok: bool) -> None:
        tally.refused += not ok
        self._one(tally, "Put", params, ok, twice=False)

    def _on_UpdateItem(self, tally: Tally, params: Any, parsed: Any, ok: bool) -> None:
        tally.refused += not ok
        self._one(tally, "Update", params, ok, twice=False)

    def _on_DeleteItem(self, tally: Tally, params: Any, parsed: Any, ok: bool) -> None:
        tally.refused += not ok
        self._one(tally, "Delete", params, ok, twice=False)

    def _on_BatchWriteItem(self, tally: Tally, params: Any, parsed: Any, ok: bool) -> None:
        left = [request for more in parsed.get("UnprocessedItems", {}).values() for request in more]
        for requests in params["RequestItems"].values():
            for request in requests:
                if ok and request not in left:
                    ((kind, op),) = request.items()
                    self._one(tally, kind.removesuffix("Request"), op, ok, twice=False)

    def _on_TransactWriteItems(self, tally: Tally, params: Any, parsed: Any, ok: bool) -> None:
        tally.refused += not ok
        for entry in params["TransactItems"]:
            ((kind, op),) = entry.items()
            self._one(tally, kind, op, ok, twice=True)

    # --- reads ------------------------------------------------------------------------------

    def _on_GetItem(self, tally: Tally, params: Any, parsed: Any, ok: bool) -> None:
        size = _size(parsed.get("Item"))
        tally.read_units += read_units(size, consistent=bool(params.get("ConsistentRead")))

    def _on_BatchGetItem(self, tally: Tally, params: Any, parsed: Any, ok: bool) -> None:
        for table, wanted in params["RequestItems"].items():
            found = parsed.get("Responses", {}).get(table, [])
            left = parsed.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
            missing = len(wanted["Keys"]) - len(left) - len(found)
            sizes = [item_size(item) for item in found] + [0] * missing
            consistent = bool(wanted.get("ConsistentRead"))
            tally.read_units += batch_read_units(sizes, consistent=consistent)

    def _on_Query(self, tally: Tally, params: Any, parsed: Any, ok: bool) -> None:
        size = sum(item_size(item) for item in parsed.get("Items", []))
        consistent = bool(params.get("ConsistentRead")) and "IndexName" not in params
        tally.read_units += read_units(size, consistent=consistent)

    _on_Scan = _on_Query

    # --- the end ----------------------------------------------------------------------------

    def check(self) -> tuple[int, int, int, int]:
        """Scan the table with the unhooked client: (items, bytes stored with DynamoDB's
        overhead, bytes of gsi1 entries with theirs, items that differ from the meter's copy)."""
        items = stored = indexed = differing = 0
        seen: set[Key] = set()
        request: dict[str, Any] = {"TableName": self._table}
        while True:
            page = self._reader.scan(**request)
            for item in page["Items"]:
                key = _key_of(item)
                seen.add(key)
                items += 1
                stored += item_size(item) + STORAGE_OVERHEAD_BYTES
                if _index_key(item) is not None:
                    indexed += item_size(item) + STORAGE_OVERHEAD_BYTES
                differing += self._items.get(key) != item
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        differing += len(self._items.keys() - seen)
        return items, stored, indexed, differing
