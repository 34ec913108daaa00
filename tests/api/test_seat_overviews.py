"""The HF's seats round by round (an ad's offers page, and every ad of the HF in a period) and
the kommune administrator's view of hires, on the demo season through the API: the numbers
match the offers in the store at every step, the exhausted warning appears exactly when the
round engine then offers a free seat to nobody, and people are shown only to those who may see
them, when they may."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from lis1.api.app import run_scheduled_rounds
from lis1.demo import DEMO_ID
from lis1.domain.applications import Receipt
from lis1.domain.offers import HOLDS_SEAT, TAKEN, Offer, state_at
from lis1.identity import Grant, Principal, Role
from lis1.services.env import Env
from lis1.services.offers import accept_offer

from .conftest import Api, Client
from .test_offer_pages import HTML, seeded

BERGEN = ("d0000000b001", "d0000000b002")
VOSS = "d0000000b002"


def expected(api: Api, ad_id: str) -> dict[str, Any]:
    """What the overview of one ad must say, counted from its offers in the store."""
    now = api.clock.now()
    offers = api.deps.store.offers.by_ad(DEMO_ID, ad_id)
    ad = api.deps.store.ads.get(ad_id)
    assert ad is not None
    rounds: dict[tuple[str, int], Counter[str]] = {}
    for o in offers:
        state = state_at(o, now)
        counted = rounds.setdefault((o.round.series, o.round.number), Counter())
        counted["offered"] += 1
        counted["accepted"] += state in ("takket_ja", "ansatt", "frigitt")
        counted["declined"] += state == "takket_nei"
        counted["expired"] += state == "utløpt"
        counted["taken_back"] += state == "trukket_tilbake"
        counted["released"] += state == "frigitt"
        counted["hired"] += state == "ansatt"
        counted["waiting"] += state == "åpen"
    seats = ad.content.seats
    filled = sum(1 for o in offers if state_at(o, now) in TAKEN)
    holding = sum(1 for o in offers if state_at(o, now) in HOLDS_SEAT)
    return {
        "rounds": {k: dict(+v) for k, v in rounds.items()},
        "seats": {
            "seats": seats,
            "filled": filled,
            "waiting": holding - filled,
            "open": seats - holding,
        },
    }


def shown(overview: dict[str, Any]) -> dict[str, Any]:
    """The same numbers from an overview as the API gives it (rounds with no offers left out)."""
    names = ("offered", "accepted", "declined", "expired", "taken_back", "released", "hired",
             "waiting")  # fmt: skip
    rounds = {
        (r["series"], r["number"]): {n: r[n] for n in names if r[n]}
        for r in overview["rounds"]
        if r["offered"]
    }
    return {"rounds": rounds, "seats": overview["seats"]}


def check(api: Api, ola: Client) -> dict[str, dict[str, Any]]:
    """Every Bergen ad's page and the period page agree with the store; the period page's ads."""
    period = ola.get(f"/api/hf/runder?periode={DEMO_ID}").json()
    assert isinstance(period, dict)
    [bergen] = period["organisations"]
    ads = {ad["ad_id"]: ad for ad in bergen["ads"]}
    assert set(ads) == set(BERGEN)
    total: Counter[str] = Counter()
    for ad_id in BERGEN:
        page = ola.get(f"/api/ads/{ad_id}/tilbud").json()
        assert isinstance(page, dict)
        want = expected(api, ad_id)
        assert shown(page["overview"]) == want, ad_id
        assert shown(ads[ad_id]) == want, ad_id
        assert page["overview"]["list_exhausted"] == ads[ad_id]["list_exhausted"]
        assert page["taken"] == want["seats"]["filled"]
        for counted in want["rounds"].values():
            total.update(counted)
    summed: Counter[str] = Counter()
    for r in bergen["rounds"]:
        summed.update({k: v for k, v in r.items() if isinstance(v, int) and k != "number"})
    assert +summed == +total
    last = bergen["rounds"][-1]["after"] if bergen["rounds"] else None
    assert last is None or last == bergen["seats"]
    return ads


def engine_agrees(api: Api, ola: Client) -> None:
    """The warnings now, then a run: a list warned of gets no offer, every other ad with an
    open seat gets one."""
    before = check(api, ola)
    counts = run_scheduled_rounds(api.deps)
    assert counts["runder"] == 1, counts
    issued = {ad_id: len(api.deps.store.offers.by_ad(DEMO_ID, ad_id)) for ad_id in BERGEN}
    for ad_id, ad in before.items():
        had = sum(r["offered"] for r in ad["rounds"])
        got_offer = issued[ad_id] > had
        assert ad["list_exhausted"] == (ad["seats"]["open"] > 0 and not got_offer), ad_id


def offer_of(api: Api, ad_id: str, candidate: str) -> Offer:
    return next(o for o in api.deps.store.offers.by_ad(DEMO_ID, ad_id) if o.candidate == candidate)


def answer(client: Client, ad_id: str, yes: bool) -> None:
    mine = client.get("/api/tilbud").json()["offers"]  # type: ignore[index]
    offer = next(o for o in mine if o["ad"]["id"] == ad_id)
    done = client.post(f"/api/tilbud/{offer['id']}/{'accept' if yes else 'decline'}", json_body={})
    assert done.status == 200, done.body


def test_the_numbers_match_the_offers_and_the_warning_the_engine(api: Api) -> None:
    rounds = seeded(api)
    store = api.deps.store
    ola = api.sign_in("demo-ola")
    assert check(api, ola)[VOSS]["rounds"] == []  # before the first tilbud: no rounds, no warning
    # Voss ranks Kari, Ahmed and one who then withdraws (before the søknadsfrist).
    people = {a.applicant: a.reference for a in store.applications.by_ad(VOSS)}
    other = next(s for s in people if s not in ("demo-kari", "demo-ahmed"))
    order = [people["demo-kari"], people["demo-ahmed"], people[other]]
    version = ola.get(f"/api/ads/{VOSS}/innstilling").json()["version"]  # type: ignore[index]
    saved = ola.put(f"/api/ads/{VOSS}/ranking", json_body={"references": order, "version": version})
    assert saved.status == 200, saved.body
    now = api.clock.now()
    receipt = Receipt("LIS1-TEST-0001", now, "søknad trukket", VOSS, other, "Trukket.")
    store.applications.withdraw(VOSS, other, receipt)

    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    assert run_scheduled_rounds(api.deps)["tilbud"] == 8
    ola, kari, ahmed = (api.sign_in(s) for s in ("demo-ola", "demo-kari", "demo-ahmed"))
    assert len(kari.get("/api/tilbud").json()["offers"]) == 4  # type: ignore[index]
    assert not check(api, ola)[VOSS]["list_exhausted"]  # its seat is held by Kari's offer
    answer(kari, "d0000000b001", yes=True)  # her Voss offer closes: Ahmed is next
    assert not check(api, ola)[VOSS]["list_exhausted"]
    answer(ahmed, "d0000000a002", yes=True)  # now Ahmed is taken, the third withdrew
    ads = check(api, ola)
    assert ads[VOSS]["list_exhausted"] and ads[VOSS]["seats"]["open"] == 1
    assert ads[VOSS]["list_words"] == "Tom for kandidater"
    page = ola.get(f"/api/ads/{VOSS}/tilbud", headers=HTML).body.decode()
    assert "Innstillingslisten er tom for kandidater." in page
    assert f'href="/api/hf/new?fra={VOSS}"' in page and f"/api/ads/{VOSS}/innstilling" in page
    assert "søkere til stillingen står ikke på innstillingslisten" in page
    other_page = ola.get("/api/ads/d0000000b001/tilbud", headers=HTML).body.decode()
    assert "Innstillingslisten er tom" not in other_page and "Tilbud per runde" in other_page
    overview = ola.get(f"/api/hf/runder?periode={DEMO_ID}", headers=HTML).body.decode()
    assert "1 innstillingsliste er tom for kandidater." in overview
    engine_agrees(api, ola)  # Haukeland's free seat goes to its next; Voss gets nobody

    kari_offer = offer_of(api, "d0000000b001", "demo-kari")
    marked = ola.post(f"/api/ads/d0000000b001/tilbud/{kari_offer.id}/ansatt", json_body={})
    assert marked.status == 204, marked.body
    api.clock.set(rounds[0].answer_deadline)  # type: ignore[attr-defined]
    ola = api.sign_in("demo-ola")
    unrecorded = check(api, ola)  # silence past the svarfrist is expired before the job runs
    run_scheduled_rounds(api.deps)
    assert check(api, ola) == unrecorded
    api.clock.set(rounds[1].offers_from)  # type: ignore[attr-defined]
    ola = api.sign_in("demo-ola")
    engine_agrees(api, ola)
    check(api, ola)


def test_the_kommune_sees_who_is_hired_after_merking_and_nothing_before(api: Api) -> None:
    rounds = seeded(api)
    siv = api.sign_in("demo-siv")
    assert all(ad["hired"] == [] for ad in siv.get("/api/kommune").json()["ads"])  # type: ignore[index]
    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    kari, ahmed, ola = (api.sign_in(s) for s in ("demo-kari", "demo-ahmed", "demo-ola"))
    answer(kari, "d0000000b001", yes=True)
    answer(ahmed, "d0000000a002", yes=True)

    def kommune(who: str) -> tuple[dict[str, Any], str]:
        client = api.sign_in(who)
        ads = client.get("/api/kommune").json()["ads"]  # type: ignore[index]
        page = client.get("/api/kommune", headers=HTML).body.decode()
        return {a["ad"]["id"]: a for a in ads}, page

    ads, page = kommune("demo-siv")
    assert ads["d0000000b001"]["hired"] == [] and ads["d0000000b001"]["awaiting_marking"] == 1
    assert "Kari Nordmann" not in page and "1 venter på merking" in page
    offer = offer_of(api, "d0000000b001", "demo-kari")
    assert ola.post(f"/api/ads/d0000000b001/tilbud/{offer.id}/ansatt", json_body={}).status == 204
    api.clock.set(rounds[0].marking_deadline - timedelta(seconds=1))  # type: ignore[attr-defined]
    ads, page = kommune("demo-siv")  # marked, but before merking: still nobody by name
    assert ads["d0000000b001"]["hired"] == [] and "Kari Nordmann" not in page

    api.clock.set(rounds[0].marking_deadline)  # type: ignore[attr-defined]
    ads, page = kommune("demo-siv")
    starts = api.deps.store.ads.get("d0000000b001").content.starts  # type: ignore[union-attr]
    assert ads["d0000000b001"]["hired"] == [
        {"name": "Kari Nordmann", "series": DEMO_ID, "round": 1, "starts": starts.isoformat()}
    ]
    assert ads["d0000000b001"]["awaiting_marking"] == 0
    assert "Kari Nordmann" in page and "Begynner " in page
    assert set(ads) == set(BERGEN)  # only ads with their kommune part in Bergen
    assert "Ahmed Hassan" not in page  # declined here: never shown

    # Round 2 offers Haukeland's freed seat; the next one accepts and is marked at once: not
    # named until round 2's merking, though round 1's has passed.
    api.clock.set(rounds[1].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    [second] = [
        o for o in api.deps.store.offers.by_ad(DEMO_ID, "d0000000b001") if o.round.number == 2
    ]
    who = Principal(second.candidate, "")
    accept_offer(api.deps.store, api.deps.catalog, api.deps.mailer, who=who, offer_id=second.id,
                 env=Env(api.clock.now()))  # fmt: skip
    ola = api.sign_in("demo-ola")
    assert ola.post(f"/api/ads/d0000000b001/tilbud/{second.id}/ansatt", json_body={}).status == 204
    name = api.deps.store.users.get(second.candidate).name  # type: ignore[union-attr]
    api.clock.set(rounds[1].marking_deadline - timedelta(seconds=1))  # type: ignore[attr-defined]
    ads, page = kommune("demo-siv")
    assert [h["name"] for h in ads["d0000000b001"]["hired"]] == ["Kari Nordmann"]
    assert ads["d0000000b001"]["awaiting_marking"] == 1 and name not in page
    api.clock.set(rounds[1].marking_deadline)  # type: ignore[attr-defined]
    ads, page = kommune("demo-siv")
    assert {h["name"] for h in ads["d0000000b001"]["hired"]} == {"Kari Nordmann", name}
    assert name in page

    # Oslo kommune's administrator: Ahmed accepted but is not marked, so only a count; and
    # nothing of Bergen's ads.
    now = api.clock.now()
    api.deps.store.users.grant(
        "demo-ingrid", Grant(Role.KOMMUNE_ADMIN, "oslo-kommune"), actor="test", at=now
    )
    ads, page = kommune("demo-ingrid")
    assert set(ads) == {"d0000000a001", "d0000000a002"}
    assert ads["d0000000a002"]["hired"] == [] and ads["d0000000a002"]["awaiting_marking"] == 1
    assert "Kari Nordmann" not in page and "Ahmed Hassan" not in page


def test_only_the_hfs_own_administrators_see_its_rounds(api: Api) -> None:
    rounds = seeded(api)
    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    ingrid = api.sign_in("demo-ingrid")  # Oslo universitetssykehus
    assert ingrid.get("/api/ads/d0000000b001/tilbud").status == 403
    assert ingrid.get("/api/ads/d0000000b001/tilbud", headers=HTML).status == 403
    mine = ingrid.get(f"/api/hf/runder?periode={DEMO_ID}").json()
    assert [o["organisation"] for o in mine["organisations"]] == ["oslo-universitetssykehus"]  # type: ignore[index]
    assert {a["ad_id"] for a in mine["organisations"][0]["ads"]} == {  # type: ignore[index]
        "d0000000a001",
        "d0000000a002",
    }
    # Two HFs: each its own section.
    api.deps.store.users.grant(
        "demo-ingrid", Grant(Role.HF_ADMIN, "helse-bergen"), actor="test", at=api.clock.now()
    )
    both = api.sign_in("demo-ingrid").get("/api/hf/runder").json()
    assert both["period_id"] == DEMO_ID  # type: ignore[index]
    assert [o["organisation"] for o in both["organisations"]] == [  # type: ignore[index]
        "helse-bergen",
        "oslo-universitetssykehus",
    ]
    for who in ("demo-kari", "demo-siv"):
        assert api.sign_in(who).get("/api/hf/runder").status == 403
    assert api.sign_in("demo-kari").get("/api/kommune").status == 403
    assert api.client().get("/api/hf/runder").status == 401
    unknown = api.sign_in("demo-ola").get("/api/hf/runder?periode=finnes-ikke")
    assert unknown.status == 404 and unknown.json()["code"] == "ukjent_periode"  # type: ignore[index]
