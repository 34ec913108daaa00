"""Deleting one's account: refused while an offer round is open where the person is in play;
otherwise standing applications withdrawn (the HF sees it), the personal records and every
session gone, the portfolio, receipts and log kept, a receipt mail, and a fresh account at the
next sign-in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lis1.demo_portfolio import seed_portfolio
from lis1.mail import MemoryMailer

from .conftest import Api
from .test_own_data import HTML, an_ad, apply, demo_rounds, download, rank_and_offer


def test_deleting_withdraws_forgets_and_keeps_what_must_be_kept(api: Api) -> None:
    ad_id = an_ad(api)
    reference = apply(api, "demo-kari", ad_id)
    kari = api.sign_in("demo-kari")
    other_browser = api.sign_in("demo-kari")
    assert kari.post("/api/tilbud/kalender").status in (200, 201)
    assert kari.post("/api/varsler", json_body={"reminders": "off"}).status == 200
    assert kari.post("/api/varsler/sprak", json_body={"language": "en"}).status in (200, 303)
    assert kari.post("/api/profil", json_body={"authorisation": "sokt"}).status in (200, 201)
    assert kari.post("/api/jobbagent", json_body={}).status in (200, 201)
    created = api.deps.store.users.get("demo-kari")
    assert created is not None

    plan: Any = kari.get("/api/mine-data/slett").json()
    assert plan == {
        "allowed": True,
        "blocking": [],
        "withdrawn": [reference],
        "has_portfolio": False,
    }
    page = kari.get("/api/mine-data/slett", headers=HTML).body.decode()
    assert "Spesialistforskriften" in page and "Endringsloggen" in page
    assert 'action="/api/mine-data/slett"' in page and "12 måneder" in page

    api.clock.move(timedelta(minutes=1))
    mailer = api.deps.mailer
    assert isinstance(mailer, MemoryMailer)
    before = len(mailer.sent)
    done = kari.post("/api/mine-data/slett")
    assert done.status == 200, done.body
    assert "Max-Age=0" in (done.header("Set-Cookie") or "")
    withdrawn: list[str] = done.json()["withdrawn"]  # type: ignore[index]
    assert len(withdrawn) == 1

    store = api.deps.store
    assert store.users.get("demo-kari") is None
    assert store.users.find("Kari Nordmann") == []
    assert store.applications.get(ad_id, "demo-kari").status == "trukket"  # type: ignore[union-attr]
    assert store.calendars.current("demo-kari") is None
    assert store.notices.reminders_on("demo-kari")  # the choice is gone: the default
    assert store.notices.language("demo-kari") is None
    assert store.profiles.get("demo-kari") is None
    assert store.job_agents.for_person("demo-kari") == []
    assert {r.reference for r in store.applications.receipts("demo-kari")} >= {
        reference,
        *withdrawn,
    }  # kept: what was done when
    assert "delete_account" in {e.action for e in store.audit.entries("bruker:demo-kari")}
    assert other_browser.get("/api/me").status == 401  # every session ended
    assert kari.get("/api/me").status == 401
    sent = mailer.sent[before:]
    assert [m.subject for m in sent][-1] == "Kontoen din er slettet"
    assert sent[-1].to == "kari.nordmann@example.org" and withdrawn[0] in sent[-1].body

    ola = api.sign_in("demo-ola")
    listed: Any = ola.get(f"/api/ads/{ad_id}/applications").json()
    assert [(a["status"], a["name"]) for a in listed["applicants"]] == [("trukket", "(ukjent)")]
    assert ola.get(f"/api/ads/{ad_id}/applications", headers=HTML).status == 200

    again = api.sign_in("demo-kari")  # a fresh, empty account
    fresh = store.users.get("demo-kari")
    assert fresh is not None and fresh.created_at > created.created_at
    data = download(again)
    assert data["konto"]["opprettet"] == fresh.created_at.isoformat()
    assert data["kalenderadresse"] == [] and data["profil"] == [] and data["jobbagenter"] == []


def test_refused_while_an_offer_round_is_open_where_the_person_is_in_play(api: Api) -> None:
    ad_id = an_ad(api)
    reference = apply(api, "demo-kari", ad_id)
    rank_and_offer(api, ad_id, [reference])  # the clock is on round 1's tilbud day
    kari = api.sign_in("demo-kari")
    plan: Any = kari.get("/api/mine-data/slett").json()
    assert plan["allowed"] is False and len(plan["blocking"]) == 1
    assert plan["blocking"][0].startswith("Demoperiode")
    page = kari.get("/api/mine-data/slett", headers=HTML).body.decode()
    assert "kan ikke slettes nå" in page and 'action="/api/mine-data/slett"' not in page
    refused = kari.post("/api/mine-data/slett")
    assert refused.status == 409, refused.body
    body: Any = refused.json()
    assert body["code"] == "tilbudsrunde_pågår" and "Demoperiode" in body["message"]
    assert api.deps.store.users.get("demo-kari") is not None  # nothing changed
    assert kari.get("/api/me").status == 200

    api.clock.set(demo_rounds(api)[0].answer_deadline)  # the round's svarfrist is over
    kari = api.sign_in("demo-kari")
    assert kari.post("/api/mine-data/slett").status == 200


def test_a_form_post_goes_to_the_receipt_page_signed_out(api: Api) -> None:
    now = api.clock.now()
    assert seed_portfolio(api.deps.store, api.deps.catalog, now.date(), now)
    lise = api.sign_in("demo-lise")
    csrf = lise.csrf
    assert csrf is not None
    lise.csrf = None
    assert lise.post("/api/mine-data/slett", form={}).status == 403  # no CSRF token
    posted = lise.post("/api/mine-data/slett", form={"csrf_token": csrf})
    assert posted.status == 303, posted.body
    assert posted.header("Location") == "/api/mine-data/slettet"
    assert "lis1_session" not in lise.cookies
    shown = lise.get("/api/mine-data/slettet", headers=HTML)
    assert shown.status == 200 and "Kontoen er slettet" in shown.body.decode()
    assert api.deps.store.portfolios.get("demo-lise") is not None  # kept: documentation duty
