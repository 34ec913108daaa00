"""Norwegian wording of dates for people.

Data stores ISO dates; pages and feeds say "fredag 26. oktober 2018".
"""

from __future__ import annotations

from datetime import date

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
