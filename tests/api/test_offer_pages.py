"""Offer rounds through the API's pages and JSON, on the demo season `make serve` seeds: the HF
sees its ranked list, round 1 runs on the tilbud day (scheduled job), Kari sees her offers,
reads what accepting one does, accepts (the others close), the HF marks the hire, and an answer
after the svarfrist is refused."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from lis1.api.app import run_scheduled_rounds
from lis1.catalog import Catalog
from lis1.catalog.models import ExtraRound, OrganisationShare, Round, Source
from lis1.demo import DEMO_ID
from lis1.demo_season import seed_season
from lis1.domain.rounds import schedule
from lis1.norwegian import deadline_text

from .conftest import Api, build_api

HTML = {"accept": "text/html"}


def seeded(api: Api) -> list[object]:
    deps = api.deps
    anchor = deps.store.settings.demo_anchor()
    assert anchor is not None
    assert seed_season(deps.store, deps.catalog, anchor, api.clock.now())
    assert not seed_season(deps.store, deps.catalog, anchor, api.clock.now())  # once only
    period = next(p for p in deps.catalog.periods if p.id == DEMO_ID)
    return list(schedule(period))


def test_a_round_answered_in_pages(api: Api) -> None:
    rounds = seeded(api)
    ola = api.sign_in("demo-ola")
    listing = ola.get("/api/ads/d0000000b001/innstilling", headers=HTML)
    assert listing.status == 200, listing.body
    assert "Kari Nordmann" in listing.body.decode()
    kari = api.sign_in("demo-kari")
    assert kari.get("/api/ads/d0000000b001/innstilling").status == 403  # no right to see it

    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    counts = run_scheduled_rounds(api.deps)
    assert counts["tilbud"] == 8 and counts["runder"] == 1, counts  # 2 + 1 + 2 + 2 + 1 seats
    ola, kari = api.sign_in("demo-ola"), api.sign_in("demo-kari")  # weeks later: new sessions
    mine = kari.get("/api/tilbud").json()["offers"]  # type: ignore[index]
    assert len(mine) == 3 and {o["state"] for o in mine} == {"åpen"}
    page = kari.get("/api/tilbud", headers=HTML).body.decode()
    assert "Du har 3 tilbud som venter på svar." in page

    chosen = next(o for o in mine if o["ad"]["id"] == "d0000000b001")
    confirm = kari.get(f"/api/tilbud/{chosen['id']}/svar?svar=ja", headers=HTML).body.decode()
    assert "Dine to andre åpne tilbud avslås samtidig: " in confirm
    assert "Svaret er bindende" in confirm and "Ja, jeg takker ja" in confirm
    declining = kari.get(f"/api/tilbud/{chosen['id']}/svar?svar=nei", headers=HTML).body.decode()
    assert (
        "Søknadene dine til Voss sjukehus – Helse Bergen HF og Stavanger universitetssjukehus – "
        "Helse Stavanger HF står fortsatt, og de er med i senere runder." in declining
    )
    svarfrist = deadline_text(date.fromisoformat(chosen["svarfrist"]))
    assert f"Svarer du ikke innen {svarfrist}, regnes det som et nei." in declining
    assert declining.index("Takker du nei") < declining.index("Takker du ja")
    answered = kari.post(
        f"/api/tilbud/{chosen['id']}/accept",
        form={"csrf_token": kari.csrf or "", "idempotency_key": "k" * 22},
        headers=HTML,
    )
    assert answered.status == 303, answered.body
    receipt = kari.get(answered.header("Location") or "", headers=HTML).body.decode()
    assert "Takket ja til tilbud" in receipt
    states = {o["ad"]["id"]: o["state"] for o in kari.get("/api/tilbud").json()["offers"]}  # type: ignore[index]
    assert states == {
        "d0000000b001": "takket_ja",
        "d0000000a001": "takket_nei",
        "d0000000a002": "takket_nei",
    }

    offers = ola.get("/api/ads/d0000000b001/tilbud", headers=HTML).body.decode()
    assert "Merk Kari Nordmann som ansatt" in offers
    marked = ola.post(
        f"/api/ads/d0000000b001/tilbud/{chosen['id']}/ansatt",
        form={"csrf_token": ola.csrf or ""},
        headers=HTML,
    )
    assert marked.status == 303 and (marked.header("Location") or "").endswith("melding=ansatt")
    # The hire starts Kari's competence portfolio: the hospital part at the HF, then the kommune.
    portfolio = api.deps.store.portfolios.get("demo-kari")
    assert portfolio is not None and portfolio.owner_name == "Kari Nordmann"
    assert [(e.arena, e.origin) for e in portfolio.employments] == [
        ("sykehus", "tilbud"),
        ("kommune", "tilbud"),
    ]

    ahmed = api.sign_in("demo-ahmed")
    open_offer = next(o for o in ahmed.get("/api/tilbud").json()["offers"] if o["state"] == "åpen")  # type: ignore[index]
    api.clock.set(rounds[0].answer_deadline)  # type: ignore[attr-defined]
    ahmed = api.sign_in("demo-ahmed")
    late = ahmed.post(f"/api/tilbud/{open_offer['id']}/accept", json_body={})
    assert late.status == 409 and late.json()["code"] == "svarfristen_er_ute"  # type: ignore[index]
    api.clock.set(rounds[0].answer_deadline - timedelta(seconds=1))  # type: ignore[attr-defined]
    ahmed = api.sign_in("demo-ahmed")
    in_time = ahmed.post(f"/api/tilbud/{open_offer['id']}/decline", json_body={})
    assert in_time.status == 200, in_time.body
    assert re.fullmatch(r"LIS1-\w{4}-\w{4}", in_time.json()["reference"])  # type: ignore[index]


def test_an_hf_places_its_extra_round_seats_and_the_round_offers_them(
    catalog: Catalog, keys: Path
) -> None:
    extra = ExtraRound(
        id="test-ekstra",
        name="Ekstrarunde (demo)",
        draws_from=DEMO_ID,
        starts=date(2027, 3, 1),
        positions=2,
        positions_by_organisation=[
            OrganisationShare(organisation="helse-bergen", positions=2, note=None)
        ],
        rounds=[
            Round(
                number=1,
                offer=date(2027, 1, 20),
                answer_by=date(2027, 1, 21),
                marking=datetime(2027, 1, 22, 12, 0),  # noqa: DTZ001 - Oslo wall-clock time, as in data/
                note=None,
            )
        ],
        sources=[Source(title="Test", url=None)],
        updated=date(2026, 11, 25),
        note=None,
    )
    api = build_api(replace(catalog, extra_rounds=(extra,)), keys)
    seeded(api)
    ola = api.sign_in("demo-ola")
    assert (
        "Ekstrarunder: nye stillinger å fordele" in ola.get("/api/hf", headers=HTML).body.decode()
    )
    page = ola.get("/api/hf/ekstrarunder", headers=HTML).body.decode()
    assert "2 nye stillinger for dere." in page and "Voss sjukehus (nå 1)" in page
    form = {"csrf_token": ola.csrf or ""}
    too_many = ola.post(
        "/api/hf/ekstrarunder/test-ekstra/helse-bergen",
        form={**form, "d0000000b002": "3"},
        headers=HTML,
    )
    assert too_many.status == 400 and "2 nye stillinger igjen" in too_many.body.decode()
    placed = ola.post(
        "/api/hf/ekstrarunder/test-ekstra/helse-bergen",
        form={**form, "d0000000b002": "2"},
        headers=HTML,
    )
    assert placed.status == 303, placed.body
    after = ola.get("/api/hf/ekstrarunder", headers=HTML).body.decode()
    assert "0 er igjen å fordele." in after and "Voss sjukehus (nå 3)" in after

    api.clock.set(schedule(extra)[0].offers_from)
    run_scheduled_rounds(api.deps)
    offers = api.deps.store.offers.by_ad(DEMO_ID, "d0000000b002")
    assert [o.round.series for o in offers] == ["test-ekstra"] * 3


def test_a_ranked_list_from_pasted_csv_or_numbers_with_errors_by_line(api: Api) -> None:
    seeded(api)
    ola = api.sign_in("demo-ola")
    before = ola.get("/api/ads/d0000000b002/innstilling").json()  # type: ignore[assignment]
    assert isinstance(before, dict) and before["version"] == 1 and not before["locked"]
    refs = before["references"]
    form = {"csrf_token": ola.csrf or "", "version": "1"}
    bad = ola.post(
        "/api/ads/d0000000b002/innstilling",
        form={**form, "csv": f"referanse\n{refs[1]}\nKari Nordmann\n"},
        headers=HTML,
    )
    page = bad.body.decode()
    assert bad.status == 400 and "Linje 3: «Kari Nordmann» er ikke en søknadsreferanse" in page
    good = ola.post(
        "/api/ads/d0000000b002/innstilling",
        form={**form, "csv": f"plass;referanse\n1;{refs[1]}\n2;{refs[0]}\n"},
        headers=HTML,
    )
    assert good.status == 303, good.body
    after = ola.get("/api/ads/d0000000b002/innstilling").json()
    assert after["references"] == [refs[1], refs[0]] and after["version"] == 2  # type: ignore[index]
    numbers = ola.post(
        "/api/ads/d0000000b002/innstilling",
        form={**form, "version": "2", refs[0]: "1", refs[1]: "x"},
        headers=HTML,
    )
    assert numbers.status == 400 and "Skriv et helt tall fra 1" in numbers.body.decode()


def test_a_closed_offer_says_why_in_words_on_the_confirmation_page(api: Api) -> None:
    rounds = seeded(api)
    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    kari = api.sign_in("demo-kari")
    offer = kari.get("/api/tilbud").json()["offers"][0]  # type: ignore[index]
    kari.post(f"/api/tilbud/{offer['id']}/decline", json_body={})
    page = kari.get(f"/api/tilbud/{offer['id']}/svar?svar=ja", headers=HTML).body.decode()
    assert "Tilbudet kan ikke besvares lenger: takket nei." in page
