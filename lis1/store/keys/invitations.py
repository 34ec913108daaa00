"""Keys of invitations, and what both adapters record and keep of them.

    item           pk                       sk              gsi1pk / gsi1sk
    -------------  -----------------------  --------------  -----------------------------------
    invitation     INVITATION#<token_hash>  INVITATION      INVITER#<subject> /      TTL
                                                            <iso-created>#<id>
                   every attribute of the Invitation, the purpose as ``purpose`` (its kind:
                   "rolle") with ``role`` and ``organisation``; never the token itself. The
                   link's token is hashed and looked up with one GetItem; the inviter's list is
                   one Query of gsi1, descending (eventually consistent on AWS). Each change is
                   a Put on condition of the stored ``version`` (and status, and for accepting
                   ``expires_at`` after now), in one TransactWriteItems with its audit entry,
                   the id item and, when a role is given, the grant, its audit entry and the
                   conflict-of-interest check of :mod:`lis1.store.dynamo.grants`
    invitation id  INVITATION_ID#<id>       INVITATION_ID   -                        TTL
                   ``token_hash``: how an inviter's or editor's action by id finds it; created
                   with attribute_not_exists(pk) together with the invitation, rewritten with
                   it so both expire alike

TTL (:func:`kept_until`): an unused invitation is kept :data:`KEPT_AFTER` past its expiry, a
used or revoked one as long past its last change, one waiting for confirmation until the
inviter decides. Readers never rely on TTL: an unused invitation past ``expires_at`` is
"utløpt" whether or not it is still there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from ...domain.invitations import Invitation, Purpose, purpose_kind
from ...identity import Grant, Role
from ..values import iso

KEPT_AFTER = timedelta(days=30)


def invitation_key(token_hash: str) -> tuple[str, str]:
    return f"INVITATION#{token_hash}", "INVITATION"


def invitation_id_key(invitation_id: str) -> tuple[str, str]:
    return f"INVITATION_ID#{invitation_id}", "INVITATION_ID"


def inviter_gsi1pk(inviter: str) -> str:
    return f"INVITER#{inviter}"


def invitation_gsi1(invitation: Invitation) -> tuple[str, str]:
    """The inviter, then when it was sent (fixed-width text) and its id."""
    return inviter_gsi1pk(invitation.inviter), f"{iso(invitation.created_at)}#{invitation.id}"


def kept_until(invitation: Invitation) -> datetime | None:
    """Until when the store keeps it (TTL); None: until it changes again."""
    if invitation.status == "sendt":
        return invitation.expires_at + KEPT_AFTER
    if invitation.status == "venter_på_bekreftelse":
        return None
    return (invitation.changed_at or invitation.created_at) + KEPT_AFTER


def newest_first(invitations: Iterable[Invitation]) -> list[Invitation]:
    """As a descending Query of :func:`invitation_gsi1` returns them."""
    return sorted(invitations, key=lambda i: (iso(i.created_at), i.id), reverse=True)


def purpose_attributes(invitation: Invitation) -> dict[str, Any]:
    grant = invitation.purpose
    return {
        "purpose": purpose_kind(grant),
        "role": grant.role.value,
        "organisation": grant.organisation,
    }


def purpose_of(item: dict[str, Any]) -> Purpose:
    """The purpose of stored attributes (the one kind there is yet: a role)."""
    if item["purpose"] != "rolle":
        raise ValueError(f"ukjent formål med invitasjonen: {item['purpose']!r}")
    return Grant(Role(item["role"]), item.get("organisation"))


def audit_action(invitation: Invitation) -> str:
    """The audit action of the change that left ``invitation`` as it is."""
    if invitation.status == "sendt":
        return "invite"
    if invitation.status == "venter_på_bekreftelse":
        return "await_confirmation"
    if invitation.status == "trukket":
        return "revoke_invitation"
    return "accept" if invitation.changed_by == invitation.accepted_by else "confirm"


def audit_detail(invitation: Invitation) -> dict[str, str]:
    grant = invitation.purpose
    detail = {
        "invitation": invitation.id,
        "kind": purpose_kind(grant),
        "role": grant.role.value,
        "name": invitation.name,
    }
    if invitation.accepted_by is not None:
        detail["subject"] = invitation.accepted_by
        detail["verified_name"] = invitation.accepted_name or ""
    return detail


def grant_audit_detail(invitation: Invitation) -> dict[str, str]:
    """What a role given by an invitation adds to the grant's audit detail."""
    return {"invitation": invitation.id}
