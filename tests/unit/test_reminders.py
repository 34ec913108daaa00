"""Which reminder of an open offer is due at an instant: Oslo mornings, in the weeks the clocks
change too, never for an offer no longer open, never twice in one instant."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lis1.domain.offers import Offer, RoundKey
from lis1.domain.reminders import (
    DAY_BEFORE,
    ON_THE_DAY,
    REMINDERS_FROM,
    reminder_due,
    reminder_windows,
    reminding,
)
from lis1.oslo import OSLO, end_of_day_utc, oslo_wall_clock_to_utc

SECOND = timedelta(seconds=1)


def offer(svarfrist: date, came: date, state: str = "åpen") -> Offer:
    issued = oslo_wall_clock_to_utc(datetime.combine(came, time(8, 0)))
    return Offer(
        ad_id="ad-1",
        candidate="kari",
        reference="LIS1-AAAA-0001",
        round=RoundKey("p", 1, "p"),
        issued_at=issued,
        answer_deadline=end_of_day_utc(svarfrist),
        state=state,  # type: ignore[arg-type]
        changed_at=issued,
    )


def utc(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


# (svarfrist, tilbud, day-before window in UTC, svarfrist-day window in UTC)
DST_WEEKS = [
    # Summer time begins on Sunday 30 March 2025: 07:00 is 06:00 UTC on Saturday, 05:00 on Sunday.
    (
        date(2025, 3, 30),
        date(2025, 3, 27),
        (utc(2025, 3, 29, 6), utc(2025, 3, 29, 23)),
        (utc(2025, 3, 30, 5), utc(2025, 3, 30, 22)),
    ),
    # The day-before reminder falls on the Sunday the clocks go forward.
    (
        date(2025, 3, 31),
        date(2025, 3, 28),
        (utc(2025, 3, 30, 5), utc(2025, 3, 30, 22)),
        (utc(2025, 3, 31, 5), utc(2025, 3, 31, 22)),
    ),
    # Summer time ends on Sunday 26 October 2025: 07:00 is 05:00 UTC on Saturday, 06:00 on Sunday.
    (
        date(2025, 10, 26),
        date(2025, 10, 23),
        (utc(2025, 10, 25, 5), utc(2025, 10, 25, 22)),
        (utc(2025, 10, 26, 6), utc(2025, 10, 26, 23)),
    ),
    (
        date(2025, 10, 27),
        date(2025, 10, 24),
        (utc(2025, 10, 26, 6), utc(2025, 10, 26, 23)),
        (utc(2025, 10, 27, 6), utc(2025, 10, 27, 23)),
    ),
]


@pytest.mark.parametrize(("svarfrist", "came", "day_before", "on_the_day"), DST_WEEKS)
def test_reminders_open_at_seven_oslo_time_in_the_weeks_the_clocks_change(
    svarfrist: date,
    came: date,
    day_before: tuple[datetime, datetime],
    on_the_day: tuple[datetime, datetime],
) -> None:
    one = offer(svarfrist, came)
    windows = [(w.kind, w.opens, w.closes) for w in reminder_windows(one)]
    assert windows == [(DAY_BEFORE, *day_before), (ON_THE_DAY, *on_the_day)]
    assert reminder_due(one, day_before[0] - SECOND) is None
    assert reminder_due(one, day_before[0]) == DAY_BEFORE
    assert reminder_due(one, day_before[1] - SECOND) == DAY_BEFORE
    assert reminder_due(one, day_before[1]) is None  # midnight: the svarfrist day, before 07:00
    assert reminder_due(one, on_the_day[0] - SECOND) is None
    assert reminder_due(one, on_the_day[0]) == ON_THE_DAY
    assert reminder_due(one, on_the_day[1] - SECOND) == ON_THE_DAY
    assert reminder_due(one, on_the_day[1]) is None  # the svarfrist has ended: expired


def test_an_offer_that_came_the_day_before_gets_only_the_morning_reminder() -> None:
    one = offer(date(2025, 10, 26), date(2025, 10, 25))
    assert [w.kind for w in reminder_windows(one)] == [ON_THE_DAY]
    assert reminder_due(one, utc(2025, 10, 25, 12)) is None


def test_an_offer_that_came_on_the_svarfrist_day_gets_no_reminder() -> None:
    one = offer(date(2025, 10, 26), date(2025, 10, 26))
    assert reminder_windows(one) == []
    assert reminder_due(one, utc(2025, 10, 26, 12)) is None


@pytest.mark.parametrize("state", ["takket_ja", "takket_nei", "utløpt", "trukket_tilbake"])
def test_an_offer_no_longer_open_gets_no_reminder(state: str) -> None:
    one = offer(date(2025, 3, 30), date(2025, 3, 27), state)
    assert reminder_due(one, utc(2025, 3, 29, 12)) is None
    assert reminder_due(one, utc(2025, 3, 30, 12)) is None
    assert reminder_due(replace(one, state="åpen"), utc(2025, 3, 30, 12)) == ON_THE_DAY


def test_a_round_is_read_for_reminders_from_two_days_before_its_svarfrist_ends() -> None:
    deadline = end_of_day_utc(date(2025, 10, 26))
    assert not reminding(deadline, deadline - timedelta(days=2) - SECOND)
    assert reminding(deadline, deadline - timedelta(days=2))
    assert reminding(deadline, deadline - SECOND)
    assert not reminding(deadline, deadline)
    # Every window of every offer with that svarfrist lies within it.
    for came in (date(2025, 10, 20), date(2025, 10, 24)):
        for window in reminder_windows(offer(date(2025, 10, 26), came)):
            assert reminding(deadline, window.opens)


@settings(max_examples=400, deadline=None)
@given(
    svarfrist=st.dates(date(2024, 1, 1), date(2027, 12, 31)),
    days_between=st.integers(0, 8),
    minutes=st.integers(-3 * 24 * 60, 24 * 60),
)
def test_the_due_reminder_is_the_one_oslo_wall_clock_time_names(
    svarfrist: date, days_between: int, minutes: int
) -> None:
    """The same rule said in Oslo wall-clock time: from 07:00 on the day before (if the offer
    came two days or more before), from 07:00 on the svarfrist day (if it came before it)."""
    came = svarfrist - timedelta(days=days_between)
    now = end_of_day_utc(svarfrist) + timedelta(minutes=minutes)
    local = now.astimezone(OSLO)
    morning = local.time() >= REMINDERS_FROM
    expected = None
    if local.date() == svarfrist - timedelta(days=1) and morning and days_between > 1:
        expected = DAY_BEFORE
    elif local.date() == svarfrist and morning and days_between > 0:
        expected = ON_THE_DAY
    assert reminder_due(offer(svarfrist, came), now) == expected
