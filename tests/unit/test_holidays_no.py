"""Our table of Norway's public holidays against the holidays library (kept only in the test
tools for this cross-check), for every year the catalogue could reach."""

from __future__ import annotations

from datetime import date

import holidays

from lis1.catalog.holidays_no import easter_sunday, norwegian_holidays


def test_the_same_days_and_names_as_the_holidays_library() -> None:
    for year in range(1950, 2101):
        expected = holidays.country_holidays("NO", years=year, include_sundays=False, language="no")
        assert norwegian_holidays(year) == dict(sorted(expected.items())), year


def test_easter_on_known_dates() -> None:
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2038) == date(2038, 4, 25)  # the latest possible
    assert easter_sunday(2285) == date(2285, 3, 22)  # the earliest possible
