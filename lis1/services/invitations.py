"""Use cases of invitations: give a role to someone who has not signed in yet.

An editor invites a named person to be administrator of an HF or kommune; the link (shown once,
``/api/invitasjoner/<token>``) is theirs to send. The invitee opens it (:func:`look_up`), signs
in and accepts; if the verified name is the invited one, the role is theirs at once, else it
waits for the inviter's confirmation. The rules are in :mod:`lis1.domain.invitations`.

Who may do what (the table "Who sees what" in the design: invitations are read by the inviter
and the named invitee, that is, whoever holds the link):

- invite: editors, for administrator roles; a LIS (or their leder) for portfolio roles
  (:mod:`lis1.services.portfolio_invitations`);
- look up and accept: whoever holds the link (accepting needs a signed-in person);
- confirm: only the inviter, and for a role only while they may still invite to it. They know
  whom they meant; another editor would be guessing. Should the inviter be gone, an editor
  revokes and invites again, or grants the role directly;
- revoke: the inviter; for a role any editor, for a portfolio role the employer's
  administrators;
- list: the inviter their own.

To anyone else an invitation does not exist (:class:`InvitationUnknown`).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime

from ..domain import invitations as rules
from ..domain.errors import InvitationChanged, InvitationUnknown
from ..domain.invitations import Invitation, Purpose
from ..domain.people import fold
from ..domain.portfolio.relations import PortfolioRole
from ..errors import Conflict, Forbidden, InvalidInput
from ..i18n import _
from ..identity import ORGANISATION_ROLES, Grant, Principal, Role
from .env import Env
from .ports.store import Store

MAX_NAME = 200
MAX_EMAIL = 254
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def link(token: str) -> str:
    """Where the invitee opens the invitation."""
    return f"/api/invitasjoner/{token}"


def may_invite(who: Principal, purpose: Grant) -> bool:
    return purpose.role in ORGANISATION_ROLES and who.has(Role.EDITOR)


def invite(
    store: Store, *, who: Principal, grant: Grant, name: str, email: str, env: Env
) -> tuple[Invitation, str]:
    """A new invitation to ``grant`` for the person named, and its token: returned this once,
    for the link; only its hash is stored. ``grant`` comes from the catalogue
    (:func:`lis1.services.accounts.admin_role`), so the organisation exists."""
    if grant.role not in ORGANISATION_ROLES:
        raise InvalidInput(
            _("Bare administratorroller for helseforetak og kommuner kan gis med invitasjon."),
            code="kan_ikke_inviteres",
        )
    if not may_invite(who, grant):
        raise Forbidden(_("Bare redaktører kan invitere administratorer."), code="ikke_redaktør")
    return create(store, who=who, purpose=grant, name=name, email=email, env=env)


def create(
    store: Store, *, who: Principal, purpose: Purpose, name: str, email: str, env: Env
) -> tuple[Invitation, str]:
    """A new invitation from ``who`` to ``purpose`` (whether they may is the caller's rule),
    and its token."""
    name, email = _checked(name, email)
    token = secrets.token_urlsafe(rules.TOKEN_BYTES)
    invitation = Invitation(
        id=env.new_id(),
        token_hash=rules.token_hash(token),
        purpose=purpose,
        name=name,
        email=email,
        inviter=who.subject,
        inviter_name=who.name,
        created_at=env.now,
        expires_at=env.now + rules.LIFETIME,
    )
    store.invitations.create(invitation)
    return invitation, token


def _checked(name: str, email: str) -> tuple[str, str]:
    """The name and e-mail as they will be kept (spaces tidied), or InvalidInput naming the
    fields that are wrong."""
    name, email = " ".join(name.split()), email.strip()
    fields = {}
    if len(fold(name)) < 2 or len(name) > MAX_NAME or not name.isprintable():
        fields["name"] = _("Skriv navnet til den du inviterer, slik det står i legitimasjonen.")
    if len(email) > MAX_EMAIL or not email.isprintable() or not EMAIL.fullmatch(email):
        fields["email"] = _("Skriv en gyldig e-postadresse, for eksempel navn@example.no.")
    if fields:
        raise InvalidInput(fields=fields)
    return name, email


def look_up(store: Store, *, token: str, now: datetime) -> Invitation:
    """What the holder of the link sees before accepting: who invited whom to what. An
    expired, used or revoked invitation is its named error."""
    invitation = _by_token(store, token)
    rules.check_open(invitation, now)
    return invitation


def accept(store: Store, *, who: Principal, token: str, env: Env) -> Invitation:
    """``who`` accepts: the role is theirs at once if their verified name is the invited one,
    else the invitation waits for the inviter's confirmation. Used once, even by two at once."""
    invitation = _by_token(store, token)

    def change(current: Invitation) -> Invitation:
        return rules.accept(current, subject=who.subject, verified_name=who.name, now=env.now)

    accepted = change(invitation)
    return _written(store, accepted, store.invitations.accept, change)


def confirm(store: Store, *, who: Principal, invitation_id: str, env: Env) -> Invitation:
    """The inviter confirms that whoever accepted is the person they meant: the role is given."""
    invitation = _visible(store, who, invitation_id)

    def change(current: Invitation) -> Invitation:
        confirmed = rules.confirm(current, subject=who.subject, now=env.now)
        if isinstance(current.purpose, Grant) and not may_invite(who, current.purpose):
            raise Forbidden(
                _("Du kan ikke lenger gi denne rollen, og kan derfor ikke bekrefte invitasjonen."),
                code="kan_ikke_bekrefte",
            )
        return confirmed

    return _written(store, change(invitation), store.invitations.confirm, change)


def revoke(store: Store, *, who: Principal, invitation_id: str, env: Env) -> Invitation:
    """The inviter or an editor withdraws an invitation not yet used."""
    invitation = _visible(store, who, invitation_id)

    def change(current: Invitation) -> Invitation:
        return rules.revoke(current, subject=who.subject, now=env.now)

    def write(revoked: Invitation) -> bool:
        store.invitations.revoke(revoked)
        return False

    return _written(store, change(invitation), write, change)


def mine(store: Store, *, who: Principal) -> list[Invitation]:
    """The invitations ``who`` sent, newest first (their status at a given time:
    :func:`lis1.domain.invitations.status_at`)."""
    return store.invitations.by_inviter(who.subject)


def awaiting_confirmation(store: Store, *, who: Principal) -> list[Invitation]:
    """The acceptances that wait for ``who`` to confirm them, newest first."""
    return store.invitations.awaiting_confirmation(who.subject)


def _by_token(store: Store, token: str) -> Invitation:
    invitation = None
    if rules.looks_like_token(token):
        invitation = store.invitations.get(rules.token_hash(token))
    if invitation is None:
        raise InvitationUnknown()
    return invitation


def _visible(store: Store, who: Principal, invitation_id: str) -> Invitation:
    """The invitation, if ``who`` sent it, or (to a role) is an editor, or (to a portfolio
    role) administers its employer; to anyone else it does not exist."""
    invitation = store.invitations.by_id(invitation_id)
    if invitation is None:
        raise InvitationUnknown()
    purpose = invitation.purpose
    if invitation.inviter == who.subject:
        return invitation
    if isinstance(purpose, Grant) and who.has(Role.EDITOR):
        return invitation
    if isinstance(purpose, PortfolioRole) and administers(who, purpose.organisation):
        return invitation
    raise InvitationUnknown()


def administers(who: Principal, organisation: str) -> bool:
    """Whether ``who`` is an administrator of the HF or kommune ``organisation``."""
    return who.has(Role.HF_ADMIN, organisation) or who.has(Role.KOMMUNE_ADMIN, organisation)


def _written(
    store: Store,
    changed: Invitation,
    write: Callable[[Invitation], bool],
    change: Callable[[Invitation], Invitation],
) -> Invitation:
    """Write ``changed``; if the stored invitation changed in between, read it again and apply
    the rule once more, which names what happened (used, revoked, expired)."""
    try:
        write(changed)
    except InvitationChanged:
        current = store.invitations.get(changed.token_hash)
        if current is None:
            raise InvitationUnknown() from None
        change(current)  # raises the named error
        raise Conflict() from None
    return changed
