"""The public statistics of the offer rounds through the API, on the demo season with three
bigger ads beside it (so some numbers reach 5): round 1 runs, 27 candidates answer or stay
silent, and every number shown is the one the offers in the store give, none of 1 to 4 people,
each hidden one null with its reason, in JSON and on the page; two DynamoDB reads per request."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from lis1.api.app import run_scheduled_rounds
from lis1.catalog import Catalog
from lis1.clock import MovableClock
from lis1.demo import DEMO_ID
from lis1.demo_season import seed_season
from lis1.domain.ads import Ad, AdContent
from lis1.domain.applications import Application, Receipt
from lis1.domain.offers import HOLDS_SEAT, OfferState, state_at
from lis1.domain.rounds import ScheduledRound, schedule
from lis1.identity import Grant, Principal, Role, User
from lis1.services import offers as offer_service
from lis1.services.env import Env
from lis1.services.ports.store import Store
from lis1.services.rankings import save_ranking

from .conftest import Api

HTML = {"accept": "text/html"}
BIG = (  # (ad, HF, seats, first on its list, how many accept, decline; the rest stay silent)
    ("e0000000b001", "helse-bergen", 12, 0, 7, 3),
    ("e0000000a001", "oslo-universitetssykehus", 9, 12, 5, 4),
    ("e0000000c001", "helse-stavanger", 6, 24, 6, 0),
)
PEOPLE = [f"stat-{n:02}" for n in range(1, 41)]
MEASURE_OF: dict[OfferState, str] = {
    "åpen": "waiting",
    "takket_ja": "accepted",
    "ansatt": "accepted",
    "frigitt": "released",
    "takket_nei": "declined",
    "utløpt": "expired",
    "trukket_tilbake": "taken_back",
}


def season(store: Store, catalog: Catalog, now: datetime) -> list[ScheduledRound]:
    """The demo season, and three ads whose lists are 40 long, each topped by others."""
    anchor = store.settings.demo_anchor()
    assert anchor is not None and seed_season(store, catalog, anchor, now)
    env = Env(now)
    for subject in PEOPLE:
        store.users.save(User(subject, subject, f"{subject}@example.org", now))
    for ad_id, hf, seats, first, _yes, _no in BIG:
        starts = anchor.replace(year=anchor.year + 1, month=3, day=1)
        content = AdContent(
            hf, "Statistikk", seats, "bergen-kommune", starts, "Test.", DEMO_ID, None, None
        )
        store.ads.create(Ad(ad_id, content, "publisert", 1, "test", now, now, now))
        references = []
        for subject in PEOPLE[first:] + PEOPLE[:first]:
            reference = env.new_reference()
            application = Application(ad_id, subject, "", "sendt", reference, now, now, 0)
            receipt = Receipt(reference, now, "søknad sendt", ad_id, subject, "Test.")
            store.applications.submit(application, receipt)
            references.append(reference)
        admin = Principal("test", "Test", frozenset({Grant(Role.HF_ADMIN, hf)}))
        save_ranking(
            store,
            catalog,
            who=admin,
            ad_id=ad_id,
            references=references,
            expected_version=0,
            now=now,
        )
    period = next(p for p in catalog.periods if p.id == DEMO_ID)
    return schedule(period)


def answer_round_one(store: Store, catalog: Catalog, mailer: Any, now: datetime) -> None:
    for ad_id, _hf, _seats, first, yes, no in BIG:
        for n, subject in enumerate(PEOPLE[first : first + yes + no]):
            offer = next(o for o in store.offers.by_candidate(subject) if o.ad_id == ad_id)
            answer = offer_service.accept_offer if n < yes else offer_service.decline_offer
            who = Principal(subject, subject)
            answer(store, catalog, mailer, who=who, offer_id=offer.id, env=Env(now))


def truth(store: Store, catalog: Catalog, now: datetime) -> dict[tuple[str, str, str], int]:
    """(round key, HF or "", measure) -> the number the offers in the store give."""
    ads = {ad.id: ad for ad in store.ads.by_period(DEMO_ID)}
    found: Counter[tuple[str, str, str]] = Counter()
    held: Counter[str] = Counter()
    for offer in store.offers.by_scope(DEMO_ID):
        hf = ads[offer.ad_id].content.organisation
        key, state = f"{offer.round.series}#{offer.round.number}", state_at(offer, now)
        for who in (hf, ""):
            found[(key, who, "offered")] += 1
            found[(key, who, MEASURE_OF[state])] += 1
            held[who] += state in HOLDS_SEAT
    for ad in ads.values():
        found[("", ad.content.organisation, "open")] += ad.content.seats
        found[("", "", "open")] += ad.content.seats
    for who, n in held.items():
        found[("", who, "open")] -= n
    return found


def cells(body: dict[str, Any]) -> list[tuple[tuple[str, str, str], dict[str, Any]]]:
    """Every cell of a JSON answer with its key, as :func:`truth` names them."""
    found = []
    for r in body["rounds"]:
        rows = [
            ("", r["national"]),
            *((o["organisation"], o["counts"]) for o in r["organisations"]),
        ]
        for who, counts in rows:
            found += [((r["key"], who, m), cell) for m, cell in counts.items()]
    for seats in body["seats"]:
        found.append((("", seats["organisation"] or "", "open"), seats["open"]))
    return found


def test_the_numbers_shown_are_the_offers_in_the_store_and_none_counts_one_to_four(
    api: Api,
) -> None:
    deps = api.deps
    rounds = season(deps.store, deps.catalog, api.clock.now())
    anyone = api.client()
    before = anyone.get("/api/statistikk/demo")
    assert before.status == 200 and before.json()["rounds"] == []  # type: ignore[index]

    api.clock.set(rounds[0].offers_from)
    assert run_scheduled_rounds(deps)["tilbud"] == 8 + 27
    answer_round_one(deps.store, deps.catalog, deps.mailer, api.clock.now())
    during = anyone.get("/api/statistikk/demo").json()
    assert isinstance(during, dict)
    one = during["rounds"][0]
    assert one["key"] == "demo#1" and one["answers_shown"] is False
    assert one["national"]["offered"] == {"value": 35, "reason": None}
    assert one["national"]["waiting"] == {"value": 35, "reason": None}  # answers not yet shown
    assert one["national"]["accepted"] == {"value": None, "reason": "etter_svarfristen"}

    api.clock.set(rounds[0].answer_deadline + timedelta(hours=1))
    run_scheduled_rounds(deps)  # records the expired offers
    response = anyone.get("/api/statistikk/demo")
    assert response.status == 200
    assert response.header("Cache-Control") == "public, max-age=300"
    body = response.json()
    assert isinstance(body, dict) and body["rounds"][0]["answers_shown"] is True
    true = truth(deps.store, deps.catalog, api.clock.now())
    shown = hidden = 0
    for key, cell in cells(body):
        if cell["value"] is None:
            assert cell["reason"] == "prikket", key
            hidden += 1
            continue
        assert cell["value"] == true[key], key
        assert not 0 < cell["value"] < 5, key
        if key[2] == "open":
            seats = sum(s["seats"] for s in body["seats"] if (s["organisation"] or "") == key[1])
            assert not 0 < seats - cell["value"] < 5, key
        shown += 1
    national = body["rounds"][0]["national"]
    assert national["offered"]["value"] == 35 and national["accepted"]["value"] == 18
    assert shown >= 10 and hidden >= 5, (shown, hidden)


def test_released_seats_are_counted_as_open_and_released_not_as_accepted(api: Api) -> None:
    deps = api.deps
    rounds = season(deps.store, deps.catalog, api.clock.now())
    api.clock.set(rounds[0].offers_from)
    run_scheduled_rounds(deps)
    ola = Principal("demo-ola", "Ola Hansen", frozenset({Grant(Role.HF_ADMIN, "helse-bergen")}))

    def change(subject: str, what: str) -> None:
        offer = next(o for o in deps.store.offers.by_candidate(subject) if o.ad_id == BIG[0][0])
        offer_service.hf_change(
            deps.store,
            deps.catalog,
            deps.mailer,
            who=ola,
            ad_id=offer.ad_id,
            offer_id=offer.id,
            change=what,
            reason="Test.",
            now=api.clock.now(),
        )

    change("stat-11", "trukket_tilbake")  # sent in error
    answer_round_one(deps.store, deps.catalog, deps.mailer, api.clock.now())
    api.clock.set(rounds[0].answer_deadline + timedelta(hours=1))
    run_scheduled_rounds(deps)
    for subject in PEOPLE[:5]:
        change(subject, "frigitt")
    body = api.client().get("/api/statistikk/demo").json()
    assert isinstance(body, dict)
    true = truth(deps.store, deps.catalog, api.clock.now())
    for key, cell in cells(body):
        assert cell["value"] in (None, true[key]), key
    national = body["rounds"][0]["national"]
    bergen = body["rounds"][0]["organisations"][0]["counts"]
    assert bergen["released"]["value"] == 5 and national["accepted"]["value"] == 13
    assert national["taken_back"] == {"value": None, "reason": "prikket"}  # one offer
    assert body["seats"][-1]["open"]["value"] == 35 - 13 == true[("", "", "open")]


def test_the_page_shows_the_same_numbers_in_a_chart_and_tables(api: Api) -> None:
    deps = api.deps
    rounds = season(deps.store, deps.catalog, api.clock.now())
    api.clock.set(rounds[0].offers_from)
    run_scheduled_rounds(deps)
    answer_round_one(deps.store, deps.catalog, deps.mailer, api.clock.now())
    api.clock.set(rounds[0].answer_deadline)
    body = api.client().get("/api/statistikk/demo").json()
    page = api.client().get("/api/statistikk/demo", headers=HTML)
    assert page.status == 200 and page.header("Cache-Control") == "public, max-age=300"
    html = page.body.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # the CSP forbids it
    assert "Tall for færre enn 5 personer vises ikke." in html
    assert '<th scope="col">Takket ja</th>' in html and '<th scope="row">Hele landet</th>' in html
    hidden = [key for key, cell in cells(body) if cell["reason"] == "prikket"]
    assert html.count('<span class="lis1-usynlig">vises ikke</span>') == len(hidden) >= 5
    # Every number in a table cell is one the JSON shows; none counts 1 to 4 (the seats are
    # the ads' own, public numbers).
    tables = html.split("<table", 1)[1]
    numbers = [int(n) for n in re.findall(r"<td>(\d+)</td>", _without_seats(tables))]
    shown = {c["value"] for _, c in cells(body) if c["value"] is not None}  # type: ignore[arg-type]
    assert numbers and set(numbers) <= shown
    assert not [n for n in numbers if 0 < n < 5]
    assert re.search(r">Takket ja</text>\s*<rect [^>]*width=\"\d+\"", html)


def _without_seats(html: str) -> str:
    """The tables without the seats column of the last one (the ads' seats: public)."""
    rounds, seats = html.split('id="ledige"', 1)
    return rounds + re.sub(r"(<th scope=\"row\">[^<]*</th>)<td>\d+</td>", r"\1", seats)


def test_an_unknown_period_is_404_with_our_error_body(api: Api) -> None:
    for wanted in ("2099-host", "demo-ekstra"):  # an extra round counts in its period
        response = api.client().get(f"/api/statistikk/{wanted}")
        assert response.status == 404
        assert response.json() == {
            "code": "ukjent_periode",
            "message": "Søknadsperioden finnes ikke.",
            "fields": {},
        }
    page = api.client().get("/api/statistikk/2099-host", headers=HTML)
    assert page.status == 404 and "Søknadsperioden finnes ikke." in page.body.decode()
    assert api.client().get("/api/statistikk/Ikke%20en%20id").status == 400


def test_the_periods_are_listed_for_everyone_and_signed_in_callers_get_no_shared_cache(
    api: Api,
) -> None:
    listed = api.client().get("/api/statistikk")
    assert listed.status == 200 and listed.header("Cache-Control") == "public, max-age=300"
    ids = [p["id"] for p in listed.json()["periods"]]  # type: ignore[index]
    assert DEMO_ID in ids and "2024-host" in ids and "demo-ekstra" not in ids
    page = api.client().get("/api/statistikk", headers=HTML).body.decode()
    assert '<a href="/api/statistikk/2024-host">' in page
    kari = api.sign_in("demo-kari")
    assert "public" not in (kari.get("/api/statistikk/demo").header("Cache-Control") or "")


@pytest.fixture
def moto_api(catalog: Catalog, keys: Path) -> Any:
    from moto import mock_aws

    from lis1.devtools.wiring import in_process_api
    from lis1.store.bundle import dynamodb_store
    from lis1.store.dynamo.client import make_client
    from lis1.store.schema import ensure_table

    with mock_aws():
        client = make_client(None)
        ensure_table(client, "lis1")
        clock = MovableClock(datetime(2026, 11, 25, 10, tzinfo=UTC))
        store = dynamodb_store(client, "lis1", "moto")
        yield in_process_api(catalog, store, clock, keys), client, clock


def test_a_statistics_request_makes_two_dynamodb_calls_and_no_scan(moto_api: Any) -> None:
    """Counted on the real adapter (moto): the period's ads (one Query), their counts (one
    BatchGetItem for up to 100 ads), however many rounds and HFs; a draft is left out."""
    wired, client, clock = moto_api
    deps = wired.deps
    now = clock.now()
    anchor = deps.store.settings.demo_anchor()
    starts = anchor.replace(year=anchor.year + 1, month=3, day=1)
    for n, (ad_id, hf, seats, *_rest) in enumerate(BIG):
        content = AdContent(
            hf, "Statistikk", seats, "bergen-kommune", starts, "", DEMO_ID, None, None
        )
        status: Any = "publisert" if n else "utkast"
        deps.store.ads.create(Ad(ad_id, content, status, 1, "test", now, now, now))
    calls: Counter[str] = Counter()

    def count(event_name: str, **_: Any) -> None:
        calls[event_name.rsplit(".", 1)[-1]] += 1

    client.meta.events.register("before-call.dynamodb.*", count)
    headers = {"accept": "application/json"}
    response = wired.gateway.handle("GET", "/api/statistikk/demo", headers, b"")
    assert response.status == 200
    assert [s["name"] for s in response.json()["seats"]] == [
        "Helse Stavanger HF",
        "Oslo universitetssykehus HF",
        "Hele landet",
    ]
    assert calls == Counter({"Query": 1, "BatchGetItem": 1}), calls
    calls.clear()
    assert wired.gateway.handle("GET", "/api/statistikk", headers, b"").status == 200
    assert calls == Counter(), calls  # the catalogue only
