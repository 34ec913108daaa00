"""The weekly reminder of learning activities waiting for a signature: hourly in production,
every minute under `make serve`.

An activity sent to a supervisør and not signed or returned after a week gets one reminder to
that supervisør per whole week it has waited (``weeks_waited`` in
:mod:`lis1.domain.portfolio.activities`): after 7 days, after 14, and so on; a week missed
while the job did not run is not made up, the next one is sent. Sending it again (after a
recall or a return) starts the count afresh.

A run reads the activities waiting more than a week (``store.activities.waiting``, never a
Scan), then which of their reminders were sent already (one read per 100), so an hourly rerun
writes nothing; then, for each one still due, the relations on the LIS's portfolio (once per
LIS): a supervisør who no longer counts (the relation ended) is not reminded.

Sending is at most once, as with the offer reminders (:mod:`lis1.services.reminders`): each
reminder is recorded per activity, sending and week (:func:`reminder_key`) with a conditional
write BEFORE the mail goes out, and only the write that created the record sends. A failed
send is logged without personal data and not tried again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..domain.portfolio.activities import REMIND_AFTER, Activity, reminder_key, weeks_waited
from ..domain.portfolio.relations import Relation, holds
from ..domain.reminders import ACTIVITY_WAITING
from ..i18n import _
from . import activity_mails as mails
from .language import in_language_of
from .ports.mail import Mailer
from .ports.store import Store


@dataclass
class ActivityReminderReport:
    """What one run did, in counts only (nothing personal)."""

    due: int = 0
    sent: int = 0
    already: int = 0
    """Sent by an earlier run, or by a run at the same time."""
    not_supervisor: int = 0
    """The supervisør no longer counts on the portfolio: no reminder."""
    no_address: int = 0
    failed: int = 0
    """Recorded, but the mailer refused it (logged; not tried again)."""

    def counts(self) -> dict[str, int]:
        return {
            "forfalt": self.due,
            "sendt": self.sent,
            "sendt_før": self.already,
            "ikke_supervisør": self.not_supervisor,
            "uten_adresse": self.no_address,
            "feilet": self.failed,
        }


def due(store: Store, now: datetime) -> list[tuple[Activity, int]]:
    """The activities with a weekly reminder due at ``now``, each with its week: those sent a
    week ago or earlier (the port's bound is exclusive, to the microsecond stored)."""
    waiting = store.activities.waiting(now - REMIND_AFTER + timedelta(microseconds=1))
    return [(a, week) for a in waiting if (week := weeks_waited(a, now)) >= 1]


def run_activity_reminders(
    store: Store, mailer: Mailer, *, now: datetime, origin: str
) -> ActivityReminderReport:
    """Send every weekly reminder due at ``now`` not sent before. Safe to rerun, and at once."""
    report = ActivityReminderReport()
    found = due(store, now)
    report.due = len(found)
    if not found:
        return report
    keys = [(reminder_key(a, week), week) for a, week in found]
    done = store.notices.sent((key, ACTIVITY_WAITING) for key, _week in keys)
    report.already = len(done)
    relations: dict[str, list[Relation]] = {}
    for (activity, week), (key, _week) in zip(found, keys, strict=True):
        if (key, ACTIVITY_WAITING) in done:
            continue
        if activity.owner not in relations:
            relations[activity.owner] = store.portfolios.relations(activity.owner)
        _remind(store, mailer, activity, week, key, relations[activity.owner], report, now, origin)
    return report


def _remind(
    store: Store,
    mailer: Mailer,
    activity: Activity,
    week: int,
    key: str,
    relations: list[Relation],
    report: ActivityReminderReport,
    now: datetime,
    origin: str,
) -> None:
    assert activity.supervisor is not None
    supervising = holds(relations, activity.supervisor, "supervisør")
    if not supervising:
        report.not_supervisor += 1
        return
    found = mails.address(store, activity.supervisor)
    if found is None:
        report.no_address += 1
        return
    if not store.notices.mark_sent(key, ACTIVITY_WAITING, now):
        report.already += 1
        return
    with in_language_of(store, activity.supervisor):
        lis_name = supervising[0].role.owner_name or _("En lege i spesialisering")
        mail = mails.reminder_mail(activity, week, to=found[1], lis_name=lis_name, origin=origin)
    if mails.send(mailer, mail):
        report.sent += 1
    else:
        report.failed += 1
