"""The portfolio over the API: a LIS starts it, the plan follows the hospital start, people are
invited by link and accept, a leder counts only once the employer confirms, and nobody else sees
any of it."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from lis1.domain.ads import Ad, AdContent
from lis1.domain.offers import Offer
from lis1.mail import MemoryMailer
from lis1.oslo import OSLO
from lis1.services import portfolios

from .conftest import Api, Client
from .test_service_confirmations import finished

HOSPITAL = {
    "arena": "sykehus",
    "organisation": "helse-bergen",
    "starts": "2026-03-01",
    "ends": "2027-02-28",
}


def started(api: Api, subject: str = "demo-kari", **changes: Any) -> Client:
    lis = api.sign_in(subject)
    made = lis.post("/api/portefolje", json_body={**HOSPITAL, **changes})
    assert made.status == 201, made.body
    return lis


def employment_id(lis: Client, arena: str = "sykehus") -> str:
    body = lis.get("/api/portefolje").json()
    return next(e["id"] for e in body["employments"] if e["arena"] == arena)


def invite(lis: Client, kind: str, name: str, email: str, employment: str) -> dict[str, Any]:
    sent = lis.post(
        "/api/portefolje/invitasjoner",
        json_body={"employment_id": employment, "kind": kind, "name": name, "email": email},
    )
    assert sent.status == 201, sent.body
    body: dict[str, Any] = sent.json()
    return body


def accept(api: Api, subject: str, link: str) -> dict[str, Any]:
    person = api.sign_in(subject)
    path = "/api/invitasjoner/" + link.rsplit("/", 1)[1]
    done = person.post(path + "/accept", json_body={})
    assert done.status == 200, done.body
    body: dict[str, Any] = done.json()
    return body


def test_no_portfolio_yet_offers_to_start_one(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    none = kari.get("/api/portefolje")
    assert none.status == 404 and none.json()["code"] == "ingen_portefølje"
    page = kari.get("/api/portefolje", headers={"accept": "text/html"})
    assert page.status == 200 and "Opprett porteføljen" in page.body.decode()


def test_the_plan_follows_the_hospital_start(api: Api) -> None:
    kari = started(api)
    plan = kari.get("/api/portefolje").json()["plan"]
    assert plan == {
        "clinical": "2020-03-01",
        "common": "2025-09-01",
        "old_common": False,
        "old_plan_until": None,
        "goals": 85 + 15,
    }
    ahmed = started(api, "demo-ahmed", starts="2025-03-01", ends="2026-02-28", psychiatry=True)
    plan = ahmed.get("/api/portefolje").json()["plan"]
    assert plan["common"] == "for-2025-09-01" and plan["old_common"]
    assert plan["old_plan_until"] == "2027-09-01"
    assert plan["goals"] == 101  # the old common goals have no published codes
    page = ahmed.get("/api/portefolje", headers={"accept": "text/html"}).body.decode()
    assert "1. september 2027" in page and "Gå over til de nye målene nå" in page
    moved = ahmed.post("/api/portefolje/ny-plan", json_body={})
    assert moved.status == 200, moved.body
    plan = ahmed.get("/api/portefolje").json()["plan"]
    assert plan["common"] == "2025-09-01" and plan["goals"] == 101 + 15
    again = ahmed.post("/api/portefolje/ny-plan", json_body={})
    assert again.status == 409 and again.json()["code"] == "ingen_gammel_plan"


def test_bad_employments_are_refused_with_the_field_named(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    short = kari.post("/api/portefolje", json_body={**HOSPITAL, "ends": "2026-04-29"})
    assert short.status == 400 and "to måneder" in short.json()["fields"]["ends"]
    wrong = kari.post("/api/portefolje", json_body={**HOSPITAL, "organisation": "bergen-kommune"})
    assert wrong.status == 400 and "organisation" in wrong.json()["fields"]
    kommune = {**HOSPITAL, "arena": "kommune", "organisation": "bergen-kommune"}
    first_kommune = kari.post("/api/portefolje", json_body=kommune)
    assert first_kommune.status == 400 and "arena" in first_kommune.json()["fields"]
    too_early = kari.post("/api/portefolje", json_body={**HOSPITAL, "starts": "2019-09-01"})
    assert too_early.status == 400 and too_early.json()["code"] == "for_gammel_plan"
    form = kari.post(
        "/api/portefolje",
        form={**HOSPITAL, "ends": "2026-03-02"},
        headers={"accept": "text/html"},
    )
    assert form.status == 400 and 'value="2026-03-02"' in form.body.decode()
    assert kari.get("/api/portefolje").status == 404


def test_invited_people_accept_and_the_leder_counts_after_the_employer_confirms(api: Api) -> None:
    kari = started(api)
    job = employment_id(kari)
    leder = invite(kari, "leder", "Tor Berge", "tor@example.org", job)
    veileder = invite(kari, "veileder", "Anne Sæther", "anne@example.org", job)
    sup1 = invite(kari, "supervisør", "Jon Ek", "jon@example.org", job)
    sup2 = invite(kari, "supervisør", "Hanne Moe", "hanne@example.org", job)
    mails = api.deps.mailer
    assert isinstance(mails, MemoryMailer)
    assert [m.to for m in mails.sent] == [
        "tor@example.org",
        "anne@example.org",
        "jon@example.org",
        "hanne@example.org",
    ]
    assert leder["link"] in mails.sent[0].body and "Kari Nordmann" in mails.sent[0].body

    second = kari.post(
        "/api/portefolje/invitasjoner",
        json_body={"employment_id": job, "kind": "leder", "name": "Per Aas", "email": "p@e.no"},
    )
    assert second.status == 409 and second.json()["code"] == "rollen_er_besatt"

    for subject, sent in (
        ("demo-tor", leder),
        ("demo-anne", veileder),
        ("demo-jon", sup1),
        ("demo-hanne", sup2),
    ):
        assert accept(api, subject, sent["link"])["status"] == "akseptert"
    relations = kari.get("/api/portefolje").json()["relations"]
    assert sorted((r["kind"], r["name"], r["status"]) for r in relations) == [
        ("leder", "Tor Berge", "venter_på_arbeidsgiver"),
        ("supervisør", "Hanne Moe", "aktiv"),
        ("supervisør", "Jon Ek", "aktiv"),
        ("veileder", "Anne Sæther", "aktiv"),
    ]
    tor = api.sign_in("demo-tor")
    mine = tor.get("/api/veiledning").json()["relations"]
    assert [(r["kind"], r["lis"]) for r in mine] == [("leder", "Kari Nordmann")]
    waiting_id = mine[0]["id"]
    assert tor.get(f"/api/veiledning/{waiting_id}", headers={"accept": "text/html"}).status == 404

    siv = api.sign_in("demo-siv")  # the kommune's administrator: not this employer
    refused = siv.post(f"/api/arbeidsgiver/roller/{waiting_id}/bekreft", json_body={})
    assert refused.status == 404
    assert kari.post(f"/api/arbeidsgiver/roller/{waiting_id}/bekreft", json_body={}).status == 403
    ola = api.sign_in("demo-ola")  # Helse Bergen's administrator
    listed = ola.get("/api/arbeidsgiver/roller").json()["relations"]
    assert {r["name"] for r in listed} == {"Tor Berge", "Anne Sæther", "Jon Ek", "Hanne Moe"}
    confirmed = ola.post(f"/api/arbeidsgiver/roller/{waiting_id}/bekreft", json_body={})
    assert confirmed.status == 200 and confirmed.json()["status"] == "aktiv"
    page = tor.get(f"/api/veiledning/{waiting_id}", headers={"accept": "text/html"})
    assert page.status == 200 and "Kari Nordmann" in page.body.decode()

    jon_id = next(r["id"] for r in relations if r["name"] == "Jon Ek")
    jon = api.sign_in("demo-jon")
    assert jon.get(f"/api/veiledning/{jon_id}", headers={"accept": "text/html"}).status == 404
    ended = kari.post(f"/api/portefolje/roller/{waiting_id}/avslutt", json_body={})
    assert ended.status == 200 and ended.json()["status"] == "avsluttet"
    assert tor.get(f"/api/veiledning/{waiting_id}", headers={"accept": "text/html"}).status == 404
    again = invite(kari, "leder", "Per Aas", "per@example.org", job)
    assert again["status"] == "sendt"


def test_a_different_name_waits_for_the_lis_to_confirm(api: Api) -> None:
    kari = started(api)
    sent = invite(kari, "veileder", "Anne Berg", "anne@example.org", employment_id(kari))
    assert accept(api, "demo-anne", sent["link"])["status"] == "venter_på_bekreftelse"
    assert kari.get("/api/portefolje").json()["relations"] == []
    page = kari.get("/api/portefolje", headers={"accept": "text/html"}).body.decode()
    assert "Ja, bekreft Anne Sæther" in page
    confirmed = kari.post(f"/api/portefolje/invitasjoner/{sent['id']}/bekreft", json_body={})
    assert confirmed.status == 200, confirmed.body
    relations = kari.get("/api/portefolje").json()["relations"]
    assert [(r["kind"], r["name"]) for r in relations] == [("veileder", "Anne Sæther")]


def test_nobody_else_sees_or_changes_the_portfolio(api: Api) -> None:
    kari = started(api)
    sent = invite(kari, "veileder", "Anne Sæther", "anne@example.org", employment_id(kari))
    ahmed = api.sign_in("demo-ahmed")
    for path in (f"/api/portefolje/invitasjoner/{sent['id']}/trekk",):
        assert ahmed.post(path, json_body={}).status == 404
    assert ahmed.get("/api/portefolje").status == 404
    job = employment_id(kari)
    own = ahmed.post(
        "/api/portefolje/invitasjoner",
        json_body={"employment_id": job, "kind": "leder", "name": "X Y", "email": "x@y.no"},
    )
    assert own.status == 404
    # The LIS cannot take a role in their own portfolio, even with the link.
    path = "/api/invitasjoner/" + sent["link"].rsplit("/", 1)[1] + "/accept"
    assert kari.post(path, json_body={}).status == 403
    # The employer revokes an open invitation; the link then stops working.
    ola = api.sign_in("demo-ola")
    assert ola.post(f"/api/portefolje/invitasjoner/{sent['id']}/trekk", json_body={}).status == 200
    anne = api.sign_in("demo-anne")
    assert anne.post(path, json_body={}).status == 409


def test_a_hire_in_an_offer_round_starts_the_record(api: Api) -> None:
    now = api.clock.now()
    ad = Ad(
        id="abcdefabcdef",
        content=AdContent(
            organisation="helse-bergen",
            place="Haukeland",
            seats=2,
            kommune="bergen-kommune",
            starts=date(2027, 3, 1),
            description="x",
            period_id="2024-host",
            application_deadline=None,
            ends=None,
        ),
        status="publisert",
        version=1,
        created_by="demo-ola",
        created_at=now,
        updated_at=now,
        published_at=now,
    )
    assert re.fullmatch(r"[0-9a-f]{12}", ad.id)
    offer = Offer(
        ad.id,
        "demo-kari",
        "LIS1-AAAA-BBBB",
        None,
        now,
        now,
        "ansatt",
        now,  # type: ignore[arg-type]
    )
    made = portfolios.start_from_hire(
        api.deps.store, api.deps.catalog, offer=offer, ad=ad, name="Kari Nordmann", now=now
    )
    shown = [(e.arena, e.organisation, str(e.starts), str(e.ends)) for e in made.employments]
    assert shown == [
        ("sykehus", "helse-bergen", "2027-03-01", "2028-02-29"),
        ("kommune", "bergen-kommune", "2028-03-01", "2028-08-31"),
    ]
    again = portfolios.start_from_hire(
        api.deps.store, api.deps.catalog, offer=offer, ad=ad, name="Kari Nordmann", now=now
    )
    assert again == made


def test_the_plan_is_counted_per_arena_in_words(api: Api) -> None:
    kari = started(api, psychiatry=True)
    page = kari.get("/api/portefolje", headers={"accept": "text/html"}).body.decode()
    assert "Sykehus: 45 kliniske læringsmål og 7 felles kompetansemål" in page
    assert "Psykiatri: 16 kliniske læringsmål" in page
    assert "Kommune: 40 kliniske læringsmål og 8 felles kompetansemål" in page
    plan = kari.get("/api/portefolje/plan", headers={"accept": "text/html"}).body.decode()
    assert plan.count("<dt>FKM") == 15 and "KLP-001–KLP-016" in plan


def test_the_old_plan_ends_on_the_transition_rules_day_in_the_data(api: Api) -> None:
    ahmed = started(api, "demo-ahmed", starts="2025-03-01", ends="2026-02-28")
    until = api.deps.catalog.common_goals[-1].transition_until
    assert until is not None
    api.clock.set(datetime.combine(until, time(0, 0), tzinfo=OSLO) - timedelta(seconds=1))
    ahmed = api.sign_in("demo-ahmed")  # months later: a new session
    assert ahmed.get("/api/portefolje").json()["plan"]["goals"] == 85
    api.clock.set(datetime.combine(until, time(0, 0), tzinfo=OSLO))
    ahmed = api.sign_in("demo-ahmed")
    assert ahmed.get("/api/portefolje").json()["plan"]["goals"] == 85 + 15
    page = ahmed.get("/api/portefolje", headers={"accept": "text/html"}).body.decode()
    assert "Gå over til de nye målene nå" not in page


def test_the_old_plan_stays_once_the_kommune_part_has_started(api: Api) -> None:
    """The new plan's hospital goals could no longer be approved there: nobody decides for the
    hospital part after the move."""
    finished(api)  # Eirik Moen: old plan, in the kommune part
    eirik = api.sign_in("demo-eirik")
    before = eirik.get("/api/portefolje").json()["plan"]
    assert before["old_common"], before
    refused = eirik.post("/api/portefolje/ny-plan", json_body={})
    assert refused.status == 409 and refused.json()["code"] == "plan_laast_i_kommunen"
    assert eirik.get("/api/portefolje").json()["plan"] == before
    page = eirik.get("/api/portefolje", headers={"accept": "text/html"}).body.decode()
    assert "Gå over til de nye målene nå" not in page
