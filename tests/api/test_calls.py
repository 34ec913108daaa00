"""Only the reads each rule needs: DynamoDB calls per route, counted on the real adapter (moto)
through the whole API. Counts, not timings: they are the same on every machine."""

from __future__ import annotations

from collections import Counter

import pytest

from lis1.catalog import Catalog
from lis1.devtools.calls import MINIMUM, calls_per_route

LIMITS = {route: least for route, (least, _why) in MINIMUM.items()}
"""The least each route needs, with the reason, as ``make bench`` prints it beside the count."""


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
