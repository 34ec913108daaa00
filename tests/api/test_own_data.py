"""Mine data: everything kept about the signed-in person, on a page and as a download, for that
person only; the ranked lists left out with the reason; the DynamoDB calls of the download
counted; and the retention rule's removal seen through the API on a moved clock."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from lis1.api.app import run_scheduled_rounds
from lis1.catalog import Catalog
from lis1.clock import MovableClock
from lis1.demo import DEMO_ID
from lis1.demo_portfolio import seed_portfolio
from lis1.domain.retention import period_keep_until
from lis1.domain.rounds import schedule

from .conftest import Api, Client

HTML = {"accept": "text/html"}
ROUTES = ("/api/mine-data", "/api/mine-data/nedlasting", "/api/mine-data/slett")


def an_ad(api: Api) -> str:
    """A published ad of Helse Bergen in the demo period, made by Ola through the API."""
    anchor = api.deps.store.settings.demo_anchor()
    assert anchor is not None
    ola = api.sign_in("demo-ola")
    content = {
        "organisation": "helse-bergen",
        "place": "Haukeland",
        "seats": 1,
        "kommune": "bergen-kommune",
        "starts": str(anchor + timedelta(days=120)),
        "description": "Prøve",
        "period_id": DEMO_ID,
    }
    made = ola.post("/api/ads", json_body=content)
    assert made.status == 201, made.body
    ad_id: str = made.json()["id"]  # type: ignore[index]
    assert ola.post(f"/api/ads/{ad_id}/publish", json_body={"version": 1}).status == 200
    return ad_id


def apply(api: Api, subject: str, ad_id: str) -> str:
    client = api.sign_in(subject)
    sent = client.post(f"/api/ads/{ad_id}/applications", json_body={"cover_text": "Hei"})
    assert sent.status in (200, 201), sent.body
    reference: str = sent.json()["reference"]  # type: ignore[index]
    return reference


def rank_and_offer(api: Api, ad_id: str, references: list[str]) -> None:
    """Ola ranks the ad; round 1 of the demo period runs on its tilbud day."""
    ola = api.sign_in("demo-ola")
    saved = ola.put(f"/api/ads/{ad_id}/ranking", json_body={"references": references, "version": 0})
    assert saved.status == 200, saved.body
    api.clock.set(demo_rounds(api)[0].offers_from)
    run_scheduled_rounds(api.deps)


def demo_rounds(api: Api) -> list[Any]:
    period = next(p for p in api.deps.catalog.periods if p.id == DEMO_ID)
    return list(schedule(period))


def download(client: Client) -> dict[str, Any]:
    answer = client.get("/api/mine-data/nedlasting")
    assert answer.status == 200, answer.body
    disposition = answer.header("Content-Disposition") or ""
    assert disposition.startswith("attachment;") and ".json" in disposition
    assert (answer.header("Content-Type") or "").startswith("application/json")
    found: dict[str, Any] = json.loads(answer.body)
    return found


def test_the_download_holds_what_is_kept_and_nothing_of_anyone_else(api: Api) -> None:
    ad_id = an_ad(api)
    mine = apply(api, "demo-kari", ad_id)
    theirs = apply(api, "demo-ahmed", ad_id)
    rank_and_offer(api, ad_id, [mine, theirs])
    kari = api.sign_in("demo-kari")
    calendar = kari.post("/api/tilbud/kalender")
    assert calendar.status in (200, 201), calendar.body
    token = calendar.json()["address"].rsplit("/", 1)[1]  # type: ignore[index]
    assert kari.post("/api/varsler", json_body={"reminders": "off"}).status == 200

    data = download(kari)
    assert data["format"] == "lis1-mine-data" and data["konto"]["navn"] == "Kari Nordmann"
    assert [a["referanse"] for a in data["soknader"]] == [mine]
    assert data["soknader"][0]["soknadstekst"] == "Hei"
    assert data["soknader"][0]["slettes"] is not None
    assert len(data["tilbud"]) == 1 and data["tilbud"][0]["tilstand"] == "åpen"
    assert data["tilbud"][0]["slettes"] == data["soknader"][0]["slettes"]
    assert mine in {r["referanse"] for r in data["kvitteringer"]}
    assert data["varsler"] == [
        {
            "epost": "kari.nordmann@example.org",
            "paminnelser_om_svarfrister": False,
            "sprak_i_epost": None,
            "sprak_valgt_selv": False,
        }
    ]
    assert len(data["kalenderadresse"]) == 1
    assert {e["handling"] for e in data["logg"]} >= {"create_calendar_link", "set_reminders"}
    assert data["utelatt"][0]["hva"] == "innstillingslister"
    assert "helseforetaksloven § 5" in data["utelatt"][0]["hvorfor"]
    text = json.dumps(data, ensure_ascii=False)
    assert token not in text  # the calendar address is secret, even from the download
    assert "demo-ahmed" not in text and "Ahmed" not in text and theirs not in text
    assert "demo-ola" not in text  # the HF's administrator is not named
    assert "innstilling:" not in text

    page = kari.get("/api/mine-data", headers=HTML).body.decode()
    for heading in ("Søknader", "Tilbud og svar", "Kvitteringer", "Privat kalenderadresse"):
        assert f">{heading}</h2>" in page
    assert "Haukeland" in page and mine in page and "helseforetaksloven § 5" in page
    assert 'href="/api/mine-data/nedlasting"' in page and token not in page
    counts: Any = kari.get("/api/mine-data").json()
    assert counts["counts"]["soknader"] == 1 and counts["counts"]["tilbud"] == 1

    offer_id = data["tilbud"][0]["id"]
    ola = api.sign_in("demo-ola")
    back = ola.post(f"/api/ads/{ad_id}/tilbud/{offer_id}/trekk", json_body={"reason": "Feil"})
    assert back.status == 204, back.body
    taken_back = download(api.sign_in("demo-kari"))
    hf_change = [e for e in taken_back["logg"] if e["hva"] == "tilbud"]
    assert hf_change and {e["av"] for e in hf_change} == {"en annen bruker"}
    assert "demo-ola" not in json.dumps(taken_back)

    ahmed = download(api.sign_in("demo-ahmed"))
    assert [a["referanse"] for a in ahmed["soknader"]] == [theirs]
    assert mine not in json.dumps(ahmed) and "Kari" not in json.dumps(ahmed, ensure_ascii=False)


def test_the_portfolio_is_in_the_download(api: Api) -> None:
    now = api.clock.now()
    assert seed_portfolio(api.deps.store, api.deps.catalog, now.date(), now)
    lise = api.sign_in("demo-lise")
    data = download(lise)
    assert data["portefolje"] is not None
    assert data["portefolje"]["format"] == "lis1-portefolje"
    assert data["portefolje"]["for"] == "lis"
    assert any(e["hva"] == "portefølje" for e in data["logg"])


def test_only_the_person_signed_in(api: Api) -> None:
    anonymous = api.client()
    for path in ROUTES:
        assert anonymous.get(path).status == 401, path
        login = anonymous.get(path, headers=HTML)
        assert login.status == 303 and "/api/auth/login" in (login.header("Location") or "")
    assert anonymous.post("/api/mine-data/slett").status in (401, 403)


def test_retention_removes_a_period_from_every_read_at_its_time(api: Api) -> None:
    ad_id = an_ad(api)
    mine = apply(api, "demo-kari", ad_id)
    rank_and_offer(api, ad_id, [mine])
    removal = period_keep_until(api.deps.catalog.all_periods(), DEMO_ID)
    assert removal is not None
    last_marking = max(r.marking_deadline for r in demo_rounds(api))
    assert removal > last_marking + timedelta(days=364)

    api.clock.set(removal - timedelta(seconds=1))
    kari = api.sign_in("demo-kari")
    assert len(kari.get("/api/applications").json()["applications"]) == 1  # type: ignore[index]
    assert len(download(kari)["tilbud"]) == 1

    api.clock.set(removal)
    kari = api.sign_in("demo-kari")
    assert kari.get("/api/applications").json() == {"applications": []}
    offers: Any = kari.get("/api/tilbud").json()
    assert offers["offers"] == [] and offers["applications"] == [] and offers["receipts"] == []
    assert kari.get(f"/api/receipts/{mine}").status == 404
    data = download(kari)
    assert data["soknader"] == [] and data["tilbud"] == [] and data["kvitteringer"] == []
    ola = api.sign_in("demo-ola")
    listed: Any = ola.get(f"/api/ads/{ad_id}/applications").json()
    assert listed["applicants"] == []
    assert api.deps.store.rankings.get(ad_id).entries == ()


def test_the_download_makes_a_fixed_number_of_dynamodb_calls(catalog: Catalog) -> None:
    """On the real adapter (moto), counted with botocore's hooks as lis1.devtools.calls does."""
    from moto import mock_aws

    from lis1.devtools.wiring import in_process_api
    from lis1.store.bundle import dynamodb_store
    from lis1.store.dynamo.client import make_client
    from lis1.store.schema import ensure_table

    calls: Counter[str] = Counter()
    with mock_aws(), tempfile.TemporaryDirectory() as keys:
        client = make_client(None)
        ensure_table(client, "lis1")
        clock = MovableClock(datetime(2026, 11, 25, 10, tzinfo=UTC))
        wired = in_process_api(catalog, dynamodb_store(client, "lis1", "moto"), clock, Path(keys))
        api = Api(wired.gateway, wired.issuer, wired.deps, clock)
        ad_id = an_ad(api)
        rank_and_offer(api, ad_id, [apply(api, "demo-kari", ad_id)])
        kari = api.sign_in("demo-kari")
        client.meta.events.register(
            "before-call.dynamodb.*",
            lambda event_name, **_: calls.update([event_name.rsplit(".", 1)[-1]]),
        )
        download(kari)
    # The session, the account, the roles; applications, offers and receipts (one index
    # partition, three queries); their ads (one batch); the calendar address, the reminder
    # choice, invitations sent, roles on others' portfolios, the portfolio (none: one read);
    # the language of mails; the log about the person and about the one offer; profile, CV
    # and jobbagenter.
    assert calls == Counter({"GetItem": 9, "Query": 8, "BatchGetItem": 1}), calls
    assert calls.get("Scan", 0) == 0


def test_profile_cv_and_jobbagenter_are_in_the_download_without_the_links_secret(
    api: Api,
) -> None:
    kari = api.sign_in("demo-kari")
    profile = kari.post("/api/profil", json_body={"authorisation": "sokt"})
    assert profile.status in (200, 201), profile.body
    agent = kari.post("/api/jobbagent", json_body={"organisation": "helse-bergen"})
    assert agent.status in (200, 201), agent.body
    token = api.deps.store.job_agents.for_person("demo-kari")[0].token
    data = download(kari)
    assert data["profil"][0]["authorisation"] == "sokt"
    assert data["jobbagenter"][0]["filter"]["organisation"] == "helse-bergen"
    assert token not in json.dumps(data)
