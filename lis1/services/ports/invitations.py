"""Port of invitations: stored by the hash of their link's token, listed for their inviter, and
changed only from the version a rule was applied to, so an invitation is used once however
many accept it at the same moment (the rules are in :mod:`lis1.domain.invitations`)."""

from __future__ import annotations

from typing import Protocol

from ...domain.invitations import Invitation
from ...domain.portfolio.relations import PortfolioRole
from .accounts import grant_entity
from .portfolios import portfolio_entity


def invitation_entity(invitation: Invitation) -> str:
    """The audit entity an invitation's changes are recorded under: for a role, the one its
    grants are (``organisasjon:<org>``); for a role without an organisation, the inviter's; for
    a relation on a portfolio, the portfolio's."""
    purpose = invitation.purpose
    if isinstance(purpose, PortfolioRole):
        return portfolio_entity(purpose.owner)
    return grant_entity(invitation.inviter, purpose)


class Invitations(Protocol):
    """Every change is recorded in the audit log under :func:`invitation_entity`, in the same
    write as the change: action "invite" (actor the inviter), "accept" or "await_confirmation"
    (actor whoever accepted), "confirm" (the inviter) or "revoke_invitation", with detail
    ``{"invitation": id, "kind", "role", "name"}`` and, once accepted, ``"subject"`` and
    ``"verified_name"``."""

    def create(self, invitation: Invitation) -> None:
        """Store a new invitation ("sendt", version 1). Conflict if its token hash or id is
        taken (nothing written)."""
        ...

    def get(self, token_hash: str) -> Invitation | None: ...

    def by_id(self, invitation_id: str) -> Invitation | None: ...

    def by_inviter(self, inviter: str) -> list[Invitation]:
        """The invitations ``inviter`` sent and the store still keeps, newest first (then by id,
        descending). Kept: unused ones until some weeks after they expire, waiting ones until
        the inviter decides, used and revoked ones some weeks; the audit log keeps the rest."""
        ...

    def awaiting_confirmation(self, inviter: str) -> list[Invitation]:
        """Those of :meth:`by_inviter` that wait for the inviter's confirmation."""
        ...

    def accept(self, accepted: Invitation) -> bool:
        """Write ``accepted`` (``lis1.domain.invitations.accept`` of the stored one) on
        condition that the stored one is still "sendt", at ``accepted.version - 1``, and not
        expired at ``accepted.changed_at``: so it is used once.

        When ``accepted`` is "akseptert", its purpose takes effect in the same transaction:
        for a role, the grant with its audit entry (actor the inviter, detail as
        ``Users.grant``'s with ``"invitation"``), refused like ``Users.grant`` with
        :class:`lis1.domain.errors.AppliedThere`; for a portfolio role, the relation
        (:func:`lis1.domain.portfolio.relations.made`, id the invitation's), refused with
        :class:`lis1.domain.portfolio.errors.RoleTaken` while the employment's slot for a
        leder or veileder is held. True if a role was given; False if not (the
        person held it already, or the acceptance waits for confirmation).

        :class:`lis1.domain.errors.InvitationChanged` (nothing written) when the stored
        invitation is not as the change expects."""
        ...

    def confirm(self, confirmed: Invitation) -> bool:
        """Write ``confirmed`` ("akseptert") on condition that the stored one waits for
        confirmation at ``confirmed.version - 1``; the purpose takes effect as in
        :meth:`accept`."""
        ...

    def revoke(self, revoked: Invitation) -> None:
        """Write ``revoked`` ("trukket") on condition that the stored one is "sendt" or waits
        for confirmation, at ``revoked.version - 1``; else InvitationChanged."""
        ...
