"""The HF's view of how its seats fill round by round: for one ad (on its offers page) and for
every ad of the HF in a period, summed, with the ads that still have open seats and the lists
that are exhausted.

The numbers are read from the per-ad count items (one read per 100 ads), never by reading every
offer. Only the exhaustion check reads more, and only where it must: the ranked lists of the ads
with open seats (one read per 100), the period's offers (one paged query) when a list still
seems to have a candidate, and an ad's applications when its list still offers someone (a
candidate who withdrew is refused by the store, so the engine does not count them).

Only an administrator of the HF sees this: it is the HF's own data, not public statistics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import get_args

from ..catalog import Catalog
from ..catalog.models import ExtraRound, Period
from ..domain.ads import Ad
from ..domain.offers import Offer
from ..domain.ranking import Candidate
from ..domain.rounds import AdSeats, ScheduledRound, schedule
from ..domain.seats import (
    RoundLine,
    RoundTally,
    SeatStanding,
    free_seats,
    list_exhausted,
    round_by_round,
    standing,
    still_standing,
    summed,
    tally,
)
from ..errors import NotFound
from ..i18n import _
from ..identity import Principal, Role
from .ports.offers import Outcome, SeatCount, round_count_name
from .ports.store import Store
from .rankings import Ranking

OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)


@dataclass(frozen=True)
class AdSeatView:
    ad: Ad
    rounds: list[RoundLine]
    """The rounds begun, each with the seats after it."""
    standing: SeatStanding
    started: bool
    """The period's first offers have gone out."""
    rounds_left: bool
    """A round is running or still to come: offers may still go out."""
    exhausted: bool
    """Open seats, and nobody on the list the next round could offer them to."""


@dataclass(frozen=True)
class HfPeriod:
    organisation: str
    ads: list[AdSeatView]
    rounds: list[RoundLine]
    """The rounds summed over the HF's ads in the period."""
    standing: SeatStanding


@dataclass(frozen=True)
class PeriodView:
    period: Period | None
    """None when the caller's HFs have no published ad in a period yet."""
    choices: list[Period]
    """The periods in which the caller's HFs have published ads."""
    hfs: list[HfPeriod]


def period_rounds(
    catalog: Catalog, period_id: str, organisation: str | None = None
) -> list[ScheduledRound]:
    """The rounds whose offers count in the period, in order: its own, and those of the extra
    rounds drawing from it (only those ``organisation`` takes part in, if given)."""
    series: list[Period | ExtraRound] = [p for p in catalog.periods if p.id == period_id]
    series += [
        e
        for e in catalog.extra_rounds
        if e.draws_from == period_id
        and (
            organisation is None
            or any(s.organisation == organisation for s in e.positions_by_organisation)
        )
    ]
    return sorted((r for s in series for r in schedule(s)), key=lambda r: r.offers_from)


def tallies(count: SeatCount, rounds: Sequence[ScheduledRound], now: datetime) -> list[RoundTally]:
    """The tally of every round of ``rounds`` begun at ``now``, from the ad's count item."""
    return [
        tally(
            r.key,
            {o: count.by_round.get(round_count_name(r.key, o), 0) for o in OUTCOMES},
            r.answer_deadline,
            now,
        )
        for r in rounds
        if r.offers_from <= now
    ]


def ad_seats(
    store: Store, catalog: Catalog, *, ranking: Ranking, own: list[Offer], now: datetime
) -> AdSeatView:
    """One ad's seats for its offers page. ``ranking`` and ``own`` (the ad's offers) are what
    the page has read already; the period's offers are read only if the list still seems to
    have a candidate for a free seat."""
    ad = ranking.ad
    count = store.offers.counts([ad.id])[ad.id]
    view = _view(catalog, ad, count, now)
    if not (view.started and view.standing.open):
        return view
    seat = AdSeats(ad.id, ad.content.seats)
    ranked = still_standing(ranking.ranked.entries, ranking.standing)
    exhausted = free_seats(seat, own, now) > 0 and (
        list_exhausted(seat, ranked, own, now)
        or list_exhausted(seat, ranked, store.offers.by_scope(_scope(ad)), now)
    )
    return replace(view, exhausted=exhausted)


def hf_period(
    store: Store, catalog: Catalog, *, who: Principal, period_id: str | None, now: datetime
) -> PeriodView:
    """Every published ad of the caller's HFs in the period (by default the one whose rounds
    are the latest begun, else the next), each HF summed round by round."""
    organisations = sorted(who.organisations(Role.HF_ADMIN))
    ads = [
        ad
        for organisation in organisations
        for ad in store.ads.by_organisation(organisation)
        if ad.status == "publisert" and ad.content.period_id is not None
    ]
    with_ads = {ad.content.period_id for ad in ads}
    choices = [p for p in catalog.periods if p.id in with_ads]
    period = _chosen(catalog, choices, period_id, now)
    if period is None:
        return PeriodView(None, choices, [])
    ads = sorted(
        (ad for ad in ads if ad.content.period_id == period.id),
        key=lambda ad: (ad.content.organisation, ad.content.place, ad.id),
    )
    counts = store.offers.counts(ad.id for ad in ads) if ads else {}
    views = [_view(catalog, ad, counts[ad.id], now) for ad in ads]
    exhausted = _exhausted(store, [v.ad for v in views if v.started and v.standing.open], now)
    views = [replace(v, exhausted=v.ad.id in exhausted) for v in views]
    order = {r.key: n for n, r in enumerate(period_rounds(catalog, period.id))}
    hfs = []
    for organisation in organisations:
        mine = [v for v in views if v.ad.content.organisation == organisation]
        seats = sum(v.ad.content.seats for v in mine)
        rounds = summed(line.tally for v in mine for line in v.rounds)
        rounds.sort(key=lambda t: order.get(t.key, len(order)))
        lines = round_by_round(seats, rounds)
        hfs.append(HfPeriod(organisation, mine, lines, standing(seats, rounds)))
    return PeriodView(period, choices, hfs)


def _view(catalog: Catalog, ad: Ad, count: SeatCount, now: datetime) -> AdSeatView:
    rounds = period_rounds(catalog, _scope(ad), ad.content.organisation)
    counted = tallies(count, rounds, now)
    return AdSeatView(
        ad=ad,
        rounds=round_by_round(ad.content.seats, counted),
        standing=standing(ad.content.seats, counted),
        started=bool(rounds) and now >= rounds[0].offers_from,
        rounds_left=any(now < r.answer_deadline for r in rounds),
        exhausted=False,
    )


def _exhausted(store: Store, ads: list[Ad], now: datetime) -> set[str]:
    """Which of ``ads`` (all of one period, each with open seats) have an exhausted list."""
    if not ads:
        return set()
    lists = store.rankings.many(ad.id for ad in ads)
    every = store.offers.by_scope(_scope(ads[0]))
    found = set()
    for ad in ads:
        seat = AdSeats(ad.id, ad.content.seats)
        found_list = lists.get(ad.id)
        ranked: Sequence[Candidate] = found_list.entries if found_list else ()
        if not list_exhausted(seat, ranked, every, now):
            # Someone is left: is their application still standing?
            standing_refs = {
                a.reference for a in store.applications.by_ad(ad.id) if a.status == "sendt"
            }
            ranked = still_standing(ranked, standing_refs)
            if not list_exhausted(seat, ranked, every, now):
                continue
        found.add(ad.id)
    return found


def _scope(ad: Ad) -> str:
    return ad.content.period_id or ""


def _chosen(
    catalog: Catalog, choices: list[Period], period_id: str | None, now: datetime
) -> Period | None:
    if period_id:
        found = next((p for p in catalog.periods if p.id == period_id), None)
        if found is None:
            raise NotFound(_("Fant ikke søknadsperioden."), code="ukjent_periode")
        return found
    if not choices:
        return None
    begun = [p for p in choices if (r := schedule(p)) and r[0].offers_from <= now]
    if begun:
        return max(begun, key=lambda p: schedule(p)[0].offers_from)
    return min(choices, key=lambda p: p.starts)
