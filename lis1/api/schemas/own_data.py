"""The person's own data as the API gives it: what is kept (counts), what deleting the account
would do, and what it did. The download itself is the service's JSON, as a file."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Schema


class LeftOut(Schema):
    what: str = Field(description="Hva som ikke er med.")
    why: str = Field(description="Hvorfor.")


class OwnDataOut(Schema):
    counts: dict[str, int] = Field(
        description="Hvor mange av hvert slag tjenesten har om deg (nøklene som i nedlastingen)."
    )
    has_portfolio: bool = Field(description="Du har en kompetanseportefølje.")
    download: str = Field(description="Adressen til nedlastingen av alt (JSON).")
    left_out: list[LeftOut] = Field(description="Det som ikke er med, og hvorfor.")


class DeletionPlanOut(Schema):
    allowed: bool = Field(description="Kontoen kan slettes nå.")
    blocking: list[str] = Field(
        description="Perioder med en pågående tilbudsrunde der du har en søknad eller et tilbud."
    )
    withdrawn: list[str] = Field(
        description="Referansene til søknadene som trekkes når kontoen slettes."
    )
    has_portfolio: bool = Field(description="Porteføljen beholdes (dokumentasjonsplikt).")


class DeletedOut(Schema):
    deleted_at: datetime = Field(description="Da kontoen ble slettet (UTC).")
    withdrawn: list[str] = Field(description="Referansene til søknadene som ble trukket.")


class AccountDeletedOut(Schema):
    message: str = Field(description="At kontoen er slettet og du er logget ut.")
