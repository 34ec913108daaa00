"""Invitations: something given to a person the inviter names, before that person has signed in.

A role for an organisation (an editor inviting an HF's administrator), or a relation on a
competence portfolio (a LIS inviting their leder, veileder and supervisører; a leder inviting
an approver): the two kinds of :data:`Purpose`. The rules, all pure:

- The link carries a random token (:data:`TOKEN_BYTES` bytes, url-safe); only its SHA-256 is
  stored (:func:`token_hash`), so a copy of the table opens no invitation.
- It names the invitee as the inviter typed them, and is used once: "sendt" becomes
  "akseptert" or "venter_på_bekreftelse", never again "sendt".
- It expires :data:`LIFETIME` after it was sent, unless accepted before. "utløpt" is never
  stored: it is "sendt" seen after :attr:`Invitation.expires_at` (:func:`status_at`).
- Whoever accepts must be signed in. If their verified name (from the identity provider)
  :func:`names_match` the invited name, the purpose takes effect at once ("akseptert");
  otherwise it waits until the inviter confirms it was the right person
  ("venter_på_bekreftelse"). A waiting acceptance does not expire: the inviter confirms or
  revokes it. Only the inviter confirms: they know whom they meant.
- It can be revoked ("trukket") while "sendt" or waiting; a used one cannot (take the role
  away instead).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal, TypeAlias

from ..identity import Grant
from .errors import (
    InvitationExpired,
    InvitationRevoked,
    InvitationUsed,
    NothingToConfirm,
    NotInviter,
    OwnInvitation,
)
from .people import fold
from .portfolio.errors import OwnPortfolio
from .portfolio.relations import PortfolioRole

LIFETIME = timedelta(days=14)
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
"""What ``secrets.token_urlsafe(TOKEN_BYTES)`` makes: anything else is no token of ours."""

StoredStatus: TypeAlias = Literal["sendt", "venter_på_bekreftelse", "akseptert", "trukket"]
InvitationStatus: TypeAlias = StoredStatus | Literal["utløpt"]
STORED_STATUSES: tuple[StoredStatus, ...] = (
    "sendt",
    "venter_på_bekreftelse",
    "akseptert",
    "trukket",
)

Purpose: TypeAlias = Grant | PortfolioRole
"""What accepting gives: a role for an organisation, or a relation on a LIS's portfolio."""


def purpose_kind(purpose: Purpose) -> str:
    """The stored name of a purpose's kind: "rolle" or "portefølje"."""
    return "portefølje" if isinstance(purpose, PortfolioRole) else "rolle"


@dataclass(frozen=True)
class Invitation:
    id: str
    """Public and stable: how the inviter (and editors) name it. Not the link's token."""
    token_hash: str
    purpose: Purpose
    name: str
    """The invitee's name as the inviter typed it."""
    email: str
    """Where the link was meant to go, as the inviter typed it."""
    inviter: str
    inviter_name: str
    created_at: datetime
    expires_at: datetime
    status: StoredStatus = "sendt"
    version: int = 1
    """Counts changes: a change is written only onto the version it was made from."""
    accepted_by: str | None = None
    accepted_name: str | None = None
    """The verified name of the person who accepted, from their identity provider."""
    accepted_at: datetime | None = None
    changed_by: str | None = None
    """Who made the last change (accepted, confirmed or revoked it)."""
    changed_at: datetime | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    return TOKEN_PATTERN.fullmatch(token) is not None


def status_at(invitation: Invitation, now: datetime) -> InvitationStatus:
    if invitation.status == "sendt" and now >= invitation.expires_at:
        return "utløpt"
    return invitation.status


def names_match(invited: str, verified: str) -> bool:
    """Whether the verified name is the invited one: every word of the invited name (folded as
    :func:`lis1.domain.people.fold` does: case and accents aside, æ, ø, å kept, hyphens as
    spaces) is a word of the verified name, as often as it stands there, in any order.

    So a middle name the inviter left out still matches ("Kari Nordmann" for "Kari Anne
    Nordmann"), as does "Nordmann Kari"; but nothing is guessed: a word missing from the
    verified name, an initial ("Kari A. Nordmann") or a nickname ("Ola" for "Olav") waits for
    the inviter's confirmation."""
    wanted = Counter(fold(invited).split())
    return bool(wanted) and wanted <= Counter(fold(verified).split())


def check_open(invitation: Invitation, now: datetime) -> None:
    """Nothing if the invitation can still be accepted at ``now``; else its named error."""
    status = status_at(invitation, now)
    if status == "utløpt":
        raise InvitationExpired()
    if status == "trukket":
        raise InvitationRevoked()
    if status != "sendt":
        raise InvitationUsed()


def accept(
    invitation: Invitation, *, subject: str, verified_name: str, now: datetime
) -> Invitation:
    """The invitation accepted by the signed-in ``subject``: "akseptert" when the names match,
    else "venter_på_bekreftelse"."""
    check_open(invitation, now)
    if subject == invitation.inviter:
        raise OwnInvitation()
    if isinstance(invitation.purpose, PortfolioRole) and subject == invitation.purpose.owner:
        raise OwnPortfolio()
    matched = names_match(invitation.name, verified_name)
    return replace(
        invitation,
        status="akseptert" if matched else "venter_på_bekreftelse",
        version=invitation.version + 1,
        accepted_by=subject,
        accepted_name=verified_name,
        accepted_at=now,
        changed_by=subject,
        changed_at=now,
    )


def confirm(invitation: Invitation, *, subject: str, now: datetime) -> Invitation:
    """The inviter confirms that whoever accepted is the person they meant."""
    if subject != invitation.inviter:
        raise NotInviter()
    if invitation.status == "trukket":
        raise InvitationRevoked()
    if invitation.status != "venter_på_bekreftelse":
        raise NothingToConfirm()
    return _changed(invitation, "akseptert", subject, now)


def revoke(invitation: Invitation, *, subject: str, now: datetime) -> Invitation:
    """The invitation withdrawn while not used (who may do it is the service's rule)."""
    status = status_at(invitation, now)
    if status == "akseptert":
        raise InvitationUsed()
    if status == "trukket":
        raise InvitationRevoked()
    if status == "utløpt":
        raise InvitationExpired()
    return _changed(invitation, "trukket", subject, now)


def _changed(
    invitation: Invitation, status: StoredStatus, subject: str, now: datetime
) -> Invitation:
    return replace(
        invitation,
        status=status,
        version=invitation.version + 1,
        changed_by=subject,
        changed_at=now,
    )
