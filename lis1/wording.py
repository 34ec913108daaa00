"""Dates, deadlines, countdowns and lists worded in the language of the current request.

:mod:`lis1.norwegian` words them in bokmål ("tirsdag 1. desember 2026 kl. 23.59 (norsk tid)"),
which stays the authoritative form in data, feeds and legal text. An English page or mail must
not say that, so every function here has the same name and signature as its bokmål twin and
answers in the locale of :func:`lis1.i18n.current_locale`: bokmål by delegating, English with the
forms below ("Tuesday 1 December 2026 at 23:59 (Norwegian time)"). Like the bokmål month and
weekday names, the English words are grammar, not sentences, so they go through no catalogue: a
translated sentence takes them as a value (``_("Søknadsfristen var {deadline}.")``).

Callers of :func:`count_text` pass the noun already translated
(``count_text(n, _("stilling"), _("stillinger"))``); where the plural rule matters, a sentence
with ``ngettext`` is better still.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from . import norwegian
from .i18n import current_locale
from .oslo import OSLO

END_OF_DAY = norwegian.END_OF_DAY

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_LIST_WORDS_EN = {"og": "and", "eller": "or"}


def english() -> bool:
    return current_locale() == "en"


def month_name(month: int) -> str:
    """The name of month 1..12 in the current language ('mai', 'May')."""
    return (MONTHS_EN if english() else norwegian.MONTHS)[month - 1]


def weekday(day: date) -> str:
    return WEEKDAYS_EN[day.weekday()] if english() else norwegian.weekday(day)


def long_date(day: date, *, with_weekday: bool = True) -> str:
    """'fredag 26. oktober 2018' / 'Friday 26 October 2018' (or without the weekday)."""
    if not english():
        return norwegian.long_date(day, with_weekday=with_weekday)
    text = f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{weekday(day)} {text}" if with_weekday else text


def long_datetime(instant: datetime) -> str:
    """A UTC instant in Oslo time: 'Wednesday 25 November 2026 at 10:15'."""
    if not english():
        return norwegian.long_datetime(instant)
    local = instant.astimezone(OSLO)
    return f"{long_date(local.date())} at {local:%H:%M}"


def clock_text(at: time) -> str:
    """A clock time in Oslo for a sentence that names no date: 'at 12:00 (Norwegian time)'."""
    if not english():
        return norwegian.clock_text(at)
    return f"at {at:%H:%M} (Norwegian time)"


def deadline_text(day: date) -> str:
    """A date-only deadline, lasting the whole day in Oslo:
    'Monday 13 May 2019 at 23:59 (Norwegian time)'."""
    if not english():
        return norwegian.deadline_text(day)
    return f"{long_date(day)} {clock_text(END_OF_DAY)}"


def deadline_time_text(moment: datetime) -> str:
    """A deadline at a clock time: 'Tuesday 14 May 2019 at 12:00 (Norwegian time)'. A naive
    ``moment`` is Oslo wall-clock time; an aware one is converted to Oslo time first."""
    if not english():
        return norwegian.deadline_time_text(moment)
    local = moment.astimezone(OSLO).replace(tzinfo=None) if moment.tzinfo else moment
    return f"{long_date(local.date())} {clock_text(local.time())}"


def time_left_text(now: datetime, deadline: datetime) -> str:
    """What is left of a deadline, rounded down: '3 days and 4 hours left', '1 day left',
    '5 hours and 12 minutes left', 'less than a minute left', 'the deadline has passed'."""
    if not english():
        return norwegian.time_left_text(now, deadline)
    left = deadline - now
    if left <= timedelta(0):
        return "the deadline has passed"
    minutes = int(left.total_seconds()) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        parts = [count_text(days, "day", "days")]
        parts += [count_text(hours, "hour", "hours")] * bool(hours)
    elif hours:
        parts = [count_text(hours, "hour", "hours")]
        parts += [count_text(minutes, "minute", "minutes")] * bool(minutes)
    elif minutes:
        parts = [count_text(minutes, "minute", "minutes")]
    else:
        return "less than a minute left"
    return f"{list_text(parts)} left"


def count_text(count: int, singular: str, plural: str) -> str:
    """A number with its noun, given in the current language: '1 stilling', '7 positions'."""
    return norwegian.count_text(count, singular, plural)


def list_text(items: list[str], *, last: str = "og") -> str:
    """'2018, 2019 og 2024' / '2018, 2019 and 2024'; ``last="eller"`` gives 'eller' / 'or'.
    ``last`` is named in bokmål, as in :func:`lis1.norwegian.list_text`."""
    if not english():
        return norwegian.list_text(items, last=last)
    return norwegian.list_text(items, last=_LIST_WORDS_EN.get(last, last))
