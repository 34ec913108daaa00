"""The HF's seats round by round as the API answers them: on an ad's offers page and for every
ad of the HF in a period. The HF's own data, only for its administrators."""

from __future__ import annotations

from pydantic import Field

from .base import Schema
from .offers import HfOffers


class SeatsOut(Schema):
    seats: int
    filled: int = Field(description="Takket ja eller ansatt.")
    waiting: int = Field(description="Holdt av åpne tilbud som venter på svar.")
    open: int = Field(description="Ledige: neste runde tilbyr dem.")


class RoundOut(Schema):
    series: str = Field(description="Perioden eller ekstrarunden.")
    series_name: str
    number: int
    label: str = Field(description="«Runde 2», eller ekstrarundens navn og nummer.")
    offered: int = Field(description="Tilbud sendt i runden.")
    accepted: int = Field(description="Takket ja (også de som siden er ansatt eller frigitt).")
    declined: int
    expired: int = Field(description="Ikke svart innen svarfristen.")
    taken_back: int
    released: int
    hired: int = Field(description="Merket som ansatt.")
    waiting: int = Field(description="Venter på svar (svarfristen er ikke ute).")
    after: SeatsOut = Field(description="Plassene etter runden, med rundene før.")


class AdSeatsOut(Schema):
    ad_id: str
    place: str
    seats: SeatsOut
    rounds: list[RoundOut]
    list_exhausted: bool = Field(
        description="Ledige plasser, men ingen på innstillingslisten kan få tilbud."
    )
    rounds_left: bool = Field(description="En runde pågår eller kommer.")
    list_words: str = Field(description="Hvordan innstillingslisten står, i ord.")


class HfOffersWithSeats(HfOffers):
    overview: AdSeatsOut


class HfPeriodOut(Schema):
    organisation: str
    organisation_name: str
    seats: SeatsOut
    rounds: list[RoundOut] = Field(description="Summert over helseforetakets annonser.")
    ads: list[AdSeatsOut]


class PeriodChoiceOut(Schema):
    id: str
    name: str


class HfRoundsOut(Schema):
    period_id: str | None
    period_name: str | None
    periods: list[PeriodChoiceOut] = Field(
        description="Periodene helseforetakene har publiserte annonser i."
    )
    organisations: list[HfPeriodOut]
