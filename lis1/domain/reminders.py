"""Reminders of an unanswered offer, as a pure rule: which one is due at an instant.

An open offer gets at most two reminders, decided by Oslo dates:

- on the svarfrist day, from 07:00 Oslo time (:data:`REMINDERS_FROM`, our rule: early enough to
  answer during the working day, late enough not to arrive in the night) until the svarfrist
  ends; not when the offer came that same day (the offer's own mail is then the reminder);
- on the day before, from 07:00 Oslo time until midnight, when the svarfrist day is more than
  one day after the day the offer came (an offer that came the day before needs no reminder on
  the day it came).

Each window is an Oslo wall-clock span turned into UTC on its own day, so the weeks the clocks
change (late March, late October) move it by the hour they should. A window missed (the job did
not run) is not made up later: a day-before reminder is never sent on the svarfrist day. An
offer answered, expired, taken back or released has no reminder due.

Every mail about an offer is recorded per offer and kind (:data:`NoticeKind`) before it goes out,
so none is sent twice (see :mod:`lis1.services.reminders`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from ..oslo import end_of_day_utc, oslo_today, oslo_wall_clock_to_utc
from .offers import Offer, state_at, svarfrist_day

NoticeKind = Literal[
    "tilbud", "påminnelse-dagen-før", "påminnelse-svarfristdagen", "påminnelse-aktivitet"
]
"""The mails the service sends at most once each: about one offer, and the weekly reminder of a
learning activity waiting for its signature (keyed by
:func:`lis1.domain.portfolio.activities.reminder_key`)."""
ReminderKind = Literal["påminnelse-dagen-før", "påminnelse-svarfristdagen"]

OFFER_MAIL: NoticeKind = "tilbud"
DAY_BEFORE: ReminderKind = "påminnelse-dagen-før"
ON_THE_DAY: ReminderKind = "påminnelse-svarfristdagen"
ACTIVITY_WAITING: NoticeKind = "påminnelse-aktivitet"
NOTICE_KINDS: tuple[NoticeKind, ...] = (OFFER_MAIL, DAY_BEFORE, ON_THE_DAY, ACTIVITY_WAITING)

REMINDERS_FROM = time(7, 0)
"""Reminders go out from this Oslo time (our rule; nothing is published)."""
REMIND_AHEAD = timedelta(days=2)
"""A round whose svarfrist ends within this span may have reminders due: more than the longest
day-before window ahead (07:00 the day before to the end of the svarfrist day, 42 hours in the
week the clocks go back)."""


@dataclass(frozen=True)
class ReminderWindow:
    kind: ReminderKind
    opens: datetime
    """The first instant the reminder may go out (UTC)."""
    closes: datetime
    """The first instant it may no longer go out (UTC)."""


def reminder_windows(offer: Offer) -> list[ReminderWindow]:
    """When each of the offer's reminders may go out, earliest first (none, one or two)."""
    last_day = svarfrist_day(offer)
    came = oslo_today(offer.issued_at)
    windows = []
    if (last_day - came).days > 1:
        day_before = last_day - timedelta(days=1)
        windows.append(ReminderWindow(DAY_BEFORE, _morning(day_before), end_of_day_utc(day_before)))
    if came < last_day:
        windows.append(ReminderWindow(ON_THE_DAY, _morning(last_day), offer.answer_deadline))
    return windows


def reminder_due(offer: Offer, now: datetime) -> ReminderKind | None:
    """The reminder the offer should have at ``now``, if it is still open; else None."""
    if state_at(offer, now) != "åpen":
        return None
    for window in reminder_windows(offer):
        if window.opens <= now < window.closes:
            return window.kind
    return None


def reminding(answer_deadline: datetime, now: datetime) -> bool:
    """Whether offers with this svarfrist may have a reminder due at ``now``: so a job reads
    only the periods of rounds close to their svarfrist."""
    return answer_deadline - REMIND_AHEAD <= now < answer_deadline


def _morning(day: date) -> datetime:
    return oslo_wall_clock_to_utc(datetime.combine(day, REMINDERS_FROM))
