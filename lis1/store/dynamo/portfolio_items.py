"""The portfolio's items on DynamoDB and back (keys in :mod:`lis1.store.keys.portfolios`), and
the writes of a new relation, shared by the portfolio adapter and the invitations adapter whose
acceptance makes the relation."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ...domain.portfolio.activities import (
    ACTIVITY_KINDS,
    ACTIVITY_STATUSES,
    Activity,
    ActivityKind,
    ActivityStatus,
)
from ...domain.portfolio.codec import plain, read
from ...domain.portfolio.records import (
    Employment,
    EmploymentArena,
    Move,
    Origin,
    Plan,
    Portfolio,
    ServiceConfirmation,
)
from ...domain.portfolio.relations import (
    RELATION_KINDS,
    RELATION_STATUSES,
    PortfolioRole,
    Relation,
    RelationKind,
    RelationStatus,
)
from ..keys import portfolios as keys
from ..schema import GSI1PK, GSI1SK
from ..values import iso, parse_iso
from .table import Table, key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

_ARENAS: dict[str, EmploymentArena] = {"sykehus": "sykehus", "kommune": "kommune"}
_ORIGINS: dict[str, Origin] = {"tilbud": "tilbud", "egen": "egen"}
_RELATION_KINDS: dict[str, RelationKind] = {kind: kind for kind in RELATION_KINDS}
_RELATION_STATUSES: dict[str, RelationStatus] = {s: s for s in RELATION_STATUSES}
_ACTIVITY_KINDS: dict[str, ActivityKind] = {kind: kind for kind in ACTIVITY_KINDS}
_ACTIVITY_STATUSES: dict[str, ActivityStatus] = {s: s for s in ACTIVITY_STATUSES}


def _iso(value: datetime | None) -> str | None:
    return None if value is None else iso(value)


def _instant(item: dict[str, Any], name: str) -> datetime | None:
    return parse_iso(item[name]) if name in item else None


# --- the portfolio ----------------------------------------------------------------------------


def portfolio_item(portfolio: Portfolio) -> dict[str, Any]:
    return {**key(*keys.portfolio_key(portfolio.owner)), **_portfolio_attributes(portfolio)}


def employer_portfolio_copy(portfolio: Portfolio, organisation: str) -> dict[str, Any]:
    """The copy the employer's list reads (no gsi): the record's attributes."""
    return {
        **key(*keys.employer_portfolio_key(organisation, portfolio.owner)),
        **_portfolio_attributes(portfolio),
        "kind": "employer_portfolio",
    }


def _portfolio_attributes(portfolio: Portfolio) -> dict[str, Any]:
    plan = portfolio.plan
    moved = portfolio.moved
    return {
        "kind": "portfolio",
        "owner": portfolio.owner,
        "owner_name": portfolio.owner_name,
        "created_at": iso(portfolio.created_at),
        "updated_at": _iso(portfolio.updated_at),
        "version": portfolio.version,
        "plan": {"clinical": plan.clinical, "common": plan.common, "old_common": plan.old_common},
        "employments": [_employment_map(e) for e in portfolio.employments],
        "part": portfolio.part,
        "hpr": portfolio.hpr,
        "confirmations": [plain(c) for c in portfolio.confirmations],
        "moved": None
        if moved is None
        else {
            "employment_id": moved.employment_id,
            "organisation": moved.organisation,
            "by": moved.by,
            "at": iso(moved.at),
        },
    }


def _employment_map(employment: Employment) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": employment.id,
        "arena": employment.arena,
        "organisation": employment.organisation,
        "starts": employment.starts.isoformat(),
        "ends": employment.ends.isoformat(),
        "psychiatry": employment.psychiatry,
        "origin": employment.origin,
    }
    if employment.offer_id is not None:
        values["offer_id"] = employment.offer_id
    return values


def portfolio_of(item: dict[str, Any]) -> Portfolio:
    """The record (or a copy of it); its part follows from ``moved``, so an item written before
    ``part`` was stored reads as in "sykehus"."""
    plan = item["plan"]
    moved = item.get("moved")
    return Portfolio(
        owner=item["owner"],
        owner_name=item["owner_name"],
        created_at=parse_iso(item["created_at"]),
        plan=Plan(clinical=plan["clinical"], common=plan["common"], old_common=plan["old_common"]),
        employments=tuple(_employment_of(e) for e in item["employments"]),
        version=item["version"],
        updated_at=_instant(item, "updated_at"),
        hpr=item.get("hpr"),
        confirmations=tuple(read(ServiceConfirmation, c) for c in item.get("confirmations", [])),
        moved=None
        if moved is None
        else Move(
            employment_id=moved["employment_id"],
            organisation=moved["organisation"],
            by=moved["by"],
            at=parse_iso(moved["at"]),
        ),
    )


def _employment_of(values: dict[str, Any]) -> Employment:
    return Employment(
        id=values["id"],
        arena=_ARENAS[values["arena"]],
        organisation=values["organisation"],
        starts=date.fromisoformat(values["starts"]),
        ends=date.fromisoformat(values["ends"]),
        psychiatry=values["psychiatry"],
        origin=_ORIGINS[values["origin"]],
        offer_id=values.get("offer_id"),
    )


# --- relations --------------------------------------------------------------------------------


def _relation_attributes(relation: Relation) -> dict[str, Any]:
    role = relation.role
    return {
        "kind": "relation",
        "id": relation.id,
        "owner": role.owner,
        "owner_name": role.owner_name,
        "employment": role.employment_id,
        "role": role.kind,
        "organisation": role.organisation,
        "subject": relation.subject,
        "name": relation.name,
        "created_at": iso(relation.created_at),
        "status": relation.status,
        "version": relation.version,
        "confirmed_by": relation.confirmed_by,
        "confirmed_at": _iso(relation.confirmed_at),
        "ended_by": relation.ended_by,
        "ended_at": _iso(relation.ended_at),
    }


def relation_item(relation: Relation) -> dict[str, Any]:
    gsi1pk, gsi1sk = keys.relation_gsi1(relation)
    return {
        **key(*keys.relation_key(relation)),
        **_relation_attributes(relation),
        GSI1PK: gsi1pk,
        GSI1SK: gsi1sk,
    }


def employer_copy(relation: Relation) -> dict[str, Any]:
    return {**key(*keys.employer_copy_key(relation)), **_relation_attributes(relation)}


def relation_of(item: dict[str, Any]) -> Relation:
    role = PortfolioRole(
        owner=item["owner"],
        employment_id=item["employment"],
        kind=_RELATION_KINDS[item["role"]],
        organisation=item["organisation"],
        owner_name=item.get("owner_name", ""),
    )
    return Relation(
        id=item["id"],
        role=role,
        subject=item["subject"],
        name=item["name"],
        created_at=parse_iso(item["created_at"]),
        status=_RELATION_STATUSES[item["status"]],
        version=item["version"],
        confirmed_by=item.get("confirmed_by"),
        confirmed_at=_instant(item, "confirmed_at"),
        ended_by=item.get("ended_by"),
        ended_at=_instant(item, "ended_at"),
    )


def new_relation_writes(table: Table, relation: Relation) -> list[TransactWriteItemTypeDef]:
    """A relation made: the relation (Put attribute_not_exists, index 0), its employer copy
    (index 1) and, for a leder or veileder, the employment's slot (Put attribute_not_exists,
    index 2: its failure means RoleTaken)."""
    writes = [table.put(relation_item(relation), new=True), table.put(employer_copy(relation))]
    slot = keys.slot_key(relation)
    if slot is not None:
        held = {
            **key(*slot),
            "kind": "slot",
            "relation": relation.id,
            "owner": relation.role.owner,
            "employment": relation.role.employment_id,
            "role": relation.role.kind,
        }
        writes.append(table.put(held, new=True))
    return writes


# --- activities -------------------------------------------------------------------------------


def activity_attributes(activity: Activity) -> dict[str, Any]:
    return {
        "kind": "activity",
        "id": activity.id,
        "owner": activity.owner,
        "activity_kind": activity.kind,
        "day": activity.day.isoformat(),
        "description": activity.description,
        "goals": list(activity.goals),
        "status": activity.status,
        "created_at": iso(activity.created_at),
        "version": activity.version,
        "supervisor": activity.supervisor,
        "supervisor_name": activity.supervisor_name,
        "sent_at": _iso(activity.sent_at),
        "decided_at": _iso(activity.decided_at),
        "comment": activity.comment,
    }


def activity_item(activity: Activity) -> dict[str, Any]:
    item = {**key(*keys.activity_key(activity.owner, activity.id)), **activity_attributes(activity)}
    gsi1 = keys.activity_gsi1(activity)
    if gsi1 is not None:
        item[GSI1PK], item[GSI1SK] = gsi1
    return item


def activity_of(item: dict[str, Any]) -> Activity:
    return Activity(
        id=item["id"],
        owner=item["owner"],
        kind=_ACTIVITY_KINDS[item["activity_kind"]],
        day=date.fromisoformat(item["day"]),
        description=item["description"],
        goals=tuple(item["goals"]),
        status=_ACTIVITY_STATUSES[item["status"]],
        created_at=parse_iso(item["created_at"]),
        version=item["version"],
        supervisor=item.get("supervisor"),
        supervisor_name=item.get("supervisor_name"),
        sent_at=_instant(item, "sent_at"),
        decided_at=_instant(item, "decided_at"),
        comment=item.get("comment"),
    )


def waiting_write(table: Table, activity: Activity) -> TransactWriteItemTypeDef | None:
    """The waiting marker's change for a write of ``activity``: Put while it is "sendt",
    Delete once it has been sent and is not (signed, returned, recalled), else nothing."""
    if activity.sent_at is None:
        return None
    pk, sk = keys.waiting_key(activity)
    if activity.status == "sendt":
        return table.put({**key(pk, sk), **activity_attributes(activity), "kind": "waiting"})
    return table.removal(pk, sk)
