"""Keys of invitations, and what both adapters record and keep of them.

    item           pk                       sk              gsi1pk / gsi1sk
    -------------  -----------------------  --------------  -----------------------------------
    invitation     INVITATION#<token_hash>  INVITATION      INVITER#<subject> /      TTL
                                                            <iso-created>#<id>
                   every attribute of the Invitation, the purpose as ``purpose`` (its kind:
                   "rolle" or "portefølje") with ``role`` and ``organisation`` (for
                   "portefølje": the relation's kind, the employer, and ``owner`` and
                   ``employment``, whose portfolio and employment); never the token itself.
                   The link's token is hashed and looked up with one GetItem; the inviter's
                   list is one Query of gsi1, descending (eventually consistent on AWS). Each
                   change is a Put on condition of the stored ``version`` (and status, and for
                   accepting ``expires_at`` after now), in one TransactWriteItems with its
                   audit entry, the id item and, when a role is given, the grant, its audit
                   entry and the conflict-of-interest check of :mod:`lis1.store.dynamo.grants`;
                   when a portfolio role is given, the relation (:func:`relation_of`), its
                   employer copy and the slot of a leder or veileder
                   (:mod:`lis1.store.keys.portfolios`; a held slot is RoleTaken, nothing
                   written). Audit entity: the grant's, or the portfolio's
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
from ...domain.portfolio.relations import RELATION_KINDS, PortfolioRole, Relation, made
from ...identity import Grant, Role
from ..values import iso

KEPT_AFTER = timedelta(days=30)
_RELATION_KINDS = {kind: kind for kind in RELATION_KINDS}


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
    purpose = invitation.purpose
    if isinstance(purpose, PortfolioRole):
        return {
            "purpose": purpose_kind(purpose),
            "role": purpose.kind,
            "organisation": purpose.organisation,
            "owner": purpose.owner,
            "owner_name": purpose.owner_name,
            "employment": purpose.employment_id,
        }
    return {
        "purpose": purpose_kind(purpose),
        "role": purpose.role.value,
        "organisation": purpose.organisation,
    }


def purpose_of(item: dict[str, Any]) -> Purpose:
    """The purpose of stored attributes: a role, or a relation on a portfolio."""
    if item["purpose"] == "portefølje":
        kind = _RELATION_KINDS[item["role"]]
        return PortfolioRole(
            item["owner"],
            item["employment"],
            kind,
            item["organisation"],
            item.get("owner_name", ""),
        )
    if item["purpose"] != "rolle":
        raise ValueError(f"ukjent formål med invitasjonen: {item['purpose']!r}")
    return Grant(Role(item["role"]), item.get("organisation"))


def relation_of(invitation: Invitation) -> Relation:
    """The relation an accepted portfolio invitation makes (its id is the invitation's)."""
    purpose = invitation.purpose
    assert isinstance(purpose, PortfolioRole)
    assert invitation.accepted_by is not None and invitation.changed_at is not None
    return made(
        purpose,
        relation_id=invitation.id,
        subject=invitation.accepted_by,
        name=invitation.accepted_name or invitation.name,
        now=invitation.changed_at,
    )


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
    purpose = invitation.purpose
    detail = {
        "invitation": invitation.id,
        "kind": purpose_kind(purpose),
        "role": purpose.kind if isinstance(purpose, PortfolioRole) else purpose.role.value,
        "name": invitation.name,
    }
    if isinstance(purpose, PortfolioRole):
        detail["employment"] = purpose.employment_id
    if invitation.accepted_by is not None:
        detail["subject"] = invitation.accepted_by
        detail["verified_name"] = invitation.accepted_name or ""
    return detail


def grant_audit_detail(invitation: Invitation) -> dict[str, str]:
    """What a role given by an invitation adds to the grant's audit detail."""
    return {"invitation": invitation.id}
