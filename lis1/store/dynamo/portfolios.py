"""The competence portfolio on DynamoDB: the record, the relations on it and the learning
activities (items in :mod:`lis1.store.keys.portfolios`, codecs in :mod:`.portfolio_items`).

Every change is one TransactWriteItems written only onto the version it was made from, with its
audit entry, and with the items that must move with it: the record's copy at each employer, a
relation's employer copy and slot, an activity's waiting marker. Relations are made by accepting
an invitation (:mod:`.invitations`), never here. Every read is one GetItem or Query (the
reminders' one Query per month bucket).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ...domain.portfolio.activities import Activity
from ...domain.portfolio.errors import (
    ActivityChanged,
    PortfolioChanged,
    PortfolioExists,
    RelationChanged,
)
from ...domain.portfolio.records import Portfolio
from ...domain.portfolio.relations import Relation
from ...errors import Conflict
from ...services.ports.accounts import AuditEntry
from ..keys import portfolios as keys
from ..schema import GSI1, GSI1PK, PK, SK
from ..values import iso
from .portfolio_items import (
    activity_item,
    activity_of,
    employer_copy,
    employer_portfolio_copy,
    portfolio_item,
    portfolio_of,
    relation_item,
    relation_of,
    waiting_write,
)
from .table import Table, key
from .tx import TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

_ON_VERSION = "#version = :previous"


def _audit(table: Table, audit: AuditEntry) -> TransactWriteItemTypeDef:
    return table.audit(audit.entity, audit.at, audit.actor, audit.action, audit.detail)


def _in_partition(table: Table, pk: str, prefix: str) -> list[dict[str, Any]]:
    """One (paged) strongly consistent Query of the items of ``pk`` beginning ``prefix``."""
    return list(
        table.query(
            "#pk = :pk AND begins_with(#sk, :prefix)",
            {"#pk": PK, "#sk": SK},
            {":pk": pk, ":prefix": prefix},
        )
    )


def _in_index(table: Table, gsi1pk: str) -> list[dict[str, Any]]:
    return list(table.query("#g = :g", {"#g": GSI1PK}, {":g": gsi1pk}, index=GSI1))


class DynamoPortfolios:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, portfolio: Portfolio, *, audit: AuditEntry) -> None:
        writes = [
            self._table.put(portfolio_item(portfolio), new=True),
            _audit(self._table, audit),
            *self._copies(portfolio),
        ]
        try:
            self._table.transact(writes)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                raise PortfolioExists() from cancelled
            raise Conflict() from cancelled

    def get(self, owner: str) -> Portfolio | None:
        item = self._table.get(*keys.portfolio_key(owner))
        return None if item is None else portfolio_of(item)

    def save(self, portfolio: Portfolio, *, audit: AuditEntry) -> None:
        saved = self._table.put(
            portfolio_item(portfolio),
            condition=_ON_VERSION,  # false for a missing portfolio too
            names={"#version": "version"},
            condition_values={":previous": portfolio.version - 1},
        )
        try:
            self._table.transact([saved, _audit(self._table, audit), *self._copies(portfolio)])
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                raise PortfolioChanged() from cancelled
            raise Conflict() from cancelled

    def employing(self, organisation: str) -> list[Portfolio]:
        """The employer's copies (see :mod:`lis1.store.keys.portfolios`): a copy's version may
        lag the record's, since a goal's reopening moves only the record's; writes read
        :meth:`get`."""
        pk = keys.employer_pk(organisation)
        items = _in_partition(self._table, pk, keys.PORTFOLIO_PREFIX)
        return [portfolio_of(item) for item in items]

    def _copies(self, portfolio: Portfolio) -> list[TransactWriteItemTypeDef]:
        return [
            self._table.put(employer_portfolio_copy(portfolio, organisation))
            for organisation in keys.employers(portfolio)
        ]

    def relations(self, owner: str) -> list[Relation]:
        items = _in_partition(self._table, keys.portfolio_pk(owner), keys.RELATION_PREFIX)
        return [relation_of(item) for item in items]

    def relations_of(self, subject: str) -> list[Relation]:
        # gsi1 is eventually consistent on AWS: access decisions read relations(owner).
        items = _in_index(self._table, keys.person_gsi1pk(subject))
        return [relation_of(item) for item in items]

    def at_employer(self, organisation: str) -> list[Relation]:
        items = _in_partition(self._table, keys.employer_pk(organisation), keys.RELATION_PREFIX)
        return [relation_of(item) for item in items]

    def change_relation(self, changed: Relation, *, audit: AuditEntry) -> None:
        role = changed.role
        same = ("subject", "employment", "role", "organisation")
        condition = f"{_ON_VERSION} AND #status <> :ended AND " + " AND ".join(
            f"#{name} = :{name}" for name in same
        )
        values: dict[str, Any] = {
            ":previous": changed.version - 1,
            ":ended": "avsluttet",
            ":subject": changed.subject,
            ":employment": role.employment_id,
            ":role": role.kind,
            ":organisation": role.organisation,
        }
        writes = [
            self._table.put(
                relation_item(changed),
                condition=condition,  # false for a missing relation too
                names={"#version": "version", "#status": "status"} | {f"#{n}": n for n in same},
                condition_values=values,
            ),
            self._table.put(employer_copy(changed)),
            _audit(self._table, audit),
        ]
        slot = keys.slot_key(changed)
        if changed.status == "avsluttet" and slot is not None:
            writes.append(
                self._table.removal(
                    *slot,
                    "attribute_not_exists(#pk) OR #relation = :id",
                    {"#pk": PK, "#relation": "relation"},
                    {":id": changed.id},
                )
            )
        try:
            self._table.transact(writes)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0) or cancelled.condition_failed(3):
                raise RelationChanged() from cancelled
            raise Conflict() from cancelled


class DynamoActivities:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, activity: Activity) -> None:
        pointer = {
            **key(*keys.activity_id_key(activity.id)),
            "kind": "activity_id",
            "owner": activity.owner,
        }
        writes = [
            self._table.put(activity_item(activity), new=True),
            self._table.put(pointer, new=True),
        ]
        if activity.status == "sendt" and (waiting := waiting_write(self._table, activity)):
            writes.append(waiting)
        try:
            self._table.transact(writes)
        except TransactionCancelled as cancelled:
            raise Conflict() from cancelled

    def get(self, owner: str, activity_id: str) -> Activity | None:
        item = self._table.get(*keys.activity_key(owner, activity_id))
        return None if item is None else activity_of(item)

    def of_owner(self, owner: str) -> list[Activity]:
        items = _in_partition(self._table, keys.portfolio_pk(owner), keys.ACTIVITY_PREFIX)
        return keys.newest_day_first(activity_of(item) for item in items)

    def sent_to(self, supervisor: str) -> list[Activity]:
        items = _in_index(self._table, keys.supervises_gsi1pk(supervisor))
        return keys.oldest_sent_first(activity_of(item) for item in items)

    def save(self, activity: Activity, *, audit: AuditEntry | None = None) -> None:
        writes = [
            self._table.put(
                activity_item(activity),
                condition=_ON_VERSION,  # false for a missing activity too
                names={"#version": "version"},
                condition_values={":previous": activity.version - 1},
            )
        ]
        if (waiting := waiting_write(self._table, activity)) is not None:
            writes.append(waiting)
        if audit is not None:
            writes.append(_audit(self._table, audit))
        try:
            self._table.transact(writes)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                raise ActivityChanged() from cancelled
            raise Conflict() from cancelled

    def waiting(self, sent_before: datetime) -> list[Activity]:
        before = iso(sent_before)
        found: list[Activity] = []
        for month in keys.waiting_months(sent_before):
            items = self._table.query(
                "#pk = :pk AND #sk < :before",
                {"#pk": PK, "#sk": SK},
                {":pk": month, ":before": before},
            )
            found += [activity_of(item) for item in items]
        return keys.oldest_sent_first(found)
