"""Store reads of the seat overviews on the whole demo season (five ads, three HFs): the period
page reads its ads' counts, lists and offers once each however many ads there are; the ad's page
one name per offer; the kommune's page an ad's offers only once a round's merking has passed,
and one name per person hired.

Counted per port method on the in-memory store, wrapped: on the DynamoDB adapter each is one
call at these sizes (a batch read per 100 ads, a query per MB). The real DynamoDB calls of the
same pages, on one ad, are counted by tests/api/test_calls.py (moto is too slow to seed the
whole season: its transactions copy the table)."""

from __future__ import annotations

from collections import Counter

from lis1.api.app import run_scheduled_rounds
from lis1.demo import DEMO_ID
from lis1.identity import Grant, Role

from .conftest import Api, Client
from .test_offer_pages import HTML, seeded
from .test_seat_overviews import answer, offer_of


def reads(calls: Counter[str], client: Client, path: str) -> Counter[str]:
    """The reads of one request; the page (HTML) reads what the JSON does."""
    found = []
    for headers in ({}, HTML):
        calls.clear()
        response = client.get(path, headers=headers)
        assert response.status == 200, response.body
        found.append(Counter(calls))
    assert found[0] == found[1], (path, found)
    return found[0]


SESSION = Counter({"sessions.get": 1, "users.grants": 1})


def test_the_overviews_read_the_same_however_many_ads(counted: tuple[Api, Counter[str]]) -> None:
    api, calls = counted
    rounds = seeded(api)
    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    ola = api.sign_in("demo-ola")
    period = f"/api/hf/runder?periode={DEMO_ID}"
    # Every seat held by an open offer: the HF's ads and their counts, nothing more.
    assert reads(calls, ola, period) == SESSION + Counter(
        {"ads.by_organisation": 1, "offers.counts": 1}
    )
    answer(api.sign_in("demo-kari"), "d0000000b001", yes=True)
    answer(api.sign_in("demo-ahmed"), "d0000000a002", yes=True)  # Haukeland has a seat open
    open_seat = Counter(
        {
            "ads.by_organisation": 1,
            "offers.counts": 1,
            "rankings.many": 1,
            "offers.by_scope": 1,
            "applications.by_ad": 1,  # Haukeland's list still has someone: do they stand?
        }
    )
    assert reads(calls, ola, period) == SESSION + open_seat
    # The ad's page: one name per offer (Kari, Ahmed), the period's offers for the check.
    assert reads(calls, ola, "/api/ads/d0000000b001/tilbud") == SESSION + Counter(
        {
            "ads.get": 1,
            "applications.by_ad": 1,
            "rankings.get": 1,
            "offers.by_ad": 1,
            "users.get": 2,
            "offers.counts": 1,
            "offers.by_scope": 1,
        }
    )
    # Two HFs, four ads: one more ads read, still one read of counts, lists and offers; and
    # the applications of each ad whose list still has someone for its open seat.
    api.deps.store.users.grant(
        "demo-ingrid", Grant(Role.HF_ADMIN, "helse-bergen"), actor="test", at=api.clock.now()
    )
    two = reads(calls, api.sign_in("demo-ingrid"), period)
    assert two == SESSION + open_seat + Counter({"ads.by_organisation": 1, "applications.by_ad": 2})

    # The kommune before merking: the ads and two counts; nobody's offers, no names.
    kommune = Counter({"ads.every": 1, "applications.counts": 1, "offers.counts": 1})
    assert reads(calls, api.sign_in("demo-siv"), "/api/kommune") == SESSION + kommune
    kari = offer_of(api, "d0000000b001", "demo-kari")
    assert ola.post(f"/api/ads/d0000000b001/tilbud/{kari.id}/ansatt", json_body={}).status == 204
    api.clock.set(rounds[0].marking_deadline)  # type: ignore[attr-defined]
    after = reads(calls, api.sign_in("demo-siv"), "/api/kommune")
    assert after == SESSION + kommune + Counter({"offers.by_ad": 1, "users.get": 1})
