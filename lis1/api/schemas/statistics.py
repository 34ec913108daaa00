"""The public statistics of the offer rounds as the API gives them: per round, per HF and for
the whole country, and the seats open. A number that is not shown is null, with the reason."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from .base import Schema


class CellOut(Schema):
    value: int | None = Field(description="Antallet; null når det ikke vises (se reason).")
    reason: Literal["prikket", "etter_svarfristen"] | None = Field(
        description=(
            "Hvorfor tallet ikke vises: prikket (færre enn 5, eller skjult så et slikt tall "
            "ikke kan regnes ut av de andre), etter_svarfristen (svarene i runden vises når "
            "svarfristen er ute). Null når tallet vises."
        )
    )


class CountsOut(Schema):
    """One round's offers (one HF's or the country's): the parts sum to ``offered``."""

    offered: CellOut = Field(description="Tilbud gitt i runden.")
    accepted: CellOut = Field(description="Takket ja (ansatte medregnet), ikke frigitt senere.")
    released: CellOut = Field(description="Takket ja, senere frigitt av helseforetaket.")
    declined: CellOut = Field(description="Takket nei.")
    expired: CellOut = Field(description="Ikke svart innen svarfristen.")
    taken_back: CellOut = Field(description="Trukket tilbake av helseforetaket.")
    waiting: CellOut = Field(description="Venter på svar (svarfristen er ikke ute).")


class OrganisationCountsOut(Schema):
    organisation: str = Field(description="Helseforetakets id.")
    name: str
    counts: CountsOut


class RoundOut(Schema):
    key: str = Field(description="<periode eller ekstrarunde>#<nummer>.")
    series: str = Field(description="Perioden eller ekstrarunden runden hører til.")
    number: int
    name: str
    offers_from: datetime | None = Field(description="Når tilbudene går ut (UTC).")
    svarfrist: date | None = Field(description="Siste dag for svar (norsk tid, hele dagen).")
    answers_shown: bool = Field(description="Svarfristen er ute, så svarene vises.")
    national: CountsOut
    organisations: list[OrganisationCountsOut]


class SeatsOut(Schema):
    organisation: str | None = Field(description="Helseforetakets id; null for hele landet.")
    name: str
    seats: int = Field(description="Stillinger i de publiserte annonsene.")
    open: CellOut = Field(description="Stillinger ingen har tilbud på eller har takket ja til.")


class PeriodStatisticsOut(Schema):
    period: str
    name: str
    counted_at: datetime = Field(
        description="Når tallene ble talt (UTC); de telles ved hvert kall."
    )
    threshold: int = Field(description="Antall personer under dette (og over 0) vises ikke.")
    note: str
    rounds: list[RoundOut] = Field(description="Rundene som har startet, i rekkefølge.")
    seats: list[SeatsOut] = Field(description="Hvert helseforetak, så hele landet (sist).")


class StatisticsPeriodOut(Schema):
    id: str
    name: str
    starts: date
    href: str = Field(description="Statistikken for perioden.")


class StatisticsPeriodsOut(Schema):
    periods: list[StatisticsPeriodOut] = Field(description="Nyeste først.")
