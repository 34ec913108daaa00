"""How long the records of an appointment process are kept: the rule the privacy page states.

Applications, offers with their answers, the receipts of both and the ranked lists of a period
are kept until :data:`RETENTION_MONTHS` months after the process ended, and then removed:

- a period's process ends on the day of the last merking of its offer rounds, its extra rounds
  (which draw from its lists) included; a period with no merking date yet ends when its
  positions start;
- a reststilling has no rounds: its process ends on the day the position starts (hiring is over
  by then, as :func:`lis1.domain.applications.open_until` also says).

Removal happens at 00:00 Oslo time on the same date :data:`RETENTION_MONTHS` months later (29
February: 28 February). Twelve months lets an applicant ask about or complain of an
appointment, and the HF answer with the records, through the whole year the position lasts;
after that nothing about the process needs them. The portfolio, audit entries and a deleted
account's tombstone follow rules of their own (see the privacy page).

Reads leave out what :func:`kept` says is gone at once; the store's TTL attribute, written with
each item from :func:`keep_until`, is only the clean-up (DynamoDB deletes within days).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, time

from ..catalog.models import ExtraRound, Period
from ..oslo import oslo_wall_clock_to_utc
from .ads import AdContent

RETENTION_MONTHS = 12
"""Months after the process ended that its records are kept. The privacy page states it (a test
holds the two together)."""


def months_later(day: date, months: int) -> date:
    """The same date ``months`` later; the month's last day where it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def removal_after(ended: date) -> datetime:
    """The instant (UTC) the records of a process that ended on ``ended`` are removed."""
    day = months_later(ended, RETENTION_MONTHS)
    return oslo_wall_clock_to_utc(datetime.combine(day, time(0, 0)))


def period_ended(series: Iterable[Period | ExtraRound], period_id: str) -> date | None:
    """The day the period's process ended: its last merking, extra rounds drawing from it
    included; the positions' start if no round has a merking date; None for an unknown period."""
    markings: list[date] = []
    starts: date | None = None
    for one in series:
        scope = one.draws_from if isinstance(one, ExtraRound) else one.id
        if scope != period_id:
            continue
        if isinstance(one, Period):
            starts = one.starts
        markings += [r.marking.date() for r in one.rounds if r.marking is not None]
    if markings:
        return max(markings)
    return starts


def period_keep_until(series: Iterable[Period | ExtraRound], period_id: str) -> datetime | None:
    """When the period's applications, offers, receipts and ranked lists are removed; None for
    a period the catalogue does not know (kept: nothing is removed on a guess)."""
    ended = period_ended(series, period_id)
    return None if ended is None else removal_after(ended)


def ad_keep_until(series: Iterable[Period | ExtraRound], content: AdContent) -> datetime | None:
    """When the records of the appointment to an ad are removed: by its period, or for a
    reststilling 12 months after the position starts."""
    if content.period_id is None:
        return removal_after(content.starts)
    found = period_keep_until(series, content.period_id)
    return found if found is not None else removal_after(content.starts)


def kept(keep_until: datetime | None, now: datetime) -> bool:
    """Whether a record removed at ``keep_until`` (None: no time set) is still kept at ``now``."""
    return keep_until is None or now < keep_until
