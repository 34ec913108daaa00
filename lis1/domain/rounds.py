"""Offer rounds (tilsettingsrunder): when each round runs, and which offers it makes.

A round's offers go out on its tilbud day (an Oslo date from data/) from 08:00 Oslo time, our
rule since no time is published, and all share the round's svarfrist: the whole day in Oslo.
A round with a date missing never runs. A run that comes late still issues the round's offers,
but only while its svarfrist is ahead.

:func:`offers_to_issue` is the round engine: a pure function of what is known at one instant.
The store then writes each offer with conditions of its own, so two runs at once or a rerun
can never offer more seats than an ad has, nor offer one candidate the same ad twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from ..catalog.models import ExtraRound, Period
from ..oslo import end_of_day_utc, oslo_wall_clock_to_utc
from .offers import HOLDS_SEAT, TAKEN, Offer, RoundKey, state_at
from .ranking import Candidate

OFFERS_FROM = time(8, 0)
"""Offers go out from this Oslo time on the tilbud day (our rule; none is published)."""


@dataclass(frozen=True)
class ScheduledRound:
    key: RoundKey
    offers_from: datetime
    """The first instant the round's offers may go out (UTC)."""
    answer_deadline: datetime
    """The first instant an answer is too late (UTC): 00:00 Oslo after the svarfrist."""
    marking_deadline: datetime
    """The HF marks hires by this instant (UTC): 12:00 Oslo on the merking day, as in data/."""

    def running(self, now: datetime) -> bool:
        """Offers may go out at ``now``."""
        return self.offers_from <= now < self.answer_deadline


def schedule(series: Period | ExtraRound) -> list[ScheduledRound]:
    """The rounds of a period or an extra round that have every date, in order."""
    scope = series.draws_from if isinstance(series, ExtraRound) else series.id
    found = []
    for round_ in series.rounds:
        if round_.offer is None or round_.answer_by is None or round_.marking is None:
            continue
        found.append(
            ScheduledRound(
                key=RoundKey(series.id, round_.number, scope),
                offers_from=oslo_wall_clock_to_utc(datetime.combine(round_.offer, OFFERS_FROM)),
                answer_deadline=end_of_day_utc(round_.answer_by),
                marking_deadline=oslo_wall_clock_to_utc(round_.marking),
            )
        )
    return sorted(found, key=lambda r: r.offers_from)


def running_rounds(every: Iterable[Period | ExtraRound], now: datetime) -> list[ScheduledRound]:
    """The rounds whose offers may go out at ``now``: at most one per period or extra round
    (the latest begun, if two overlap)."""
    found = []
    for series in every:
        begun = [r for r in schedule(series) if r.running(now)]
        if begun:
            found.append(begun[-1])
    return found


def first_offer_at(series: Period | ExtraRound) -> datetime | None:
    """When the first offers of a period may go out: ranked lists are append-only after it."""
    rounds = schedule(series)
    return rounds[0].offers_from if rounds else None


@dataclass(frozen=True)
class AdSeats:
    ad_id: str
    seats: int


@dataclass(frozen=True)
class NewOffer:
    ad_id: str
    candidate: str
    reference: str


def offers_to_issue(
    ads: Sequence[AdSeats],
    ranked: Mapping[str, Sequence[Candidate]],
    offers: Iterable[Offer],
    now: datetime,
) -> list[NewOffer]:
    """The offers a round makes at ``now``.

    ``offers`` are every offer so far in the round's scope (the period, with its extra
    rounds). For each ad: its seats, less the offers that hold one (open, accepted, hired),
    go to the next candidates on its list not offered that ad before, not holding an
    acceptance or a hire anywhere in the period, and whose application stands.
    """
    so_far = list(offers)
    taken = {o.candidate for o in so_far if state_at(o, now) in TAKEN}
    new = []
    for ad in ads:
        mine = [o for o in so_far if o.ad_id == ad.ad_id]
        free = ad.seats - sum(1 for o in mine if state_at(o, now) in HOLDS_SEAT)
        offered = {o.candidate for o in mine}
        for row in ranked.get(ad.ad_id, ()):
            if free <= 0:
                break
            if row.withdrawn or row.candidate in offered or row.candidate in taken:
                continue
            new.append(NewOffer(ad.ad_id, row.candidate, row.reference))
            offered.add(row.candidate)
            free -= 1
    return new
