"""Ports of offer rounds: ranked lists, offers and the per-ad seat counts that keep them honest.

Every change of an offer is one transaction with the ad's count item, whose conditions make
over-offering impossible however many runs and answers race: an offer is issued only while the
offers holding a seat (open, accepted, hired) are fewer than the seats, and accepted only while
the accepted and hired are fewer. At most one acceptance per applicant and period is an item of
its own, written on condition that none exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from ...domain.applications import Receipt
from ...domain.offers import Offer, RoundKey
from ...domain.ranking import RankedList
from .accounts import AuditEntry
from .requests import FirstRequest, Idempotency

Outcome = Literal["offered", "accepted", "declined", "expired", "taken_back", "released", "hired"]


def round_count_name(key: RoundKey, outcome: Outcome) -> str:
    """The name of one round's count of one outcome on an ad's count item."""
    return f"{key.series}#{key.number}#{outcome}"


@dataclass(frozen=True)
class SeatCount:
    """An ad's seats as the offers see them."""

    ad_id: str
    seats: int | None
    """The ad's seats, written at publication, by each correction and by the first offer;
    None for an ad never published."""
    holding: int = 0
    """Offers open, accepted or hired."""
    taken: int = 0
    """Offers accepted or hired."""
    by_round: dict[str, int] = field(default_factory=dict)
    """Per round and outcome (:func:`round_count_name`), for the statistics."""


class RankedLists(Protocol):
    def get(self, ad_id: str) -> RankedList:
        """The ad's list; an empty one at version 0 if none was saved."""
        ...

    def many(self, ad_ids: Iterable[str]) -> dict[str, RankedList]:
        """The lists of many ads at once (one read per 100)."""
        ...

    def save(self, ranked: RankedList, *, expected_version: int, audit: AuditEntry) -> None:
        """Replace the list if its stored version is ``expected_version`` (0: none saved),
        with ``ranked.version`` the new one, and the audit entry in the same write; else
        RankedListChanged."""
        ...


class Offers(Protocol):
    def issue(self, offer: Offer, *, seats: int) -> bool:
        """Write a new open offer, in one transaction with: a check that the application
        still stands (CandidateWithdrew), a check that the candidate holds no acceptance in
        the round's scope (AlreadyAccepted), and the ad's count item (holding < seats, seats
        set to ``seats`` if the item has none yet; NoSeatLeft), counting holding and the
        round's "offered". False, with nothing written, if the ad and candidate already have an
        offer in the scope (a rerun)."""
        ...

    def accept(
        self,
        accepted: Offer,
        receipt: Receipt,
        *,
        now: datetime,
        declining: Sequence[Offer],
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        """``accepted`` (in state takket_ja) replaces the stored open offer, in one transaction
        with: the condition that it is open and ``now`` before its svarfrist (OfferChanged),
        the candidate's acceptance for the scope (AlreadyAccepted), the ad's count (taken <
        seats; NoSeatLeft), every offer of ``declining`` (in state takket_nei, each on
        condition it is still open: OfferChanged) with its ad's count, the receipt and the
        idempotency item (as for applications)."""
        ...

    def decline(
        self,
        declined: Offer,
        receipt: Receipt,
        *,
        now: datetime,
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        """The candidate's no: on the same condition as :meth:`accept`, with the count and
        the receipt."""
        ...

    def close(self, changed: Offer, *, audit: AuditEntry | None = None) -> bool:
        """Record a change made by the HF or the clock, on condition the stored offer is in
        the state the rules allow it from (expired and taken back: open; hired: accepted;
        released: accepted or hired), with the count and ``audit``. A release also removes
        the candidate's acceptance. False if the stored offer is not in such a state."""
        ...

    def by_scope(self, scope: str) -> list[Offer]:
        """Every offer of the period (with its extra rounds), by ad then candidate."""
        ...

    def by_ad(self, scope: str, ad_id: str) -> list[Offer]:
        """The ad's offers in the scope, by candidate (strongly consistent)."""
        ...

    def by_candidate(self, candidate: str) -> list[Offer]:
        """The candidate's offers in every period, newest first."""
        ...

    def counts(self, ad_ids: Iterable[str]) -> dict[str, SeatCount]:
        """The count items of many ads (one read per 100); an empty count for an ad with none."""
        ...
