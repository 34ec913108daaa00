"""Oppstart i kommunen: the kommune's administrator confirms the LIS's start there, and the
same record continues in the kommune part. Refused while a goal that must be completed in the
hospital is not approved (the kommune's own goals do not block); only an administrator of that
kommune, never the LIS themselves; after the move the hospital's approvals are settled for
everyone and the kommune's goals are decided by the kommune's leder.

The world (memory store, made through the use cases): Kari Nordmann with a hospital part at
Helse Bergen (leder Per Aas confirmed by Ola Hansen, veileder Mona Lie, supervisør Jon Ek, who
signed activities serving every hospital goal) and a kommune part at Bergen kommune (leder Knut
Fjell confirmed by Siv Lund, veileder Hanne Moe, supervisør Jon Ek).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pytest

from lis1.api.errors import status_of
from lis1.demo_goals import HANNE, JON, KNUT, KOMMUNE_ADMIN, MONA, PER, hospital_codes
from lis1.demo_portfolio import EMPLOYER, relate
from lis1.domain.portfolio.approvals import GoalApproval
from lis1.domain.portfolio.errors import PortfolioChanged
from lis1.errors import DomainError
from lis1.identity import Grant, Principal, Role
from lis1.mail import MemoryMailer
from lis1.services import activities, activity_signing, goal_approvals, kommune_start, portfolios
from lis1.services.activity_input import ActivityIn
from lis1.services.env import Env
from lis1.services.ports.portfolios import portfolio_entity

from .conftest import Api

KARI = Principal("demo-kari", "Kari Nordmann")
HOME = "/api/arbeidsgiver/oppstart"
HTML = {"accept": "text/html"}


@dataclass
class World:
    api: Api
    hospital: str
    kommune: str
    """The employments' ids."""

    @property
    def confirm_path(self) -> str:
        return f"{HOME}/{self.kommune}/bekreft"

    def part(self) -> str:
        found = self.api.deps.store.portfolios.get(KARI.subject)
        assert found is not None
        return found.part

    def relation(self, subject: str) -> str:
        relations = self.api.deps.store.portfolios.relations(KARI.subject)
        return next(r.id for r in relations if r.subject == subject)


def world(api: Api, *, leave: tuple[str, ...] = ()) -> World:
    """Kari's record with every hospital goal approved except those in ``leave``."""
    store, catalog, now = api.deps.store, api.deps.catalog, api.clock.now()
    at = now - timedelta(days=60)
    hospital = portfolios.EmploymentIn(
        "sykehus", "helse-bergen", date(2025, 11, 1), date(2026, 10, 31)
    )
    portfolios.start(store, catalog, who=KARI, employment=hospital, env=Env(at))
    kommune = portfolios.EmploymentIn(
        "kommune", "bergen-kommune", date(2026, 11, 1), date(2027, 4, 30)
    )
    portfolio = portfolios.add_employment(store, catalog, who=KARI, employment=kommune, env=Env(at))
    ids = {e.arena: e.id for e in portfolio.employments}
    for kind, person in (("leder", PER), ("veileder", MONA), ("supervisør", JON)):
        relate(store, KARI, ids["sykehus"], kind, person, employer=EMPLOYER, now=at)
    for kind, person in (("leder", KNUT), ("veileder", HANNE), ("supervisør", JON)):
        relate(store, KARI, ids["kommune"], kind, person, employer=KOMMUNE_ADMIN, now=at)
    codes = hospital_codes(catalog, portfolio, now)
    sign_activities(api, codes)
    for code in codes:
        if code not in leave:
            recommended(api, code)
            decide(api, PER, goal_approvals.approve, code, "")
    return World(api, ids["sykehus"], ids["kommune"])


def sign_activities(api: Api, codes: list[str]) -> None:
    """Activities serving ``codes`` (30 at most each), sent to Jon and signed by him."""
    store, catalog, mailer = api.deps.store, api.deps.catalog, MemoryMailer()
    env = Env(api.clock.now() - timedelta(days=30))
    for n in range(0, len(codes), 30):
        given = ActivityIn(
            "klinisk_praksis", date(2026, 10, 1), "Mottak og visitt.", tuple(codes[n : n + 30])
        )
        made = activities.register(
            store, catalog, mailer, who=KARI, given=given, send_to=JON.subject, env=env, origin=""
        )
        activity_signing.sign(
            store, mailer, who=JON, activity_id=made.id, comment="", env=env, origin=""
        )


def recommended(api: Api, code: str, veileder: Principal = MONA) -> None:
    """Kari sends the goal; the veileder and Jon recommend it."""
    store, catalog, now = api.deps.store, api.deps.catalog, api.clock.now()
    goal_approvals.send(store, catalog, who=KARI, code=code, now=now)
    for person in (veileder, JON):
        goal_approvals.recommend(
            store, catalog, who=person, owner=KARI.subject, code=code, text="Anbefales.", now=now
        )


def decide(
    api: Api, who: Principal, action: Callable[..., GoalApproval], code: str, comment: str
) -> GoalApproval:
    return action(
        api.deps.store,
        api.deps.catalog,
        who=who,
        owner=KARI.subject,
        code=code,
        comment=comment,
        now=api.clock.now(),
    )


def refused(call: Callable[[], Any]) -> tuple[int, str]:
    """The status and code a route would answer for the use case's refusal."""
    with pytest.raises(DomainError) as caught:
        call()
    return status_of(caught.value), caught.value.code


def test_the_start_is_refused_while_a_hospital_goal_is_not_approved(api: Api) -> None:
    w = world(api, leave=("KLS-001", "FKMS-007"))
    siv = api.sign_in("demo-siv")
    [listed] = siv.get(HOME).json()["starts"]
    assert listed["lis"] == "Kari Nordmann" and listed["part"] == "sykehus"
    assert listed["blocking"] == 2  # how many, not which: the goals are not the kommune's
    assert listed["may_confirm"] is False and listed["confirmed_at"] is None
    answer = siv.post(w.confirm_path)
    assert answer.status == 409
    assert answer.json()["code"] == "sykehusmål_ikke_godkjent"
    message = answer.json()["message"]
    assert "Ikke godkjent ennå: 2 mål." in message
    page = siv.get(HOME, headers=HTML).body.decode()
    assert "2 mål i sykehusdelen er ikke godkjent ennå" in page
    for told in (message, page):
        assert "KLS-001" not in told and "FKMS-007" not in told
    assert w.confirm_path not in page  # no button while something blocks
    again = siv.post(w.confirm_path, form={"csrf_token": siv.csrf or ""}, headers=HTML)
    assert again.status == 409 and "Ikke godkjent ennå: 2 mål." in again.body.decode()
    assert w.part() == "sykehus"


def test_the_kommunes_goals_do_not_block_and_the_start_moves_the_record(api: Api) -> None:
    w = world(api)  # every hospital goal approved, no KLK or FKMK goal touched
    siv = api.sign_in("demo-siv")
    [listed] = siv.get(HOME).json()["starts"]
    assert listed["blocking"] == 0 and listed["may_confirm"] is True
    page = siv.get(HOME, headers=HTML).body.decode()
    assert w.confirm_path in page and "Bekreft oppstart" in page
    done = siv.post(w.confirm_path, form={"csrf_token": siv.csrf or ""}, headers=HTML)
    assert done.status == 303 and done.header("Location") == f"{HOME}?melding=bekreftet"
    after = siv.get(f"{HOME}?melding=bekreftet", headers=HTML).body.decode()
    assert "Oppstarten er bekreftet. Porteføljen følger legen videre i kommunedelen." in after
    assert "Porteføljen er nå i kommunedelen" in after and w.confirm_path not in after
    [moved] = siv.get(HOME).json()["starts"]
    assert moved["part"] == "kommune" and moved["confirmed_at"] and moved["may_confirm"] is False
    stored = api.deps.store.portfolios.get(KARI.subject)
    assert stored is not None and stored.moved is not None
    assert (stored.moved.by, stored.moved.employment_id) == ("demo-siv", w.kommune)
    assert "start_kommune" in audit_actions(api)


def test_only_an_administrator_of_that_kommune_finds_the_employment(api: Api) -> None:
    w = world(api)
    grant(api, "demo-eva", Grant(Role.KOMMUNE_ADMIN, "oslo-kommune"))
    eva = api.sign_in("demo-eva")  # another kommune's administrator
    assert eva.get(HOME).json()["starts"] == []
    answer = eva.post(w.confirm_path)
    assert (answer.status, answer.json()["code"]) == (404, "ukjent_ansettelse")
    ola = api.sign_in("demo-ola")  # the hospital's administrator
    assert ola.get(HOME).status == 403
    assert ola.post(w.confirm_path).status == 403
    per = api.sign_in("demo-per")  # the hospital's leder
    assert per.get(HOME).status == 403 and per.post(w.confirm_path).status == 403
    assert api.client().get(HOME).status == 401
    siv = api.sign_in("demo-siv")  # the hospital part is not the kommune's
    answer = siv.post(f"{HOME}/{w.hospital}/bekreft")
    assert (answer.status, answer.json()["code"]) == (404, "ukjent_ansettelse")
    assert w.part() == "sykehus"
    menu = siv.get(HOME, headers=HTML).body.decode()
    assert f'<a href="{HOME}" aria-current="page">Oppstart i kommunen</a>' in menu
    assert (
        "Oppstart i kommunen" not in ola.get("/api/arbeidsgiver/roller", headers=HTML).body.decode()
    )


def test_a_kommune_administrator_cannot_confirm_their_own_start(api: Api) -> None:
    w = world(api)
    grant(api, KARI.subject, Grant(Role.KOMMUNE_ADMIN, "bergen-kommune"))
    kari = api.sign_in("demo-kari")
    [listed] = kari.get(HOME).json()["starts"]
    assert listed["blocking"] == 0 and listed["may_confirm"] is False
    assert "Du kan ikke bekrefte din egen oppstart" in kari.get(HOME, headers=HTML).body.decode()
    answer = kari.post(w.confirm_path)
    assert (answer.status, answer.json()["code"]) == (403, "egen_bekreftelse")
    assert w.part() == "sykehus"


def test_the_second_confirmation_is_refused(api: Api) -> None:
    w = world(api)
    siv = api.sign_in("demo-siv")
    assert siv.post(w.confirm_path).status == 200
    answer = siv.post(w.confirm_path)
    assert (answer.status, answer.json()["code"]) == (409, "allerede_i_kommunen")
    assert audit_actions(api).count("start_kommune") == 1


def test_after_the_move_the_kommune_leder_reads_the_hospital_approvals(api: Api) -> None:
    w = world(api)
    api.sign_in("demo-siv").post(w.confirm_path)
    knut = api.sign_in("demo-knut")
    relation = w.relation(KNUT.subject)
    page = knut.get(f"/api/veiledning/{relation}", headers=HTML).body.decode()
    assert "Kommunedelen fra 25. november 2026, bekreftet av kommunen (Bergen kommune)" in page
    readable = portfolios.readable(api.deps.store, who=KNUT, owner=KARI.subject)
    rows = goal_approvals.rows(
        api.deps.store, api.deps.catalog, readable.portfolio, api.clock.now()
    )
    hospital = [r for r in rows if r.approval is not None and r.approval.part == "sykehus"]
    assert len(hospital) == 52 and {r.status for r in hospital} == {"godkjent"}
    assert {r.approval.decision.name for r in hospital if r.approval and r.approval.decision} == {
        "Per Aas"
    }


def test_after_the_move_nobody_changes_a_hospital_approval(api: Api) -> None:
    w = world(api)
    store, catalog, now = api.deps.store, api.deps.catalog, api.clock.now()
    api.sign_in("demo-siv").post(w.confirm_path)
    before = store.goals.of_owner(KARI.subject)
    for action, comment in ((goal_approvals.reopen, "Feil."), (goal_approvals.give_back, "Nei.")):
        for who in (PER, KNUT):  # the hospital's leder, and the kommune's

            def change(who: Principal = who, action: Any = action, comment: str = comment) -> Any:
                return decide(api, who, action, "KLS-001", comment)

            assert refused(change) == (409, "feil_del_av_lis1")
    assert refused(lambda: decide(api, PER, goal_approvals.approve, "KLS-002", "")) == (
        409,
        "feil_del_av_lis1",
    )
    send = goal_approvals.send
    assert refused(lambda: send(store, catalog, who=KARI, code="KLS-001", now=now)) == (
        409,
        "feil_del_av_lis1",
    )
    recall = goal_approvals.recall
    assert refused(lambda: recall(store, catalog, who=KARI, code="KLS-001", now=now))[0] == 409
    assert store.goals.of_owner(KARI.subject) == before


def test_the_kommunes_goals_are_decided_in_the_kommune_part(api: Api) -> None:
    w = world(api)
    store, catalog, now = api.deps.store, api.deps.catalog, api.clock.now()
    send = goal_approvals.send
    assert refused(lambda: send(store, catalog, who=KARI, code="KLK-001", now=now)) == (
        409,
        "feil_del_av_lis1",
    )
    api.sign_in("demo-siv").post(w.confirm_path)
    sign_activities(api, ["KLK-001", "KLK-002"])
    recommended(api, "KLK-001", veileder=HANNE)
    assert refused(lambda: decide(api, PER, goal_approvals.approve, "KLK-001", "")) == (
        403,
        "ikke_godkjenner",
    )
    assert decide(api, KNUT, goal_approvals.approve, "KLK-001", "").status == "godkjent"
    recommended(api, "KLK-002", veileder=HANNE)
    returned = decide(api, KNUT, goal_approvals.give_back, "KLK-002", "Mer om palliasjon.")
    assert returned.status == "returnert"
    assert decide(api, KNUT, goal_approvals.reopen, "KLK-001", "Feil mål.").status == "returnert"


def test_a_reopening_after_the_administrators_read_makes_the_confirmation_fail(
    api: Api,
) -> None:
    w = world(api)
    siv = api.sign_in("demo-siv")
    assert w.confirm_path in siv.get(HOME, headers=HTML).body.decode()  # the button is there
    decide(api, PER, goal_approvals.reopen, "KLS-007", "Godkjent ved en feil.")
    answer = siv.post(w.confirm_path, form={"csrf_token": siv.csrf or ""}, headers=HTML)
    page = answer.body.decode()
    assert answer.status == 409 and "Ikke godkjent ennå: 1 mål." in page
    assert "1 mål i sykehusdelen er ikke godkjent ennå" in page
    assert w.part() == "sykehus"


def test_a_reopening_between_the_read_and_the_write_fails_the_confirmation(api: Api) -> None:
    """The confirmation reads the record and its goals, finds nothing blocking, and writes onto
    the version it read: a reopening in between moves that version on, so it fails."""
    world(api)
    store = api.deps.store

    class ReopenAfterRead:
        def __init__(self) -> None:
            self.done = False

        def __getattr__(self, name: str) -> Any:
            return getattr(store.goals, name)

        def of_owner(self, owner: str) -> list[GoalApproval]:
            found = store.goals.of_owner(owner)
            if not self.done:
                self.done = True
                decide(api, PER, goal_approvals.reopen, "KLS-003", "Godkjent ved en feil.")
            return found

    racing = replace(store, goals=ReopenAfterRead())
    kommune = next(
        e.id for e in portfolios.own(store, who=KARI).employments if e.arena == "kommune"
    )
    with pytest.raises(PortfolioChanged):
        kommune_start.confirm(
            racing, api.deps.catalog, who=KOMMUNE_ADMIN, employment_id=kommune, now=api.clock.now()
        )
    stored = store.portfolios.get(KARI.subject)
    assert stored is not None and stored.part == "sykehus"
    assert "start_kommune" not in audit_actions(api)
    assert goal_approvals.blocking(store, api.deps.catalog, stored, api.clock.now()) == ["KLS-003"]


def test_the_record_says_which_part_it_is_in_and_what_blocks_the_kommune(api: Api) -> None:
    w = world(api, leave=("KLS-045",))
    kari, per = api.sign_in("demo-kari"), api.sign_in("demo-per")
    readers_page = f"/api/veiledning/{w.relation(PER.subject)}"
    for client, path in ((kari, "/api/portefolje"), (per, readers_page)):
        page = client.get(path, headers=HTML).body.decode()
        assert "Sykehusdelen." in page and "1 mål i sykehusdelen er ikke godkjent ennå" in page
        assert "<summary>Målene som ikke er godkjent</summary>" in page and "KLS-045" in page
    recommended(api, "KLS-045")
    decide(api, PER, goal_approvals.approve, "KLS-045", "")
    ready = "Alle målene i sykehusdelen er godkjent. Kommunen kan bekrefte oppstarten."
    for client, path in ((kari, "/api/portefolje"), (per, readers_page)):
        assert ready in client.get(path, headers=HTML).body.decode()
    api.sign_in("demo-siv").post(w.confirm_path)
    moved = "Kommunedelen fra 25. november 2026, bekreftet av kommunen (Bergen kommune)."
    for client, path in ((kari, "/api/portefolje"), (per, readers_page)):
        page = client.get(path, headers=HTML).body.decode()
        assert moved in page and "ikke godkjent ennå" not in page


def grant(api: Api, subject: str, grant: Grant) -> None:
    api.deps.store.users.grant(subject, grant, actor="test", at=api.clock.now())


def audit_actions(api: Api) -> list[str]:
    entries = api.deps.store.audit.entries(portfolio_entity(KARI.subject))
    return [e.action for e in entries]
