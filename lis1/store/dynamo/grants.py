"""The items of giving someone a role, shared by every write that gives one: an editor's grant
(:class:`.accounts.DynamoUsers`) and an accepted or confirmed invitation (:mod:`.invitations`),
so a role is the same item, audit entry and conflict-of-interest check whichever way it came."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ...domain.applications import still_open
from ...domain.errors import AppliedThere
from ...identity import Grant
from ...oslo import oslo_today
from ...services.ports.accounts import grant_entity
from ..keys import accounts as keys
from ..schema import GSI1PK, GSI1SK
from ..values import iso
from .table import Table, key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

GRANT_ATTEMPTS = 3
"""Reads of the open-application marks before a grant gives up (they changed each time)."""


class MarksChanged(Exception):
    """The open-application marks changed between the grant's read and its transaction."""


def grant_items(
    table: Table,
    subject: str,
    grant: Grant,
    *,
    actor: str,
    at: datetime,
    detail: dict[str, str] | None = None,
) -> list[TransactWriteItemTypeDef]:
    """The grant item (on condition that it is not held yet) and its audit entry, in that
    order; ``detail`` adds to the audit detail every grant has."""
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
    audit_detail = {**keys.grant_detail(subject, grant), **(detail or {})}
    audit = table.audit(grant_entity(subject, grant), at, actor, "grant", audit_detail)
    return [table.put(item, new=True), audit]


def conflict_checks(
    table: Table, subject: str, grant: Grant, at: datetime
) -> list[TransactWriteItemTypeDef]:
    """For a grant held for an organisation: :func:`no_open_application`; else nothing."""
    if grant.organisation is None:
        return []
    return [no_open_application(table, subject, grant.organisation, at)]


def no_open_application(
    table: Table, subject: str, organisation: str, at: datetime
) -> TransactWriteItemTypeDef:
    """AppliedThere if ``subject`` has an application open for ``organisation`` on ``at``'s
    date; else the check that the marks are still as read, for the grant's transaction (a
    failed check means :class:`MarksChanged`: read again)."""
    marks = table.get(*keys.open_applications_key(subject)) or {}
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
    return table.condition_check(
        *keys.open_applications_key(subject), condition, {"#version": "version"}, values
    )
