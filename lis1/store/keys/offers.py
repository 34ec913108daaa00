"""Keys of offers, acceptances and ranked lists, and the changes of state both adapters count.

item         pk                    sk                       gsi1pk / gsi1sk
-----------  --------------------  -----------------------  ------------------------------------
offer        OFFERS#<scope>        OFFER#<ad>#<candidate>   APPLICANT#<candidate> /
                                                            OFFER#<iso-issued>#<ad>
             keyed by period, ad and candidate: issue is a Put with attribute_not_exists(pk),
             so a rerun or a second run at once writes nothing twice. The engine reads the
             period with one (paged) Query; the HF one ad's with begins_with OFFER#<ad>#
             (strongly consistent); the applicant theirs from gsi1 (newest first)
acceptance   APPLICANT#<candidate> ACCEPTED#<scope>         -
             at most one per applicant and period: Put with attribute_not_exists(pk) in the
             accept transaction; ConditionCheck attribute_not_exists in issue; deleted by a
             release
counts       AD#<ad>               COUNTS                   -
             shared with the applications' ``sent``: ``seats`` (set by the first offer, and
             by every correction of a published ad on condition ``taken <= :seats``),
             ``holding`` (open + accepted + hired), ``taken`` (accepted + hired) and one
             number per round and outcome (:func:`round_count_name`). Issue: ``holding <
             seats``; accept: ``taken < seats``
ranked list  AD#<ad>               RANKING                  -
             the rows (reference, candidate, withdrawn) in order, ``version``; save on
             ``version = :expected`` (or attribute_not_exists for the first), with its audit
             entry
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ...domain.offers import Offer, OfferState
from ...services.ports.offers import Outcome
from ..values import iso
from .positions import applicant_gsi1pk

OFFERS_PREFIX = "OFFERS#"
OFFER_PREFIX = "OFFER#"
RANKING_SK = "RANKING"

CLOSED_FROM: dict[OfferState, frozenset[OfferState]] = {
    "utløpt": frozenset({"åpen"}),
    "trukket_tilbake": frozenset({"åpen"}),
    "ansatt": frozenset({"takket_ja"}),
    "frigitt": frozenset({"takket_ja", "ansatt"}),
}
"""The stored states a change by the HF or the clock may be made from (``Offers.close``)."""


def seat_change(before: OfferState, after: OfferState) -> tuple[Outcome, int, int]:
    """The outcome counted, and how ``holding`` and ``taken`` move, for a closing change."""
    if after == "utløpt":
        return "expired", -1, 0
    if after == "trukket_tilbake":
        return "taken_back", -1, 0
    if after == "ansatt":
        return "hired", 0, 0
    if after == "frigitt" and before in ("takket_ja", "ansatt"):
        return "released", -1, -1
    raise ValueError(f"ingen lukkende endring fra {before} til {after}")


def offer_key(scope: str, ad_id: str, candidate: str) -> tuple[str, str]:
    return offers_pk(scope), f"{ad_offers_prefix(ad_id)}{candidate}"


def offers_pk(scope: str) -> str:
    """The partition of a period's offers (with its extra rounds')."""
    return f"{OFFERS_PREFIX}{scope}"


def ad_offers_prefix(ad_id: str) -> str:
    """What the sort key of every offer of the ad in a scope begins with (the ``#`` ends the
    id, so ``ad-1`` does not match ``ad-10``)."""
    return f"{OFFER_PREFIX}{ad_id}#"


def offer_gsi1(candidate: str, issued_at: datetime, ad_id: str) -> tuple[str, str]:
    """gsi1 keys of an offer: the candidate's partition (shared with their applications, which
    begin APPLICATION#), then when it was issued (fixed-width text)."""
    return applicant_gsi1pk(candidate), f"{OFFER_PREFIX}{iso(issued_at)}#{ad_id}"


def acceptance_key(candidate: str, scope: str) -> tuple[str, str]:
    return applicant_gsi1pk(candidate), f"ACCEPTED#{scope}"


def ranking_key(ad_id: str) -> tuple[str, str]:
    return f"AD#{ad_id}", RANKING_SK


def newest_first(offers: Iterable[Offer]) -> list[Offer]:
    return sorted(offers, key=lambda o: (o.issued_at, o.ad_id), reverse=True)
