"""Deadlines end at 00:00 Oslo time the next day, also in the weeks the clocks change."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lis1.norwegian import long_date
from lis1.oslo import end_of_day_utc, oslo_wall_clock_to_utc


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2018, 10, 31), datetime(2018, 10, 31, 23, 0, tzinfo=UTC)),  # winter time
        (date(2024, 5, 5), datetime(2024, 5, 5, 22, 0, tzinfo=UTC)),  # summer time
        (date(2024, 3, 30), datetime(2024, 3, 30, 23, 0, tzinfo=UTC)),  # night before spring change
        (date(2024, 3, 31), datetime(2024, 3, 31, 22, 0, tzinfo=UTC)),  # the 23-hour day
        (date(2024, 10, 26), datetime(2024, 10, 26, 22, 0, tzinfo=UTC)),  # night before autumn
        (date(2024, 10, 27), datetime(2024, 10, 27, 23, 0, tzinfo=UTC)),  # the 25-hour day
    ],
)
def test_end_of_day(day: date, end: datetime) -> None:
    assert end_of_day_utc(day) == end


def test_marking_noon_in_summer_and_winter() -> None:
    # Naive datetimes on purpose: data holds Oslo wall-clock times without an offset.
    summer = datetime(2024, 5, 6, 12)  # noqa: DTZ001
    winter = datetime(2018, 11, 1, 12)  # noqa: DTZ001
    assert oslo_wall_clock_to_utc(summer) == datetime(2024, 5, 6, 10, tzinfo=UTC)
    assert oslo_wall_clock_to_utc(winter) == datetime(2018, 11, 1, 11, tzinfo=UTC)
    with pytest.raises(ValueError):
        oslo_wall_clock_to_utc(datetime(2018, 11, 1, 12, tzinfo=UTC))


def test_norwegian_dates() -> None:
    assert long_date(date(2018, 10, 26)) == "fredag 26. oktober 2018"
    assert long_date(date(2019, 3, 1), with_weekday=False) == "1. mars 2019"
