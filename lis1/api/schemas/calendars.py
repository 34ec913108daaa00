"""The private calendar address as the API gives it: whether one is on, and, once, the address."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Schema


class CalendarLinkOut(Schema):
    active: bool = Field(description="Om du har en kalenderadresse som virker nå.")
    made_at: datetime | None = Field(description="Når adressen ble laget (UTC).")
    address: str | None = Field(
        default=None,
        description="Adressen (https). Vises bare i svaret som lager den: bare en hash lagres.",
    )
    webcal: str | None = Field(
        default=None, description="Samme adresse som webcal://, for kalenderprogrammer."
    )
