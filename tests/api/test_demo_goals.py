"""The demo of portfolio part 2 (`make serve`): Lise Dahl's goals on their way to approval, and
Siri Berg at the end of her hospital year, seeded once through the use cases; and the path a
tester follows through the API: Per Aas approves Siri's last hospital goal, Siv Lund confirms
her start in Bergen kommune, Knut Fjell (her kommune leder) reads the hospital's approvals, and
nobody can change them any more."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lis1.demo_goals import SIRI_PENDING, hospital_codes, seed_goals, siri_dates
from lis1.demo_portfolio import seed_portfolio

from .conftest import Api, Client

HTML = {"accept": "text/html"}


def seeded(api: Api) -> None:
    now = api.clock.now()
    assert seed_portfolio(api.deps.store, api.deps.catalog, now.date(), now)
    assert seed_goals(api.deps.store, api.deps.catalog, now.date(), now)


def relation_for(client: Client, lis: str) -> str:
    relations: list[dict[str, Any]] = client.get("/api/veiledning").json()["relations"]  # type: ignore[index]
    return next(r["id"] for r in relations if r["lis"] == lis and r["status"] == "aktiv")


def goals_of(client: Client, relation: str) -> dict[str, Any]:
    found = client.get(f"/api/veiledning/{relation}/mal")
    assert found.status == 200, found.body
    body: dict[str, Any] = found.json()  # type: ignore[assignment]
    return body


def test_the_demo_goals_are_seeded_once_as_described(api: Api) -> None:
    store, catalog, now = api.deps.store, api.deps.catalog, api.clock.now()
    seeded(api)
    snapshot = {
        owner: (store.goals.of_owner(owner), store.portfolios.get(owner), len(audit(api, owner)))
        for owner in ("demo-lise", "demo-siri")
    }
    assert not seed_goals(store, catalog, now.date(), now)  # once: nothing changes
    assert snapshot == {
        owner: (store.goals.of_owner(owner), store.portfolios.get(owner), len(audit(api, owner)))
        for owner in snapshot
    }
    lise = {g.code: g for g in store.goals.of_owner("demo-lise")}
    assert {c: (g.status, [r.kinds for r in g.recommendations]) for c, g in lise.items()} == {
        "FKMS-001": ("godkjent", [("veileder",), ("supervisør",)]),
        "FKMS-002": ("sendt", [("veileder",)]),
        "KLS-001": ("returnert", []),
    }
    returned = lise["KLS-001"].decision
    assert returned is not None and returned.comment and returned.name == "Per Aas"
    siri = store.portfolios.get("demo-siri")
    assert siri is not None and siri.part == "sykehus"
    hospital, kommune = {e.arena: e for e in siri.employments}.values()
    assert (hospital.starts, kommune.starts) == siri_dates(now.date())
    assert hospital.ends < now.date() < kommune.starts and kommune.organisation == "bergen-kommune"
    goals = {g.code: g for g in store.goals.of_owner("demo-siri")}
    assert sorted(goals) == sorted(hospital_codes(catalog, siri, now))
    assert {c for c, g in goals.items() if g.status != "godkjent"} == {SIRI_PENDING}
    pending = goals[SIRI_PENDING]
    assert pending.status == "sendt" and len(pending.recommendations) == 2
    knut = [r for r in store.portfolios.relations("demo-siri") if r.subject == "demo-knut"]
    assert [(r.kind, r.counts, r.role.employment_id) for r in knut] == [("leder", True, kommune.id)]


def test_lises_waiting_goal_needs_a_supervisors_recommendation(api: Api) -> None:
    seeded(api)
    per = api.sign_in("demo-per")
    lise = relation_for(per, "Lise Dahl")
    refused = per.post(f"/api/veiledning/{lise}/mal/FKMS-002/godkjenn", json_body={"comment": ""})
    assert refused.status == 409 and refused.json()["code"] == "mangler_anbefaling"  # type: ignore[index]
    jon = api.sign_in("demo-jon")  # he signed the activity serving FKMS-002
    text = {"text": "Lise anla pleuradren trygt og selvstendig."}
    recommended = jon.post(
        f"/api/veiledning/{relation_for(jon, 'Lise Dahl')}/mal/FKMS-002/anbefal", json_body=text
    )
    assert recommended.status == 200, recommended.body
    approved = per.post(f"/api/veiledning/{lise}/mal/FKMS-002/godkjenn", json_body={"comment": ""})
    assert approved.status == 200 and approved.json()["status"] == "godkjent"  # type: ignore[index]


def test_the_tester_path_from_the_hospital_to_the_kommune(api: Api) -> None:
    seeded(api)
    per = api.sign_in("demo-per")
    siri_at_hospital = relation_for(per, "Siri Berg")
    approve = f"/api/veiledning/{siri_at_hospital}/mal/{SIRI_PENDING}/godkjenn"
    approved = per.post(approve, json_body={"comment": "Godt jobbet."})
    assert approved.status == 200, approved.body
    api.clock.set(api.clock.now() + timedelta(days=1))
    siv = api.sign_in("demo-siv")
    [siri] = [
        s for s in siv.get("/api/arbeidsgiver/oppstart").json()["starts"] if s["lis"] == "Siri Berg"
    ]  # type: ignore[index]
    assert siri["may_confirm"] and siri["blocking"] == 0
    confirmed = siv.post(
        f"/api/arbeidsgiver/oppstart/{siri['employment_id']}/bekreft",
        form={"csrf_token": siv.csrf or ""},
        headers=HTML,
    )
    assert confirmed.status == 303
    knut = api.sign_in("demo-knut")
    siri_in_kommune = relation_for(knut, "Siri Berg")
    read = goals_of(knut, siri_in_kommune)
    assert read["part"] == "kommune"
    hospital = [g for g in read["goals"] if g["part"] == "sykehus"]
    assert len(hospital) == 52 and {g["status"] for g in hospital} == {"godkjent"}
    assert {g["decision"]["name"] for g in hospital} == {"Per Aas"}
    page = knut.get(f"/api/veiledning/{siri_in_kommune}", headers=HTML).body.decode()
    assert "Kommunedelen fra 26. november 2026, bekreftet av kommunen (Bergen kommune)" in page
    reason = {"comment": "Godkjent ved en feil."}
    per = api.sign_in("demo-per")  # a day later
    for client, relation in ((per, siri_at_hospital), (knut, siri_in_kommune)):
        reopened = client.post(
            f"/api/veiledning/{relation}/mal/{SIRI_PENDING}/angre", json_body=reason
        )
        assert reopened.status in (403, 409), reopened.body
        assert reopened.json()["code"] in ("feil_del_av_lis1", "ikke_godkjenner")  # type: ignore[index]
    assert {g.status for g in api.deps.store.goals.of_owner("demo-siri")} == {"godkjent"}


def audit(api: Api, owner: str) -> list[Any]:
    return api.deps.store.audit.entries(f"portefølje:{owner}")
