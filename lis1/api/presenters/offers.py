"""Offers as values for pages and answers: their state in words and their svarfrist."""

from __future__ import annotations

from datetime import datetime

from ...catalog import Catalog
from ...domain.ads import Ad
from ...domain.offers import STATE_WORDS, Offer, OfferState, svarfrist_day
from ...i18n import _
from ...services.my_offers import ApplicantView, ApplicationLine
from ...wording import deadline_text, time_left_text
from ..schemas.offers import MyApplicationLine, MyOffers, OfferOut
from .answer_outcomes import AnswerOutcomesView, for_applicant_view
from .positions import ad_out, receipt_out


def offer_out(catalog: Catalog, offer: Offer, ad: Ad, state: OfferState, now: datetime) -> OfferOut:
    return OfferOut(
        id=offer.id,
        ad=ad_out(catalog, ad),
        round=offer.round.number,
        state=state,
        state_words=_(STATE_WORDS[state]),
        issued_at=offer.issued_at,
        answer_deadline=offer.answer_deadline,
        svarfrist=svarfrist_day(offer),
        svarfrist_text=deadline_text(svarfrist_day(offer)),
        time_left=time_left_text(now, offer.answer_deadline) if state == "åpen" else "",
    )


def my_offers(catalog: Catalog, view: ApplicantView, now: datetime) -> MyOffers:
    return MyOffers(
        offers=[offer_out(catalog, line.offer, line.ad, line.state, now) for line in view.offers],
        applications=[_application_line(catalog, line) for line in view.applications],
        receipts=[receipt_out(r) for r in view.receipts],
    )


def _application_line(catalog: Catalog, line: ApplicationLine) -> MyApplicationLine:
    offer = line.offer
    return MyApplicationLine(
        ad=ad_out(catalog, line.ad),
        status=line.application.status,
        reference=line.application.reference,
        offer_id=offer.offer.id if offer else None,
        offer_state=offer.state if offer else None,
        offer_state_words=_(STATE_WORDS[offer.state]) if offer else None,
    )


def open_outcomes(
    catalog: Catalog, view: ApplicantView, now: datetime
) -> dict[str, AnswerOutcomesView]:
    """What each answer to each open offer would do, by offer id (no more reads)."""
    return for_applicant_view(catalog, view, now)
