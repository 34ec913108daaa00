"""Invitations on DynamoDB: each change one transaction with its audit entry, written only onto
the version it was made from, and an accepted role granted in that same transaction, so a role
is never given twice, nor without the invitation being used; a relation on a portfolio likewise
made with the acceptance (or confirmation), or refused with the invitation left as it was when
the employment's slot is held. Keys in :mod:`lis1.store.keys.invitations` and
:mod:`lis1.store.keys.portfolios`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ...domain.errors import InvitationChanged
from ...domain.invitations import STORED_STATUSES, Invitation, StoredStatus
from ...domain.portfolio.errors import RoleTaken
from ...domain.portfolio.relations import PortfolioRole
from ...errors import Conflict
from ...services.ports.invitations import invitation_entity
from ..keys import invitations as keys
from ..schema import GSI1, GSI1PK, GSI1SK, TTL_ATTRIBUTE
from ..values import epoch_seconds, iso, parse_iso
from .grants import GRANT_ATTEMPTS, conflict_checks, grant_items
from .portfolio_items import new_relation_writes
from .table import Table, key
from .tx import TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

_STATUSES: dict[str, StoredStatus] = {status: status for status in STORED_STATUSES}
_INSTANTS = ("created_at", "expires_at", "accepted_at", "changed_at")


def _item(invitation: Invitation) -> dict[str, Any]:
    gsi1pk, gsi1sk = keys.invitation_gsi1(invitation)
    kept = keys.kept_until(invitation)
    return {
        **key(*keys.invitation_key(invitation.token_hash)),
        "kind": "invitation",
        GSI1PK: gsi1pk,
        GSI1SK: gsi1sk,
        "id": invitation.id,
        "token_hash": invitation.token_hash,
        **keys.purpose_attributes(invitation),
        "name": invitation.name,
        "email": invitation.email,
        "inviter": invitation.inviter,
        "inviter_name": invitation.inviter_name,
        "status": invitation.status,
        "version": invitation.version,
        "accepted_by": invitation.accepted_by,
        "accepted_name": invitation.accepted_name,
        "changed_by": invitation.changed_by,
        **{name: _iso(getattr(invitation, name)) for name in _INSTANTS},
        TTL_ATTRIBUTE: epoch_seconds(kept) if kept is not None else None,
    }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else iso(value)


def _instant(item: dict[str, Any], name: str) -> datetime | None:
    return parse_iso(item[name]) if name in item else None


def _invitation_of(item: dict[str, Any]) -> Invitation:
    return Invitation(
        id=item["id"],
        token_hash=item["token_hash"],
        purpose=keys.purpose_of(item),
        name=item["name"],
        email=item["email"],
        inviter=item["inviter"],
        inviter_name=item["inviter_name"],
        created_at=parse_iso(item["created_at"]),
        expires_at=parse_iso(item["expires_at"]),
        status=_STATUSES[item["status"]],
        version=item["version"],
        accepted_by=item.get("accepted_by"),
        accepted_name=item.get("accepted_name"),
        accepted_at=_instant(item, "accepted_at"),
        changed_by=item.get("changed_by"),
        changed_at=_instant(item, "changed_at"),
    )


class DynamoInvitations:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, invitation: Invitation) -> None:
        items = [
            self._table.put(_item(invitation), new=True),
            self._table.put(self._id_item(invitation), new=True),
            self._audit(invitation),
        ]
        try:
            self._table.transact(items)
        except TransactionCancelled as cancelled:
            raise Conflict() from cancelled

    def get(self, token_hash: str) -> Invitation | None:
        item = self._table.get(*keys.invitation_key(token_hash))
        return None if item is None else _invitation_of(item)

    def by_id(self, invitation_id: str) -> Invitation | None:
        pointer = self._table.get(*keys.invitation_id_key(invitation_id))
        if pointer is None:
            return None
        found = self.get(pointer["token_hash"])
        return found if found is not None and found.id == invitation_id else None

    def by_inviter(self, inviter: str) -> list[Invitation]:
        items = self._table.query(
            "#g = :g",
            {"#g": GSI1PK},
            {":g": keys.inviter_gsi1pk(inviter)},
            index=GSI1,
            forward=False,
        )
        return [_invitation_of(item) for item in items]

    def awaiting_confirmation(self, inviter: str) -> list[Invitation]:
        return [i for i in self.by_inviter(inviter) if i.status == "venter_på_bekreftelse"]

    def accept(self, accepted: Invitation) -> bool:
        if accepted.status not in {"akseptert", "venter_på_bekreftelse"}:
            raise ValueError(f"en akseptert invitasjon har ikke status {accepted.status!r}")
        return self._change(accepted, ("sendt",), unexpired=True)

    def confirm(self, confirmed: Invitation) -> bool:
        if confirmed.status != "akseptert":
            raise ValueError(f"en bekreftet invitasjon har ikke status {confirmed.status!r}")
        return self._change(confirmed, ("venter_på_bekreftelse",))

    def revoke(self, revoked: Invitation) -> None:
        if revoked.status != "trukket":
            raise ValueError(f"en trukket invitasjon har ikke status {revoked.status!r}")
        self._change(revoked, ("sendt", "venter_på_bekreftelse"))

    def _change(
        self, changed: Invitation, was: tuple[StoredStatus, ...], *, unexpired: bool = False
    ) -> bool:
        """Write ``changed`` onto the stored version before it, if its status is one of ``was``
        (and with ``unexpired``, it has not expired at the change's instant)."""
        at = changed.changed_at
        if at is None:
            raise ValueError("en endret invitasjon mangler changed_at")
        names = {"#version": "version", "#status": "status", "#id": "id"}
        values: dict[str, Any] = {":version": changed.version - 1, ":id": changed.id}
        values |= {f":was{n}": status for n, status in enumerate(was)}
        statuses = " OR ".join(f"#status = :was{n}" for n in range(len(was)))
        condition = f"#version = :version AND #id = :id AND ({statuses})"
        if unexpired:
            names["#expires_at"] = "expires_at"
            values[":now"] = iso(at)
            condition += " AND #expires_at > :now"
        invitation = self._table.put(
            _item(changed), condition=condition, names=names, condition_values=values
        )
        writes = [invitation, self._audit(changed), self._table.put(self._id_item(changed))]
        gives = changed.status == "akseptert" and changed.accepted_by is not None
        relates = isinstance(changed.purpose, PortfolioRole)
        for _attempt in range(GRANT_ATTEMPTS):
            role = self._role_items(changed) if gives else []
            try:
                self._table.transact([*writes, *role])
            except TransactionCancelled as cancelled:
                if cancelled.condition_failed(0):
                    raise InvitationChanged() from cancelled
                if gives and cancelled.condition_failed(len(writes)):
                    gives = False  # held already: the invitation is used all the same
                    continue
                if gives and cancelled.condition_failed(len(writes) + 2):
                    if relates:
                        raise RoleTaken() from cancelled  # the employment's slot is held
                    continue  # an application or withdrawal came in between: read again
                raise Conflict() from cancelled
            return gives
        raise Conflict()

    def _role_items(self, changed: Invitation) -> list[TransactWriteItemTypeDef]:
        """What accepting gives, first the item whose condition says it is held already: for a
        role, the grant and its audit entry, then the conflict-of-interest check (which raises
        AppliedThere before anything is written); for a portfolio role, the relation, its
        employer copy, and the slot of a leder or veileder."""
        subject, purpose = changed.accepted_by, changed.purpose
        assert subject is not None and changed.changed_at is not None
        if isinstance(purpose, PortfolioRole):
            return new_relation_writes(self._table, keys.relation_of(changed))
        at = changed.changed_at
        items = grant_items(
            self._table,
            subject,
            purpose,
            actor=changed.inviter,
            at=at,
            detail=keys.grant_audit_detail(changed),
        )
        return [*items, *conflict_checks(self._table, subject, purpose, at)]

    def _id_item(self, invitation: Invitation) -> dict[str, Any]:
        kept = keys.kept_until(invitation)
        return {
            **key(*keys.invitation_id_key(invitation.id)),
            "kind": "invitation_id",
            "token_hash": invitation.token_hash,
            TTL_ATTRIBUTE: epoch_seconds(kept) if kept is not None else None,
        }

    def _audit(self, invitation: Invitation) -> TransactWriteItemTypeDef:
        return self._table.audit(
            invitation_entity(invitation),
            invitation.changed_at or invitation.created_at,
            invitation.changed_by or invitation.inviter,
            keys.audit_action(invitation),
            keys.audit_detail(invitation),
        )
