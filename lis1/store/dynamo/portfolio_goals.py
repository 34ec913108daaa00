"""The goals on their way to approval and the supervision conversations on DynamoDB (items in
:mod:`lis1.store.keys.portfolios`, codecs in :mod:`.goal_items`).

A goal is written only while the record is still in the part it was read in: the hospital's
approvals are settled once the kommune has confirmed the start. That is a condition on the
portfolio item in the goal's own transaction: a ConditionCheck, or for a reopening an Update
that moves the record's version on, so a move to the kommune made from a read before the
reopening fails. Every save is one TransactWriteItems with its audit entry; every read one
GetItem or Query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...domain.portfolio.approvals import GoalApproval
from ...domain.portfolio.conversations import Conversation
from ...domain.portfolio.errors import ConversationChanged, GoalChanged
from ...domain.portfolio.records import Portfolio
from ...errors import Conflict
from ...services.ports.accounts import AuditEntry
from ..keys import portfolios as keys
from ..schema import PK
from .goal_items import (
    conversation_item,
    conversation_of,
    conversation_pointer,
    goal_item,
    goal_of,
)
from .portfolios import _audit, _in_partition
from .table import Table
from .tx import CONDITION_FAILED, TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

_HOSPITAL = "sykehus"


def _on_version(table: Table, item: dict[str, Any], version: int) -> TransactWriteItemTypeDef:
    """A Put of a new item at version 1, else onto ``version - 1`` (false when absent)."""
    if version == 1:
        return table.put(item, new=True)
    return table.put(
        item,
        condition="#version = :previous",
        names={"#version": "version"},
        condition_values={":previous": version - 1},
    )


def _in_part(part: str) -> tuple[str, dict[str, str]]:
    """The condition that the stored portfolio is in ``part`` (``:part``): an item written
    before ``part`` was stored is in the hospital's. DynamoDB compares no two values, so the
    case is chosen here."""
    if part == _HOSPITAL:
        condition = "attribute_exists(#pk) AND (attribute_not_exists(#part) OR #part = :part)"
        return condition, {"#pk": PK, "#part": "part"}
    return "#part = :part", {"#part": "part"}


def _cancelled_by_condition(cancelled: TransactionCancelled) -> bool:
    return CONDITION_FAILED in cancelled.reasons


class DynamoGoals:
    def __init__(self, table: Table) -> None:
        self._table = table

    def of_owner(self, owner: str) -> list[GoalApproval]:
        items = _in_partition(self._table, keys.portfolio_pk(owner), keys.GOAL_PREFIX)
        return sorted((goal_of(item) for item in items), key=lambda g: g.code)

    def get(self, owner: str, code: str) -> GoalApproval | None:
        item = self._table.get(*keys.goal_key(owner, code))
        return None if item is None else goal_of(item)

    def save(
        self, goal: GoalApproval, *, audit: AuditEntry, within: Portfolio, reopens: bool = False
    ) -> None:
        condition, names = _in_part(within.part)
        values: dict[str, Any] = {":part": within.part}
        record = keys.portfolio_key(goal.owner)
        if reopens:
            names["#version"] = "version"
            values |= {":read": within.version, ":one": 1}
            portfolio = self._table.update(
                *record,
                "SET #version = #version + :one",
                names,
                values,
                condition=f"({condition}) AND #version = :read",
            )
        else:
            portfolio = self._table.condition_check(*record, condition, names, values)
        writes = [
            _on_version(self._table, goal_item(goal), goal.version),
            portfolio,
            _audit(self._table, audit),
        ]
        try:
            self._table.transact(writes)
        except TransactionCancelled as cancelled:
            if _cancelled_by_condition(cancelled):
                raise GoalChanged() from cancelled
            raise Conflict() from cancelled


class DynamoConversations:
    def __init__(self, table: Table) -> None:
        self._table = table

    def of_owner(self, owner: str) -> list[Conversation]:
        items = _in_partition(self._table, keys.portfolio_pk(owner), keys.CONVERSATION_PREFIX)
        return keys.newest_conversation_first(conversation_of(item) for item in items)

    def get(self, owner: str, conversation_id: str) -> Conversation | None:
        item = self._table.get(*keys.conversation_key(owner, conversation_id))
        return None if item is None else conversation_of(item)

    def save(self, conversation: Conversation, *, audit: AuditEntry) -> None:
        writes = [
            _on_version(self._table, conversation_item(conversation), conversation.version),
            _audit(self._table, audit),
        ]
        if conversation.version == 1:  # the id's one place, taken with the first version
            writes.append(self._table.put(conversation_pointer(conversation), new=True))
        try:
            self._table.transact(writes)
        except TransactionCancelled as cancelled:
            if _cancelled_by_condition(cancelled):
                raise ConversationChanged() from cancelled
            raise Conflict() from cancelled
