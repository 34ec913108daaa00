"""Bekreftelse på gjennomført tjenestetid as the API takes and gives it. The fields are named
by the editors' template (``felt-<section>-<field>``), so a changed template needs no change
here."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict, Field

from .base import Schema


class ConfirmationIn(Schema):
    """The template's fields by name (``felt-0-1``: section 0, field 1), as text."""

    model_config = ConfigDict(extra="allow")
    template: str | None = Field(
        default=None,
        max_length=200,
        description="The template the form was made from (id@updated), as the form gives it.",
    )

    def values(self) -> dict[str, str]:
        extra = self.model_extra or {}
        return {k: str(v) for k, v in extra.items() if k.startswith("felt-") and len(k) <= 20}


class FieldOut(Schema):
    name: str
    section: str
    label: str
    kind: str
    help: str | None = None
    value: str


class EmploymentOut(Schema):
    employment_id: str
    lis: str
    arena: str
    organisation: str
    organisation_name: str
    starts: date
    ends: date
    confirmations: list[str] = Field(description="Ids of the confirmations made for it.")


class EmployedListOut(Schema):
    employed: list[EmploymentOut]


class ConfirmationFormOut(Schema):
    employment: EmploymentOut
    template: str
    fields: list[FieldOut]


class ConfirmationOut(Schema):
    id: str
    employment: EmploymentOut
    hpr: str | None
    template: str
    fields: list[FieldOut]
    confirmed_by: str
    confirmed_at: datetime
    leder: str | None
