"""Learning goals on their way to approval over the API on the in-memory store, as the real
people do it: Kari (the LIS) sends a goal; Siv (veileder) and Ahmed (a supervisør who signed an
activity for it) recommend it; Ingrid (the confirmed leder) or the approver she delegated to
decides. Refused without the two recommendations, with the same person counted once; recalled,
returned and sent again, reopened; every change an audit entry. Who may call what is
tests/api/test_portfolio_access.py."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

from lis1.identity import Principal
from lis1.services import invitations, portfolio_invitations
from lis1.services.env import Env
from lis1.services.ports.portfolios import portfolio_entity

from . import portfolio_helpers as people
from .conftest import Api, Client

HTML = {"accept": "text/html"}
HOME = "/api/portefolje/mal"
CODE = "KLS-001"
SIV_SAYS = "Kari har vurdert akutt syke pasienter selvstendig i flere vakter."
AHMED_SAYS = "Jeg så Kari lede primærundersøkelsen trygt."
COMMENT = "Beskriv også hvordan du fulgte opp pasientene dagen etter."
PER = Principal("demo-per", "Per Aas")


@pytest.fixture
def around(api: Api) -> people.Around:
    return people.everyone(api)


def signed_activity(api: Api, code: str = CODE, by: str = "demo-ahmed") -> str:
    """Kari registers an activity serving ``code`` and sends it to ``by``, who signs it."""
    kari, supervisor = api.sign_in("demo-kari"), api.sign_in(by)
    sent = kari.post(
        "/api/portefolje/aktiviteter",
        json_body={
            "kind": "klinisk_praksis",
            "day": api.clock.now().date().isoformat(),
            "description": "Traumemottak.",
            "goals": [code],
            "supervisor": by,
        },
    )
    assert sent.status == 201, sent.body
    activity_id: str = sent.json()["id"]
    signed = supervisor.post(f"/api/signering/{activity_id}/signer", json_body={})
    assert signed.status == 200, signed.body
    return activity_id


def later(api: Api) -> None:
    """A minute on: the audit entries of one instant have no order among them."""
    api.clock.move(timedelta(minutes=1))


def goal_path(around: people.Around, subject: str, code: str = CODE) -> str:
    return f"/api/veiledning/{around.relations[subject].id}/mal/{code}"


def send(kari: Client, code: str = CODE) -> dict[str, Any]:
    sent = kari.post(f"{HOME}/{code}/send")
    assert sent.status == 200 and sent.json()["status"] == "sendt", sent.body
    return dict(sent.json())


def recommend(client: Client, path: str, text: str) -> dict[str, Any]:
    done = client.post(f"{path}/anbefal", json_body={"text": text})
    assert done.status == 200, done.body
    return dict(done.json())


def form(client: Client, **fields: str) -> dict[str, str]:
    assert client.csrf is not None
    return {"csrf_token": client.csrf, **fields}


def recommended(api: Api, around: people.Around) -> tuple[Client, Client, Client, Client]:
    """Kari's goal sent, recommended by Siv and by Ahmed (who signed an activity for it)."""
    signed_activity(api)
    kari, siv, ahmed, ingrid = (
        api.sign_in(s) for s in ("demo-kari", "demo-siv", "demo-ahmed", "demo-ingrid")
    )
    send(kari)
    recommend(siv, goal_path(around, "demo-siv"), SIV_SAYS)
    recommend(ahmed, goal_path(around, "demo-ahmed"), AHMED_SAYS)
    return kari, siv, ahmed, ingrid


def test_approval_needs_both_recommendations_and_every_change_is_an_audit_entry(
    api: Api, around: people.Around
) -> None:
    signed_activity(api)
    kari, siv, ahmed, ingrid = (
        api.sign_in(s) for s in ("demo-kari", "demo-siv", "demo-ahmed", "demo-ingrid")
    )
    send(kari)
    later(api)
    decide = goal_path(around, "demo-ingrid")
    refused = ingrid.post(f"{decide}/godkjenn", json_body={})
    assert refused.status == 409 and refused.json()["code"] == "mangler_anbefaling"
    assert (
        "fra veilederen" in refused.json()["message"] and "supervisør" in refused.json()["message"]
    )

    recommend(siv, goal_path(around, "demo-siv"), SIV_SAYS)
    later(api)
    half = ingrid.post(f"{decide}/godkjenn", json_body={}).json()
    assert half["code"] == "mangler_anbefaling"
    assert "fra veilederen" not in half["message"] and "supervisør" in half["message"]

    recommend(ahmed, goal_path(around, "demo-ahmed"), AHMED_SAYS)
    later(api)
    approved = ingrid.post(f"{decide}/godkjenn", json_body={"comment": "Godt dokumentert."})
    assert approved.status == 200, approved.body
    assert approved.json()["status"] == "godkjent" and approved.json()["missing"] == []
    mine = kari.get(HOME).json()
    [row] = [g for g in mine["goals"] if g["code"] == CODE]
    assert row["status_name"] == "godkjent" and row["decision"]["name"] == "Ingrid Berg"
    assert row["decision"]["comment"] == "Godt dokumentert."
    assert [(r["name"], r["kinds"]) for r in row["recommendations"]] == [
        ("Siv Lund", ["veileder"]),
        ("Ahmed Hassan", ["supervisør"]),
    ]
    assert CODE not in mine["blocking"] and mine["part"] == "sykehus"

    entries = api.deps.store.audit.entries(portfolio_entity("demo-kari"))
    goal_entries = [(e.actor, e.action, e.detail) for e in entries if "mål" in e.detail]
    assert goal_entries == [
        ("demo-kari", "send_goal", {"mål": CODE, "rolle": "lis", "status": "sendt"}),
        ("demo-siv", "recommend_goal", {"mål": CODE, "rolle": "veileder", "status": "sendt"}),
        ("demo-ahmed", "recommend_goal", {"mål": CODE, "rolle": "supervisør", "status": "sendt"}),
        ("demo-ingrid", "approve_goal", {"mål": CODE, "rolle": "leder", "status": "godkjent"}),
    ]
    assert all(SIV_SAYS not in str(e.detail) for e in entries)


def test_a_veileder_who_is_also_supervisor_counts_once(api: Api, around: people.Around) -> None:
    people.relate(api, around.portfolio, "supervisør", people.VEILEDER)
    signed_activity(api, by="demo-siv")
    kari, siv, ingrid = (api.sign_in(s) for s in ("demo-kari", "demo-siv", "demo-ingrid"))
    send(kari)
    both = recommend(siv, goal_path(around, "demo-siv"), SIV_SAYS)
    assert both["recommendations"][0]["kinds"] == ["veileder", "supervisør"]
    refused = ingrid.post(f"{goal_path(around, 'demo-ingrid')}/godkjenn", json_body={})
    assert refused.status == 409 and refused.json()["code"] == "mangler_anbefaling"
    assert "en annen person enn veilederen" in refused.json()["message"]
    assert "fra veilederen" not in refused.json()["message"]


def test_only_a_supervisor_who_signed_for_the_goal_recommends_or_sees_it(
    api: Api, around: people.Around
) -> None:
    signed_activity(api, code="KLS-002")  # Ahmed signed for another goal
    kari, ahmed, nora = (api.sign_in(s) for s in ("demo-kari", "demo-ahmed", "demo-nora"))
    send(kari)
    for client, subject in ((ahmed, "demo-ahmed"), (nora, "demo-nora")):
        path = goal_path(around, subject)
        refused = client.post(f"{path}/anbefal", json_body={"text": AHMED_SAYS})
        assert refused.status == 403 and refused.json()["code"] == "ikke_anbefaler", subject
        assert client.get(path).status == 404
        assert client.get(path.rsplit("/", 1)[0]).status == 404  # the list is for readers
    assert ahmed.get(goal_path(around, "demo-ahmed", "KLS-002")).status == 200
    blank = api.sign_in("demo-siv").post(
        f"{goal_path(around, 'demo-siv')}/anbefal", json_body={"text": "  "}
    )
    assert blank.status == 400 and set(blank.json()["fields"]) == {"text"}


def test_the_lis_recalls_before_a_decision_and_the_recommendations_stay(
    api: Api, around: people.Around
) -> None:
    kari, siv, _ahmed, ingrid = recommended(api, around)
    assert [w["code"] for w in ingrid.get("/api/veiledning").json()["waiting"]] == [CODE]
    recalled = kari.post(f"{HOME}/{CODE}/trekk")
    assert recalled.status == 200 and recalled.json()["status"] == "åpen"
    assert len(recalled.json()["recommendations"]) == 2
    assert kari.post(f"{HOME}/{CODE}/trekk").json()["code"] == "læringsmål_venter_ikke"
    late = siv.post(f"{goal_path(around, 'demo-siv')}/anbefal", json_body={"text": SIV_SAYS})
    assert late.status == 409 and late.json()["code"] == "læringsmål_venter_ikke"
    assert ingrid.get("/api/veiledning").json()["waiting"] == []
    refused = ingrid.post(f"{goal_path(around, 'demo-ingrid')}/godkjenn", json_body={})
    assert refused.status == 409 and refused.json()["code"] == "læringsmål_venter_ikke"


def test_returned_with_a_comment_then_sent_again_and_approved(
    api: Api, around: people.Around
) -> None:
    kari, _siv, _ahmed, ingrid = recommended(api, around)
    decide = goal_path(around, "demo-ingrid")
    empty = ingrid.post(f"{decide}/returner", json_body={"comment": " "})
    assert empty.status == 400 and empty.json()["code"] == "mangler_begrunnelse"
    assert set(empty.json()["fields"]) == {"comment"}
    returned = ingrid.post(f"{decide}/returner", json_body={"comment": COMMENT})
    assert returned.status == 200 and returned.json()["status"] == "returnert"
    mine = kari.get(f"{HOME}/{CODE}").json()
    assert mine["status_name"] == "returnert til deg" and mine["actions"] == ["send"]
    assert mine["decision"]["comment"] == COMMENT and mine["decision"]["kind"] == "returnert"
    assert ingrid.get(decide).json()["status_name"] == "returnert til legen"
    send(kari)
    assert ingrid.post(f"{decide}/godkjenn", json_body={}).json()["status"] == "godkjent"
    assert kari.post(f"{HOME}/{CODE}/send").json()["code"] == "læringsmål_godkjent"


def test_an_approval_is_undone_with_a_reason_and_the_goal_sent_again(
    api: Api, around: people.Around
) -> None:
    kari, _siv, _ahmed, ingrid = recommended(api, around)
    decide = goal_path(around, "demo-ingrid")
    ingrid.post(f"{decide}/godkjenn", json_body={})
    no_reason = ingrid.post(f"{decide}/angre", json_body={"comment": ""})
    assert no_reason.status == 400 and "comment" in no_reason.json()["fields"]
    undone = ingrid.post(f"{decide}/angre", json_body={"comment": "Godkjent ved en feil."})
    assert undone.status == 200, undone.body
    assert undone.json()["status"] == "returnert"
    assert undone.json()["decision"]["kind_name"] == "godkjenningen er angret"
    assert ingrid.post(f"{decide}/angre", json_body={"comment": "Igjen."}).status == 409
    assert send(kari)["decision"]["comment"] == "Godkjent ved en feil."
    entries = api.deps.store.audit.entries(portfolio_entity("demo-kari"))
    [reopened] = [e for e in entries if e.action == "reopen_goal"]
    assert (reopened.actor, reopened.detail) == (
        "demo-ingrid",
        {"mål": CODE, "rolle": "leder", "status": "returnert"},
    )


def test_a_delegated_approver_decides_once_the_employer_confirms(
    api: Api, around: people.Around
) -> None:
    store, env = api.deps.store, Env(api.clock.now())
    _invitation, token = portfolio_invitations.invite(
        store,
        who=people.LEDER,
        owner="demo-kari",
        employment_id=around.employment,
        kind="godkjenner",
        name=PER.name,
        email="per.aas@example.org",
        env=env,
    )
    invitations.accept(store, who=PER, token=token, env=env)
    relation = next(r for r in store.portfolios.relations("demo-kari") if r.subject == PER.subject)
    recommended(api, around)
    per = api.sign_in("demo-per")
    path = f"/api/veiledning/{relation.id}/mal/{CODE}"
    waiting = per.post(f"{path}/godkjenn", json_body={})
    assert waiting.status == 404 and waiting.json()["code"] == "ingen_portefølje"
    people.confirm(api, relation)
    assert [w["task"] for w in per.get("/api/veiledning").json()["waiting"]] == ["avgjøre"]
    approved = per.post(f"{path}/godkjenn", json_body={})
    assert approved.status == 200, approved.body
    decision = approved.json()["decision"]
    assert (decision["name"], decision["role"]) == ("Per Aas", "godkjenner")
    [entry] = [
        e for e in store.audit.entries(portfolio_entity("demo-kari")) if e.action == "approve_goal"
    ]
    assert (entry.actor, entry.detail["rolle"]) == ("demo-per", "godkjenner")


def test_a_leder_the_employer_has_not_confirmed_may_not_decide(api: Api) -> None:
    around = people.everyone(api, confirm_leder=False)
    signed_activity(api)
    kari, ingrid = api.sign_in("demo-kari"), api.sign_in("demo-ingrid")
    send(kari)
    path = goal_path(around, "demo-ingrid")
    for action in ("godkjenn", "returner"):
        refused = ingrid.post(f"{path}/{action}", json_body={"comment": COMMENT})
        assert refused.status == 404 and refused.json()["code"] == "ingen_portefølje"
    assert ingrid.get(path).status == 404
    assert ingrid.get("/api/veiledning").json()["waiting"] == []


def test_the_supervisor_sees_the_status_and_only_their_own_recommendation(
    api: Api, around: people.Around
) -> None:
    _kari, _siv, ahmed, ingrid = recommended(api, around)
    ingrid.post(f"{goal_path(around, 'demo-ingrid')}/returner", json_body={"comment": COMMENT})
    path = goal_path(around, "demo-ahmed")
    seen = ahmed.get(path).json()
    assert (seen["view"], seen["status"]) == ("supervisør", "returnert")
    assert [(r["name"], r["text"]) for r in seen["recommendations"]] == [
        ("Ahmed Hassan", AHMED_SAYS)
    ]
    assert seen["decision"] is None and seen["missing"] is None and seen["history"] is None
    page = ahmed.get(path, headers=HTML).body.decode()
    assert AHMED_SAYS in page and "Ahmed Hassan" in page
    for hidden in (SIV_SAYS, "Siv Lund", COMMENT, "Ingrid Berg"):
        assert hidden not in page, hidden
    full = ingrid.get(goal_path(around, "demo-ingrid")).json()
    assert {r["text"] for r in full["recommendations"]} == {SIV_SAYS, AHMED_SAYS}


def test_forms_without_javascript_keep_what_was_typed_and_say_what_is_missing(
    api: Api, around: people.Around
) -> None:
    signed_activity(api)
    kari, siv, ingrid = (api.sign_in(s) for s in ("demo-kari", "demo-siv", "demo-ingrid"))
    posted = kari.post(f"{HOME}/{CODE}/send", form=form(kari), headers=HTML)
    assert posted.status == 303 and posted.header("Location") == f"{HOME}/{CODE}?melding=sendt"
    wrong_part = kari.post(f"{HOME}/FKMK-001/send", form=form(kari), headers=HTML)
    assert wrong_part.status == 409 and "en annen del av LIS1" in wrong_part.body.decode()

    decide = goal_path(around, "demo-ingrid")
    typed = "Flott arbeid <b>Kari</b>"
    refused = ingrid.post(f"{decide}/godkjenn", form=form(ingrid, comment=typed), headers=HTML)
    page = refused.body.decode()
    assert refused.status == 409 and "kan ikke godkjennes før det har" in page
    assert "Flott arbeid &lt;b&gt;Kari&lt;/b&gt;</textarea>" in page

    path = goal_path(around, "demo-siv")
    blank = siv.post(f"{path}/anbefal", form=form(siv, text=""), headers=HTML)
    assert blank.status == 400 and 'id="feil-anbefal"' in blank.body.decode()
    long = siv.post(f"{path}/anbefal", form=form(siv, text="x" * 2001), headers=HTML)
    assert long.status == 400 and "x" * 2001 in long.body.decode()
    done = siv.post(f"{path}/anbefal", form=form(siv, text=SIV_SAYS), headers=HTML)
    assert done.status == 303 and done.header("Location") == f"{path}?melding=anbefalt"
    assert (
        "Anbefalingen din er lagret"
        in siv.get(f"{path}?melding=anbefalt", headers=HTML).body.decode()
    )


def test_the_pages_list_the_goals_their_history_and_what_waits(
    api: Api, around: people.Around
) -> None:
    activity_id = signed_activity(api)
    kari, _siv, ahmed, ingrid = recommended(api, around)
    assert 'href="/api/portefolje/mal"' in kari.get("/api/portefolje", headers=HTML).body.decode()
    listed = kari.get(HOME, headers=HTML).body.decode()
    assert "Kliniske læringsmål i sykehus (KLS)" in listed and "Kommunedelen" in listed
    assert "venter på godkjenning" in listed and "Ahmed Hassan (supervisør)" in listed
    assert "Kommunedelen kan ikke starte i porteføljen før disse er godkjent" in listed
    assert f'action="{HOME}/KLS-002/send"' in listed and f'action="{HOME}/{CODE}/trekk"' in listed

    page = kari.get(f"{HOME}/{CODE}", headers=HTML).body.decode()
    assert "Kari Nordmann (lege i spesialisering) sendte målet til godkjenning" in page
    assert "Siv Lund (veileder) anbefalte målet" in page and SIV_SAYS in page
    assert f'href="/api/portefolje/aktiviteter/{activity_id}"' in page

    lead = around.relations["demo-ingrid"].id
    portfolio_page = ingrid.get(f"/api/veiledning/{lead}", headers=HTML).body.decode()
    assert f'href="/api/veiledning/{lead}/mal"' in portfolio_page
    theirs = ingrid.get(f"/api/veiledning/{lead}/mal", headers=HTML).body.decode()
    assert f'href="/api/veiledning/{lead}/mal/{CODE}#avgjor"' in theirs and "Avgjør" in theirs
    roles = ingrid.get("/api/veiledning", headers=HTML).body.decode()
    assert "Venter på deg" in roles and f'href="/api/veiledning/{lead}/mal/{CODE}"' in roles
    assert "avgjøre" in roles
    assert ahmed.get("/api/veiledning").json()["waiting"] == []  # recommended already
    assert api.sign_in("demo-nora").get("/api/veiledning").json()["waiting"] == []


def test_the_list_reads_the_activities_once_however_many_goals(
    counted: tuple[Api, Counter[str]],
) -> None:
    api, calls = counted
    around = people.everyone(api)
    signed_activity(api)
    kari, siv = api.sign_in("demo-kari"), api.sign_in("demo-siv")
    for code in (CODE, "KLS-002", "KLS-003"):
        send(kari, code)
    calls.clear()
    listed = siv.get(f"/api/veiledning/{around.relations['demo-siv'].id}/mal")
    assert listed.status == 200 and len(listed.json()["goals"]) > 50
    assert sum("anbefal" in g["actions"] for g in listed.json()["goals"]) == 3
    reads = ("activities.of_owner", "goals.of_owner", "portfolios.relations")
    assert [calls[name] for name in reads] == [1, 1, 1], calls
