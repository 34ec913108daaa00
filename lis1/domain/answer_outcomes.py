"""What an answer to an offer will do, worked out before it is given.

An applicant holding several offers should know, before confirming, what a yes, a no or silence
does to the rest of their season. This module says it from the rules alone, as facts a page can
word; it never calls the round engine or the store:

- a yes binds (only the HF can release it) and ends the candidacy in the offer's scope: the
  period, its later rounds and every extra round drawing on it (:data:`~.offers.TAKEN`); the
  applicant's other open offers in the scope are declined in the same write;
- a no is final for that ad: an ad is never offered twice to the same candidate; the rest is
  untouched, and each other application that stands stays in the running for the rounds that
  may still make offers after the svarfrist;
- silence is a no at the svarfrist (:func:`~.offers.state_at`), with the same consequences.

Which applications stay in the running comes from the applicant's own applications only, never
from the ranked lists: applicants have no right to see them (helseforetaksloven § 5), so nothing
here may depend on a rank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ..catalog.models import ExtraRound, Period
from .offers import TAKEN, Offer, OfferState, state_at, svarfrist_day
from .rounds import ScheduledRound, schedule


@dataclass(frozen=True)
class ScopeRound:
    """A round that makes offers from a scope's ranked lists."""

    round: ScheduledRound
    organisations: frozenset[str] | None
    """The HFs whose ads the round offers: None for a period's own round (every ad), the HFs
    taking part for an extra round."""

    def covers(self, organisation: str) -> bool:
        return self.organisations is None or organisation in self.organisations


def scope_rounds(series: Iterable[Period | ExtraRound], scope: str) -> tuple[ScopeRound, ...]:
    """Every scheduled round offering from ``scope``'s lists: the period's own rounds and those
    of the extra rounds drawing on it."""
    found = []
    for one in series:
        if isinstance(one, ExtraRound):
            if one.draws_from != scope:
                continue
            taking_part = frozenset(s.organisation for s in one.positions_by_organisation)
            found += [ScopeRound(r, taking_part) for r in schedule(one)]
        elif one.id == scope:
            found += [ScopeRound(r, None) for r in schedule(one)]
    return tuple(sorted(found, key=lambda r: (r.round.offers_from, r.round.key.series)))


@dataclass(frozen=True)
class AnswerOutcomes:
    """The facts behind "what happens if I answer" for one offer at one instant."""

    offer: Offer
    state: OfferState
    """The offer's state at the instant asked: only an open offer can be answered."""
    held: Offer | None
    """An acceptance (or hire) the applicant already holds in the scope: then no yes is possible.
    It cannot coexist with an open offer by the rules, but the answer is total."""
    expires_at: datetime
    """The first instant an answer is too late; from then silence has counted as a no."""
    svarfrist: date
    """The last Oslo day to answer on."""
    scope: str
    """The period whose candidacy a yes ends (for an extra round: the period it draws from)."""
    closes_if_accepted: tuple[Offer, ...]
    """The applicant's other open offers in the scope: a yes declines each of them."""
    later_rounds: bool
    """A round of the scope may still make offers after this offer's svarfrist."""
    still_candidate_on: tuple[str, ...]
    """Ads (ids) whose application stands, never offered to the applicant, that a later round
    offers from: after a no or silence the applicant stays a candidate on them. None while they
    hold an acceptance."""

    @property
    def answerable(self) -> bool:
        return self.state == "åpen" and self.held is None

    @property
    def binding(self) -> bool:
        """A yes now binds and ends the candidacy in the scope (it is possible at all)."""
        return self.answerable


def answer_outcomes(
    offer: Offer,
    offers: Iterable[Offer],
    standing: Mapping[str, str],
    rounds: Iterable[ScopeRound],
    now: datetime,
) -> AnswerOutcomes:
    """What each answer to ``offer`` does, at ``now``.

    ``offers`` are the applicant's own offers (any period); ``standing`` maps the ad id of each
    of the applicant's applications that stand, to a published ad in the offer's scope, to the
    ad's HF; ``rounds`` are the scope's rounds (:func:`scope_rounds`).
    """
    scope = offer.round.scope
    own = [o for o in offers if o.round.scope == scope and o.candidate == offer.candidate]
    state = state_at(offer, now)
    held = next((o for o in own if o.id != offer.id and state_at(o, now) in TAKEN), None)
    accepted = held is not None or state in TAKEN
    answerable = state == "åpen" and held is None
    closes = tuple(o for o in own if answerable and o.id != offer.id and state_at(o, now) == "åpen")
    later = [r for r in rounds if r.round.answer_deadline > offer.answer_deadline]
    offered = {o.ad_id for o in own} | {offer.ad_id}
    still = tuple(
        sorted(
            ad_id
            for ad_id, organisation in standing.items()
            if not accepted and ad_id not in offered and any(r.covers(organisation) for r in later)
        )
    )
    return AnswerOutcomes(
        offer=offer,
        state=state,
        held=held,
        expires_at=offer.answer_deadline,
        svarfrist=svarfrist_day(offer),
        scope=scope,
        closes_if_accepted=closes,
        later_rounds=bool(later),
        still_candidate_on=still,
    )
