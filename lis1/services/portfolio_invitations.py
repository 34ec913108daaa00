"""Use cases of inviting people to a LIS's portfolio, per employment.

The LIS invites one leder, one veileder and any number of supervisører by name and e-mail; a
confirmed leder invites the approver they delegate to ("godkjenner"). A person with two roles
gets two invitations. Nobody registers beforehand: the invitee opens the link, signs in and
accepts (:mod:`lis1.services.invitations` does that part for every kind of invitation). A leder
and an approver count only after the employer confirms them
(:mod:`lis1.services.portfolio_relations`).

An employment holds one leder and one veileder at a time, counting those invited and not yet
answered: inviting another is refused (:class:`RoleTaken`) until the LIS ends the role or
revokes the invitation. The store enforces the same at acceptance, so two invitations sent at
once still give one leder.
"""

from __future__ import annotations

from ..domain import invitations as rules
from ..domain.errors import InvitationUnknown
from ..domain.invitations import Invitation
from ..domain.portfolio.errors import NoPortfolio, NotLeder, RoleTaken
from ..domain.portfolio.records import Portfolio
from ..domain.portfolio.relations import (
    INVITED_BY_LEDER,
    ONE_PER_EMPLOYMENT,
    RELATION_KINDS,
    PortfolioRole,
    Relation,
    RelationKind,
)
from ..errors import Forbidden, InvalidInput
from ..i18n import _
from ..identity import Principal
from . import invitations
from .env import Env
from .ports.store import Store


def kind_of(text: str) -> RelationKind:
    for kind in RELATION_KINDS:
        if kind == text:
            return kind
    raise InvalidInput(fields={"kind": _("Velg en av rollene i listen.")})


def invite(
    store: Store,
    *,
    who: Principal,
    owner: str,
    employment_id: str,
    kind: RelationKind,
    name: str,
    email: str,
    env: Env,
) -> tuple[Invitation, str]:
    """A new invitation to ``kind`` for one employment of ``owner``'s portfolio, and its token
    (returned once, for the link). The LIS invites to their own portfolio; a leder who counts
    on the employment invites an approver."""
    portfolio = store.portfolios.get(owner)
    if portfolio is None:
        raise NoPortfolio()
    relations = store.portfolios.relations(owner)
    if kind in INVITED_BY_LEDER:
        leads = any(
            r.subject == who.subject
            and r.kind == "leder"
            and r.counts
            and r.role.employment_id == employment_id
            for r in relations
        )
        if not leads:
            if who.subject != owner and not _relates(relations, who):
                raise NoPortfolio()
            raise NotLeder()
    elif who.subject != owner:
        if _relates(relations, who):
            raise Forbidden(
                _("Bare legen i spesialisering inviterer til sin egen portefølje."),
                code="ikke_eier",
            )
        raise NoPortfolio()
    employment = portfolio.employment(employment_id)
    role = PortfolioRole(
        owner, employment.id, kind, employment.organisation, owner_name=portfolio.owner_name
    )
    if kind in ONE_PER_EMPLOYMENT and _taken(store, portfolio, relations, role, env):
        raise RoleTaken()
    return invitations.create(store, who=who, purpose=role, name=name, email=email, env=env)


def open_invitations(store: Store, *, who: Principal, env: Env) -> list[Invitation]:
    """The portfolio invitations ``who`` sent that are not yet settled (sent and unexpired, or
    waiting for their confirmation), newest first."""
    return [
        i
        for i in store.invitations.by_inviter(who.subject)
        if isinstance(i.purpose, PortfolioRole)
        and rules.status_at(i, env.now) in ("sendt", "venter_på_bekreftelse")
    ]


def _taken(
    store: Store, portfolio: Portfolio, relations: list[Relation], role: PortfolioRole, env: Env
) -> bool:
    held = any(
        r.role.employment_id == role.employment_id
        and r.kind == role.kind
        and r.status != "avsluttet"
        for r in relations
    )
    if held:
        return True
    return any(i.purpose == role for i in open_invitations(store, who=_owner(portfolio), env=env))


def _owner(portfolio: Portfolio) -> Principal:
    return Principal(portfolio.owner, portfolio.owner_name)


def _relates(relations: list[Relation], who: Principal) -> bool:
    return any(r.subject == who.subject and r.status != "avsluttet" for r in relations)


def confirm(store: Store, *, who: Principal, invitation_id: str, env: Env) -> Invitation:
    """The inviter confirms whoever accepted a portfolio invitation under another name."""
    _portfolio_invitation(store, invitation_id)
    return invitations.confirm(store, who=who, invitation_id=invitation_id, env=env)


def revoke(store: Store, *, who: Principal, invitation_id: str, env: Env) -> Invitation:
    """The inviter, or an administrator of the employer, withdraws a portfolio invitation."""
    _portfolio_invitation(store, invitation_id)
    return invitations.revoke(store, who=who, invitation_id=invitation_id, env=env)


def _portfolio_invitation(store: Store, invitation_id: str) -> None:
    """An invitation to an administrator role is changed on the editor's page, not here: to
    these use cases it does not exist."""
    found = store.invitations.by_id(invitation_id)
    if found is None or not isinstance(found.purpose, PortfolioRole):
        raise InvitationUnknown()
