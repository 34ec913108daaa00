"""Request and response models of ads and applications: validated with pydantic, described in
the OpenAPI document exactly as validated."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, ValidationInfo

from ...domain.ads import MAX_VERSION, AdContent, date_out_of_range
from ...domain.applications import MAX_COVER_TEXT
from ...oslo import oslo_today
from .base import Schema


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Optional = BeforeValidator(_blank_is_none)


def _service_date(value: date, info: ValidationInfo) -> date:
    """A date an ad may carry: from the first LIS1 period to ten years after today (Oslo)."""
    today = (info.context or {}).get("today") or oslo_today(datetime.now(UTC))
    problem = date_out_of_range(value, today)
    if problem is not None:
        raise ValueError(problem)
    return value


ServiceDate = Annotated[date, AfterValidator(_service_date)]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION, description="Versjonen du endrer.")]


class AdIn(Schema):
    """An ad as the HF administrator writes it. Empty form fields count as not given."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    organisation: str = Field(min_length=1, max_length=80)
    place: str = Field(min_length=1, max_length=200)
    seats: int = Field(ge=1, le=100)
    kommune: str = Field(min_length=1, max_length=80)
    starts: ServiceDate
    description: str = Field(min_length=1, max_length=5000)
    period_id: Annotated[str | None, Optional] = Field(default=None, max_length=80)
    application_deadline: Annotated[ServiceDate | None, Optional] = None
    ends: Annotated[ServiceDate | None, Optional] = None

    def content(self) -> AdContent:
        return AdContent(
            self.organisation,
            self.place,
            self.seats,
            self.kommune,
            self.starts,
            self.description,
            self.period_id,
            self.application_deadline,
            self.ends,
        )


class AdEdit(AdIn):
    """A changed ad: the whole ad again, with the version it was based on."""

    version: Version


class AdOut(Schema):
    id: str
    status: str
    version: int
    organisation: str
    organisation_name: str
    region: str | None
    place: str
    seats: int
    kommune: str
    kommune_name: str
    starts: date
    description: str
    period_id: str | None
    period_name: str | None
    reststilling: bool
    applications_open_at: datetime | None
    applications_close_at: datetime | None
    """When applications are received (UTC; the deadline is the first instant after it).
    Null for a draft whose period has no published dates yet."""
    published_at: datetime | None


class AdList(Schema):
    ads: list[AdOut]


class HiredOut(Schema):
    name: str
    series: str = Field(description="Perioden eller ekstrarunden tilbudet kom i.")
    round: int
    starts: date = Field(description="Oppstart i stillingen (sykehusdelen).")


class KommuneAd(Schema):
    ad: AdOut
    state: str
    """utkast, ikke_åpen, åpen or frist_ute."""
    applications: int
    """Applications that stand (sent, not withdrawn): a count, never who."""
    hired: list[HiredOut] = Field(
        default_factory=list,
        description="Merket som ansatt, etter rundens merkefrist (før den: ingen navn).",
    )
    awaiting_marking: int = Field(
        default=0, description="Takket ja, eller merket før merkefristen: bare antall."
    )


class KommuneAds(Schema):
    ads: list[KommuneAd]


class VersionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: Version


class ApplyIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    cover_text: str = Field(
        default="", max_length=MAX_COVER_TEXT, description="Kort søknadstekst (valgfri)."
    )


class ReceiptOut(Schema):
    reference: str
    at: datetime
    action: str
    ad_id: str
    summary: str


class MyApplication(Schema):
    ad: AdOut
    status: str
    reference: str
    submitted_at: datetime
    changed_at: datetime


class MyApplications(Schema):
    applications: list[MyApplication]


class ApplicantOut(Schema):
    reference: str
    name: str
    email: str | None
    status: str
    submitted_at: datetime
    cover_text: str


class ApplicantList(Schema):
    ad_id: str
    applicants: list[ApplicantOut]


class OutboxMail(Schema):
    file: str
    to: str
    subject: str
    body: str


class Outbox(Schema):
    mails: list[OutboxMail]
