"""A LIS's portfolio with people in every role and relation, for the access tests
(tests/api/test_portfolio_access.py): Kari Nordmann's, made through the services as the routes
would make it, with Ahmed Hassan's own beside it.

Her hospital part (Helse Bergen HF) has a leder the HF confirmed (Per Aas), the approver he
delegated to and the HF confirmed (Knut Fjell) and one it has not (Lars Li), a veileder (Anne
Sæther), two supervisører (Jon Ek, Hanne Moe), a veileder and a supervisør whose roles she ended
(Mona Lie), an open invitation (Siri Sand) and one accepted under another name (Nils Nilsen);
her kommune part (Bergen kommune, whose administrator is Siv Lund) a leder the kommune has not
confirmed (Tor Berge). Her activities: a draft, one waiting for each of Jon, Hanne and Mona
(sent before Mona's role ended), one Jon returned and one he signed (serving two hospital goals,
so Jon may recommend them and Hanne, who signed nothing, may not), each with a text no one else
may see. Per delegated approving to Hanne too, and the HF has not confirmed it.

Her learning goals (portfolio part 2): one sent and recommended by Anne and Jon, one approved by
Per on their recommendations, one not sent. Her supervision conversations: one Mona planned
while she was her veileder, and one Anne planned, with Kari's preparation and Anne's minutes.
Every recommendation, comment, topic and text written is a secret marker no one else may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lis1 import demo
from lis1.demo import DemoPerson
from lis1.demo_goals import hospital_codes
from lis1.devtools import wiring
from lis1.domain.portfolio.relations import RelationKind
from lis1.identity import Grant, Principal, Role
from lis1.mail import MemoryMailer
from lis1.services import (
    activities,
    activity_signing,
    conversations,
    goal_approvals,
    invitations,
    portfolio_invitations,
    portfolio_relations,
    portfolios,
    service_confirmations,
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
    DemoPerson("test-lars", "Lars Li", "lars@example.org", "Godkjenner som venter på HF-et"),
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
    "hanne",  # a supervisør, for what was not sent to her; an approver the HF has not confirmed
    "tor",  # the kommune part's leder, not confirmed by the kommune
    "mona",  # a veileder and a supervisør whose roles Kari ended
    "nils",  # accepted an invitation under another name; Kari has not confirmed him
    "kari",  # the LIS: no one's leder, veileder or supervisør
    "per",  # the hospital part's confirmed leder
    "anne",  # the hospital part's veileder
    "jon",  # a supervisør, with activities sent to him
    "ola",  # administrator of the hospital part's employer
    "siv",  # administrator of the kommune part's employer
    "knut",  # the approver Per delegated to, confirmed by the HF
    "lars",  # an approver Per delegated to, not confirmed by the HF
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
SECRET_GOAL_TEXTS = {
    "sent-anne": "Anne anbefaler, anbefaling-hemmelig-A1.",
    "sent-jon": "Jon anbefaler, anbefaling-hemmelig-J1.",
    "approved-anne": "Anne anbefaler, anbefaling-hemmelig-A2.",
    "approved-jon": "Jon anbefaler, anbefaling-hemmelig-J2.",
    "approved-per": "Godkjent av Per, avgjørelse-hemmelig-P1.",
}
"""The words written on Kari's goals: "<goal>-<who>"."""
SECRET_CONVERSATIONS = {
    "mona-topic": "Monas samtale om vakt, tema-hemmelig-T1.",
    "anne-topic": "Annes samtale om mestring, tema-hemmelig-T2.",
    "anne-preparation": "Karis forberedelse, forberedelse-hemmelig-F1.",
    "anne-minutes": "Annes referat, referat-hemmelig-R1.",
}
"""The words of Kari's supervision conversations: "<veileder>-<field>"."""


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
    goals: dict[str, str] = field(default_factory=dict)
    """"sent", "approved" and "open" -> the code of Kari's hospital goal in that state."""
    conversations: dict[str, str] = field(default_factory=dict)
    confirmations: dict[str, str] = field(default_factory=dict)
    """The employers' bekreftelser på tjenestetid of Kari's, by who made them."""
    """"mona" and "anne" (who planned it) -> Kari's conversation id."""
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

    def invite(
        persona: str,
        kind: RelationKind,
        arena: str = "sykehus",
        name: str = "",
        by: Principal = KARI,
    ) -> str:
        person = PEOPLE[persona]
        invitation, token = portfolio_invitations.invite(
            store,
            who=by,
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
    knut = invite("knut", "godkjenner", by=PEOPLE["per"])
    portfolio_relations.confirm(store, who=OLA, relation_id=knut, now=now)
    invite("lars", "godkjenner", by=PEOPLE["per"])  # waits for Helse Bergen
    invite("tor", "leder", "kommune")  # waits for Bergen kommune
    invite("mona", "veileder")
    world.conversations["mona"] = _conversation(world, "mona")
    end("mona-veileder")
    invite("anne", "veileder")
    world.conversations["anne"] = _conversation(world, "anne", written=True)
    for persona in ("jon", "hanne", "mona"):
        invite(persona, "supervisør")
    invite("hanne", "godkjenner", by=PEOPLE["per"])  # waits for Helse Bergen too
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
    first = hospital_codes(catalog, made, now)[:3]
    world.goals = dict(zip(("sent", "approved", "open"), first, strict=True))
    mailer = api.deps.mailer

    def activity(key: str, send_to: str | None) -> str:
        served = (codes[0], *first[:2]) if key == "signed" else (codes[0],)
        given = ActivityIn("prosedyre", date(2026, 11, 20), SECRET_DESCRIPTIONS[key], served)
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

    _goals(world)
    world.confirmations["ola"] = confirm_service(world, OLA, "sykehus")
    own = portfolios.EmploymentIn(
        "sykehus", "oslo-universitetssykehus", date(2026, 3, 1), date(2027, 2, 28)
    )
    portfolios.start(store, catalog, who=AHMED, employment=own, env=env)
    mine = ActivityIn("kurs", date(2026, 11, 2), "Ahmeds eget kurs.", (codes[1],))
    activities.register(
        store, catalog, mailer, who=AHMED, given=mine, send_to=None, env=env, origin=ORIGIN
    )
    return world


def _conversation(world: World, persona: str, *, written: bool = False) -> str:
    """A conversation ``persona`` plans with Kari as her veileder; ``written``: with Kari's
    preparation and the veileder's minutes."""
    store, now = world.api.deps.store, world.api.clock.now()
    planned = conversations.plan(
        store,
        who=PEOPLE[persona],
        owner=KARI.subject,
        day=date(2026, 12, 1),
        topic=SECRET_CONVERSATIONS[f"{persona}-topic"],
        env=Env(now),
    )
    if written:
        text = SECRET_CONVERSATIONS[f"{persona}-preparation"]
        done = conversations.prepare(
            store,
            who=KARI,
            owner=KARI.subject,
            conversation_id=planned.id,
            version=planned.version,
            text=text,
            now=now,
        )
        text = SECRET_CONVERSATIONS[f"{persona}-minutes"]
        conversations.write_minutes(
            store,
            who=PEOPLE[persona],
            owner=KARI.subject,
            conversation_id=planned.id,
            version=done.version,
            text=text,
            now=now,
        )
    return planned.id


def _goals(world: World) -> None:
    """Kari sends two goals; Anne and Jon recommend both; Per approves one."""
    store, catalog, now = world.api.deps.store, world.api.deps.catalog, world.api.clock.now()
    for goal in ("sent", "approved"):
        code = world.goals[goal]
        goal_approvals.send(store, catalog, who=KARI, code=code, now=now)
        for persona in ("anne", "jon"):
            goal_approvals.recommend(
                store,
                catalog,
                who=PEOPLE[persona],
                owner=KARI.subject,
                code=code,
                text=SECRET_GOAL_TEXTS[f"{goal}-{persona}"],
                now=now,
            )
    goal_approvals.approve(
        store,
        catalog,
        who=PEOPLE["per"],
        owner=KARI.subject,
        code=world.goals["approved"],
        comment=SECRET_GOAL_TEXTS["approved-per"],
        now=now,
    )


def approve_hospital_part(world: World) -> None:
    """Every hospital goal of Kari's approved, so Siv may confirm her start in the kommune:
    activities serving them signed by Jon, each goal sent, recommended by Anne and Jon and
    approved by Per."""
    store, catalog, now = world.api.deps.store, world.api.deps.catalog, world.api.clock.now()
    mailer, env, jon = world.api.deps.mailer, Env(now), PEOPLE["jon"]
    portfolio = portfolios.own(store, who=KARI)
    codes = hospital_codes(catalog, portfolio, now)
    for n in range(0, len(codes), 30):
        given = ActivityIn("klinisk_praksis", date(2026, 5, 1), "Visitt.", tuple(codes[n : n + 30]))
        made = activities.register(
            store, catalog, mailer, who=KARI, given=given, send_to=jon.subject, env=env, origin=""
        )
        activity_signing.sign(
            store, mailer, who=jon, activity_id=made.id, comment="", env=env, origin=""
        )
    done = {g.code for g in store.goals.of_owner(KARI.subject) if g.approved}
    for code in (c for c in codes if c not in done):
        if code != world.goals["sent"]:
            goal_approvals.send(store, catalog, who=KARI, code=code, now=now)
            for persona in ("anne", "jon"):
                goal_approvals.recommend(
                    store,
                    catalog,
                    who=PEOPLE[persona],
                    owner=KARI.subject,
                    code=code,
                    text="Anbefales.",
                    now=now,
                )
        goal_approvals.approve(
            store, catalog, who=PEOPLE["per"], owner=KARI.subject, code=code, comment="", now=now
        )


def confirmation_form(world: World, admin: Principal, arena: str) -> dict[str, str]:
    """The template's fields for Kari's ``arena`` employment, filled in as an employer would."""
    store, catalog, now = world.api.deps.store, world.api.deps.catalog, world.api.clock.now()
    employment = world.employments[arena]
    seen = service_confirmations.one(store, who=admin, employment_id=employment)
    given = service_confirmations.prefilled(catalog, seen, now)
    template = service_confirmations.template(catalog)
    for s, section in enumerate(template.sections):
        for f, blank in enumerate(section.fields):
            typed = {"prosent": "100", "antall": "0", "periode": ""}.get(blank.kind, "Bergen")
            given.setdefault(f"felt-{s}-{f}", typed)
    return given


def confirm_service(world: World, admin: Principal, arena: str) -> str:
    """The employer's bekreftelse for Kari's ``arena`` employment; its id."""
    made = service_confirmations.confirm(
        world.api.deps.store,
        world.api.deps.catalog,
        who=admin,
        employment_id=world.employments[arena],
        given=confirmation_form(world, admin, arena),
        env=Env(world.api.clock.now()),
    )
    return made.id


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
        sorted(store.goals.of_owner(KARI.subject), key=lambda g: g.code),
        sorted(store.conversations.of_owner(KARI.subject), key=lambda c: c.id),
        store.audit.entries(portfolio_entity(KARI.subject)),
        len(mailer.sent),
    )
