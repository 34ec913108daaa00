"""Dates, deadlines, countdowns and lists in the language of the request: bokmål exactly as
lis1.norwegian words them, English in its own forms (never "tirsdag 1. desember")."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from lis1 import norwegian, wording
from lis1.i18n import locale

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_bokmal_is_the_norwegian_wording() -> None:
    day, instant = date(2026, 12, 1), datetime(2026, 11, 25, 9, 15, tzinfo=UTC)
    assert wording.deadline_text(day) == norwegian.deadline_text(day)
    assert wording.long_datetime(instant) == norwegian.long_datetime(instant)
    assert wording.long_date(day, with_weekday=False) == "1. desember 2026"
    assert wording.time_left_text(NOW, NOW + timedelta(days=1)) == "1 dag igjen"
    assert wording.list_text(["a", "b", "c"], last="eller") == "a, b eller c"
    assert wording.month_name(5) == "mai"


def test_english_dates_and_deadlines() -> None:
    with locale("en"):
        assert wording.long_date(date(2026, 12, 1)) == "Tuesday 1 December 2026"
        assert wording.long_date(date(2026, 12, 1), with_weekday=False) == "1 December 2026"
        assert wording.weekday(date(2026, 12, 6)) == "Sunday"
        assert wording.month_name(5) == "May"
        # 09:15 UTC is 10:15 in Oslo in November (CET)
        instant = datetime(2026, 11, 25, 9, 15, tzinfo=UTC)
        assert wording.long_datetime(instant) == "Wednesday 25 November 2026 at 10:15"
        assert wording.clock_text(time(12, 0)) == "at 12:00 (Norwegian time)"
        assert (
            wording.deadline_text(date(2019, 5, 13))
            == "Monday 13 May 2019 at 23:59 (Norwegian time)"
        )
        assert (
            wording.deadline_time_text(datetime(2019, 5, 14, 12, 0))  # noqa: DTZ001 (Oslo wall clock)
            == "Tuesday 14 May 2019 at 12:00 (Norwegian time)"
        )
        # summer time: 10:00 UTC is 12:00 in Oslo
        summer = datetime(2019, 5, 14, 10, 0, tzinfo=UTC)
        assert wording.deadline_time_text(summer).endswith("at 12:00 (Norwegian time)")


@pytest.mark.parametrize(
    ("left", "text"),
    [
        (timedelta(days=1, hours=4), "1 day and 4 hours left"),
        (timedelta(days=3, hours=1, minutes=59), "3 days and 1 hour left"),
        (timedelta(days=2), "2 days left"),
        (timedelta(hours=1, minutes=1), "1 hour and 1 minute left"),
        (timedelta(hours=5, minutes=12, seconds=59), "5 hours and 12 minutes left"),
        (timedelta(minutes=40), "40 minutes left"),
        (timedelta(minutes=1), "1 minute left"),
        (timedelta(seconds=59), "less than a minute left"),
        (timedelta(0), "the deadline has passed"),
        (timedelta(hours=-3), "the deadline has passed"),
    ],
)
def test_english_time_left_singular_and_plural(left: timedelta, text: str) -> None:
    with locale("en"):
        assert wording.time_left_text(NOW, NOW + left) == text


def test_english_counts_and_lists() -> None:
    with locale("en"):
        assert wording.count_text(1, "position", "positions") == "1 position"
        assert wording.count_text(0, "position", "positions") == "0 positions"
        assert wording.list_text(["2018", "2019", "2024"]) == "2018, 2019 and 2024"
        assert wording.list_text(["January", "February"], last="eller") == "January or February"
        assert wording.list_text(["x"]) == "x"
        assert wording.list_text([]) == ""


def test_no_bokmal_word_in_english() -> None:
    words = {*norwegian.WEEKDAYS, *norwegian.MONTHS, "kl.", "norsk tid", "igjen", "fristen"}
    with locale("en"):
        texts = [
            wording.deadline_text(date(2026, 1, 1) + timedelta(days=n * 29)) for n in range(13)
        ]
        texts += [wording.time_left_text(NOW, NOW + timedelta(hours=h)) for h in (0, 1, 30)]
    for text in texts:
        # case counts: bokmål names are lower case ("april"), English ones capitalised
        assert not [w for w in words if f" {w} " in f" {text} "], text
