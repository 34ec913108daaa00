"""Supervision conversations over the API on the in-memory store: the veileder plans one, the LIS
writes the preparation, both write the minutes onto the version they saw, only the veileder
finalises, and nothing changes after that; forms work without JavaScript and keep what was typed
when a save is refused. Private: no one but the LIS and that veileder gets a word of it, from any
route, page, audit entry or log line."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from lis1.domain.portfolio.relations import Relation
from lis1.identity import Grant, Principal, Role
from lis1.services import invitations, portfolio_invitations, portfolios
from lis1.services.env import Env
from lis1.services.ports.portfolios import portfolio_entity

from . import portfolio_helpers as people
from .conftest import Api, Client

HTML = {"accept": "text/html"}
MINE = "/api/portefolje/samtaler"
VEILEDER = Principal("demo-mona", "Mona Lie")
NEW_VEILEDER = Principal("demo-jon", "Jon Ek")
APPROVER = Principal("demo-per", "Per Aas")
KOMMUNE_ADMIN = "demo-siv"  # administrator for Bergen kommune, where Kari goes next
TOPIC = "Nattevakter og å be om hjelp"
PREPARATION = "Jeg kjenner meg utrygg alene på nattevakt og nøler med å ringe bakvakten."
MINUTES = "Avtalt: Kari ringer bakvakten ved tvil, og vi følger opp om en måned."
SECRETS = (TOPIC, PREPARATION[:40], MINUTES[:40])


@dataclass
class World:
    around: people.Around
    veileder: Relation

    @property
    def home(self) -> str:
        """The veileder's list, by their relation."""
        return f"/api/veiledning/{self.veileder.id}/samtaler"


@pytest.fixture
def world(api: Api) -> World:
    """Kari's portfolio with a supervisør (Ahmed), a confirmed leder (Ingrid) and Mona as
    veileder."""
    portfolio = people.start(api)
    made = {
        people.SUPERVISOR.subject: people.relate(api, portfolio, "supervisør", people.SUPERVISOR),
        VEILEDER.subject: people.relate(api, portfolio, "veileder", VEILEDER),
    }
    leder = people.relate(api, portfolio, "leder", people.LEDER)
    made[people.LEDER.subject] = people.confirm(api, leder)
    return World(people.Around(portfolio, made), made[VEILEDER.subject])


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything lis1 logs, down to DEBUG ("lis1" is the Chalice app's logger, which does not
    propagate, and has its own level)."""
    logger = logging.getLogger("lis1")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="lis1"):
            yield caplog
    finally:
        logger.removeHandler(caplog.handler)


def form(client: Client, **fields: str) -> dict[str, str]:
    assert client.csrf is not None
    return {"csrf_token": client.csrf, **fields}


def planned(api: Api, world: World, mona: Client | None = None) -> dict[str, Any]:
    mona = mona or api.sign_in(VEILEDER.subject)
    made = mona.post(world.home, json_body={"day": "2026-12-02", "topic": TOPIC})
    assert made.status == 201, made.body
    found = made.json()
    assert isinstance(found, dict)
    return found


def written(api: Api, world: World) -> dict[str, Any]:
    """A conversation with Kari's preparation and Mona's minutes."""
    kari, mona = api.sign_in("demo-kari"), api.sign_in(VEILEDER.subject)
    first = planned(api, world, mona)
    path = f"{MINE}/{first['id']}"
    prepared = kari.post(
        f"{path}/forberedelse", json_body={"version": 1, "preparation": PREPARATION}
    )
    assert prepared.status == 200, prepared.body
    done = mona.post(
        f"{world.home}/{first['id']}/referat", json_body={"version": 2, "minutes": MINUTES}
    )
    assert done.status == 200, done.body
    found = done.json()
    assert isinstance(found, dict)
    return found


def test_planned_prepared_written_by_both_and_finalised_by_the_veileder_alone(
    api: Api, world: World
) -> None:
    kari, mona = api.sign_in("demo-kari"), api.sign_in(VEILEDER.subject)
    first = planned(api, world, mona)
    assert (first["status"], first["version"], first["owner_name"]) == ("åpen", 1, "Kari Nordmann")
    listed = kari.get(MINE).json()["conversations"]
    assert listed == [
        {
            "id": first["id"],
            "day": "2026-12-02",
            "topic": TOPIC,
            "veileder_name": "Mona Lie",
            "status": "åpen",
            "status_name": "åpen",
            "finalised_at": None,
        }
    ]
    path, theirs = f"{MINE}/{first['id']}", f"{world.home}/{first['id']}"
    prepared = kari.post(
        f"{path}/forberedelse", json_body={"version": 1, "preparation": PREPARATION}
    )
    assert prepared.json()["version"] == 2 and prepared.json()["updated_by"] == "lege"
    assert mona.get(theirs).json()["preparation"] == PREPARATION  # the veileder reads it
    by_mona = mona.post(f"{theirs}/referat", json_body={"version": 2, "minutes": MINUTES})
    assert by_mona.json()["minutes"] == MINUTES and by_mona.json()["updated_by"] == "veileder"
    by_kari = kari.post(f"{path}/referat", json_body={"version": 3, "minutes": MINUTES + " Ok."})
    assert by_kari.status == 200 and by_kari.json()["version"] == 4

    refused = kari.post(f"{path}/ferdigstill", json_body={"version": 4})
    assert refused.status == 404  # only the veileder finalises: the LIS has no such route
    api.clock.move(timedelta(hours=2))
    kari, mona = api.sign_in("demo-kari"), api.sign_in(VEILEDER.subject)
    final = mona.post(f"{theirs}/ferdigstill", json_body={"version": 4})
    assert final.status == 200, final.body
    assert (final.json()["status"], final.json()["finalised_at"]) == (
        "ferdig",
        "2026-11-25T12:00:00Z",
    )
    for client, where, body in (
        (kari, f"{path}/forberedelse", {"version": 5, "preparation": "Endret"}),
        (kari, f"{path}/referat", {"version": 5, "minutes": "Endret"}),
        (mona, f"{theirs}/referat", {"version": 5, "minutes": "Endret"}),
        (mona, f"{theirs}/ferdigstill", {"version": 5}),
    ):
        locked = client.post(where, json_body=body)
        assert locked.status == 409 and locked.json()["code"] == "samtale_ferdigstilt", where
    shown = kari.get(path).json()
    assert (shown["minutes"], shown["version"]) == (MINUTES + " Ok.", 5)
    page = kari.get(path, headers=HTML).body.decode()
    assert "ferdigstilt onsdag 25. november 2026 kl. 13.00" in page and MINUTES in page
    assert 'name="minutes"' not in page and 'name="preparation"' not in page


def test_forms_plan_prepare_write_and_finalise_with_303s(api: Api, world: World) -> None:
    kari, mona = api.sign_in("demo-kari"), api.sign_in(VEILEDER.subject)
    empty = mona.get(world.home, headers=HTML).body.decode()
    assert "Planlegg en samtale" in empty and "Kari Nordmann" in empty
    made = mona.post(
        world.home, form=form(mona, day="2026-12-02", topic=TOPIC, idempotency_key="samtale-001")
    )
    assert made.status == 303, made.body
    location = made.header("Location") or ""
    assert location.startswith(f"{world.home}/") and location.endswith("?melding=planlagt")
    conversation_id = location.removeprefix(f"{world.home}/").split("?")[0]
    notice = mona.get(location, headers=HTML).body.decode()
    assert "Samtalen er planlagt" in notice and 'name="preparation"' not in notice

    path = f"{MINE}/{conversation_id}"
    page = kari.get(path, headers=HTML).body.decode()
    assert 'name="preparation"' in page and 'name="minutes"' in page and "ferdigstill" not in page
    saved = kari.post(f"{path}/forberedelse", form=form(kari, version="1", preparation=PREPARATION))
    assert saved.status == 303 and saved.header("Location") == f"{path}?melding=forberedelse"
    theirs = f"{world.home}/{conversation_id}"
    minutes = mona.post(f"{theirs}/referat", form=form(mona, version="2", minutes=MINUTES))
    assert minutes.status == 303 and minutes.header("Location") == f"{theirs}?melding=referat"
    page = mona.get(theirs, headers=HTML).body.decode()
    assert PREPARATION in page and f"{MINUTES}</textarea>" in page
    assert "låses" in page and 'action="' + theirs + '/ferdigstill"' in page
    final = mona.post(f"{theirs}/ferdigstill", form=form(mona, version="3"))
    assert final.status == 303 and final.header("Location") == f"{theirs}?melding=ferdigstilt"
    listed = kari.get(MINE, headers=HTML).body.decode()
    assert TOPIC in listed and "ferdigstilt" in listed and MINUTES not in listed


def test_a_bad_plan_form_comes_back_with_what_was_typed(api: Api, world: World) -> None:
    mona = api.sign_in(VEILEDER.subject)
    blank = mona.post(world.home, form=form(mona, day="2026-12-02", topic="  "))
    assert blank.status == 400 and 'id="feil-topic"' in blank.body.decode()
    assert 'value="2026-12-02"' in blank.body.decode()
    bad_day = mona.post(world.home, form=form(mona, day="2.12", topic="Mitt <b>tema</b>"))
    page = bad_day.body.decode()
    assert bad_day.status == 400 and 'id="feil-day"' in page
    assert 'value="Mitt &lt;b&gt;tema&lt;/b&gt;"' in page
    long = mona.post(world.home, json_body={"day": "2026-12-02", "topic": "x" * 201})
    assert long.status == 400 and set(long.json()["fields"]) == {"topic"}
    assert mona.get(world.home).json() == {"conversations": []}


def test_a_repeated_plan_with_the_same_key_plans_one(api: Api, world: World) -> None:
    mona = api.sign_in(VEILEDER.subject)
    key = {"idempotency-key": "samtale-0001"}
    body = {"day": "2026-12-02", "topic": TOPIC}
    first = mona.post(world.home, json_body=body, headers=key)
    again = mona.post(world.home, json_body=body, headers=key)
    assert first.status == again.status == 201 and first.json()["id"] == again.json()["id"]
    assert len(mona.get(world.home).json()["conversations"]) == 1


def test_two_writers_on_the_same_version_the_second_gets_409_and_keeps_their_text(
    api: Api, world: World
) -> None:
    kari, mona = api.sign_in("demo-kari"), api.sign_in(VEILEDER.subject)
    first = planned(api, world, mona)
    path, theirs = f"{MINE}/{first['id']}", f"{world.home}/{first['id']}"
    assert kari.post(f"{path}/referat", form=form(kari, version="1", minutes=MINUTES)).status == 303
    mine = "Mitt utkast: vi snakket om bakvakt <og> tillit."
    late = mona.post(f"{theirs}/referat", form=form(mona, version="1", minutes=mine))
    page = late.body.decode()
    assert late.status == 409 and "Samtalen ble endret mens du skrev" in page
    assert "Mitt utkast: vi snakket om bakvakt &lt;og&gt; tillit.</textarea>" in page
    assert "Dette ble lagret mens du skrev" in page and MINUTES in page
    assert 'name="version" value="2"' in page and 'value="1"' not in page  # a choice, seen
    stale = mona.post(f"{theirs}/referat", json_body={"version": 1, "minutes": mine})
    assert stale.status == 409 and stale.json()["code"] == "samtale_endret"
    assert kari.get(path).json()["minutes"] == MINUTES  # nothing overwritten unseen
    chosen = mona.post(f"{theirs}/referat", form=form(mona, version="2", minutes=mine))
    assert chosen.status == 303 and kari.get(path).json()["minutes"] == mine


def test_a_refused_text_comes_back_in_its_form(api: Api, world: World) -> None:
    kari, mona = api.sign_in("demo-kari"), api.sign_in(VEILEDER.subject)
    first = planned(api, world, mona)
    path = f"{MINE}/{first['id']}"
    long = "Lang forberedelse. " * 600
    again = kari.post(f"{path}/forberedelse", form=form(kari, version="1", preparation=long))
    page = again.body.decode()
    assert again.status == 400 and 'id="feil-preparation"' in page
    assert f"{long}</textarea>" in page and 'name="version" value="1"' in page
    refused = kari.post(f"{path}/forberedelse", json_body={"version": 1, "preparation": long})
    assert refused.status == 400 and set(refused.json()["fields"]) == {"preparation"}
    bad = kari.post(f"{path}/referat", form=form(kari, version="x", minutes=MINUTES))
    assert bad.status == 400 and f"{MINUTES}</textarea>" in bad.body.decode()
    final = mona.post(f"{world.home}/{first['id']}/ferdigstill", json_body={"version": 1})
    assert final.status == 200, final.body
    after = kari.post(f"{path}/referat", form=form(kari, version="2", minutes=MINUTES))
    page = after.body.decode()
    assert after.status == 409 and "Teksten du skrev, ble ikke lagret" in page
    assert MINUTES in page and 'name="minutes"' not in page
    assert kari.get(path).json()["minutes"] == ""


def test_the_veileder_whose_role_ended_no_longer_sees_them_and_the_next_one_sees_none(
    api: Api, world: World
) -> None:
    first = written(api, world)
    people.end(api, world.veileder)
    mona, kari = api.sign_in(VEILEDER.subject), api.sign_in("demo-kari")
    theirs = f"{world.home}/{first['id']}"
    for response in (
        mona.get(world.home),
        mona.get(theirs),
        mona.get(theirs, headers=HTML),
        mona.post(f"{theirs}/referat", json_body={"version": 3, "minutes": "Ny tekst"}),
        mona.post(f"{theirs}/ferdigstill", json_body={"version": 3}),
        mona.post(world.home, json_body={"day": "2026-12-09", "topic": "Ny"}),
    ):
        assert response.status == 404, response.body
        assert not any(secret in response.body.decode() for secret in SECRETS)
    assert kari.get(f"{MINE}/{first['id']}").json()["minutes"] == MINUTES  # the LIS still does

    jon_relation = people.relate(api, world.around.portfolio, "veileder", NEW_VEILEDER)
    jon = api.sign_in(NEW_VEILEDER.subject)
    jon_home = f"/api/veiledning/{jon_relation.id}/samtaler"
    assert jon.get(jon_home).json() == {"conversations": []}
    assert jon.get(f"{jon_home}/{first['id']}").status == 404
    late = {"version": first["version"], "minutes": "x"}
    assert jon.post(f"{jon_home}/{first['id']}/referat", json_body=late).status == 404
    assert jon.post(jon_home, json_body={"day": "2026-12-09", "topic": "Oppstart"}).status == 201
    assert [c["topic"] for c in kari.get(MINE).json()["conversations"]] == ["Oppstart", TOPIC]


def test_links_from_the_portfolio_and_from_veiledning(api: Api, world: World) -> None:
    kari, mona = api.sign_in("demo-kari"), api.sign_in(VEILEDER.subject)
    assert f'href="{MINE}"' in kari.get("/api/portefolje", headers=HTML).body.decode()
    assert f'href="{world.home}"' in mona.get("/api/veiledning", headers=HTML).body.decode()
    their = mona.get(f"/api/veiledning/{world.veileder.id}", headers=HTML).body.decode()
    assert f'href="{world.home}"' in their
    ingrid = api.sign_in(people.LEDER.subject)
    leder = world.around.relations[people.LEDER.subject]
    assert "/samtaler" not in ingrid.get("/api/veiledning", headers=HTML).body.decode()
    assert "/samtaler" not in ingrid.get(f"/api/veiledning/{leder.id}", headers=HTML).body.decode()


# --- private between the two -------------------------------------------------------------------


def others(api: Api, world: World) -> dict[str, Relation | None]:
    """Everyone else in Kari's world, with their own relation to her (if any): the confirmed
    leder, an approver the leder delegated to, a supervisør, a veileder after Mona's role ended,
    the employer's HF administrator, the next kommune's administrator and an editor."""
    store, env, portfolio = api.deps.store, Env(api.clock.now()), world.around.portfolio
    employment = portfolio.employments[0]
    kommune = portfolios.EmploymentIn(
        "kommune",
        "bergen-kommune",
        employment.ends + timedelta(days=1),
        employment.ends + timedelta(days=183),
    )
    portfolios.add_employment(store, api.deps.catalog, who=people.LIS, employment=kommune, env=env)
    _, token = portfolio_invitations.invite(
        store,
        who=people.LEDER,
        owner=portfolio.owner,
        employment_id=employment.id,
        kind="godkjenner",
        name=APPROVER.name,
        email="per@example.org",
        env=env,
    )
    invitations.accept(store, who=APPROVER, token=token, env=env)
    approver = next(
        r for r in store.portfolios.relations(portfolio.owner) if r.kind == "godkjenner"
    )
    people.end(api, world.veileder)
    found: dict[str, Relation | None] = {
        people.LEDER.subject: world.around.relations[people.LEDER.subject],
        APPROVER.subject: people.confirm(api, approver),
        people.SUPERVISOR.subject: world.around.relations[people.SUPERVISOR.subject],
        NEW_VEILEDER.subject: people.relate(api, portfolio, "veileder", NEW_VEILEDER),
        people.EMPLOYER_ADMIN.subject: None,
        KOMMUNE_ADMIN: None,
        people.STRANGER.subject: None,  # Eva: an editor
    }
    assert Grant(Role.KOMMUNE_ADMIN, "bergen-kommune") in store.users.grants(KOMMUNE_ADMIN)
    return found


def routes_to(home: str, conversation_id: str, version: int) -> list[tuple[str, str, Any]]:
    """Every conversation route to Kari's conversation: hers, and the veileder's by ``home``
    (Mona's relation, or the caller's own)."""
    path, theirs = f"{MINE}/{conversation_id}", f"{home}/{conversation_id}"
    text = {"version": version, "minutes": "x"}
    return [
        ("GET", path, None),
        ("POST", f"{path}/forberedelse", {"version": version, "preparation": "x"}),
        ("POST", f"{path}/referat", text),
        ("GET", theirs, None),
        ("POST", f"{theirs}/referat", text),
        ("POST", f"{theirs}/ferdigstill", {"version": version}),
    ]


def test_no_one_else_gets_a_word_of_it_from_any_route_or_page(api: Api, world: World) -> None:
    first = written(api, world)
    outsiders = others(api, world)
    anonymous = api.client()
    for who in (*outsiders, None):
        client = api.sign_in(who) if who else anonymous
        own = outsiders.get(who) if who else None
        homes = [world.home] + ([f"/api/veiledning/{own.id}/samtaler"] if own else [])
        mona_list = [("GET", world.home, None), ("POST", world.home, {"day": "2026-12-09"})]
        for home in homes:
            for method, path, body in routes_to(home, first["id"], first["version"]) + mona_list:
                for headers in ({}, HTML):
                    answer = client.request(method, path, json_body=body, headers=headers)
                    to_login = (answer.header("Location") or "").startswith("/api/auth/login")
                    refused = answer.status in (401, 403, 404) or (who is None and to_login)
                    assert refused, (who, method, path, answer.status)
                    assert not any(s in answer.body.decode() for s in SECRETS), (who, path)
        pages = ["/api/veiledning", MINE, "/api/arbeidsgiver/roller", "/api/arbeidsgiver/oppstart"]
        if own is not None:
            pages += [f"/api/veiledning/{own.id}", f"/api/veiledning/{own.id}/aktiviteter"]
            pages += [f"/api/veiledning/{own.id}/mal", f"/api/veiledning/{own.id}/samtaler"]
        for path in pages:
            for headers in ({}, HTML):
                answer = client.get(path, headers=headers)
                assert not any(s in answer.body.decode() for s in SECRETS), (who, path)
    # ... while the two still read it (Mona's role ended: Kari alone now).
    assert api.sign_in("demo-kari").get(f"{MINE}/{first['id']}").json()["minutes"] == MINUTES


def test_no_word_of_it_in_the_audit_entries_or_the_logs(
    api: Api, world: World, logs: pytest.LogCaptureFixture
) -> None:
    kari, mona = api.sign_in("demo-kari"), api.sign_in(VEILEDER.subject)
    first = written(api, world)
    path, theirs = f"{MINE}/{first['id']}", f"{world.home}/{first['id']}"
    kari.post(f"{path}/referat", form=form(kari, version="1", minutes=MINUTES + " (gammel)"))
    kari.post(f"{path}/forberedelse", form=form(kari, version="3", preparation=PREPARATION * 200))
    kari.get(path, headers=HTML)
    mona.get(theirs, headers=HTML)
    mona.post(f"{theirs}/ferdigstill", form=form(mona, version="3"))
    kari.post(f"{path}/referat", json_body={"version": 4, "minutes": MINUTES})
    api.sign_in(people.LEDER.subject).get(theirs)
    assert logs.records, "the test must see the logs"
    for secret in SECRETS:
        assert secret not in logs.text, secret
    entries = [
        e
        for e in api.deps.store.audit.entries(portfolio_entity("demo-kari"))
        if "samtale" in e.detail
    ]
    assert sorted((e.action, e.actor) for e in entries) == [  # one instant: any order
        ("finalise_conversation", "demo-mona"),
        ("plan_conversation", "demo-mona"),
        ("prepare_conversation", "demo-kari"),
        ("write_minutes", "demo-mona"),
    ]
    assert all(set(e.detail) == {"samtale", "status"} for e in entries)
    everything = repr(api.deps.store.audit.entries(portfolio_entity("demo-kari")))
    assert not any(secret in everything for secret in SECRETS)
