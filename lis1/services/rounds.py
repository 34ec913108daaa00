"""Running the offer rounds: the scheduled job (hourly in production, every minute locally) and
the HF's own start on the tilbud day both come here.

A run first records what the clock has already decided (open offers past their svarfrist are
expired, which frees their seats), then asks the round engine which offers to make and writes
each in its own small transaction. The store's conditions refuse what the engine could not see
(an application just withdrawn, an acceptance just made, a seat another run just offered): the
run marks that candidate and asks the engine again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from ..catalog import Catalog
from ..catalog.models import ExtraRound, Period
from ..domain.ads import Ad
from ..domain.errors import AlreadyAccepted, CandidateWithdrew, NoSeatLeft
from ..domain.offers import Offer, RoundKey, expire, state_at
from ..domain.ranking import Candidate
from ..domain.retention import period_keep_until
from ..domain.rounds import AdSeats, ScheduledRound, offers_to_issue, running_rounds, schedule
from ..i18n import _
from .offer_mails import send_offer_mail
from .ports.mail import Mailer
from .ports.store import Store

log = logging.getLogger(__name__)

ATTEMPTS = 4
"""Engine passes per round and run: each pass after the first follows a refusal by the store."""
EXPIRY_WINDOW = timedelta(days=30)
"""After a round's svarfrist, runs keep recording its expired offers this long."""


@dataclass
class RunReport:
    rounds: list[RoundKey] = field(default_factory=list)
    issued: list[Offer] = field(default_factory=list)
    expired: int = 0
    refused: int = 0
    """Offers the store refused because something changed since the engine read."""


def every_series(catalog: Catalog) -> list[Period | ExtraRound]:
    return [*catalog.periods, *catalog.extra_rounds]


def run_rounds(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    *,
    now: datetime,
    origin: str,
    organisation: str | None = None,
) -> RunReport:
    """Make the offers of every round running at ``now`` (only for ``organisation``'s ads if
    given), after recording expiries. Safe to run again at any time: nothing is issued twice."""
    report = RunReport()
    series = every_series(catalog)
    for scope in _scopes_to_expire(series, now):
        report.expired += record_expiries(store, store.offers.by_scope(scope), now)
    for scheduled in running_rounds(series, now):
        ads = round_ads(store, catalog, scheduled.key, organisation)
        if ads:
            report.rounds.append(scheduled.key)
            _run_round(store, catalog, mailer, scheduled, ads, now, origin, report)
    return report


def running_words(catalog: Catalog, now: datetime) -> str:
    """The rounds running at ``now``, as «Demoperiode …, runde 1»; empty if none."""
    names = {s.id: s.name for s in every_series(catalog)}
    return ", ".join(
        _("{name}, runde {number}").format(name=names[r.key.series], number=r.key.number)
        for r in running_rounds(every_series(catalog), now)
    )


def open_seats(store: Store, ad: Ad) -> int:
    """Seats neither accepted, hired nor held by an open offer."""
    count = store.offers.counts([ad.id])[ad.id]
    return max(0, ad.content.seats - count.holding)


def after_last_round(catalog: Catalog, ad: Ad, now: datetime) -> bool:
    """The ad's period has no round left whose offers may still go out."""
    period = next((p for p in catalog.periods if p.id == ad.content.period_id), None)
    rounds = schedule(period) if period is not None else []
    return bool(rounds) and now >= rounds[-1].answer_deadline


def round_ads(
    store: Store, catalog: Catalog, key: RoundKey, organisation: str | None = None
) -> list[Ad]:
    """The published ads a round offers: the period's; for an extra round, those of the period
    it draws from whose HF takes part in it."""
    ads = [a for a in store.ads.by_period(key.scope) if a.status == "publisert"]
    extra = next((e for e in catalog.extra_rounds if e.id == key.series), None)
    if extra is not None:
        taking_part = {share.organisation for share in extra.positions_by_organisation}
        ads = [a for a in ads if a.content.organisation in taking_part]
    if organisation is not None:
        ads = [a for a in ads if a.content.organisation == organisation]
    return ads


def record_expiries(store: Store, offers: Iterable[Offer], now: datetime) -> int:
    """Write down the offers the svarfrist has closed; the count of those written."""
    return sum(
        1
        for o in offers
        if o.state == "åpen" and state_at(o, now) == "utløpt" and store.offers.close(expire(o, now))
    )


def _scopes_to_expire(series: list[Period | ExtraRound], now: datetime) -> set[str]:
    scopes = set()
    for one in series:
        for scheduled in schedule(one):
            if scheduled.answer_deadline <= now < scheduled.answer_deadline + EXPIRY_WINDOW:
                scopes.add(scheduled.key.scope)
    return scopes


def _run_round(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    scheduled: ScheduledRound,
    ads: list[Ad],
    now: datetime,
    origin: str,
    report: RunReport,
) -> None:
    key = scheduled.key
    by_id = {ad.id: ad for ad in ads}
    seats = [AdSeats(ad.id, ad.content.seats) for ad in ads]
    ranked = {ad_id: list(r.entries) for ad_id, r in store.rankings.many(by_id).items()}
    offers = store.offers.by_scope(key.scope)
    keep_until = period_keep_until(catalog.all_periods(), key.scope)
    for _attempt in range(ATTEMPTS):
        refused = False
        for new in offers_to_issue(seats, ranked, offers, now):
            offer = Offer(
                new.ad_id,
                new.candidate,
                new.reference,
                key,
                now,
                scheduled.answer_deadline,
                "åpen",
                now,
                keep_until=keep_until,
            )
            try:
                written = store.offers.issue(offer, seats=by_id[new.ad_id].content.seats)
            except CandidateWithdrew:
                _mark(ranked, new.candidate, only_ad=new.ad_id)
            except AlreadyAccepted:
                _mark(ranked, new.candidate)
            except NoSeatLeft:
                pass
            else:
                if written:
                    report.issued.append(offer)
                    send_offer_mail(store, catalog, mailer, offer, by_id[new.ad_id], origin)
                continue
            refused = True
            report.refused += 1
        if not refused:
            return
        offers = store.offers.by_scope(key.scope)
    log.warning("Runde %s/%s: stoppet etter %d forsøk", key.series, key.number, ATTEMPTS)


def _mark(ranked: dict[str, list[Candidate]], candidate: str, only_ad: str | None = None) -> None:
    """Leave ``candidate`` out of this run: on one ad (withdrawn), or on all (accepted)."""
    for ad_id, rows in ranked.items():
        if only_ad is None or ad_id == only_ad:
            ranked[ad_id] = [
                replace(r, withdrawn=True) if r.candidate == candidate else r for r in rows
            ]
