"""Norwegian wording of dates, deadlines and counts for people.

Data stores ISO dates; pages and feeds say "fredag 26. oktober 2018". Every deadline a person
reads is worded by one of two functions here, so the site, the feeds and the API say it the
same way:

- :func:`deadline_text` for a date-only deadline (søknadsfrist, svarfrist), which lasts the whole
  day in Oslo: "mandag 13. mai 2019 kl. 23.59 (norsk tid)";
- :func:`deadline_time_text` for a deadline at a clock time (merking):
  "tirsdag 14. mai 2019 kl. 12.00 (norsk tid)".

Neither says "innen" or "frist": the caller's sentence does ("Svarfrist: …", "svaret må være
mottatt innen …", "Søknadsfristen var …"). Like the weekday and month names, the words are
bokmål only and go through no message catalogue; a translated sentence takes them as a value
(``_("Søknadsfristen var {deadline}.").format(deadline=deadline_text(day))``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

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

END_OF_DAY = time(23, 59)
"""How the end of a date-only deadline is told: it lasts until 24.00 Oslo time, which people
read as "kl. 23.59" (an answer received at 23.59.30 still counts)."""


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


def clock_text(at: time) -> str:
    """A clock time in Oslo, for a sentence that names no date: 'kl. 12.00 (norsk tid)'."""
    return f"kl. {at:%H.%M} (norsk tid)"


def deadline_text(day: date) -> str:
    """A date-only deadline, which lasts the whole day in Oslo:
    ``deadline_text(date(2019, 5, 13))`` is 'mandag 13. mai 2019 kl. 23.59 (norsk tid)'."""
    return f"{long_date(day)} {clock_text(END_OF_DAY)}"


def deadline_time_text(moment: datetime) -> str:
    """A deadline at a clock time: ``deadline_time_text(datetime(2019, 5, 14, 12, 0))`` is
    'tirsdag 14. mai 2019 kl. 12.00 (norsk tid)'.

    A naive ``moment`` is Oslo wall-clock time, as written in data; an aware one is converted
    to Oslo time first.
    """
    local = moment.astimezone(OSLO).replace(tzinfo=None) if moment.tzinfo else moment
    return f"{long_date(local.date())} {clock_text(local.time())}"


def time_left_text(now: datetime, deadline: datetime) -> str:
    """What is left of a deadline (the first instant that is too late), in words, rounded down
    so it never promises more: '3 dager og 4 timer igjen', '5 timer og 12 minutter igjen',
    '40 minutter igjen', 'under ett minutt igjen', 'fristen er ute'."""
    left = deadline - now
    if left <= timedelta(0):
        return "fristen er ute"
    minutes = int(left.total_seconds()) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        parts = [count_text(days, "dag", "dager")] + (
            [count_text(hours, "time", "timer")] * bool(hours)
        )
    elif hours:
        parts = [count_text(hours, "time", "timer")]
        parts += [count_text(minutes, "minutt", "minutter")] * bool(minutes)
    elif minutes:
        parts = [count_text(minutes, "minutt", "minutter")]
    else:
        return "under ett minutt igjen"
    return f"{list_text(parts)} igjen"


def count_text(count: int, singular: str, plural: str) -> str:
    """A number with its noun in the right form: '1 stilling', '0 stillinger', '7 perioder'."""
    return f"{count} {singular if count == 1 else plural}"


def list_text(items: list[str], *, last: str = "og") -> str:
    """'2018, 2019 og 2024'; with ``last="eller"``: 'januar eller februar'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
