"""Demo portfolio for `make serve`: Lise Dahl, a LIS mid-way through her hospital year at Helse
Bergen, with a leder the HF has confirmed, a veileder, two supervisører and learning activities
signed, waiting and returned. Made through the same services and rules as a real one (the
invitations are sent and accepted), once; a store that has it is left as it is."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .catalog import Catalog
from .domain.portfolio import activities as rules
from .domain.portfolio.activities import ActivityKind
from .domain.portfolio.records import add_months
from .domain.portfolio.relations import RelationKind
from .identity import Grant, Principal, Role
from .oslo import oslo_today
from .services import invitations, portfolio_invitations, portfolio_relations, portfolios
from .services.env import Env
from .services.ports.store import Store

LIS = Principal("demo-lise", "Lise Dahl")
EMPLOYER = Principal("demo-ola", "Ola Hansen", frozenset({Grant(Role.HF_ADMIN, "helse-bergen")}))
PEOPLE: tuple[tuple[RelationKind, Principal], ...] = (
    ("leder", Principal("demo-per", "Per Aas")),
    ("veileder", Principal("demo-mona", "Mona Lie")),
    ("supervisør", Principal("demo-jon", "Jon Ek")),
    ("supervisør", Principal("demo-hanne", "Hanne Moe")),
)


def hospital_start(anchor: date) -> date:
    """The first of the month six months before the demo's anchor: mid-way through the year."""
    return add_months(anchor.replace(day=1), -6)


def seed_portfolio(store: Store, catalog: Catalog, anchor: date, now: datetime) -> bool:
    """Lise Dahl's portfolio with its people and activities; False if it was there already."""
    if store.portfolios.get(LIS.subject) is not None:
        return False
    starts = hospital_start(anchor)
    employment = portfolios.EmploymentIn(
        "sykehus", "helse-bergen", starts, add_months(starts, 12) - timedelta(days=1)
    )
    portfolio = portfolios.start(store, catalog, who=LIS, employment=employment, env=Env(now))
    job = portfolio.employments[0].id
    for kind, person in PEOPLE:
        relate(store, LIS, job, kind, person, employer=EMPLOYER, now=now)
    _activities(store, catalog, now)
    return True


def relate(
    store: Store,
    lis: Principal,
    employment_id: str,
    kind: RelationKind,
    person: Principal,
    *,
    employer: Principal,
    now: datetime,
) -> None:
    """``person`` invited by the LIS to ``kind`` on the employment and accepted; a leder is
    confirmed by the employer's administrator ``employer``."""
    invitation, token = portfolio_invitations.invite(
        store,
        who=lis,
        owner=lis.subject,
        employment_id=employment_id,
        kind=kind,
        name=person.name,
        email=f"{person.subject.removeprefix('demo-')}@example.org",
        env=Env(now),
    )
    invitations.accept(store, who=person, token=token, env=Env(now))
    if kind == "leder":
        portfolio_relations.confirm(store, who=employer, relation_id=invitation.id, now=now)


def _activities(store: Store, catalog: Catalog, now: datetime) -> None:
    portfolio = portfolios.own(store, who=LIS)
    plan = portfolios.goals_now(catalog, portfolio, now)
    codes = sorted(c for c in plan.codes if c.startswith(("KLS", "FKMS")))  # the hospital's
    jon, hanne = PEOPLE[2][1], PEOPLE[3][1]
    today = oslo_today(now)
    plans: tuple[tuple[ActivityKind, int, str, Principal, str], ...] = (
        ("prosedyre", 40, "Anla pleuradren under supervisjon på akuttmottaket.", jon, "signert"),
        ("kurs", 20, "Kurs i akuttmedisin, to dager, med praktiske øvelser.", jon, "returnert"),
        (
            "klinisk_praksis",
            9,
            "Innleggelsessamtaler med eldre pasienter med kols.",
            hanne,
            "sendt",
        ),
    )
    for n, (kind, days_ago, text, supervisor, outcome) in enumerate(plans):
        sent_at = now - timedelta(days=days_ago - 1)
        activity = rules.draft(
            activity_id=f"de30{n:08x}",
            owner=LIS.subject,
            kind=kind,
            day=today - timedelta(days=days_ago),
            description=text,
            goals=tuple(codes[n * 3 : n * 3 + 2]),
            now=sent_at,
        )
        store.activities.create(activity)
        sent = rules.send(
            activity, supervisor=supervisor.subject, supervisor_name=supervisor.name, now=sent_at
        )
        store.activities.save(sent)
        if outcome == "signert":
            store.activities.save(
                rules.sign(
                    sent,
                    by=jon.subject,
                    comment="Godt gjennomført.",
                    now=sent_at + timedelta(days=2),
                )
            )
        elif outcome == "returnert":
            comment = "Skriv hvilke læringsmål kurset dekket, og legg ved kursbeviset."
            store.activities.save(
                rules.give_back(
                    sent, by=jon.subject, comment=comment, now=sent_at + timedelta(days=3)
                )
            )
