"""People, their roles, the audit log and the local settings, on DynamoDB."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ...domain.applications import still_open
from ...domain.errors import AppliedThere
from ...errors import Conflict
from ...identity import Grant, Role, User
from ...oslo import oslo_today
from ...services.ports.accounts import AuditEntry, grant_entity
from ..keys import accounts as keys
from ..schema import GSI1, GSI1PK, GSI1SK, PK, SK
from ..values import iso, parse_iso
from .table import Table, key
from .tx import TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef


def _grant_of(item: dict[str, Any]) -> Grant:
    return Grant(Role(item["role"]), item.get("organisation"))


GRANT_ATTEMPTS = 3
"""Reads of the open-application marks before a grant gives up (they changed each time)."""


class MarksChanged(Exception):
    """The open-application marks changed between the grant's read and its transaction."""


class DynamoUsers:
    def __init__(self, table: Table) -> None:
        self._table = table

    def get(self, subject: str) -> User | None:
        item = self._table.get(*keys.user_key(subject))
        if item is None:
            return None
        return User(item["subject"], item["name"], item.get("email"), parse_iso(item["created_at"]))

    def save(self, user: User) -> None:
        names = {"#kind": "kind", "#subject": "subject", "#name": "name", "#created": "created_at"}
        values: dict[str, Any] = {
            ":kind": "user",
            ":subject": user.subject,
            ":name": user.name,
            ":created": iso(user.created_at),
        }
        expression = (
            "SET #kind = :kind, #subject = :subject, #name = :name, "
            "#created = if_not_exists(#created, :created)"
        )
        names["#email"] = "email"
        if user.email is None:
            expression += " REMOVE #email"
        else:
            expression += ", #email = :email"
            values[":email"] = user.email
        self._table.update_now(*keys.user_key(user.subject), expression, names, values)

    def grants(self, subject: str) -> frozenset[Grant]:
        pk, _ = keys.user_key(subject)
        items = self._table.query(
            "#pk = :pk AND begins_with(#sk, :prefix)",
            {"#pk": PK, "#sk": SK},
            {":pk": pk, ":prefix": keys.GRANT_PREFIX},
        )
        return frozenset(_grant_of(item) for item in items)

    def grant(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        item: dict[str, Any] = {
            **key(*keys.grant_key(subject, grant)),
            "kind": "grant",
            "subject": subject,
            "role": grant.role.value,
            "organisation": grant.organisation,
            "granted_at": iso(at),
            "granted_by": actor,
        }
        if (gsi1 := keys.grant_gsi1(subject, grant)) is not None:
            item[GSI1PK], item[GSI1SK] = gsi1
        audit = self._table.audit(
            grant_entity(subject, grant), at, actor, "grant", keys.grant_detail(subject, grant)
        )
        if grant.organisation is None:
            return self._write_or_already(self._table.put(item, new=True), audit)
        for _attempt in range(GRANT_ATTEMPTS):
            check = self._no_open_application(subject, grant.organisation, at)
            try:
                return self._write_or_already(self._table.put(item, new=True), audit, check)
            except MarksChanged:
                continue  # an application or withdrawal came in between: read again
        raise Conflict()

    def _no_open_application(
        self, subject: str, organisation: str, at: datetime
    ) -> TransactWriteItemTypeDef:
        """AppliedThere if ``subject`` has an application open for ``organisation`` on ``at``'s
        date; else the check that the marks are still as read, for the grant's transaction."""
        marks = self._table.get(*keys.open_applications_key(subject)) or {}
        today = oslo_today(at)
        prefix = keys.open_prefix(organisation)
        if any(
            name.startswith(prefix) and still_open(date.fromisoformat(until), today)
            for name, until in marks.items()
        ):
            raise AppliedThere()
        if "version" not in marks:
            condition, values = "attribute_not_exists(#version)", {}
        else:
            condition, values = "#version = :version", {":version": marks["version"]}
        return self._table.condition_check(
            *keys.open_applications_key(subject), condition, {"#version": "version"}, values
        )

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
