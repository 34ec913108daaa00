"""A season of offer rounds through the use cases, on the in-memory store and the real 2024
autumn period: ranked lists, round 1 on its tilbud day, answers (one accepted closes the others,
one declined, one left to expire), merking, and round 2 offering the freed seats."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from lis1.catalog import Catalog, load_catalog
from lis1.domain.ads import Ad, AdContent
from lis1.domain.applications import Application, Receipt
from lis1.domain.errors import AlreadyAccepted, AnswerTooLate, OfferNotOpen
from lis1.domain.offers import Offer, RoundKey
from lis1.domain.rounds import schedule
from lis1.errors import Forbidden, InvalidInput
from lis1.identity import Grant, Principal, Role, User
from lis1.mail import MemoryMailer
from lis1.services import offers as offer_service
from lis1.services.env import Env
from lis1.services.ports.store import Store
from lis1.services.rankings import save_ranking
from lis1.services.rounds import run_rounds
from lis1.store.bundle import memory_store

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2024-host"
ADMIN = Principal("admin", "Berit Admin", frozenset({Grant(Role.HF_ADMIN, "helse-bergen")}))
PEOPLE = [Principal(f"p{i}", f"Person {i}", email=f"p{i}@example.no") for i in range(6)]
ORIGIN = "https://lis1.example"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT / "data")
    assert result.catalog is not None, result.errors
    return result.catalog


def publish(store: Store, ad_id: str, seats: int, at: datetime, period: str = PERIOD) -> Ad:
    content = AdContent(
        "helse-bergen",
        f"Sted {ad_id}",
        seats,
        "bergen-kommune",
        date(2025, 3, 1),
        "Tekst",
        period,
        None,
        None,
    )
    ad = Ad(ad_id, content, "publisert", 1, "admin", at, at, at)
    store.ads.create(ad)
    return ad


def apply_all(store: Store, ad_id: str, at: datetime) -> dict[str, str]:
    """Everyone applies; their references by subject."""
    found = {}
    for n, person in enumerate(PEOPLE):
        store.users.save(User(person.subject, person.name, person.email, at))
        reference = f"LIS1-{ad_id.upper()[:2]}{n}A-2345"
        application = Application(ad_id, person.subject, "", "sendt", reference, at, at, 0)
        receipt = Receipt(reference, at, "søknad sendt", ad_id, person.subject, "Mottatt.")
        store.applications.submit(application, receipt)
        found[person.subject] = reference
    return found


def test_a_season_of_rounds(catalog: Catalog) -> None:
    period = next(p for p in catalog.periods if p.id == PERIOD)
    rounds = schedule(period)
    store, mailer = memory_store(), MemoryMailer()
    before = rounds[0].offers_from - timedelta(days=30)
    publish(store, "aa", 2, before)
    publish(store, "bb", 1, before)
    refs_a = apply_all(store, "aa", before)
    refs_b = apply_all(store, "bb", before)
    order_a = [refs_a[f"p{i}"] for i in (0, 1, 2, 3, 4)]
    order_b = [refs_b[f"p{i}"] for i in (0, 2, 5)]
    save_ranking(
        store, catalog, who=ADMIN, ad_id="aa", references=order_a, expected_version=0, now=before
    )
    save_ranking(
        store, catalog, who=ADMIN, ad_id="bb", references=order_b, expected_version=0, now=before
    )

    assert (
        run_rounds(
            store, catalog, mailer, now=rounds[0].offers_from - timedelta(seconds=1), origin=ORIGIN
        ).issued
        == []
    )
    first = run_rounds(store, catalog, mailer, now=rounds[0].offers_from, origin=ORIGIN)
    assert sorted((o.ad_id, o.candidate) for o in first.issued) == [
        ("aa", "p0"),
        ("aa", "p1"),
        ("bb", "p0"),
    ]
    assert (
        len(mailer.sent) == 3
        and "Svarfrist: søndag 10. november 2024 kl. 23.59" in mailer.sent[0].body
    )
    again = run_rounds(
        store, catalog, mailer, now=rounds[0].offers_from + timedelta(hours=1), origin=ORIGIN
    )
    assert again.issued == []  # a rerun issues nothing

    during = rounds[0].offers_from + timedelta(hours=3)
    p0 = PEOPLE[0]
    mine = dict((o.ad_id, o) for o, _ in offer_service.my_offers(store, who=p0, now=during))
    receipt = offer_service.accept_offer(
        store, catalog, mailer, who=p0, offer_id=mine["aa"].id, env=Env(during)
    )
    assert receipt.action == "takket ja til tilbud"
    states = {o.ad_id: s for o, s in offer_service.my_offers(store, who=p0, now=during)}
    assert states == {"aa": "takket_ja", "bb": "takket_nei"}  # accepting closed the other
    with pytest.raises(OfferNotOpen):
        offer_service.accept_offer(
            store, catalog, mailer, who=p0, offer_id=mine["bb"].id, env=Env(during)
        )
    # A later list change may only append, from the first tilbud.
    with pytest.raises(InvalidInput):
        save_ranking(
            store,
            catalog,
            who=ADMIN,
            ad_id="aa",
            references=order_a[::-1],
            expected_version=1,
            now=during,
        )
    # p1 stays silent on aa: the offer expires at midnight Oslo after the svarfrist.
    p1_offer = offer_service.my_offers(store, who=PEOPLE[1], now=during)[0][0]
    with pytest.raises(AnswerTooLate):
        offer_service.decline_offer(
            store,
            catalog,
            mailer,
            who=PEOPLE[1],
            offer_id=p1_offer.id,
            env=Env(rounds[0].answer_deadline),
        )

    hired = offer_service.hf_change(
        store,
        catalog,
        mailer,
        who=ADMIN,
        ad_id="aa",
        offer_id=mine["aa"].id,
        change="ansatt",
        reason="",
        now=rounds[0].marking_deadline,
    )
    assert hired.state == "ansatt" and not hired.hired_late
    other_hf = Principal("x", "X", frozenset({Grant(Role.HF_ADMIN, "helse-stavanger")}))
    with pytest.raises(Forbidden):
        offer_service.hf_change(
            store,
            catalog,
            mailer,
            who=other_hf,
            ad_id="aa",
            offer_id=mine["aa"].id,
            change="frigitt",
            reason="feil",
            now=during,
        )

    second = run_rounds(store, catalog, mailer, now=rounds[1].offers_from, origin=ORIGIN)
    assert second.expired == 1
    assert sorted((o.ad_id, o.candidate) for o in second.issued) == [("aa", "p2"), ("bb", "p2")]
    counts = store.offers.counts(["aa", "bb"])
    assert (counts["aa"].seats, counts["aa"].holding, counts["aa"].taken) == (2, 2, 1)
    assert counts["aa"].by_round["2024-host#1#expired"] == 1
    assert counts["bb"].by_round["2024-host#1#declined"] == 1

    # Released from aa, p0 may get offers again; p2 accepts bb and is skipped on aa next time.
    during2 = rounds[1].offers_from + timedelta(hours=1)
    offer_service.hf_change(
        store,
        catalog,
        mailer,
        who=ADMIN,
        ad_id="aa",
        offer_id=mine["aa"].id,
        change="frigitt",
        reason="Fikk ikke lisens",
        now=during2,
    )
    p2_offers = {o.ad_id: o for o, _ in offer_service.my_offers(store, who=PEOPLE[2], now=during2)}
    offer_service.accept_offer(
        store, catalog, mailer, who=PEOPLE[2], offer_id=p2_offers["bb"].id, env=Env(during2)
    )
    third = run_rounds(store, catalog, mailer, now=rounds[2].offers_from, origin=ORIGIN)
    assert sorted((o.ad_id, o.candidate) for o in third.issued) == [("aa", "p3"), ("aa", "p4")]
    assert any("frigitt" in m.body for m in mailer.sent)


def test_an_accepted_candidate_is_never_offered_again_in_the_period(catalog: Catalog) -> None:
    period = next(p for p in catalog.periods if p.id == PERIOD)
    rounds = schedule(period)
    store, mailer = memory_store(), MemoryMailer()
    before = rounds[0].offers_from - timedelta(days=30)
    publish(store, "aa", 1, before)
    refs = apply_all(store, "aa", before)
    save_ranking(
        store,
        catalog,
        who=ADMIN,
        ad_id="aa",
        references=[refs["p0"]],
        expected_version=0,
        now=before,
    )
    run_rounds(store, catalog, mailer, now=rounds[0].offers_from, origin=ORIGIN)
    offer = offer_service.my_offers(store, who=PEOPLE[0], now=rounds[0].offers_from)[0][0]
    offer_service.accept_offer(
        store, catalog, mailer, who=PEOPLE[0], offer_id=offer.id, env=Env(rounds[0].offers_from)
    )
    publish(store, "cc", 1, before)
    refs_c = apply_all(store, "cc", before)
    save_ranking(
        store,
        catalog,
        who=ADMIN,
        ad_id="cc",
        references=[refs_c["p0"], refs_c["p1"]],
        expected_version=0,
        now=rounds[0].offers_from,
    )
    second = run_rounds(store, catalog, mailer, now=rounds[1].offers_from, origin=ORIGIN)
    assert [(o.ad_id, o.candidate) for o in second.issued] == [("cc", "p1")]
    with pytest.raises(AlreadyAccepted):
        store.offers.issue(replace(offer, ad_id="cc"), seats=5)


def test_an_extra_round_offers_the_next_on_the_earlier_periods_lists(catalog: Catalog) -> None:
    """Summer 2020: no new ads; the HFs taking part add seats to their spring 2020 ads, and the
    next candidates on those lists get offers on the extra round's own dates."""
    extra = next(e for e in catalog.extra_rounds if e.id == "2020-sommer")
    rounds = schedule(extra)
    assert rounds and rounds[0].key.scope == "2020-var"
    store, mailer = memory_store(), MemoryMailer()
    before = rounds[0].offers_from - timedelta(days=60)
    ad = publish(store, "ee", 1, before, period="2020-var")
    refs = apply_all(store, "ee", before)
    order = [refs[f"p{i}"] for i in range(4)]
    save_ranking(
        store, catalog, who=ADMIN, ad_id="ee", references=order, expected_version=0, now=before
    )
    hired = Offer(
        "ee",
        "p0",
        refs["p0"],
        RoundKey("2020-var", 1, "2020-var"),
        before,
        before + timedelta(days=2),
        "ansatt",
        before,
    )
    store.offers.issue(replace(hired, state="åpen"), seats=1)
    store.offers.close(hired)  # hired in spring: skipped in summer
    more = replace(ad, content=replace(ad.content, seats=3), version=2)
    store.ads.update(more, expected_version=1, audit=None)  # two new seats placed on the ad

    report = run_rounds(store, catalog, mailer, now=rounds[0].offers_from, origin=ORIGIN)
    assert [(o.candidate, o.round.series) for o in report.issued] == [
        ("p1", "2020-sommer"),
        ("p2", "2020-sommer"),
    ]
