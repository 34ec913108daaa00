"""A LIS's portfolio with people in every role and relation, for the access tests
(tests/api/test_portfolio_access.py): Kari Nordmann's, made through the services as the routes
would make it, with Ahmed Hassan's own beside it.

Her hospital part (Helse Bergen HF) has a leder the HF confirmed (Per Aas), a veileder (Anne
Sæther), two supervisører (Jon Ek, Hanne Moe), a veileder and a supervisør whose roles she ended
(Mona Lie), an open invitation (Siri Sand) and one accepted under another name (Nils Nilsen);
her kommune part (Bergen kommune) a leder the kommune has not confirmed (Tor Berge). Her
activities: a draft, one waiting for each of Jon, Hanne and Mona (sent before Mona's role
ended), one Jon returned and one he signed, each with a text no one else may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lis1 import demo
from lis1.demo import DemoPerson
from lis1.devtools import wiring
from lis1.domain.portfolio.relations import RelationKind
from lis1.identity import Grant, Principal, Role
from lis1.mail import MemoryMailer
from lis1.services import (
    activities,
    activity_signing,
    invitations,
    portfolio_invitations,
    portfolio_relations,
    portfolios,
)
from lis1.services.activity_input import ActivityIn
from lis1.services.env import Env
from lis1.services.ports.portfolios import portfolio_entity

from .conftest import Api, Client

ORIGIN = wiring.ORIGIN
EXTRA_PEOPLE = (
    DemoPerson("test-nils", "Nils Nilsen", "nils@example.org", "Godtok under et annet navn"),
    DemoPerson(
        "test-kine",
        "Kine Vik",
        "kine@example.org",
        "Administrator for en annen kommune",
        (Grant(Role.KOMMUNE_ADMIN, "oslo-kommune"),),
    ),
)

KARI = Principal("demo-kari", "Kari Nordmann")
AHMED = Principal("demo-ahmed", "Ahmed Hassan")
OLA = Principal("demo-ola", "Ola Hansen", frozenset({Grant(Role.HF_ADMIN, "helse-bergen")}))
PEOPLE = {
    p.subject.removeprefix("demo-").removeprefix("test-"): Principal(p.subject, p.name)
    for p in (*demo.DEMO_PEOPLE, *EXTRA_PEOPLE)
}

ANONYMOUS = "anonym"
EVERYONE = (
    ANONYMOUS,
    "nora",  # signed in, nothing to do with Kari
    "ahmed",  # another LIS, with her own portfolio and activity
    "ingrid",  # another HF's administrator
    "kine",  # another kommune's administrator
    "eva",  # an editor
    "hanne",  # a supervisør, for what was not sent to her
    "tor",  # the kommune part's leder, not confirmed by the kommune
    "mona",  # a veileder and a supervisør whose roles Kari ended
    "nils",  # accepted an invitation under another name; Kari has not confirmed him
    "kari",  # the LIS: no one's leder, veileder or supervisør
    "per",  # the hospital part's confirmed leder
    "anne",  # the hospital part's veileder
    "jon",  # a supervisør, with activities sent to him
    "ola",  # administrator of the hospital part's employer
    "siv",  # administrator of the kommune part's employer
)
SECRET_DESCRIPTIONS = {
    "draft": "Utkast om thoraxdren, hemmelig-U1.",
    "jon": "Sendt til Jon, lumbalpunksjon, hemmelig-J1.",
    "hanne": "Sendt til Hanne, pleuratapping, hemmelig-H1.",
    "mona": "Sendt til Mona, reponering, hemmelig-M1.",
    "returned": "Returnert av Jon, suturering, hemmelig-R1.",
    "signed": "Signert av Jon, blodgass, hemmelig-S1.",
}
SECRET_COMMENTS = {
    "returned": "Skriv hva du lærte, kommentar-hemmelig-K1.",
    "signed": "Fint gjort, kommentar-hemmelig-K2.",
}


# --- the world: Kari's portfolio with people in every role -----------------------------------


@dataclass
class World:
    api: Api
    employments: dict[str, str] = field(default_factory=dict)
    """arena -> Kari's employment id."""
    relations: dict[str, str] = field(default_factory=dict)
    """who and kind ("per-leder", "mona-veileder", …) -> relation id."""
    invitations: dict[str, str] = field(default_factory=dict)
    """"open" (sent, not used) and "other-name" (accepted by Nils) -> invitation id."""
    activities: dict[str, str] = field(default_factory=dict)
    """the keys of SECRET_DESCRIPTIONS -> Kari's activity id."""
    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            made = (
                self.api.client() if persona == ANONYMOUS else self.api.sign_in(subject_of(persona))
            )
            self.clients[persona] = made
        return self.clients[persona]

    def own_relations(self, persona: str) -> dict[str, str]:
        """``persona``'s relations on Kari's portfolio: kind (and "-ended") -> id."""
        return {
            key.split("-", 1)[1]: relation_id
            for key, relation_id in self.relations.items()
            if key.split("-", 1)[0] == persona
        }


def subject_of(persona: str) -> str:
    return PEOPLE[persona].subject


def build_world(api: Api) -> World:
    """Kari's portfolio (an old plan, so moving to the new one can be tried), made through the
    services as the routes would; Ahmed's own beside it."""
    store, catalog, now = api.deps.store, api.deps.catalog, api.clock.now()
    world = World(api)
    env = Env(now)
    hospital = portfolios.EmploymentIn(
        "sykehus", "helse-bergen", date(2025, 6, 1), date(2026, 5, 31)
    )
    kommune = portfolios.EmploymentIn(
        "kommune", "bergen-kommune", date(2026, 6, 1), date(2026, 11, 30)
    )
    portfolios.start(store, catalog, who=KARI, employment=hospital, env=env)
    made = portfolios.add_employment(store, catalog, who=KARI, employment=kommune, env=env)
    world.employments = {e.arena: e.id for e in made.employments}

    def invite(persona: str, kind: RelationKind, arena: str = "sykehus", name: str = "") -> str:
        person = PEOPLE[persona]
        invitation, token = portfolio_invitations.invite(
            store,
            who=KARI,
            owner=KARI.subject,
            employment_id=world.employments[arena],
            kind=kind,
            name=name or person.name,
            email=f"{persona}@example.org",
            env=env,
        )
        invitations.accept(store, who=person, token=token, env=env)
        world.relations[f"{persona}-{kind}"] = invitation.id
        return invitation.id

    def end(key: str) -> None:
        relation_id = world.relations.pop(key)
        portfolio_relations.end(store, who=KARI, relation_id=relation_id, now=now)
        world.relations[f"{key}-avsluttet"] = relation_id

    per = invite("per", "leder")
    portfolio_relations.confirm(store, who=OLA, relation_id=per, now=now)
    invite("tor", "leder", "kommune")  # waits for Bergen kommune
    invite("mona", "veileder")
    end("mona-veileder")
    invite("anne", "veileder")
    for persona in ("jon", "hanne", "mona"):
        invite(persona, "supervisør")
    other_name = invite("nils", "supervisør", name="Nils Olsen")
    del world.relations["nils-supervisør"]  # waits for Kari to confirm: no relation yet
    world.invitations["other-name"] = other_name
    sent, _ = portfolio_invitations.invite(
        store,
        who=KARI,
        owner=KARI.subject,
        employment_id=world.employments["sykehus"],
        kind="supervisør",
        name="Siri Sand",
        email="siri@example.org",
        env=env,
    )
    world.invitations["open"] = sent.id

    codes = sorted(portfolios.goals_now(catalog, made, now).codes)
    mailer = api.deps.mailer

    def activity(key: str, send_to: str | None) -> str:
        given = ActivityIn("prosedyre", date(2026, 11, 20), SECRET_DESCRIPTIONS[key], (codes[0],))
        done = activities.register(
            store, catalog, mailer, who=KARI, given=given, send_to=send_to, env=env, origin=ORIGIN
        )
        world.activities[key] = done.id
        return done.id

    activity("draft", None)
    activity("jon", PEOPLE["jon"].subject)
    activity("hanne", PEOPLE["hanne"].subject)
    activity("mona", PEOPLE["mona"].subject)
    end("mona-supervisør")
    for key, decide in (
        ("returned", activity_signing.give_back),
        ("signed", activity_signing.sign),
    ):
        decide(
            store,
            mailer,
            who=PEOPLE["jon"],
            activity_id=activity(key, PEOPLE["jon"].subject),
            comment=SECRET_COMMENTS[key],
            env=env,
            origin=ORIGIN,
        )

    own = portfolios.EmploymentIn(
        "sykehus", "oslo-universitetssykehus", date(2026, 3, 1), date(2027, 2, 28)
    )
    portfolios.start(store, catalog, who=AHMED, employment=own, env=env)
    mine = ActivityIn("kurs", date(2026, 11, 2), "Ahmeds eget kurs.", (codes[1],))
    activities.register(
        store, catalog, mailer, who=AHMED, given=mine, send_to=None, env=env, origin=ORIGIN
    )
    return world


def kari_state(world: World) -> tuple[Any, ...]:
    """Everything of Kari's, read again through the store's ports."""
    store = world.api.deps.store
    mailer = world.api.deps.mailer
    assert isinstance(mailer, MemoryMailer)
    return (
        store.portfolios.get(KARI.subject),
        sorted(store.portfolios.relations(KARI.subject), key=lambda r: r.id),
        sorted(store.invitations.by_inviter(KARI.subject), key=lambda i: i.id),
        sorted(store.invitations.by_inviter(PEOPLE["per"].subject), key=lambda i: i.id),
        sorted(store.activities.of_owner(KARI.subject), key=lambda a: a.id),
        store.audit.entries(portfolio_entity(KARI.subject)),
        len(mailer.sent),
    )
