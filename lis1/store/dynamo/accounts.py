"""People, their roles, the audit log and the local settings, on DynamoDB."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ...errors import Conflict
from ...identity import Grant, Role, User
from ...services.ports.accounts import AuditEntry, grant_entity
from ..keys import accounts as keys
from ..schema import GSI1, GSI1PK, GSI1SK, PK, SK
from ..values import iso, parse_iso
from .grants import GRANT_ATTEMPTS, MarksChanged, conflict_checks, grant_items
from .people import find_users, forget_user, save_user, user_of
from .table import Table, key
from .tx import TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


def _grant_of(item: dict[str, Any]) -> Grant:
    return Grant(Role(item["role"]), item.get("organisation"))


class DynamoUsers:
    def __init__(self, table: Table) -> None:
        self._table = table

    def get(self, subject: str) -> User | None:
        item = self._table.get(*keys.user_key(subject))
        return None if item is None or item.get("kind") == keys.FORGOTTEN else user_of(item)

    def save(self, user: User) -> None:
        save_user(self._table, user)

    def find(self, text: str, limit: int = 20) -> list[User]:
        return find_users(self._table, text, limit)

    def grants(self, subject: str) -> frozenset[Grant]:
        pk, _ = keys.user_key(subject)
        items = self._table.query(
            "#pk = :pk AND begins_with(#sk, :prefix)",
            {"#pk": PK, "#sk": SK},
            {":pk": pk, ":prefix": keys.GRANT_PREFIX},
        )
        return frozenset(_grant_of(item) for item in items)

    def grant(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        change, audit = grant_items(self._table, subject, grant, actor=actor, at=at)
        for _attempt in range(GRANT_ATTEMPTS):
            checks = conflict_checks(self._table, subject, grant, at)
            try:
                return self._write_or_already(change, audit, *checks)
            except MarksChanged:
                continue  # an application or withdrawal came in between: read again
        raise Conflict()

    def revoke(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        delete = self._table.removal(*keys.grant_key(subject, grant), "attribute_exists(#pk)")
        audit = self._table.audit(
            grant_entity(subject, grant), at, actor, "revoke", keys.grant_detail(subject, grant)
        )
        return self._write_or_already(delete, audit)

    def _write_or_already(
        self,
        change: TransactWriteItemTypeDef,
        audit: TransactWriteItemTypeDef,
        *checks: TransactWriteItemTypeDef,
    ) -> bool:
        """Write the change and its audit entry together; False if the change's condition says
        it was already so (then neither is written). ``checks`` guard against a conflict of
        interest."""
        try:
            self._table.transact([change, audit, *checks])
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                return False
            if any(cancelled.condition_failed(2 + n) for n in range(len(checks))):
                raise MarksChanged() from cancelled
            raise Conflict() from cancelled
        return True

    def forget(self, subject: str, *, at: datetime) -> None:
        forget_user(self._table, subject, at=at)

    def holders(self, organisation: str) -> list[tuple[str, Grant]]:
        # gsi1 is eventually consistent: on AWS a grant shows here a moment after it is written
        # (moto and DynamoDB Local show it at once). grants(subject) reads the base table.
        items = self._table.query(
            "#g = :g AND begins_with(#gs, :prefix)",
            {"#g": GSI1PK, "#gs": GSI1SK},
            {":g": keys.org_gsi1pk(organisation), ":prefix": "USER#"},
            index=GSI1,
        )
        # Sorted here as well as by gsi1sk, so a subject with odd characters sorts as in Python.
        return sorted((item["subject"], _grant_of(item)) for item in items)


class DynamoAuditLog:
    def __init__(self, table: Table) -> None:
        self._table = table

    def entries(self, entity: str) -> list[AuditEntry]:
        items = self._table.query("#pk = :pk", {"#pk": PK}, {":pk": keys.audit_pk(entity)})
        return [
            AuditEntry(
                entity=item["entity"],
                at=parse_iso(item["at"]),
                actor=item["actor"],
                action=item["action"],
                detail=dict(item["detail"]),
            )
            for item in items
        ]


class DynamoSettings:
    def __init__(self, table: Table) -> None:
        self._table = table

    def clock_offset(self) -> timedelta:
        item = self._table.get(*keys.setting_key(keys.CLOCK))
        return timedelta(0) if item is None else timedelta(microseconds=item["offset_us"])

    def set_clock_offset(self, offset: timedelta, *, actor: str, at: datetime) -> None:
        value = {"offset_us": offset // timedelta(microseconds=1)}
        detail = keys.clock_detail(offset)
        self._set(keys.CLOCK, value, "set_clock_offset", detail, actor=actor, at=at)

    def demo_anchor(self) -> date | None:
        item = self._table.get(*keys.setting_key(keys.DEMO_ANCHOR))
        return None if item is None else date.fromisoformat(item["anchor"])

    def set_demo_anchor(self, anchor: date, *, actor: str, at: datetime) -> None:
        value = {"anchor": anchor.isoformat()}
        detail = keys.demo_anchor_detail(anchor)
        self._set(keys.DEMO_ANCHOR, value, "set_demo_anchor", detail, actor=actor, at=at)

    def _set(
        self,
        name: str,
        value: dict[str, Any],
        action: str,
        detail: dict[str, str],
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Write the setting and its audit entry in one transaction."""
        setting = {
            **key(*keys.setting_key(name)),
            "kind": "setting",
            "updated_at": iso(at),
            **value,
        }
        audit = self._table.audit(keys.setting_entity(name), at, actor, action, detail)
        try:
            self._table.transact([self._table.put(setting), audit])
        except TransactionCancelled as cancelled:  # only the audit entry has a condition
            raise Conflict() from cancelled
