"""Mine tilbud: what an applicant has in play, and one offer's history.

The overview is read in a fixed number of calls however many offers and applications there
are: the applicant's offers, applications and receipts (one index query each) and their ads
(one batch read). Only the caller's own records are read: nobody else's exist for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.ads import Ad
from ..domain.applications import Application, Receipt
from ..domain.offer_history import HfChange, HistoryEntry, offer_history
from ..domain.offers import Offer, OfferState, state_at
from ..errors import NotFound
from ..identity import Principal
from .offers import find_offer, offer_entity
from .ports.store import Store


@dataclass(frozen=True)
class OfferLine:
    offer: Offer
    state: OfferState
    """The offer's state at the moment read (an open offer past its svarfrist: expired)."""
    ad: Ad


@dataclass(frozen=True)
class ApplicationLine:
    application: Application
    ad: Ad
    offer: OfferLine | None
    """The offer on this application, if one came."""


@dataclass(frozen=True)
class ApplicantView:
    offers: list[OfferLine]
    """Newest first."""
    applications: list[ApplicationLine]
    receipts: list[Receipt]
    every_offer: list[Offer]
    """Every offer of the applicant's, for rules that look across them (what an answer does)."""


def applicant_view(store: Store, *, who: Principal, now: datetime) -> ApplicantView:
    offers = store.offers.by_candidate(who.subject)
    applications = store.applications.by_applicant(who.subject)
    receipts = store.applications.receipts(who.subject)
    ads = store.ads.many({o.ad_id for o in offers} | {a.ad_id for a in applications})
    lines = [OfferLine(o, state_at(o, now), ads[o.ad_id]) for o in offers if o.ad_id in ads]
    by_ad = {line.offer.ad_id: line for line in reversed(lines)}  # the newest wins
    return ApplicantView(
        offers=lines,
        applications=[
            ApplicationLine(a, ads[a.ad_id], by_ad.get(a.ad_id))
            for a in applications
            if a.ad_id in ads
        ],
        receipts=receipts,
        every_offer=offers,
    )


def history(
    store: Store, *, who: Principal, offer_id: str, now: datetime
) -> tuple[OfferLine, list[HistoryEntry]]:
    """One of the caller's offers, with its history."""
    mine = store.offers.by_candidate(who.subject)
    offer = find_offer(mine, offer_id)
    ads = store.ads.many({o.ad_id for o in mine})
    places = {o.id: ads[o.ad_id].content.place for o in mine if o.ad_id in ads}
    changes = [
        HfChange(e.at, e.action, e.detail.get("begrunnelse", ""))
        for e in store.audit.entries(offer_entity(offer.id))
    ]
    receipts = store.applications.receipts(who.subject)
    ad = ads.get(offer.ad_id)
    if ad is None:  # published ads are never deleted
        raise NotFound(code="ukjent_annonse")
    entries = offer_history(offer, receipts, changes, now, places)
    return OfferLine(offer, state_at(offer, now), ad), entries
