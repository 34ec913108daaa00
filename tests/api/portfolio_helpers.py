"""A LIS's portfolio with people around it, for the API tests: started and related through the
services, as a LIS and their invitees would through the pages (the LIS invites by name and
e-mail, the invitee signs in and accepts, the employer's administrator confirms a leder).

The people are the demo people, so each can sign in to the API: Kari is the LIS; Ahmed and Nora
are supervisører; Ingrid is invited as leder, Siv as veileder; Eva is related to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from lis1.domain.portfolio.records import Portfolio
from lis1.domain.portfolio.relations import Relation, RelationKind
from lis1.identity import Grant, Principal, Role
from lis1.services import invitations, portfolio_invitations, portfolio_relations, portfolios
from lis1.services.env import Env

from .conftest import Api

LIS = Principal("demo-kari", "Kari Nordmann")
SUPERVISOR = Principal("demo-ahmed", "Ahmed Hassan")
OTHER_SUPERVISOR = Principal("demo-nora", "Nora Vik")
LEDER = Principal("demo-ingrid", "Ingrid Berg")
VEILEDER = Principal("demo-siv", "Siv Lund")
STRANGER = Principal("demo-eva", "Eva Strand")
EMPLOYER = "helse-bergen"
EMPLOYER_ADMIN = Principal("demo-ola", "Ola Hansen", frozenset({Grant(Role.HF_ADMIN, EMPLOYER)}))


@dataclass
class Around:
    """The LIS's portfolio and the relations made on it, by person."""

    portfolio: Portfolio
    relations: dict[str, Relation]

    @property
    def employment(self) -> str:
        return self.portfolio.employments[0].id


def start(api: Api, who: Principal = LIS) -> Portfolio:
    """The LIS's own portfolio, with a hospital part that started this autumn."""
    today = api.clock.now().date()
    starts = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    employment = portfolios.EmploymentIn("sykehus", EMPLOYER, starts, starts + timedelta(days=364))
    env = Env(api.clock.now())
    return portfolios.start(
        api.deps.store, api.deps.catalog, who=who, employment=employment, env=env
    )


def relate(api: Api, portfolio: Portfolio, kind: RelationKind, person: Principal) -> Relation:
    """``person`` invited by the LIS to ``kind`` on the first employment, and accepted."""
    store, env = api.deps.store, Env(api.clock.now())
    owner = Principal(portfolio.owner, portfolio.owner_name)
    _invitation, token = portfolio_invitations.invite(
        store,
        who=owner,
        owner=portfolio.owner,
        employment_id=portfolio.employments[0].id,
        kind=kind,
        name=person.name,
        email=f"{person.subject}@example.org",
        env=env,
    )
    invitations.accept(store, who=person, token=token, env=env)
    return next(
        r for r in store.portfolios.relations(portfolio.owner) if r.subject == person.subject
    )


def confirm(api: Api, relation: Relation) -> Relation:
    """The employer's administrator confirms a leder."""
    return portfolio_relations.confirm(
        api.deps.store, who=EMPLOYER_ADMIN, relation_id=relation.id, now=api.clock.now()
    )


def end(api: Api, relation: Relation) -> Relation:
    """The LIS ends a relation."""
    return portfolio_relations.end(
        api.deps.store, who=LIS, relation_id=relation.id, now=api.clock.now()
    )


def everyone(api: Api, *, confirm_leder: bool = True) -> Around:
    """Kari's portfolio with two supervisører, a veileder and a leder (confirmed or not)."""
    portfolio = start(api)
    made = {
        SUPERVISOR.subject: relate(api, portfolio, "supervisør", SUPERVISOR),
        OTHER_SUPERVISOR.subject: relate(api, portfolio, "supervisør", OTHER_SUPERVISOR),
        VEILEDER.subject: relate(api, portfolio, "veileder", VEILEDER),
    }
    leder = relate(api, portfolio, "leder", LEDER)
    made[LEDER.subject] = confirm(api, leder) if confirm_leder else leder
    return Around(portfolio, made)
