"""Offers and ranked lists as the API gives and takes them."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict, Field

from .base import Schema
from .positions import AdOut, ReceiptOut


class OfferOut(Schema):
    id: str
    ad: AdOut
    round: int = Field(description="Rundens nummer.")
    state: str = Field(description="åpen, takket_ja, takket_nei, utløpt, trukket_tilbake, …")
    state_words: str
    issued_at: datetime
    answer_deadline: datetime = Field(description="Første øyeblikk et svar er for sent (UTC).")
    svarfrist: date = Field(description="Siste dag for svar (norsk tid, hele dagen).")
    svarfrist_text: str = Field(description="Svarfristen i ord, norsk tid.")
    time_left: str = Field(
        description="Tid igjen til svarfristen i ord; tom når tilbudet er besvart."
    )


class MyApplicationLine(Schema):
    ad: AdOut
    status: str = Field(description="sendt eller trukket.")
    reference: str
    offer_id: str | None = Field(description="Tilbudet på søknaden, om det er kommet.")
    offer_state: str | None
    offer_state_words: str | None


class MyOffers(Schema):
    offers: list[OfferOut]
    applications: list[MyApplicationLine]
    receipts: list[ReceiptOut] = Field(description="Alle kvitteringene dine, nyeste først.")


class HistoryEntryOut(Schema):
    at: datetime
    what: str
    receipt: str = Field(description="Kvitteringens referanse, om hendelsen har en.")


class OfferHistory(Schema):
    offer: OfferOut
    history: list[HistoryEntryOut] = Field(description="Eldste først.")


class RankingIn(Schema):
    model_config = ConfigDict(extra="forbid")
    references: list[str] = Field(max_length=2000, description="Søknadsreferanser i rekkefølge.")
    version: int = Field(ge=0, le=2**31 - 1)


class RankingOut(Schema):
    ad_id: str
    references: list[str]
    version: int
    locked: bool = Field(description="Etter første tilbudsdag kan det bare legges til sist.")


class RankingForm(Schema):
    """The ranking page's form: a place number per application reference (fields named by the
    reference, blank for not on the list), or a pasted CSV, which wins if given."""

    model_config = ConfigDict(extra="allow")
    version: int = Field(ge=0, le=2**31 - 1)
    csv: str = Field(default="", max_length=60_000)

    def places(self) -> dict[str, str]:
        return {k: str(v).strip() for k, v in (self.model_extra or {}).items()}


class HfOfferChangeIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: str = Field(default="", max_length=500, description="Begrunnelse (frigi, trekke).")


class ExtraSeatsForm(Schema):
    """New seats per ad (fields named by the ad's id; blank or 0 for none)."""

    model_config = ConfigDict(extra="allow")

    def seats(self) -> dict[str, str]:
        return {k: str(v).strip() for k, v in (self.model_extra or {}).items()}


class HfOfferOut(Schema):
    id: str
    reference: str = Field(description="Søknadsreferansen tilbudet gjelder.")
    name: str
    round: int
    series: str = Field(description="Perioden eller ekstrarunden tilbudet hører til.")
    state: str
    state_words: str
    hired_late: bool
    reason: str
    answer_deadline: datetime
    marking_deadline: datetime | None


class HfOffers(Schema):
    ad_id: str
    seats: int
    holding: int = Field(description="Åpne, takket ja og ansatte.")
    taken: int = Field(description="Takket ja og ansatte.")
    offers: list[HfOfferOut]
