"""The reminder job: each unanswered offer is reminded of its svarfrist the day before and on
the morning of the day (the rule is :mod:`lis1.domain.reminders`), hourly in production and
every minute under `make serve`.

A run reads only the periods (scopes) with a round whose svarfrist ends within two days, one
Query each (``store.offers.by_scope``), never a Scan; then which of the due reminders were sent
already (one read per 100), so an hourly rerun writes nothing it need not.

Sending is at most once. Each reminder (like the offer mail) is recorded per offer and kind with
a conditional write BEFORE the mail goes out, and only the write that created the record sends:
a rerun, or two runs at once, send nothing twice. If the send then fails, the failure is logged
without personal data and the reminder is not tried again: we chose a missed reminder over a
repeated one, since every offer and its svarfrist stay on Mine tilbud and the offer mail said
the same. (Recording after the send would resend whatever was sent just before a crash; undoing
the record on a failed send would resend what a timed-out send had in fact delivered.)

A person who turned reminders off (``/api/varsler``) gets none and nothing is recorded, so
turning them on again within the window brings the reminder still due. Offer mails and receipts
of answers always go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..domain.ads import Ad
from ..domain.offers import Offer
from ..domain.reminders import ReminderKind, reminder_due, reminding
from ..domain.rounds import schedule
from ..identity import Principal
from .offer_mails import send_reminder
from .ports.mail import Mailer
from .ports.store import Store
from .rounds import every_series


@dataclass
class ReminderReport:
    """What one run did, in counts only (nothing personal)."""

    scopes: int = 0
    due: int = 0
    sent: int = 0
    already: int = 0
    """Sent by an earlier run, or by a run at the same time."""
    turned_off: int = 0
    failed: int = 0
    """Recorded, but the mailer refused it (logged; not tried again)."""

    def counts(self) -> dict[str, int]:
        return {
            "perioder": self.scopes,
            "forfalt": self.due,
            "sendt": self.sent,
            "sendt_før": self.already,
            "slått_av": self.turned_off,
            "feilet": self.failed,
        }


def scopes_to_remind(catalog: Catalog, now: datetime) -> set[str]:
    """The periods with a round whose svarfrist ends within two days of ``now``."""
    return {
        scheduled.key.scope
        for series in every_series(catalog)
        for scheduled in schedule(series)
        if reminding(scheduled.answer_deadline, now)
    }


def run_reminders(
    store: Store, catalog: Catalog, mailer: Mailer, *, now: datetime, origin: str
) -> ReminderReport:
    """Send every reminder due at ``now`` not sent before. Safe to run again, and at once."""
    report = ReminderReport()
    for scope in sorted(scopes_to_remind(catalog, now)):
        report.scopes += 1
        due = [(o, kind) for o in store.offers.by_scope(scope) if (kind := reminder_due(o, now))]
        if not due:
            continue
        report.due += len(due)
        done = store.notices.sent((o.id, kind) for o, kind in due)
        report.already += len(done)
        ads: dict[str, Ad | None] = {}
        for offer, kind in due:
            if (offer.id, kind) not in done:
                _remind(store, catalog, mailer, offer, kind, ads, report, now, origin)
    return report


def _remind(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    offer: Offer,
    kind: ReminderKind,
    ads: dict[str, Ad | None],
    report: ReminderReport,
    now: datetime,
    origin: str,
) -> None:
    if not store.notices.reminders_on(offer.candidate):
        report.turned_off += 1
        return
    if offer.ad_id not in ads:
        ads[offer.ad_id] = store.ads.get(offer.ad_id)
    ad = ads[offer.ad_id]
    if ad is None:  # published ads are never deleted
        return
    outcome = send_reminder(store, catalog, mailer, offer, ad, kind, now=now, origin=origin)
    if outcome == "sent":
        report.sent += 1
    elif outcome == "already":
        report.already += 1
    elif outcome == "failed":
        report.failed += 1


def reminders_on(store: Store, *, who: Principal) -> bool:
    return store.notices.reminders_on(who.subject)


def choose_reminders(store: Store, *, who: Principal, on: bool, now: datetime) -> bool:
    """Turn one's own reminders on or off (audited about the person); False if already so."""
    return store.notices.set_reminders(who.subject, on, at=now)
