"""In-memory fake of the invitations port: the conditions of the DynamoDB adapter, checked under
the store's one lock, and roles given through the same grants and audit log as
:class:`.accounts.MemoryUsers`."""

from __future__ import annotations

from dataclasses import replace

from ...domain.errors import InvitationChanged
from ...domain.invitations import Invitation, StoredStatus
from ...errors import Conflict
from ...identity import Grant
from ...services.ports.invitations import invitation_entity
from ..keys.invitations import (
    audit_action,
    audit_detail,
    grant_audit_detail,
    newest_first,
    relation_of,
)
from ..values import utc
from .state import State


def _utc(invitation: Invitation) -> Invitation:
    """With every instant in UTC, as DynamoDB gives them back (naive ones refused)."""
    accepted_at, changed_at = invitation.accepted_at, invitation.changed_at
    return replace(
        invitation,
        created_at=utc(invitation.created_at),
        expires_at=utc(invitation.expires_at),
        accepted_at=utc(accepted_at) if accepted_at is not None else None,
        changed_at=utc(changed_at) if changed_at is not None else None,
    )


class MemoryInvitations:
    def __init__(self, state: State) -> None:
        self._state = state
        self._by_hash: dict[str, Invitation] = {}
        self._hash_of_id: dict[str, str] = {}

    def create(self, invitation: Invitation) -> None:
        invitation = _utc(invitation)
        with self._state.lock:
            if invitation.token_hash in self._by_hash or invitation.id in self._hash_of_id:
                raise Conflict()
            self._by_hash[invitation.token_hash] = invitation
            self._hash_of_id[invitation.id] = invitation.token_hash
            self._record(invitation)

    def get(self, token_hash: str) -> Invitation | None:
        with self._state.lock:
            return self._by_hash.get(token_hash)

    def by_id(self, invitation_id: str) -> Invitation | None:
        with self._state.lock:
            token_hash = self._hash_of_id.get(invitation_id)
            return None if token_hash is None else self._by_hash.get(token_hash)

    def by_inviter(self, inviter: str) -> list[Invitation]:
        with self._state.lock:
            return newest_first(i for i in self._by_hash.values() if i.inviter == inviter)

    def awaiting_confirmation(self, inviter: str) -> list[Invitation]:
        return [i for i in self.by_inviter(inviter) if i.status == "venter_på_bekreftelse"]

    def accept(self, accepted: Invitation) -> bool:
        if accepted.status not in {"akseptert", "venter_på_bekreftelse"}:
            raise ValueError(f"en akseptert invitasjon har ikke status {accepted.status!r}")
        return self._change(_utc(accepted), ("sendt",), unexpired=True)

    def confirm(self, confirmed: Invitation) -> bool:
        if confirmed.status != "akseptert":
            raise ValueError(f"en bekreftet invitasjon har ikke status {confirmed.status!r}")
        return self._change(_utc(confirmed), ("venter_på_bekreftelse",))

    def revoke(self, revoked: Invitation) -> None:
        if revoked.status != "trukket":
            raise ValueError(f"en trukket invitasjon har ikke status {revoked.status!r}")
        self._change(_utc(revoked), ("sendt", "venter_på_bekreftelse"))

    def _change(
        self, changed: Invitation, was: tuple[StoredStatus, ...], *, unexpired: bool = False
    ) -> bool:
        at = changed.changed_at
        if at is None:
            raise ValueError("en endret invitasjon mangler changed_at")
        with self._state.lock:
            stored = self._by_hash.get(changed.token_hash)
            if (
                stored is None
                or stored.id != changed.id
                or stored.status not in was
                or stored.version != changed.version - 1
                or (unexpired and stored.expires_at <= at)
            ):
                raise InvitationChanged()
            given = False
            if changed.status == "akseptert" and changed.accepted_by is not None:
                if isinstance(changed.purpose, Grant):
                    given = self._state.give(
                        changed.accepted_by,
                        changed.purpose,
                        actor=changed.inviter,
                        at=at,
                        detail=grant_audit_detail(changed),
                    )  # AppliedThere before anything changed
                else:
                    given = self._state.relate(relation_of(changed))  # or RoleTaken
            self._by_hash[changed.token_hash] = changed
            self._record(changed)
            return given

    def _record(self, invitation: Invitation) -> None:
        at = invitation.changed_at or invitation.created_at
        actor = invitation.changed_by or invitation.inviter
        self._state.record(
            invitation_entity(invitation),
            at,
            actor,
            audit_action(invitation),
            audit_detail(invitation),
        )
