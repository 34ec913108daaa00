"""Only the reads each rule needs: DynamoDB calls per route, counted on the real adapter (moto)
through the whole API. Counts, not timings: they are the same on every machine."""

from __future__ import annotations

from collections import Counter

import pytest

from lis1.catalog import Catalog
from lis1.devtools.calls import calls_per_route

LIMITS = {
    "POST /api/ads/{ad_id}/applications": 3,  # the session, the ad, one transaction
    "POST /api/ads/{ad_id}/applications/withdraw": 3,
    "GET /api/me": 2,  # the session, the roles
    "GET /api/ads?periode=demo": 2,  # the session, one index
    "GET /api/ads (anonym)": 1,
    "GET /api/tilbud": 5,  # the session, offers, applications, receipts, the ads in one read
    "GET /api/tilbud/{offer_id}/historikk": 5,  # the session, offers, ads, audit, receipts
    "GET /api/kalender/{calendar_token}": 4,  # (signed in: the session,) address, offers, ads
    "GET /api/tilbud/{offer_id}/svar": 5,  # session, roles (menu), offers, applications, ads
    "GET /api/varsler": 2,  # the session, the choice
    "GET /api/statistikk/{period_id}": 3,  # (the session,) the period's ads, their counts
    "POST /api/tilbud/{offer_id}/accept": 4,  # the session, the offers, the ad, one transaction
    "POST /api/ads/{ad_id}/tilbud/{offer_id}/{change}": 5,  # + the roles, the ad's offers
    "GET /api/ads/{ad_id}/tilbud": 8,  # + ad, applications, list, offers, count, a name each
    "GET /api/hf/runder": 6,  # the session, roles, ads, counts; lists and offers (a seat open)
    "GET /api/kommune": 7,  # the session, roles, ads, two counts, the ad's offers, a name each
    "PUT /api/ads/{ad_id}/ranking": 6,  # the session, roles, ad, applications, list, transaction
}


@pytest.fixture(scope="module")
def calls(catalog: Catalog) -> list[tuple[str, Counter[str]]]:
    return calls_per_route(catalog)


@pytest.mark.parametrize(("route", "limit"), LIMITS.items())
def test_a_route_makes_no_more_calls_than_it_needs(
    calls: list[tuple[str, Counter[str]]], route: str, limit: int
) -> None:
    counted = [sum(c.values()) for name, c in calls if name == route]
    assert counted, f"{route} ble ikke kalt"
    assert max(counted) <= limit, (route, [c for name, c in calls if name == route])


def test_no_route_scans(calls: list[tuple[str, Counter[str]]]) -> None:
    assert sum(c.get("Scan", 0) for _, c in calls) == 0
    assert len({name for name, _ in calls}) >= 15  # the walk reached every kind of route
