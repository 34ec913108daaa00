"""Norwegian wording of dates for people.

Data stores ISO dates; pages and feeds say "fredag 26. oktober 2018".
"""

from __future__ import annotations

from datetime import date, datetime

from .oslo import OSLO

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def long_date(day: date, *, with_weekday: bool = True) -> str:
    """'fredag 26. oktober 2018' (or '26. oktober 2018')."""
    text = f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
    return f"{weekday(day)} {text}" if with_weekday else text


def long_datetime(instant: datetime) -> str:
    """A UTC instant in Oslo time: 'onsdag 25. november 2026 kl. 10.15'."""
    local = instant.astimezone(OSLO)
    return f"{long_date(local.date())} kl. {local:%H.%M}"
