"""Norwegian time: deadlines are Oslo wall-clock times, instants are UTC.

A date-only deadline (svarfrist, søknadsfrist) lasts the whole of that day in Oslo:
an answer counts if it is received before 00:00 Oslo time the next day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def oslo_wall_clock_to_utc(moment: datetime) -> datetime:
    """An Oslo wall-clock time (naive, as written in data) as a UTC instant."""
    if moment.tzinfo is not None:
        raise ValueError("expected a naive Oslo wall-clock time")
    return moment.replace(tzinfo=OSLO).astimezone(UTC)


def end_of_day_utc(day: date) -> datetime:
    """The first instant after a date-only deadline: 00:00 Oslo time the next day, in UTC."""
    return oslo_wall_clock_to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)))


def oslo_today(now: datetime) -> date:
    """The Oslo date at the instant ``now``."""
    if now.tzinfo is None:
        raise ValueError("expected an aware instant")
    return now.astimezone(OSLO).date()
