"""Offers (tilbud) and what may happen to them: the state machine of an offer, as pure rules.

An offer goes to one candidate for one ad in one round. The candidate answers by the round's
svarfrist; silence is a no. An acceptance binds: only the HF can release it (with a reason),
and the HF marks it as hired. The HF can take back an open offer sent in error. Every offer ends
in exactly one final state.

    åpen ──takk ja──► takket_ja ──merk──► ansatt
      │                  │                  │
      ├─takk nei / ja til et annet─► takket_nei
      ├─svarfristen går ut─► utløpt          │
      └─HF tar tilbake─► trukket_tilbake     │
                         └──HF frigir───────┴──► frigitt

An open offer past its svarfrist reads as expired whether or not a job has recorded it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from ..errors import InvalidInput
from ..i18n import N_, _
from ..oslo import OSLO
from .errors import AnswerTooLate, NotAccepted, OfferNotOpen

OfferState = Literal[
    "åpen", "takket_ja", "takket_nei", "utløpt", "trukket_tilbake", "frigitt", "ansatt"
]

FINAL: frozenset[OfferState] = frozenset(
    {"takket_nei", "utløpt", "trukket_tilbake", "frigitt", "ansatt"}
)
HOLDS_SEAT: frozenset[OfferState] = frozenset({"åpen", "takket_ja", "ansatt"})
"""An offer in these states keeps one of the ad's seats from being offered again."""
TAKEN: frozenset[OfferState] = frozenset({"takket_ja", "ansatt"})
"""A candidate with an offer in these states gets no further offers in the period."""

STATE_WORDS: dict[OfferState, str] = {
    "åpen": N_("venter på svar"),
    "takket_ja": N_("takket ja"),
    "takket_nei": N_("takket nei"),
    "utløpt": N_("ikke svart innen svarfristen"),
    "trukket_tilbake": N_("trukket tilbake av helseforetaket"),
    "frigitt": N_("frigitt av helseforetaket"),
    "ansatt": N_("merket som ansatt"),
}
MAX_REASON = 500
OFFER_ID_LENGTH = 20


@dataclass(frozen=True)
class RoundKey:
    """A round of a period, or of an extra round that draws from a period.

    ``series`` is the period's or the extra round's id; ``scope`` the period whose acceptances
    count (an extra round's is the period it draws from).
    """

    series: str
    number: int
    scope: str


@dataclass(frozen=True)
class Offer:
    ad_id: str
    candidate: str
    """The applicant's subject."""
    reference: str
    """The application's reference when the offer was made: how the HF knows the candidate."""
    round: RoundKey
    issued_at: datetime
    answer_deadline: datetime
    """The first instant at which an answer is too late (UTC)."""
    state: OfferState
    changed_at: datetime
    reason: str = ""
    """Why the HF took the offer back or released the acceptance, or which offer declined it."""
    hired_late: bool = False
    keep_until: datetime | None = None
    """When the retention rule removes it (:mod:`lis1.domain.retention`); None: not set."""

    @property
    def id(self) -> str:
        return offer_id(self.ad_id, self.candidate)


def offer_id(ad_id: str, candidate: str) -> str:
    """The offer's public id: the same for the same ad and candidate, so a rerun is one offer."""
    digest = hashlib.sha256(f"{ad_id}\x00{candidate}".encode()).hexdigest()
    return digest[:OFFER_ID_LENGTH]


def svarfrist_day(offer: Offer) -> date:
    """The last Oslo day on which the offer may be answered."""
    return (offer.answer_deadline - timedelta(seconds=1)).astimezone(OSLO).date()


def state_at(offer: Offer, now: datetime) -> OfferState:
    """The offer's state at ``now``: an open offer past its svarfrist has expired."""
    if offer.state == "åpen" and now >= offer.answer_deadline:
        return "utløpt"
    return offer.state


def _open(offer: Offer, now: datetime) -> None:
    state = state_at(offer, now)
    if state == "utløpt":
        raise AnswerTooLate()
    if state != "åpen":
        raise OfferNotOpen(
            _("Tilbudet er allerede avsluttet: {state}.").format(state=_(STATE_WORDS[state]))
        )


def accept(offer: Offer, now: datetime) -> Offer:
    _open(offer, now)
    return replace(offer, state="takket_ja", changed_at=now)


def decline(offer: Offer, now: datetime, *, because_of: str = "") -> Offer:
    """A no from the candidate, or (``because_of`` an offer id) by accepting another offer."""
    _open(offer, now)
    return replace(offer, state="takket_nei", changed_at=now, reason=because_of)


def expire(offer: Offer, now: datetime) -> Offer:
    """Record what :func:`state_at` already says: the svarfrist passed without an answer."""
    if state_at(offer, now) != "utløpt" or offer.state != "åpen":
        raise OfferNotOpen()
    return replace(offer, state="utløpt", changed_at=offer.answer_deadline)


def take_back(offer: Offer, now: datetime, reason: str) -> Offer:
    """The HF takes back an open offer sent in error; the seat returns."""
    _open(offer, now)
    return replace(offer, state="trukket_tilbake", changed_at=now, reason=checked_reason(reason))


def release(offer: Offer, now: datetime, reason: str) -> Offer:
    """The HF releases an acceptance (or a hire): the seat is free, the candidate too."""
    if offer.state not in TAKEN:
        raise NotAccepted()
    return replace(offer, state="frigitt", changed_at=now, reason=checked_reason(reason))


def hire(offer: Offer, now: datetime, marking_deadline: datetime | None) -> Offer:
    """The HF marks an acceptance as hired; after the round's merking it is marked late."""
    if offer.state != "takket_ja":
        raise NotAccepted()
    late = marking_deadline is not None and now > marking_deadline
    return replace(offer, state="ansatt", changed_at=now, hired_late=late)


def checked_reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput(fields={"reason": _("Skriv hvorfor.")})
    if len(text) > MAX_REASON:
        raise InvalidInput(fields={"reason": _("Høyst {limit} tegn.").format(limit=MAX_REASON)})
    return text
