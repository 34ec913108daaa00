"""The HF's seats round by round, and the kommune's hires, as the API answers them. Values
only; the templates show them and hold no rules."""

from __future__ import annotations

from datetime import date, datetime

from ...catalog import Catalog
from ...domain.offers import STATE_WORDS, Offer, RoundKey, state_at
from ...domain.seats import RoundLine, SeatStanding
from ...i18n import _
from ...services.kommune_hires import KommuneHires
from ...services.offers import marking_deadline
from ...services.seat_overviews import AdSeatView, HfPeriod, PeriodView
from ..schemas.offers import HfOfferOut
from ..schemas.positions import HiredOut
from ..schemas.seats import (
    AdSeatsOut,
    HfPeriodOut,
    HfRoundsOut,
    PeriodChoiceOut,
    RoundOut,
    SeatsOut,
)


def seats_out(standing: SeatStanding) -> SeatsOut:
    return SeatsOut(
        seats=standing.seats,
        filled=standing.filled,
        waiting=standing.waiting,
        open=standing.open,
    )


def round_label(catalog: Catalog, key: RoundKey) -> str:
    """«Runde 2» in the period itself; an extra round by its name too."""
    if key.series == key.scope:
        return _("Runde {number}").format(number=key.number)
    return _("{name}, runde {number}").format(name=series_name(catalog, key), number=key.number)


def series_name(catalog: Catalog, key: RoundKey) -> str:
    found = next((s for s in catalog.all_periods() if s.id == key.series), None)
    return found.name if found is not None else key.series


def round_out(catalog: Catalog, line: RoundLine) -> RoundOut:
    t = line.tally
    return RoundOut(
        series=t.key.series,
        series_name=series_name(catalog, t.key),
        number=t.key.number,
        label=round_label(catalog, t.key),
        offered=t.offered,
        accepted=t.accepted,
        declined=t.declined,
        expired=t.expired,
        taken_back=t.taken_back,
        released=t.released,
        hired=t.hired,
        waiting=t.waiting,
        after=seats_out(line.after),
    )


def ad_seats_out(catalog: Catalog, view: AdSeatView) -> AdSeatsOut:
    return AdSeatsOut(
        ad_id=view.ad.id,
        place=view.ad.content.place,
        seats=seats_out(view.standing),
        rounds=[round_out(catalog, line) for line in view.rounds],
        list_exhausted=view.exhausted,
        rounds_left=view.rounds_left,
        list_words=list_words(view),
    )


def list_words(view: AdSeatView) -> str:
    if view.exhausted:
        return _("Tom for kandidater")
    if not view.started:
        return _("Rundene har ikke begynt")
    if not view.standing.open:
        return _("Ingen ledige plasser")
    return _("Har kandidater til de ledige plassene")


def hf_period_out(catalog: Catalog, hf: HfPeriod) -> HfPeriodOut:
    return HfPeriodOut(
        organisation=hf.organisation,
        organisation_name=catalog.organisation(hf.organisation).name,
        seats=seats_out(hf.standing),
        rounds=[round_out(catalog, line) for line in hf.rounds],
        ads=[ad_seats_out(catalog, view) for view in hf.ads],
    )


def hf_rounds_out(catalog: Catalog, view: PeriodView) -> HfRoundsOut:
    return HfRoundsOut(
        period_id=view.period.id if view.period else None,
        period_name=view.period.name if view.period else None,
        periods=[PeriodChoiceOut(id=p.id, name=p.name) for p in view.choices],
        organisations=[hf_period_out(catalog, hf) for hf in view.hfs],
    )


def hired_out(hires: KommuneHires | None, starts: date) -> list[HiredOut]:
    """The named hires of one ad, each with the position's start."""
    if hires is None:
        return []
    return [
        HiredOut(name=h.name, series=h.round.series, round=h.round.number, starts=starts)
        for h in hires.hired
    ]


def offer_rows(
    catalog: Catalog, offers: list[Offer], names: dict[str, str], now: datetime
) -> list[HfOfferOut]:
    """An ad's offers for its HF, by round and then when issued, each with its state at ``now``
    and its round's merking."""
    return [
        HfOfferOut(
            id=offer.id,
            reference=offer.reference,
            name=names.get(offer.candidate, ""),
            round=offer.round.number,
            series=offer.round.series,
            state=(state := state_at(offer, now)),
            state_words=_(STATE_WORDS[state]),
            hired_late=offer.hired_late,
            reason=offer.reason,
            answer_deadline=offer.answer_deadline,
            marking_deadline=marking_deadline(catalog, offer.round),
        )
        for offer in sorted(offers, key=lambda o: (o.round.number, o.issued_at))
    ]
