"""Norway's public holidays (helligdager) by the rule, so the catalogue's date checks need no
calendar library: the Easter days move with Easter Sunday (the Gregorian computus), the rest
are fixed. 1 and 17 May are public holidays by law since 1947. Sundays are not listed: the
checks report weekends on their own.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

_FIXED = ((1, 1, "Første nyttårsdag"), (5, 1, "Arbeidernes dag"), (5, 17, "Grunnlovsdag"))
_CHRISTMAS = ((12, 25, "Første juledag"), (12, 26, "Andre juledag"))
_FROM_EASTER = (
    (-3, "Skjærtorsdag"),
    (-2, "Langfredag"),
    (0, "Første påskedag"),
    (1, "Andre påskedag"),
    (39, "Kristi himmelfartsdag"),
    (49, "Første pinsedag"),
    (50, "Andre pinsedag"),
)


def easter_sunday(year: int) -> date:
    """The anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741  (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def norwegian_holidays(year: int) -> dict[date, str]:
    """The holidays of ``year`` by day; two on one day are named together («A; B»)."""
    easter = easter_sunday(year)
    days: dict[date, list[str]] = {}
    for month, day, name in (*_FIXED, *_CHRISTMAS):
        days.setdefault(date(year, month, day), []).append(name)
    for offset, name in _FROM_EASTER:
        days.setdefault(easter + timedelta(days=offset), []).append(name)
    return {day: "; ".join(sorted(names)) for day, names in sorted(days.items())}
