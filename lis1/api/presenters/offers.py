"""Offers as values for pages and answers: their state in words and their svarfrist."""

from __future__ import annotations

from ...catalog import Catalog
from ...domain.ads import Ad
from ...domain.offers import STATE_WORDS, Offer, OfferState, svarfrist_day
from ...i18n import _
from ..schemas.offers import OfferOut
from .positions import ad_out


def offer_out(catalog: Catalog, offer: Offer, ad: Ad, state: OfferState) -> OfferOut:
    return OfferOut(
        id=offer.id,
        ad=ad_out(catalog, ad),
        round=offer.round.number,
        state=state,
        state_words=_(STATE_WORDS[state]),
        issued_at=offer.issued_at,
        answer_deadline=offer.answer_deadline,
        svarfrist=svarfrist_day(offer),
    )
