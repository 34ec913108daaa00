"""Supervision conversations as the API takes and gives them.

The list holds no text of a conversation (day, topic, veileder, status); one conversation holds
the preparation and the minutes, and only the LIS and the veileder who planned it ever get it.
Each write carries the ``version`` the writer saw. The bounds here only keep a request small;
the lengths people are told (a topic of 200 characters, a text of 10,000) are the service's,
with words saying what to fix.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict, Field

from ...domain.ads import MAX_VERSION
from .base import Schema
from .positions import ServiceDate

MAX_BODY_TEXT = 100_000
"""Far above the service's limit, so a long text gets the service's words, kept in the form."""


class PlanIn(Schema):
    """A conversation the veileder plans with the LIS."""

    model_config = ConfigDict(extra="forbid")
    day: ServiceDate = Field(description="Dagen samtalen skal være (ÅÅÅÅ-MM-DD).")
    topic: str = Field(default="", max_length=2_000, description="Tema (høyst 200 tegn).")


class PreparationIn(Schema):
    """The LIS's preparation, written onto the version they saw."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1, le=MAX_VERSION, description="Versjonen du skrev på.")
    preparation: str = Field(
        default="", max_length=MAX_BODY_TEXT, description="Forberedelsen (høyst 10000 tegn)."
    )


class MinutesIn(Schema):
    """The minutes, written by the LIS or the veileder onto the version they saw."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1, le=MAX_VERSION, description="Versjonen du skrev på.")
    minutes: str = Field(
        default="", max_length=MAX_BODY_TEXT, description="Referatet (høyst 10000 tegn)."
    )


class FinaliseIn(Schema):
    """The veileder finalises the version they saw; nothing changes after that."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1, le=MAX_VERSION, description="Versjonen du ferdigstiller.")


class ConversationSummary(Schema):
    id: str
    day: date
    topic: str
    veileder_name: str
    status: str = Field(description="åpen eller ferdig.")
    status_name: str
    finalised_at: datetime | None


class ConversationOut(ConversationSummary):
    owner_name: str | None = Field(description="Legen i spesialisering (for veilederen).")
    version: int
    preparation: str = Field(description="Legens forberedelse.")
    minutes: str = Field(description="Referatet, skrevet av begge.")
    created_at: datetime
    updated_at: datetime | None
    updated_by: str | None = Field(description="lege eller veileder: den som skrev sist.")


class ConversationList(Schema):
    conversations: list[ConversationSummary] = Field(description="Nyeste dag først.")
