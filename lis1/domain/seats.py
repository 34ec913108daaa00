"""How an ad's seats stand round by round, as its HF sees them, and when its ranked list is
exhausted: pure rules over counts and offers.

The numbers come from the per-ad count the offer writes keep (offers made and each outcome,
per round), not from reading every offer. One correction makes them agree with the rules: an
offer still open after its round's svarfrist has expired (:func:`lis1.domain.offers.state_at`)
even before the hourly job has recorded it, so it counts as expired here and holds no seat, as
the round engine sees it.

A list is exhausted when the ad has a free seat and the round engine
(:func:`lis1.domain.rounds.offers_to_issue`) would offer it to nobody: everyone on the list was
offered the ad before, withdrew, or holds an acceptance elsewhere in the period.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from .offers import HOLDS_SEAT, Offer, RoundKey, state_at
from .ranking import Candidate
from .rounds import AdSeats, offers_to_issue

OUTCOMES = ("offered", "accepted", "declined", "expired", "taken_back", "released", "hired")
"""What the count item counts per round: offers made, then each change of their state."""


@dataclass(frozen=True)
class RoundTally:
    """The offers one round made (for one ad, or summed over several), by what became of them.

    ``accepted`` counts every yes, including those since hired or released; ``hired`` every
    hire marked; ``released`` every acceptance the HF released since."""

    key: RoundKey
    offered: int = 0
    accepted: int = 0
    declined: int = 0
    expired: int = 0
    taken_back: int = 0
    released: int = 0
    hired: int = 0
    waiting: int = 0
    """Open offers whose svarfrist is still ahead."""

    @property
    def filled(self) -> int:
        """Seats the round's offers hold now: accepted (or since hired) and not released."""
        return self.accepted - self.released

    def plus(self, other: RoundTally) -> RoundTally:
        """The two tallies of one round summed (two ads of an HF)."""
        if other.key != self.key:
            raise ValueError(f"runde {other.key} er ikke {self.key}")
        return RoundTally(
            self.key,
            *(getattr(self, name) + getattr(other, name) for name in (*OUTCOMES, "waiting")),
        )


def tally(
    key: RoundKey, outcomes: Mapping[str, int], answer_deadline: datetime, now: datetime
) -> RoundTally:
    """One round's tally from its counts by outcome (:data:`OUTCOMES`). Offers not answered,
    expired nor taken back are waiting until the round's svarfrist, and expired from it."""
    counted = {name: max(0, outcomes.get(name, 0)) for name in OUTCOMES}
    unanswered = counted["offered"] - sum(
        counted[name] for name in ("accepted", "declined", "expired", "taken_back")
    )
    unanswered = max(0, unanswered)
    if now >= answer_deadline:
        counted["expired"] += unanswered
        unanswered = 0
    return RoundTally(key, **counted, waiting=unanswered)


@dataclass(frozen=True)
class SeatStanding:
    """An ad's seats (or an HF's, summed) at one instant."""

    seats: int
    filled: int
    """Accepted or hired."""
    waiting: int
    """Held by open offers whose svarfrist is ahead."""

    @property
    def open(self) -> int:
        """Seats nobody holds: the next round offers them."""
        return max(0, self.seats - self.filled - self.waiting)


@dataclass(frozen=True)
class RoundLine:
    """A round, and the seats as its offers and the earlier rounds' left them."""

    tally: RoundTally
    after: SeatStanding


def round_by_round(seats: int, tallies: Sequence[RoundTally]) -> list[RoundLine]:
    """Each round (in order) with the seats filled and open counting it and every round
    before; the last line is where the seats stand now."""
    lines, filled, waiting = [], 0, 0
    for one in tallies:
        filled += one.filled
        waiting += one.waiting
        lines.append(RoundLine(one, SeatStanding(seats, filled, waiting)))
    return lines


def standing(seats: int, tallies: Iterable[RoundTally]) -> SeatStanding:
    """Where ``seats`` stand after every round of ``tallies``."""
    every = list(tallies)
    return SeatStanding(seats, sum(t.filled for t in every), sum(t.waiting for t in every))


def summed(tallies: Iterable[RoundTally]) -> list[RoundTally]:
    """Tallies of the same rounds summed per round, in the order each round is first met."""
    by_key: dict[RoundKey, RoundTally] = {}
    for one in tallies:
        by_key[one.key] = by_key[one.key].plus(one) if one.key in by_key else one
    return list(by_key.values())


def still_standing(ranked: Iterable[Candidate], standing: Container[str]) -> list[Candidate]:
    """The list with every row whose application no longer stands (reference not in
    ``standing``) marked withdrawn, as the store would refuse an offer to it."""
    return [
        row if row.withdrawn or row.reference in standing else replace(row, withdrawn=True)
        for row in ranked
    ]


def free_seats(ad: AdSeats, offers: Iterable[Offer], now: datetime) -> int:
    """The ad's seats no offer holds at ``now`` (as the round engine counts them)."""
    holding = sum(1 for o in offers if o.ad_id == ad.ad_id and state_at(o, now) in HOLDS_SEAT)
    return max(0, ad.seats - holding)


def list_exhausted(
    ad: AdSeats, ranked: Sequence[Candidate], offers: Iterable[Offer], now: datetime
) -> bool:
    """The ad has a free seat at ``now`` and the round engine would offer it to nobody on
    ``ranked``. ``offers`` are every offer in the period so far (those of other ads tell who
    holds an acceptance elsewhere); with only some of them, a True still holds for all."""
    so_far = list(offers)
    if free_seats(ad, so_far, now) == 0:
        return False
    return not offers_to_issue([ad], {ad.ad_id: ranked}, so_far, now)
