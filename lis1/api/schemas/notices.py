"""Notices as the API gives and takes them: the e-mails a person gets, and the reminder choice."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from .base import Schema


class NoticesOut(Schema):
    email: str | None = Field(description="Adressen e-posten går til (fra innloggingen).")
    reminders: bool = Field(
        description="Påminnelser om svarfrister: dagen før og om morgenen samme dag. E-post om "
        "nye tilbud og kvitteringer for svar sendes alltid."
    )
    language: Literal["nb", "en"] = Field(
        "nb",
        description="Språket e-postene skrives på: nb (bokmål) eller en (engelsk). Det du valgte "
        "under Varsler, ellers språket du sist leste sidene på.",
    )


class NoticesChanged(NoticesOut):
    changed: bool = Field(description="Valget ble endret (usann: det var allerede slik).")


class LanguageIn(Schema):
    model_config = ConfigDict(extra="forbid")
    language: Literal["nb", "en"] = Field(description="nb: bokmål; en: engelsk.")


class LanguageChanged(Schema):
    language: Literal["nb", "en"] = Field(description="Språket e-postene skrives på nå.")
    changed: bool = Field(description="Språket ble endret (usann: det var allerede dette).")


class NoticesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reminders: Literal["on", "off"] = Field(description="on: send påminnelser; off: ikke send.")
